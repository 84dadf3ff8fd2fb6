"""The organiser's question editor: add, change, reorder, hide, delete, copy."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf import audit
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.questions.models import Question, QuestionKind, QuestionOption
from okconf.questions.services import NO, YES, has_answers, option_has_answers, questions_of


@dataclass
class OptionData:
    """One row of the options table: an existing option (id) or a new one (None)."""

    id: int | None
    label_sv: str
    label_en: str = ""
    remove: bool = False


@dataclass
class QuestionData:
    """What the editor's form sends."""

    kind: QuestionKind
    label_sv: str
    label_en: str = ""
    help_sv: str = ""
    help_en: str = ""
    required: bool = False
    sensitive: bool = False
    hidden: bool = False
    # "<question id>:<value>" or "" for a question always shown.
    condition: str = ""
    options: list[OptionData] = field(default_factory=list)


def condition_choices(conference, question: Question | None, locale: str) -> list[tuple]:
    """(value, label) of every condition a question may have: an answer of an earlier,
    unconditional yes/no or choice question."""
    out = []
    for earlier in questions_of(conference):
        if question is not None and (
            earlier.id == question.id or earlier.position >= question.position
        ):
            continue
        if not earlier.kind.is_countable or earlier.condition_question_id is not None:
            continue
        label = earlier.label(locale)
        if earlier.kind is QuestionKind.YES_NO:
            out.append((f"{earlier.id}:{YES}", f"{label}: {_('Yes')}"))
            out.append((f"{earlier.id}:{NO}", f"{label}: {_('No')}"))
        else:
            for option in earlier.options:
                out.append((f"{earlier.id}:{option.id}", f"{label}: {option.label(locale)}"))
    return out


def _apply_condition(conference, question: Question, condition: str, locale: str) -> None:
    if not condition:
        question.condition_question_id = None
        question.condition_value = None
        return
    if condition not in {
        value for value, _label in condition_choices(conference, question, locale)
    }:
        raise DomainError(_("Choose a condition from the list."), field="condition")
    if question.id is not None and db.session.scalar(
        select(func.count())
        .select_from(Question)
        .where(Question.condition_question_id == question.id)
    ):
        raise DomainError(
            _("Other questions depend on this one, so it cannot have a condition itself."),
            field="condition",
        )
    question_id, value = condition.split(":", 1)
    question.condition_question_id = int(question_id)
    question.condition_value = value


def _apply_options(question: Question, rows: list[OptionData]) -> None:
    if not question.kind.has_options:
        if question.id is not None and any(option_has_answers(o) for o in question.options):
            raise DomainError(
                _("People have chosen among this question's options; keep its kind."),
                field="kind",
            )
        question.options[:] = []
        return
    by_id = {o.id: o for o in question.options}
    kept = []
    for row in rows:
        option = by_id.get(row.id) if row.id is not None else None
        if row.id is not None and option is None:
            raise DomainError(_("An option was changed by someone else; reload the page."))
        if row.remove or not row.label_sv.strip():
            if option is not None and option.id is not None:
                if option_has_answers(option):
                    raise DomainError(
                        _(
                            "“%(option)s” has been chosen by participants and cannot be removed.",
                            option=option.label_sv,
                        ),
                        field="options",
                    )
                if _used_as_condition(option):
                    raise DomainError(
                        _(
                            "“%(option)s” is the condition of another question.",
                            option=option.label_sv,
                        ),
                        field="options",
                    )
            continue
        if option is None:
            option = QuestionOption()
        option.label_sv = row.label_sv.strip()[:200]
        option.label_en = row.label_en.strip()[:200]
        kept.append(option)
    if len(kept) < 2:
        raise DomainError(_("Give the question at least two options."), field="options")
    for position, option in enumerate(kept):
        option.position = position
    question.options[:] = kept


def _used_as_condition(option: QuestionOption) -> bool:
    return bool(
        db.session.scalar(
            select(func.count())
            .select_from(Question)
            .where(
                Question.condition_question_id == option.question_id,
                Question.condition_value == str(option.id),
            )
        )
    )


def save_question(
    conference, question: Question | None, data: QuestionData, locale: str
) -> Question:
    """Add a question (at the end) or change one; raises DomainError beside the field."""
    new = question is None
    if new:
        last = db.session.scalar(
            select(func.max(Question.position)).where(Question.conference_id == conference.id)
        )
        question = Question(
            conference_id=conference.id, position=(last + 1) if last is not None else 0
        )
    elif (
        question.kind is not data.kind
        and has_answers(question)
        and not (question.kind.has_options and data.kind.has_options)
    ):
        raise DomainError(
            _("This question has answers; its kind can no longer change."), field="kind"
        )
    if not new and data.kind is not question.kind and _dependants(question):
        raise DomainError(
            _("Other questions depend on this one's answers; keep its kind."), field="kind"
        )
    if not data.label_sv.strip():
        raise DomainError(_("Write the question in Swedish."), field="label_sv")
    question.kind = data.kind
    question.label_sv = data.label_sv.strip()[:300]
    question.label_en = data.label_en.strip()[:300]
    question.help_sv = data.help_sv.strip()[:1000]
    question.help_en = data.help_en.strip()[:1000]
    question.required = data.required
    question.sensitive = data.sensitive
    question.hidden = data.hidden
    _apply_options(question, data.options)
    if new:
        db.session.add(question)
        db.session.flush()
    _apply_condition(conference, question, data.condition, locale)
    db.session.flush()
    audit.record(
        "question.added" if new else "question.changed",
        conference,
        question_id=question.id,
        kind=question.kind.value,
        label=question.label_sv,
    )
    return question


def _dependants(question: Question) -> list[Question]:
    return list(
        db.session.scalars(select(Question).where(Question.condition_question_id == question.id))
    )


def move(question: Question, step: int) -> None:
    """Move a question one place up (-1) or down (+1); a conditional question stays below
    the question it depends on."""
    questions = questions_of(question.conference)
    index = next(i for i, q in enumerate(questions) if q.id == question.id)
    target = index + step
    if not 0 <= target < len(questions):
        return
    other = questions[target]
    if step < 0 and question.condition_question_id == other.id:
        raise Conflict(_("A question with a condition must come after the question it depends on."))
    if step > 0 and other.condition_question_id == question.id:
        raise Conflict(_("A question with a condition must come after the question it depends on."))
    questions[index], questions[target] = other, question
    renumber(questions)


def reorder(conference, ids: list[int]) -> None:
    """Put the questions in this order (dragging); refused if a condition would come first."""
    questions = {q.id: q for q in questions_of(conference)}
    if sorted(ids) != sorted(questions):
        raise Conflict(_("The questions changed meanwhile; reload the page."))
    ordered = [questions[i] for i in ids]
    seen: set[int] = set()
    for q in ordered:
        if q.condition_question_id is not None and q.condition_question_id not in seen:
            raise Conflict(
                _("A question with a condition must come after the question it depends on.")
            )
        seen.add(q.id)
    renumber(ordered)


def renumber(questions: list[Question]) -> None:
    """Positions 0, 1, 2... in this order."""
    for position, q in enumerate(questions):
        q.position = position
    db.session.flush()


def set_hidden(question: Question, hidden: bool) -> None:
    """Hide a question from the form (its answers stay), or show it again."""
    question.hidden = hidden
    db.session.flush()
    audit.record(
        "question.hidden" if hidden else "question.shown",
        question.conference,
        question_id=question.id,
    )


def delete_question(question: Question) -> None:
    """Delete a question nobody answered and no other question depends on."""
    if has_answers(question):
        raise Conflict(_("This question has answers: hide it instead, and the answers stay."))
    if _dependants(question):
        raise Conflict(_("Other questions depend on this one; change their condition first."))
    conference = question.conference
    question_id, label = question.id, question.label_sv
    db.session.delete(question)
    db.session.flush()
    renumber(questions_of(conference))
    audit.record("question.deleted", conference, question_id=question_id, label=label)


def copy_questions(source, copy) -> None:
    """Give a copied conference the source's questions, options and conditions."""
    mapping: dict[int, Question] = {}
    options: dict[int, QuestionOption] = {}
    for question in questions_of(source):
        new = Question(
            conference_id=copy.id,
            position=question.position,
            kind=question.kind,
            label_sv=question.label_sv,
            label_en=question.label_en,
            help_sv=question.help_sv,
            help_en=question.help_en,
            required=question.required,
            hidden=question.hidden,
            sensitive=question.sensitive,
        )
        for option in question.options:
            new_option = QuestionOption(
                label_sv=option.label_sv, label_en=option.label_en, position=option.position
            )
            new.options.append(new_option)
            options[option.id] = new_option
        db.session.add(new)
        mapping[question.id] = new
    db.session.flush()
    for old_id, new in mapping.items():
        old = db.session.get(Question, old_id)
        if old.condition_question_id in mapping:
            new.condition_question_id = mapping[old.condition_question_id].id
            value = old.condition_value
            if value not in (YES, NO) and value and value.isdigit() and int(value) in options:
                value = str(options[int(value)].id)
            new.condition_value = value
    db.session.flush()
