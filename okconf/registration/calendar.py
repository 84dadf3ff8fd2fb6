"""A minimal iCalendar file for a conference (until the conferences feature provides one).

The lead should switch to `okconf.conferences.services.conference_ics` once it exists;
`conference_ics()` below already prefers it when it is importable.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def conference_ics(conference) -> bytes:
    """The conference as an .ics file: the conferences feature's builder, else our own."""
    try:
        from okconf.conferences import services as conference_services
    except ImportError:  # pragma: no cover - the package always exists
        conference_services = None
    builder = getattr(conference_services, "conference_ics", None)
    if builder is not None:
        return builder(conference)
    return minimal_conference_ics(conference)


def minimal_conference_ics(conference) -> bytes:
    """One VEVENT with the conference's day, times (Europe/Stockholm) and place."""
    calendar = Calendar()
    calendar.add("prodid", "-//okconf//registration//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    base = str(current_app.config.get("BASE_URL", "")).split("//")[-1].split("/")[0] or "okconf"
    event.add("uid", f"conference-{conference.id}@{base}")
    event.add("summary", conference.title)
    event.add("dtstamp", datetime.now(ZoneInfo("UTC")))
    if conference.date is not None:
        start = datetime.combine(conference.date, conference.start_time or time(9, 0))
        end = datetime.combine(conference.date, conference.end_time or time(16, 0))
        event.add("dtstart", start.replace(tzinfo=STOCKHOLM))
        event.add("dtend", end.replace(tzinfo=STOCKHOLM))
    place = ", ".join(
        p for p in (conference.venue_name, conference.street_address, conference.town) if p
    )
    if place:
        event.add("location", place)
    if conference.guiding_question:
        event.add("description", conference.guiding_question)
    calendar.add_component(event)
    return calendar.to_ical()
