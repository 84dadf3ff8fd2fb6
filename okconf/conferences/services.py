"""Conference rules: what the public sees, and in which state a conference is."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from okconf.conferences.models import Conference, ConferenceState
from okconf.extensions import db


def today() -> date:
    """Today's date in Stockholm."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Europe/Stockholm")).date()


def public_conferences() -> tuple[list[Conference], list[Conference]]:
    """Published conferences: (upcoming soonest first, past latest first)."""
    conferences = db.session.scalars(
        select(Conference).where(Conference.state == ConferenceState.PUBLISHED)
    ).all()
    now = today()
    upcoming = sorted((c for c in conferences if c.date and c.date >= now), key=lambda c: c.date)
    past = sorted(
        (c for c in conferences if c.date and c.date < now), key=lambda c: c.date, reverse=True
    )
    return upcoming, past
