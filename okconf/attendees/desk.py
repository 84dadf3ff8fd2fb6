"""The check-in desk: arrivals, searching at the desk, checking in (and undoing it), and
registering walk-ins at the door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from okconf import audit, signals
from okconf.attendees import days
from okconf.attendees.models import DayCheckin
from okconf.attendees.services import RegistrationFilter, filtered, matching
from okconf.companions.models import Companion
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType, Party


@dataclass
class Arrivals:
    """The desk's counters."""

    arrived: int
    expected: int


def arrivals(conference: Conference, day: date | None = None) -> Arrivals:
    """How many confirmed people on site have arrived, of how many expected (on `day` when
    the conference has several)."""
    row = db.session.execute(
        select(
            func.count(Registration.checked_in_at),
            func.count(),
        ).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == Attendance.ON_SITE,
        )
    ).one()
    if conference.several_days:
        return Arrivals(
            arrived=days.arrived_on(conference, day or days.default_day(conference)),
            expected=row[1],
        )
    return Arrivals(arrived=row[0], expected=row[1])


def desk_search(conference: Conference, q: str, limit: int = 25) -> list[Registration]:
    """People matching a name, email or organisation, for the check-in desk; also the
    participant whose companion's name matches (the companion is shown, and checked in,
    beside them)."""
    q = q.strip()
    if not q:
        return []
    companion_named = (
        select(Companion.id)
        .where(
            Companion.registration_id == Registration.id,
            func.lower(Companion.name).contains(q.lower(), autoescape=True),
        )
        .exists()
    )
    query = (
        filtered(conference, RegistrationFilter())
        .where(
            sa.or_(*matching(q), companion_named),
            Registration.status != RegistrationStatus.CANCELLED,
            Registration.attendance == Attendance.ON_SITE,  # online people are not at the door
        )
        .options(joinedload(Registration.organisation), selectinload(Registration.companion))
        .order_by(func.lower(Registration.last_name), func.lower(Registration.first_name))
        .limit(limit)
    )
    return list(db.session.scalars(query).unique())


def check_in(registration: Registration, day: date | None = None) -> bool:
    """Mark the person present; False when they already were (checking in twice is harmless).

    At a conference of several days the check-in is for `day` (the desk's chosen day).

    Several desks may check the same person in at once: one conditional UPDATE (only while
    nobody has) decides, so the person is checked in, and audited, once. On PostgreSQL the
    second desk's UPDATE waits for the first one's row lock and then finds the row taken.
    """
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise Conflict(
            _(
                "%(name)s has no confirmed place and cannot be checked in.",
                name=registration.full_name,
            )
        )
    if registration.online:
        raise Conflict(
            _(
                "%(name)s takes part online and is not checked in at the door.",
                name=registration.full_name,
            )
        )
    if registration.conference.several_days:
        return days.check_in(registration, day or days.default_day(registration.conference))
    result = db.session.execute(
        sa.update(Registration)
        .where(
            Registration.id == registration.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.checked_in_at.is_(None),
        )
        .values(checked_in_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(registration)
    if result.rowcount != 1:
        return False
    audit.record("registration.check_in", registration)
    db.session.flush()
    signals.registration_checked_in.send(registration)
    return True


def undo_check_in(registration: Registration, day: date | None = None) -> bool:
    """Take back a check-in made by mistake; False when the person was not checked in (also
    when another desk undid it first: the same conditional UPDATE as check_in)."""
    if registration.conference.several_days:
        return days.undo_check_in(registration, day or days.default_day(registration.conference))
    was = registration.checked_in_at
    if was is None:
        return False
    result = db.session.execute(
        sa.update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_not(None))
        .values(checked_in_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(registration)
    if result.rowcount != 1:
        return False
    audit.record("registration.check_in_undone", registration, was_checked_in_at=was)
    db.session.flush()
    signals.registration_changed.send(registration)
    return True


def check_in_companion(companion: Companion) -> bool:
    """Mark a participant's companion present (their own button beside the participant's);
    False when they already were. The same conditional UPDATE as check_in."""
    registration = companion.registration
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise Conflict(
            _(
                "%(name)s has no confirmed place, so their companion cannot be checked in.",
                name=registration.full_name,
            )
        )
    result = db.session.execute(
        sa.update(Companion)
        .where(Companion.id == companion.id, Companion.checked_in_at.is_(None))
        .values(checked_in_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(companion)
    if result.rowcount != 1:
        return False
    audit.record("companion.check_in", registration)
    db.session.flush()
    return True


def undo_companion_check_in(companion: Companion) -> bool:
    """Take back a companion's check-in made by mistake; False when there was none."""
    result = db.session.execute(
        sa.update(Companion)
        .where(Companion.id == companion.id, Companion.checked_in_at.is_not(None))
        .values(checked_in_at=None)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(companion)
    if result.rowcount != 1:
        return False
    audit.record("companion.check_in_undone", companion.registration)
    db.session.flush()
    return True


def arrivals_json(conference: Conference, day: date | None = None) -> dict:
    """The desk's counter as the page polls it."""
    counts = arrivals(conference, day)
    return {"arrived": counts.arrived, "expected": counts.expected}


def confirmed_count(conference: Conference) -> int:
    """Confirmed places on site taken now (a walk-in is at the venue)."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.attendance == Attendance.ON_SITE,
            )
        )
        or 0
    )


def register_walk_in(
    conference: Conference,
    *,
    first_name: str,
    last_name: str,
    email: str = "",
    organisation_name: str = "",
    party: Party,
    org_type: OrganisationType,
    locale: str = "sv",
    day: date | None = None,
) -> Registration:
    """Register someone at the door: confirmed and checked in, over capacity if need be.

    Letting people in beyond capacity is the organiser's decision at the door, so it is not
    refused; the audit entry says when it happened.
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name:
        raise DomainError(_("Enter the first name."), field="first_name")
    if not last_name:
        raise DomainError(_("Enter the last name."), field="last_name")
    email = email.strip().lower()
    if email:
        from okconf.registration.rules import find_active

        # The database refuses a second active registration of one address anyway.
        if find_active(conference.id, email) is not None:
            raise DomainError(
                _("This email address is already registered for the conference."),
                field="email",
            )
    taken = confirmed_count(conference)
    now = utcnow()
    registration = Registration(
        conference_id=conference.id,
        status=RegistrationStatus.CONFIRMED,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation_name=organisation_name.strip(),
        party=party,
        org_type=org_type,
        locale=locale,
        checked_in_at=now,
    )
    db.session.add(registration)
    db.session.flush()
    if conference.several_days:  # checked in on the desk's day too
        day = day or days.default_day(conference)
        db.session.add(DayCheckin(registration_id=registration.id, day=day, checked_in_at=now))
        db.session.flush()
    over = conference.capacity is not None and taken + 1 > conference.capacity
    audit.record("registration.walk_in", registration, over_capacity=over, confirmed=taken + 1)
    signals.registration_created.send(registration)
    signals.registration_checked_in.send(registration)
    return registration
