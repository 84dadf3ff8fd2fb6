"""Counts of the answers to choice and yes/no questions (the dashboard, the statistics), and
the purge's part: sensitive answers erased with their counts kept."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import Select, delete, func, select

from okconf.extensions import db
from okconf.questions.models import (
    Answer,
    AnswerOption,
    PurgedAnswerCount,
    Question,
    QuestionKind,
)
from okconf.questions.services import NO, YES, questions_of

# --- counts --------------------------------------------------------------------------------------


@dataclass
class Tally:
    """A countable question's answers: (label, count) per value, purged answers included."""

    question: Question
    counts: list[tuple[str, int]]
    label: str = ""

    @property
    def total(self) -> int:
        """How many values were given (a person may choose several)."""
        return sum(n for _label, n in self.counts)


def tallies(conference, locale: str, registration_ids: Select | None = None) -> list[Tally]:
    """Counts per option of the conference's choice and yes/no questions.

    `registration_ids` limits the count (e.g. to confirmed registrations); purged answers
    (sensitive questions after the retention period) are counted as they were.
    """
    from okconf.registration.models import Registration

    if registration_ids is None:
        registration_ids = select(Registration.id).where(
            Registration.conference_id == conference.id
        )
    out = []
    for question in questions_of(conference):
        if not question.kind.is_countable:
            continue
        counter: Counter[str] = Counter()
        if question.kind.has_options:
            rows = db.session.execute(
                select(AnswerOption.option_id, func.count())
                .join(Answer, Answer.id == AnswerOption.answer_id)
                .where(
                    Answer.question_id == question.id,
                    Answer.registration_id.in_(registration_ids),
                )
                .group_by(AnswerOption.option_id)
            )
        else:
            rows = db.session.execute(
                select(Answer.value, func.count())
                .where(
                    Answer.question_id == question.id,
                    Answer.registration_id.in_(registration_ids),
                )
                .group_by(Answer.value)
            )
        for value, count in rows:
            counter[str(value)] += count
        for purged in db.session.scalars(
            select(PurgedAnswerCount).where(PurgedAnswerCount.question_id == question.id)
        ):
            counter[purged.value] += purged.count
        if question.kind.has_options:
            counts = [(o.label(locale), counter[str(o.id)]) for o in question.options]
        else:
            counts = [(_("Yes"), counter[YES]), (_("No"), counter[NO])]
        out.append(Tally(question, counts, question.label(locale)))
    return out


# --- the purge's part -----------------------------------------------------------------------------


def erase_sensitive_answers(registration_ids) -> int:
    """Delete the answers to sensitive questions of these registrations, first adding their
    countable values to the kept counts; returns how many answers went."""
    answers = db.session.scalars(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.registration_id.in_(registration_ids), Question.sensitive.is_(True))
    ).all()
    _keep_counts(answers)
    return _delete(answers)


def erase_identifying_answers(registration_ids) -> int:
    """Anonymisation: free text, numbers and dates may say who someone is and go (all
    sensitive answers too, counted first); choices and yes/no stay for the statistics."""
    answers = db.session.scalars(
        select(Answer)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.registration_id.in_(registration_ids))
    ).all()
    going = [a for a in answers if a.question.sensitive or not a.question.kind.is_countable]
    _keep_counts([a for a in going if a.question.sensitive])
    return _delete(going)


def _keep_counts(answers) -> None:
    counter: Counter[tuple[int, str]] = Counter()
    for answer in answers:
        if answer.question.kind.has_options:
            for chosen in answer.chosen:
                counter[(answer.question_id, str(chosen.option_id))] += 1
        elif answer.question.kind is QuestionKind.YES_NO and answer.value:
            counter[(answer.question_id, answer.value)] += 1
    for (question_id, value), count in counter.items():
        row = db.session.get(PurgedAnswerCount, (question_id, value))
        if row is None:
            row = PurgedAnswerCount(question_id=question_id, value=value, count=0)
            db.session.add(row)
        row.count += count


def _delete(answers) -> int:
    ids = [a.id for a in answers]
    if ids:
        db.session.execute(delete(AnswerOption).where(AnswerOption.answer_id.in_(ids)))
        db.session.execute(delete(Answer).where(Answer.id.in_(ids)))
    db.session.flush()
    return len(ids)


def registrations_with_sensitive_answers(conference_id: int) -> Select:
    """Ids of the conference's registrations holding sensitive answers (for the purge)."""
    from okconf.registration.models import Registration

    return (
        select(Answer.registration_id)
        .join(Question, Question.id == Answer.question_id)
        .join(Registration, Registration.id == Answer.registration_id)
        .where(Question.sensitive.is_(True), Registration.conference_id == conference_id)
    )
