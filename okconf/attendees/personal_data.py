"""The days a participant was checked in (a conference of several days): in their data
download, and erased with them."""

from __future__ import annotations

from sqlalchemy import delete, select

from okconf.attendees.models import DayCheckin
from okconf.extensions import db


def collect(registration) -> dict:
    """The days the person was checked in, and when."""
    rows = db.session.execute(
        select(DayCheckin.day, DayCheckin.checked_in_at)
        .where(DayCheckin.registration_id == registration.id)
        .order_by(DayCheckin.day)
    ).all()
    if not rows:
        return {}
    return {
        "checked_in_per_day": [
            {"day": day.isoformat(), "checked_in_at": at.isoformat()} for day, at in rows
        ]
    }


def erase(registration) -> str:
    """Forget on which days the person came (whether they came at all stays, anonymously,
    as `checked_in_at` does for the statistics)."""
    db.session.execute(delete(DayCheckin).where(DayCheckin.registration_id == registration.id))
    return ""
