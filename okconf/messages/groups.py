"""Who a message can go to: the kinds of group, each a condition on the registrations.

To add a kind of group (e.g. "by answer to a question"), register one `Group` — here in
GROUPS, or from another feature with `register(Group(...))` in its hooks.py: the form's
choices, the value list, the recipients, the preview and the count all come from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from okconf.db import as_id
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import Party

CONFIRMED = Registration.status == RegistrationStatus.CONFIRMED


@dataclass(frozen=True)
class Group:
    """A kind of group: its name, and the registrations of a conference it takes.

    `condition(conference, value, message)` returns a WHERE clause on Registration (the
    conference, a usable address and not being erased are added by `recipients_query`).
    `choices(conference)` lists the values to pick one from, as (value, label), or is None
    when the kind takes no value. `value_label` is the value field's heading.
    """

    key: str
    label: object
    condition: Callable
    choices: Callable | None = None
    value_label: object = ""
    # Offered in the form (hand-picked rows come from the registration list instead).
    offered: bool = True


def _workshops(conference) -> list[tuple[str, str]]:
    from okconf.conferences.models import Workshop
    from okconf.extensions import db

    rows = db.session.scalars(
        select(Workshop)
        .where(Workshop.conference_id == conference.id, Workshop.cancelled.is_(False))
        .order_by(Workshop.position, Workshop.id)
    )
    return [(str(w.id), w.title) for w in rows]


def _in_workshop(conference, value: str, message):
    from okconf.workshops.models import Assignment

    workshop_id = as_id(value) or 0
    return CONFIRMED & Registration.id.in_(
        select(Assignment.registration_id).where(Assignment.workshop_id == workshop_id)
    )


def _sector(conference, value: str, message):
    party = value if value in {p.value for p in Party} else None
    return CONFIRMED & (Registration.party == party)


def _picked(conference, value: str, message):
    ids = [i for i in (message.picked_ids or []) if isinstance(i, int)]
    return (Registration.status != RegistrationStatus.CANCELLED) & Registration.id.in_(ids)


def _answer_choices(conference) -> list[tuple[str, str]]:
    """Each answer to the conference's choice and yes/no questions, as "<question>:<answer>".

    Sensitive questions are left out: their answers are seen only where diets are.
    """
    from flask_babel import gettext as _

    from okconf.questions.models import QuestionKind
    from okconf.questions.services import questions_of

    choices = []
    for question in questions_of(conference):
        if question.sensitive:
            continue
        if question.kind.has_options:
            choices += [
                (f"{question.id}:{option.id}", f"{question.label()}: {option.label()}")
                for option in question.options
            ]
        elif question.kind is QuestionKind.YES_NO:
            choices += [
                (f"{question.id}:yes", f"{question.label()}: {_('Yes')}"),
                (f"{question.id}:no", f"{question.label()}: {_('No')}"),
            ]
    return choices


def _answering(conference, value: str, message):
    """Those (not cancelled) whose answer to the question has the value."""
    from sqlalchemy import false

    from okconf.questions.services import registrations_answering

    question_id, _sep, answer = value.partition(":")
    if not question_id.isdigit() or not answer:
        return false()
    if value not in {v for v, _label in _answer_choices(conference)}:
        return false()
    chosen = registrations_answering(conference, int(question_id), answer)
    return (Registration.status != RegistrationStatus.CANCELLED) & Registration.id.in_(
        chosen.with_only_columns(Registration.id)
    )


GROUPS: dict[str, Group] = {}


def register(group: Group) -> None:
    """Add (or replace) a kind of group."""
    GROUPS[group.key] = group


for _group in (
    Group("confirmed", _l("Everyone with a confirmed place"), lambda c, v, m: CONFIRMED),
    Group(
        "waiting",
        _l("The waiting list"),
        lambda c, v, m: Registration.status == RegistrationStatus.WAITING,
    ),
    Group(
        "checked_in",
        _l("Those who were checked in"),
        lambda c, v, m: (
            (Registration.status != RegistrationStatus.CANCELLED)
            & Registration.checked_in_at.is_not(None)
        ),
    ),
    Group(
        "no_show",
        _l("Those with a place who were not checked in (no-shows)"),
        lambda c, v, m: CONFIRMED & Registration.checked_in_at.is_(None),
    ),
    Group(
        "sector",
        _l("Confirmed participants of one sector"),
        _sector,
        lambda c: [(p.value, str(p.label)) for p in Party],
        _l("Sector"),
    ),
    Group(
        "workshop",
        _l("Confirmed participants placed in one workshop"),
        _in_workshop,
        _workshops,
        _l("Workshop"),
    ),
    Group(
        "answer",
        _l("Those who gave one answer to a question"),
        _answering,
        _answer_choices,
        _l("Answer"),
    ),
    Group("picked", _l("People picked in the registration list"), _picked, offered=False),
):
    register(_group)


def recipients_query(message, conference, columns=(Registration,)):
    """The registrations the message goes to, in name order (None when its group is unknown)."""
    group = GROUPS.get(message.group)
    if group is None:
        return None
    return (
        select(*columns)
        .where(
            Registration.conference_id == conference.id,
            Registration.email != "",
            Registration.anonymised_at.is_(None),
            group.condition(conference, message.group_value or "", message),
        )
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
    )
