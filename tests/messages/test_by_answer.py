"""A message to those who gave one answer to one of the conference's own questions."""

from __future__ import annotations

from okconf.extensions import db
from okconf.messages import groups
from okconf.messages.models import Message
from okconf.messages.services import recipients
from okconf.questions.models import Answer, AnswerOption, Question, QuestionKind, QuestionOption


def _question(conference, kind, label, sensitive=False, options=()):
    question = Question(conference_id=conference.id, kind=kind, label_sv=label, sensitive=sensitive)
    question.options = [QuestionOption(label_sv=o, position=n) for n, o in enumerate(options)]
    db.session.add(question)
    db.session.flush()
    return question


def _answer(registration, question, value="", option=None):
    answer = Answer(registration_id=registration.id, question_id=question.id, value=value)
    if option is not None:
        answer.chosen = [AnswerOption(option_id=option.id)]
    db.session.add(answer)


def test_group_by_answer_takes_exactly_those_answering_so(app, make_conference, make_registration):
    conference = make_conference()
    dinner = _question(conference, QuestionKind.YES_NO, "Vill du delta i middagen?")
    seminar = _question(
        conference, QuestionKind.ONE_CHOICE, "Vilket seminarium?", options=("Hälsa", "Arbete")
    )
    allergy = _question(conference, QuestionKind.SHORT_TEXT, "Allergier", sensitive=True)
    alva, bo, cecilia = (make_registration(conference, first_name=n) for n in ("Alva", "Bo", "Cy"))
    _answer(alva, dinner, "yes")
    _answer(bo, dinner, "no")
    _answer(cecilia, dinner, "yes")
    _answer(bo, seminar, option=seminar.options[1])
    _answer(alva, allergy, "nötter")
    db.session.commit()

    values = dict(groups.GROUPS["answer"].choices(conference))
    assert f"{dinner.id}:yes" in values and f"{seminar.id}:{seminar.options[1].id}" in values
    assert not any(key.startswith(f"{allergy.id}:") for key in values)  # sensitive: not offered

    def to(value):
        message = Message(conference_id=conference.id, group="answer", group_value=value)
        return sorted(r.first_name for r in recipients(message, conference))

    assert to(f"{dinner.id}:yes") == ["Alva", "Cy"]
    assert to(f"{seminar.id}:{seminar.options[1].id}") == ["Bo"]
    assert to(f"{allergy.id}:nötter") == []  # not a value the form offers
    assert to("garbage") == []
