"""Demo questions: Köping 2026 asks about the dinner and the afternoon seminar.

Answers are added for the demo's registrations (counts only change the questions' own
figures, never the registrations the seed figures count). Loading twice adds nothing.
"""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.questions.models import Question, QuestionKind, QuestionOption
from okconf.questions.services import save_answers
from okconf.registration.models import Registration, RegistrationStatus

SEMINARS = (
    ("Språk och bildning", "Language and education"),
    ("Arbete och sysselsättning", "Work and employment"),
    ("Mötesplatser", "Meeting places"),
)


def load(ctx) -> None:
    """Give the upcoming conference its questions, and its registrations their answers."""
    conference = ctx.objects.get("conference:upcoming")
    if conference is None or db.session.scalar(
        select(Question.id).where(Question.conference_id == conference.id).limit(1)
    ):
        return
    dinner = Question(
        conference_id=conference.id,
        position=0,
        kind=QuestionKind.YES_NO,
        label_sv="Vill du delta i middagen kvällen före?",
        label_en="Would you like to join the dinner the evening before?",
        help_sv="Middagen är på Folkets hus kl. 19.00 och bjuds av arrangörerna.",
        help_en="The dinner is at Folkets hus at 7 pm, offered by the hosts.",
        required=True,
    )
    seminar = Question(
        conference_id=conference.id,
        position=1,
        kind=QuestionKind.ONE_CHOICE,
        label_sv="Vilket seminarium på eftermiddagen väljer du?",
        label_en="Which afternoon seminar do you choose?",
        required=True,
        options=[
            QuestionOption(label_sv=sv, label_en=en, position=n)
            for n, (sv, en) in enumerate(SEMINARS)
        ],
    )
    db.session.add_all([dinner, seminar])
    db.session.flush()
    db.session.add(
        Question(
            conference_id=conference.id,
            position=2,
            kind=QuestionKind.LONG_TEXT,
            label_sv="Har du allergier eller andra behov vi ska känna till inför middagen?",
            label_en="Do you have allergies or other needs we should know of for the dinner?",
            sensitive=True,
            condition_question_id=dinner.id,
            condition_value="yes",
        )
    )
    db.session.flush()
    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status != RegistrationStatus.CANCELLED,
        )
        .order_by(Registration.id)
    ).all()
    for n, registration in enumerate(registrations):
        save_answers(
            registration,
            {
                dinner.id: "yes" if n % 3 else "no",
                seminar.id: [seminar.options[n % len(SEMINARS)].id],
            },
        )
    db.session.commit()
