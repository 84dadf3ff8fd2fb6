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

    workshop_id = int(value) if value.isdigit() else 0
    return CONFIRMED & Registration.id.in_(
        select(Assignment.registration_id).where(Assignment.workshop_id == workshop_id)
    )


def _sector(conference, value: str, message):
    party = value if value in {p.value for p in Party} else None
    return CONFIRMED & (Registration.party == party)


def _picked(conference, value: str, message):
    ids = [i for i in (message.picked_ids or []) if isinstance(i, int)]
    return (Registration.status != RegistrationStatus.CANCELLED) & Registration.id.in_(ids)


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
