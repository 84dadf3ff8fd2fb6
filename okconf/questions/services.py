"""The conference's own questions: the editor's rules, answers, counts and the purge's part.

An answer's value travels as: str for text, a canonical number ("12.5") for numbers, a date
for dates, "yes"/"no" for yes/no, a list of option ids for choices; None, "" or [] is no answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import Select, delete, exists, func, select

from okconf.db import as_id
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.questions.models import (
    Answer,
    AnswerOption,
    PurgedAnswerCount,
    Question,
    QuestionKind,
    QuestionOption,
)

YES, NO = "yes", "no"
MAX_TEXT = {QuestionKind.SHORT_TEXT: 300, QuestionKind.LONG_TEXT: 4000}


# --- reading ---------------------------------------------------------------------------------


def questions_of(conference, *, include_hidden: bool = True) -> list[Question]:
    """The conference's questions in form order."""
    query = select(Question).where(Question.conference_id == conference.id)
    if not include_hidden:
        query = query.where(Question.hidden.is_(False))
    return list(db.session.scalars(query.order_by(Question.position, Question.id)))


def form_version(questions: list[Question]) -> str:
    """A short fingerprint of what the form asks: changes when a question is added, removed,
    hidden, made required, given other options or another condition."""
    parts = []
    for q in questions:
        options = ",".join(str(o.id) for o in q.options)
        parts.append(
            f"{q.id}:{q.kind.value}:{int(q.required)}:{int(q.hidden)}:"
            f"{q.condition_question_id}:{q.condition_value}:{options}"
        )
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def has_answers(question: Question) -> bool:
    """True when someone answered the question (it can then only be hidden)."""
    return bool(
        db.session.scalar(select(exists().where(Answer.question_id == question.id)))
        or db.session.scalar(select(exists().where(PurgedAnswerCount.question_id == question.id)))
    )


def option_has_answers(option: QuestionOption) -> bool:
    """True when someone chose the option."""
    return bool(
        db.session.scalar(select(exists().where(AnswerOption.option_id == option.id)))
        or db.session.scalar(
            select(
                exists().where(
                    PurgedAnswerCount.question_id == option.question_id,
                    PurgedAnswerCount.value == str(option.id),
                )
            )
        )
    )


def answers_of(registration) -> dict[int, object]:
    """The registration's answers by question id, as the form and services take them."""
    out: dict[int, object] = {}
    answers = db.session.scalars(
        select(Answer).where(Answer.registration_id == registration.id)
    ).all()
    for answer in answers:
        kind = answer.question.kind
        if kind.has_options:
            out[answer.question_id] = sorted(c.option_id for c in answer.chosen)
        elif kind is QuestionKind.DATE and answer.value:
            out[answer.question_id] = date.fromisoformat(answer.value)
        else:
            out[answer.question_id] = answer.value
    return out


def condition_met(question: Question, answers: dict[int, object], visible: set[int]) -> bool:
    """True when the question has no condition, or the earlier answer has the value."""
    if question.condition_question_id is None:
        return True
    if question.condition_question_id not in visible:
        return False
    given = answers.get(question.condition_question_id)
    if isinstance(given, list | tuple | set):
        return question.condition_value in {str(v) for v in given}
    return given is not None and str(given) == question.condition_value


def display_value(question: Question, value, locale: str, words: dict | None = None) -> str:
    """An answer as a person reads it."""
    if value in (None, "", []):
        return ""
    if question.kind.has_options:
        labels = {o.id: o.label(locale) for o in question.options}
        return ", ".join(labels.get(int(v), "?") for v in value)
    if question.kind is QuestionKind.YES_NO:
        words = words or {YES: _("Yes"), NO: _("No")}
        return words.get(value, value)
    if question.kind is QuestionKind.DATE:
        from okconf.formatting import format_date

        return format_date(value if isinstance(value, date) else date.fromisoformat(value))
    if question.kind is QuestionKind.NUMBER and str(locale).startswith("sv"):
        return str(value).replace(".", ",")
    return str(value)


@dataclass
class ShownAnswer:
    """One question and its answer as a page shows it."""

    question: Question
    text: str
    label: str = ""


def shown_answers(registration, locale: str, *, sensitive: bool = True) -> list[ShownAnswer]:
    """The registration's answers for its page (hidden questions too: they were answered)."""
    values = answers_of(registration)
    out = []
    for question in questions_of(registration.conference):
        if question.sensitive and not sensitive:
            continue
        if question.id in values:
            text = display_value(question, values[question.id], locale)
            if text:
                out.append(ShownAnswer(question, text, question.label(locale)))
    return out


def answer_texts(questions: list[Question], registration_ids, locale: str) -> dict:
    """{registration id: {question id: answer as read}} for these questions, in two queries
    (the list's page, an export's batch)."""
    out: dict[int, dict[int, str]] = {}
    by_id = {q.id: q for q in questions}
    if not by_id or not registration_ids:
        return out
    answers = db.session.execute(
        select(Answer.id, Answer.registration_id, Answer.question_id, Answer.value).where(
            Answer.registration_id.in_(list(registration_ids)),
            Answer.question_id.in_(list(by_id)),
        )
    ).all()
    chosen: dict[int, list[int]] = {}
    ids = [a.id for a in answers if by_id[a.question_id].kind.has_options]
    if ids:
        for answer_id, option_id in db.session.execute(
            select(AnswerOption.answer_id, AnswerOption.option_id)
            .join(QuestionOption, QuestionOption.id == AnswerOption.option_id)
            .where(AnswerOption.answer_id.in_(ids))
            .order_by(QuestionOption.position)
        ):
            chosen.setdefault(answer_id, []).append(option_id)
    words = {YES: _("Yes"), NO: _("No")}
    for answer in answers:
        question = by_id[answer.question_id]
        value = chosen.get(answer.id, []) if question.kind.has_options else answer.value
        out.setdefault(answer.registration_id, {})[question.id] = display_value(
            question, value, locale, words
        )
    return out


def filter_choices(conference, locale: str, *, sensitive: bool = True) -> list[tuple[str, str]]:
    """("<question id>:<value>", "Question: value") for filtering the list by an answer."""
    out = []
    for question in questions_of(conference):
        if not question.kind.is_countable or (question.sensitive and not sensitive):
            continue
        label = question.label(locale)
        if question.kind is QuestionKind.YES_NO:
            out += [(f"{question.id}:{YES}", f"{label}: {_('Yes')}")]
            out += [(f"{question.id}:{NO}", f"{label}: {_('No')}")]
        else:
            out += [
                (f"{question.id}:{o.id}", f"{label}: {o.label(locale)}") for o in question.options
            ]
    return out


def parse_filter(conference, raw: str | None) -> tuple[int, str] | None:
    """A list filter's "<question id>:<value>" as (question id, value), if it is one."""
    if not raw or ":" not in raw or len(raw) > 60:
        return None
    question_id, value = raw.split(":", 1)
    if as_id(question_id) is None or not value:
        return None
    question = db.session.get(Question, as_id(question_id))
    if question is None or question.conference_id != conference.id:
        return None
    return question.id, value


# --- checking and saving answers ---------------------------------------------------------------


def clean_value(question: Question, raw) -> object:
    """A raw answer in its canonical form; DomainError beside the field when it cannot be."""
    field = question.field_name
    kind = question.kind
    if raw is None or raw == "" or raw == []:
        return None
    if kind in MAX_TEXT:
        text = str(raw).strip()
        if len(text) > MAX_TEXT[kind]:
            raise DomainError(
                _("Keep the answer under %(n)s characters.", n=MAX_TEXT[kind]), field=field
            )
        return text or None
    if kind is QuestionKind.YES_NO:
        if raw not in (YES, NO):
            raise DomainError(_("Answer yes or no."), field=field)
        return raw
    if kind is QuestionKind.NUMBER:
        return parse_number(str(raw), field)
    if kind is QuestionKind.DATE:
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw).strip())
        except ValueError:
            raise DomainError(
                _("Enter a date as year-month-day, e.g. 2026-12-10."), field=field
            ) from None
    valid = {o.id for o in question.options}
    values = raw if isinstance(raw, list | tuple | set) else [raw]
    try:
        ids = sorted({int(v) for v in values})
    except (TypeError, ValueError):
        ids = [0]
    if not ids or any(i not in valid for i in ids):
        raise DomainError(_("Choose among the options shown."), field=field)
    if kind is QuestionKind.ONE_CHOICE and len(ids) > 1:
        raise DomainError(_("Choose one option."), field=field)
    return ids


def parse_number(text: str, field: str | None = None) -> str:
    """A number as people write it (12, 2,5, -3, 1 000) in canonical form ("2.5")."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        raise DomainError(_("Enter a number, e.g. 12 or 2,5."), field=field)
    normal = format(number.normalize(), "f")
    return normal if "." not in normal else normal.rstrip("0").rstrip(".")


def check_answers(conference, answers: dict[int, object]) -> dict[int, object]:
    """The answers to the form's questions, cleaned; those whose condition is not met dropped.

    Raises DomainError (beside the question's field) for a bad value or a required question
    without an answer. Questions not on the form (hidden) are not in the result.
    """
    questions = questions_of(conference, include_hidden=False)
    visible = {q.id for q in questions}
    cleaned: dict[int, object] = {}
    for question in questions:
        if not condition_met(question, cleaned, visible):
            continue
        value = clean_value(question, answers.get(question.id))
        if value is None:
            if question.required:
                raise DomainError(_("Answer this question."), field=question.field_name)
            continue
        cleaned[question.id] = value
    for question in questions:
        cleaned.setdefault(question.id, None)
    return cleaned


def save_answers(registration, answers: dict[int, object] | None, *, new: bool = False) -> bool:
    """Store the form's answers (check_answers' result); True when anything changed.

    Answers to questions on the form that are not given (or whose condition is not met) are
    removed; answers to hidden questions stay as they were. `new`: the registration was
    inserted in this transaction, so it has no answers to look up.
    """
    if answers is None:
        return False
    cleaned = check_answers(registration.conference, answers)
    existing = {}
    if not new:
        existing = {
            a.question_id: a
            for a in db.session.scalars(
                select(Answer).where(Answer.registration_id == registration.id)
            )
        }
    questions = {q.id: q for q in questions_of(registration.conference, include_hidden=False)}
    changed = False
    for question_id, value in cleaned.items():
        question = questions[question_id]
        answer = existing.get(question_id)
        if value is None:
            if answer is not None:
                db.session.delete(answer)
                changed = True
            continue
        if answer is None:
            answer = Answer(registration_id=registration.id, question_id=question_id)
            db.session.add(answer)
            changed = True
        if question.kind.has_options:
            if sorted(c.option_id for c in answer.chosen) != value:
                answer.chosen[:] = [AnswerOption(option_id=i) for i in value]
                changed = True
            answer.value = ""
        else:
            text = value.isoformat() if isinstance(value, date) else str(value)
            if answer.value != text:
                answer.value = text
                changed = True
    db.session.flush()
    return changed


def forget_answers(registration, *, sensitive_only: bool = True) -> None:
    """Remove a registration's (sensitive) answers: its place went to a colleague."""
    query = select(Answer.id).where(Answer.registration_id == registration.id)
    if sensitive_only:
        query = query.join(Question).where(Question.sensitive.is_(True))
    ids = list(db.session.scalars(query))
    if ids:
        db.session.execute(delete(Answer).where(Answer.id.in_(ids)))
        db.session.expire_all()


def registrations_answering(conference, question_id: int, value) -> Select:
    """A select of the conference's registrations whose answer to the question has the value:
    an option id for a choice question, "yes"/"no" for yes/no, a piece of the text (any case)
    for a text question, the stored form for a number ("2.5") or a date ("2026-12-10").

    For another feature (messages to registrants by answer): add your own where() and order.
    """
    from okconf.registration.models import Registration

    answered = (
        select(Answer.registration_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Question.id == question_id, Question.conference_id == conference.id)
    )
    question = db.session.get(Question, question_id)
    if question is not None and question.kind.has_options:
        option_id = as_id(value) or 0
        answered = answered.join(AnswerOption, AnswerOption.answer_id == Answer.id).where(
            AnswerOption.option_id == option_id
        )
    elif question is not None and question.kind in MAX_TEXT:
        needle = str(value).lower()
        answered = answered.where(func.lower(Answer.value).contains(needle, autoescape=True))
    else:
        answered = answered.where(Answer.value == str(value))
    return select(Registration).where(
        Registration.conference_id == conference.id, Registration.id.in_(answered)
    )
