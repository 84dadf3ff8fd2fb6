"""Which day the check-in desk works on, at a conference of several days.

Chosen with `?dag=2027-05-13` (or a form's `dag`) and kept in the session for that desk until
the day ends, so a QR code scanned later opens the same day; by default today when today is
one of the conference's days, else the first day.
"""

from __future__ import annotations

from datetime import date

from flask import request, session

from okconf.attendees import days
from okconf.clock import today
from okconf.conferences.models import Conference

SESSION_KEY = "desk_day"


def chosen(conference: Conference) -> date | None:
    """The desk's day (None for a conference of one day)."""
    if not conference.several_days:
        return None
    wanted = days.parse_day(conference, request.values.get("dag"))
    if wanted is not None:
        session[SESSION_KEY] = [conference.id, wanted.isoformat(), today().isoformat()]
        return wanted
    kept = session.get(SESSION_KEY)
    if (
        isinstance(kept, list)
        and len(kept) == 3
        and kept[0] == conference.id
        and kept[2] == today().isoformat()
        and isinstance(kept[1], str)
    ):
        wanted = days.parse_day(conference, kept[1])
        if wanted is not None:
            return wanted
    return days.default_day(conference)
