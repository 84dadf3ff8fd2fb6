"""The purge's step for attendance per day: forgotten with the person's name."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from okconf.attendees.models import DayCheckin
from okconf.extensions import db
from okconf.registration.models import Registration


def purge_day_checkins(on, dry_run: bool) -> tuple[str, int]:
    """Delete the days of anonymised registrations (the purge anonymises first)."""
    erased = select(Registration.id).where(Registration.anonymised_at.is_not(None))
    where = DayCheckin.registration_id.in_(erased)
    count = db.session.scalar(select(func.count()).select_from(DayCheckin).where(where)) or 0
    if count and not dry_run:
        db.session.execute(delete(DayCheckin).where(where))
    return "check-ins per day", count


PURGE_STEPS = [purge_day_checkins]
