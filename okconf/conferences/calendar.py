"""Calendar files (.ics): the conference as one event, and its programme slot by slot."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from flask import current_app
from flask_babel import gettext as _

from okconf.conferences.models import Conference, ProgrammeItem
from okconf.db import utcnow

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def public_url(conference: Conference) -> str:
    """The conference's public page as an absolute address under BASE_URL."""
    # Built from the URL map so it works outside a request too (mail jobs, commands).
    path = current_app.url_map.bind("localhost").build(
        "conferences.public_show", {"slug": conference.slug}
    )
    return current_app.config["BASE_URL"].rstrip("/") + path


def location(conference: Conference) -> str:
    """Venue, street address, postcode and town on one line."""
    town = " ".join(part for part in (conference.postcode, conference.town) if part)
    parts = (conference.venue_name, conference.street_address, town)
    return ", ".join(part for part in parts if part)


def _local(conference: Conference, clock: time, day: date | None = None) -> datetime:
    return datetime.combine(day or conference.date, clock, tzinfo=STOCKHOLM)


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//okconf//Regionala konferenser//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def _finish(calendar: icalendar.Calendar) -> bytes:
    calendar.add_missing_timezones()
    # The VTIMEZONE goes before the events that use it, as many clients expect.
    calendar.subcomponents.sort(key=lambda c: 0 if c.name == "VTIMEZONE" else 1)
    return calendar.to_ical()


def _description(conference: Conference) -> str:
    lines = [conference.guiding_question] if conference.guiding_question else []
    if conference.programme_highlights:
        lines.append(_("From the programme:"))
        points = conference.programme_highlights.splitlines()
        lines += [f"- {p.strip()}" for p in points if p.strip()]
    lines.append(public_url(conference))
    return "\n".join(lines)


def conference_ics(conference: Conference) -> bytes:
    """The conference as one VEVENT in Europe/Stockholm time, with its VTIMEZONE."""
    if conference.date is None:
        raise ValueError("a conference without a date has no calendar entry")
    calendar = _calendar()
    calendar.add_component(conference_event(conference))
    return _finish(calendar)


def revised(conference: Conference):
    """DTSTAMP: when the information was last revised (RFC 5545, without METHOD), so the same
    conference gives the same file, and a calendar's ETag holds until something changes."""
    return conference.updated_at or utcnow()


def conference_event(conference: Conference) -> icalendar.Event:
    """The conference's VEVENT (one UID for the file, the feeds and every later change)."""
    event = icalendar.Event()
    event.add("uid", f"conference-{conference.id}@okconf")
    event.add("dtstamp", revised(conference))
    if conference.cancelled_at is not None:
        event.add("summary", _("Cancelled: %(title)s", title=conference.title))
        event.add("status", "CANCELLED")
    else:
        event.add("summary", conference.title)
        event.add("status", "CONFIRMED")
    # A conference over several days is one event from the first day's start to the last
    # day's end (an all-day event's DTEND is the day after the last, RFC 5545).
    last = conference.last_day
    if conference.start_time:
        event.add("dtstart", _local(conference, conference.start_time))
        event.add("dtend", _local(conference, conference.end_time or conference.start_time, last))
    else:
        event.add("dtstart", conference.date)
        if last != conference.date:
            event.add("dtend", last + timedelta(days=1))
    event.add("location", location(conference))
    event.add("description", _description(conference))
    event.add("url", public_url(conference))
    return event


def _item_end(conference: Conference, items: list[ProgrammeItem], index: int) -> time:
    """A slot without an end time lasts until the next slot of its day starts (or the day
    ends)."""
    item = items[index]
    if item.ends_at:
        return item.ends_at
    for later in items[index + 1 :]:
        if later.on_date != item.on_date:
            break
        if later.starts_at > item.starts_at:
            return later.starts_at
    if conference.end_time and conference.end_time > item.starts_at:
        return conference.end_time
    return item.starts_at


def programme_ics(conference: Conference) -> bytes:
    """Every programme slot as its own VEVENT, in Europe/Stockholm time, on its own day (a
    conference held over several days)."""
    if conference.date is None:
        raise ValueError("a conference without a date has no calendar entry")
    calendar = _calendar()
    items = sorted(conference.programme, key=lambda i: (i.on_date, i.starts_at, i.position, i.id))
    place = location(conference)
    for index, item in enumerate(items):
        event = icalendar.Event()
        event.add("uid", f"conference-{conference.id}-item-{item.id}@okconf")
        event.add("dtstamp", revised(conference))
        event.add("summary", f"{item.title} – {conference.title}")
        day = item.on_date
        event.add("dtstart", _local(conference, item.starts_at, day))
        event.add("dtend", _local(conference, _item_end(conference, items, index), day))
        event.add("location", place)
        details = [item.description] if item.description else []
        details += [
            ", ".join(part for part in (s.name, s.role, s.organisation_name) if part)
            for s in item.speakers
        ]
        details += [w.title for w in item.workshops if not w.cancelled]
        details.append(public_url(conference))
        event.add("description", "\n".join(details))
        event.add("url", public_url(conference))
        calendar.add_component(event)
    return _finish(calendar)
