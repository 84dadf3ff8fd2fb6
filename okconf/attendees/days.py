"""Check-in per day at a conference held over several days.

The desk works on one chosen day (today when today is one of the conference's days). Each
day's check-in is a row of `day_checkins`, whose key (registration, day) decides between two
desks checking one person in at once: the second desk's INSERT waits for the first one's and
then finds the key taken. `Registration.checked_in_at` stays "came at all": the first
check-in, set by the same conditional UPDATE as a one-day conference's desk.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from okconf import audit, signals
from okconf.attendees.models import DayCheckin
from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus


def default_day(conference: Conference, on: date | None = None) -> date | None:
    """The day the desk opens on: today when it is one of the days, else the first day."""
    days = conference.days
    if not days:
        return None
    on = on or today()
    return on if on in days else days[0]


def parse_day(conference: Conference, text: str | None) -> date | None:
    """The day named by `text` (2027-05-13) when it is one of the conference's days."""
    if not text or len(text) != 10:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day in conference.days else None


def check_in(registration: Registration, day: date) -> bool:
    """Mark the person present on `day`; False when they already were that day."""
    conference = registration.conference
    if day not in conference.days:
        raise DomainError(_("The conference is not held on that day."))
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise Conflict(
            _(
                "%(name)s has no confirmed place and cannot be checked in.",
                name=registration.full_name,
            )
        )
    if db.session.get(DayCheckin, (registration.id, day)) is not None:
        return False
    now = utcnow()
    try:
        with db.session.begin_nested():
            db.session.add(DayCheckin(registration_id=registration.id, day=day, checked_in_at=now))
    except IntegrityError:  # another desk was quicker
        return False
    # The first check-in of all is the one that says the person came (certificates, reports).
    db.session.execute(
        sa.update(Registration)
        .where(Registration.id == registration.id, Registration.checked_in_at.is_(None))
        .values(checked_in_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(registration)
    audit.record("registration.check_in", registration, day=day.isoformat())
    db.session.flush()
    signals.registration_checked_in.send(registration)
    return True


def undo_check_in(registration: Registration, day: date) -> bool:
    """Take back the check-in of `day`; False when there was none (or another desk undid it)."""
    done = db.session.execute(
        delete(DayCheckin).where(
            DayCheckin.registration_id == registration.id, DayCheckin.day == day
        )
    ).rowcount
    if not done:
        return False
    # "Came at all" follows the days that are left: the earliest of them, or nobody came.
    first = db.session.scalar(
        select(func.min(DayCheckin.checked_in_at)).where(
            DayCheckin.registration_id == registration.id
        )
    )
    db.session.execute(
        sa.update(Registration)
        .where(Registration.id == registration.id)
        .values(checked_in_at=first)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(registration)
    audit.record("registration.check_in_undone", registration, day=day.isoformat())
    db.session.flush()
    signals.registration_changed.send(registration)
    return True


def times_on(day: date, registration_ids: list[int]) -> dict[int, datetime]:
    """Registration id -> when the person was checked in on `day` (those who were)."""
    if not registration_ids:
        return {}
    return dict(
        db.session.execute(
            select(DayCheckin.registration_id, DayCheckin.checked_in_at).where(
                DayCheckin.day == day, DayCheckin.registration_id.in_(registration_ids)
            )
        ).all()
    )


def arrived_on(conference: Conference, day: date) -> int:
    """Confirmed people checked in on `day`."""
    return by_day(conference).get(day, 0)


def by_day(conference: Conference) -> dict[date, int]:
    """Each day of the conference -> how many confirmed people were checked in that day."""
    counts = dict(
        db.session.execute(
            select(DayCheckin.day, func.count())
            .join(Registration, Registration.id == DayCheckin.registration_id)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .group_by(DayCheckin.day)
        ).all()
    )
    return {day: counts.get(day, 0) for day in conference.days}


def days_of(registration: Registration) -> list[date]:
    """The days the person was checked in, first to last."""
    return list(
        db.session.scalars(
            select(DayCheckin.day)
            .where(DayCheckin.registration_id == registration.id)
            .order_by(DayCheckin.day)
        )
    )


def day_numbers(conference: Conference, registration_ids: list[int]) -> dict[int, list[int]]:
    """Registration id -> the numbers of the days (1, 2…) the person was checked in."""
    if not registration_ids or not conference.several_days:
        return {}
    number = {day: n for n, day in enumerate(conference.days, start=1)}
    found: dict[int, list[int]] = {}
    for registration_id, day in db.session.execute(
        select(DayCheckin.registration_id, DayCheckin.day)
        .where(DayCheckin.registration_id.in_(registration_ids))
        .order_by(DayCheckin.day)
    ):
        if day in number:
            found.setdefault(registration_id, []).append(number[day])
    return found
