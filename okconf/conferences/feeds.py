"""Feeds of upcoming published conferences for the hosts' websites and calendars: iCalendar
(one event a conference, cancelled ones marked so) and JSON Feed 1.1 (https://jsonfeed.org)."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from okconf.conferences import calendar
from okconf.conferences.models import Conference, ConferenceState, Series
from okconf.conferences.services import registration_state, today
from okconf.db import utcnow
from okconf.extensions import db

# A conference cancelled or held in the last days stays in the feeds a while, so calendars
# that synced it see the change.
KEEP_PAST_DAYS = 7


def upcoming(series: Series | None = None) -> list[Conference]:
    """Published conferences from a week ago on, soonest first (of one series, if given)."""
    query = (
        select(Conference)
        .options(selectinload(Conference.series), selectinload(Conference.hosts))
        .where(
            Conference.state == ConferenceState.PUBLISHED,
            Conference.date.is_not(None),
            func.coalesce(Conference.end_date, Conference.date)
            >= today() - timedelta(days=KEEP_PAST_DAYS),
        )
        .order_by(Conference.date, Conference.id)
    )
    if series is not None:
        query = query.where(Conference.series_id == series.id)
    return list(db.session.scalars(query))


def last_modified(conferences: list[Conference]) -> datetime | None:
    """When the newest of these conferences last changed (for conditional requests)."""
    return max((c.updated_at for c in conferences if c.updated_at), default=None)


def _sequence(conference: Conference) -> int:
    """iCalendar's SEQUENCE: grows each time the conference changes, so clients update."""
    stamp = conference.updated_at or conference.created_at
    return int(stamp.timestamp()) - 1_700_000_000 if stamp else 0


def _absolute(endpoint: str, **values) -> str:
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["BASE_URL"].rstrip("/") + path


def feed_ics(conferences: list[Conference], name: str) -> bytes:
    """One VEVENT a conference, in Europe/Stockholm time with its VTIMEZONE."""
    feed = icalendar.Calendar()
    feed.add("prodid", "-//okconf//Regionala konferenser//SV")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Europe/Stockholm")
    for conference in conferences:
        event = calendar.conference_event(conference)
        event.add("sequence", _sequence(conference))
        if conference.updated_at:
            event.add("last-modified", conference.updated_at)
        feed.add_component(event)
    feed.add_missing_timezones()
    feed.subcomponents.sort(key=lambda c: 0 if c.name == "VTIMEZONE" else 1)
    return feed.to_ical()


def _when(conference: Conference, clock, day=None) -> str | None:
    if clock is None:
        return None
    moment = datetime.combine(day or conference.date, clock, tzinfo=calendar.STOCKHOLM)
    return moment.isoformat()


def feed_json(conferences: list[Conference], *, title: str, home: str, feed_url: str) -> dict:
    """The same conferences as a JSON Feed 1.1, with okconf's facts under `_okconf`."""
    items = []
    for conference in conferences:
        state = registration_state(conference)
        page = calendar.public_url(conference)
        facts = {
            "date": conference.date.isoformat(),
            "end_date": conference.last_day.isoformat(),
            "starts_at": _when(conference, conference.start_time),
            "ends_at": _when(conference, conference.end_time, conference.last_day),
            "venue": conference.venue_name,
            "address": calendar.location(conference),
            "town": conference.town,
            "series": conference.series.name if conference.series else None,
            "hosts": [host.name for host in conference.hosts],
            "status": "cancelled" if conference.cancelled_at else "scheduled",
            "registration": state.value,
            "registration_deadline": conference.registration_deadline.isoformat()
            if conference.registration_deadline
            else None,
            "registration_url": _absolute("registration.register", slug=conference.slug)
            if "registration.register" in current_app.view_functions
            else None,
            "calendar_url": _absolute("conferences.public_ics", slug=conference.slug),
        }
        summary = conference.guiding_question or conference.target_audience or ""
        items.append(
            {
                "id": f"conference-{conference.id}@okconf",
                "url": page,
                "title": _("Cancelled: %(title)s", title=conference.title)
                if conference.cancelled_at
                else conference.title,
                "content_text": "\n\n".join(
                    part
                    for part in (state.explanation, summary, calendar.location(conference))
                    if part
                ),
                "summary": summary or None,
                "date_published": (conference.created_at or utcnow()).isoformat(),
                "date_modified": (conference.updated_at or utcnow()).isoformat(),
                "tags": [conference.town] if conference.town else [],
                "_okconf": facts,
            }
        )
    return {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": feed_url,
        "language": "sv",
        "items": items,
    }


def feed_links(series: Series | None = None) -> dict[str, str]:
    """The feeds' absolute addresses (all conferences, or one series)."""
    if series is None:
        return {
            "ics": url_for("conferences.feed_ics", _external=True),
            "json": url_for("conferences.feed_json", _external=True),
        }
    return {
        "ics": url_for("conferences.series_feed_ics", series_id=series.id, _external=True),
        "json": url_for("conferences.series_feed_json", series_id=series.id, _external=True),
    }
