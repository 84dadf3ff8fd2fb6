"""Feeds of upcoming conferences for the hosts' websites and calendars, and cancelling."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import icalendar
import pytest

from okconf.clock import today as stockholm_today
from okconf.conferences import hosting
from okconf.conferences.models import ConferenceState, Series
from okconf.db import utcnow
from okconf.errors import DomainError
from okconf.extensions import db


def _events(body: bytes):
    parsed = icalendar.Calendar.from_ical(body)
    return parsed, {str(e["UID"]): e for e in parsed.walk("VEVENT")}


def test_ics_feed_lists_upcoming_published_conferences_with_timezone(client, make_conference):
    soon = make_conference(title="Köping 2026", date=stockholm_today() + timedelta(days=10))
    later = make_conference(title="Sundsvall 2026", date=stockholm_today() + timedelta(days=40))
    make_conference(title="Utkast", state=ConferenceState.DRAFT)
    make_conference(title="Förra året", date=stockholm_today() - timedelta(days=300))
    response = client.get("/konferenser.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    parsed, events = _events(response.data)
    assert set(events) == {f"conference-{soon.id}@okconf", f"conference-{later.id}@okconf"}
    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    event = events[f"conference-{soon.id}@okconf"]
    assert str(event["SUMMARY"]) == "Köping 2026"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event.decoded("DTSTART").tzinfo) == "Europe/Stockholm"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response.headers["Cache-Control"]


def test_a_change_is_seen_by_calendars_and_a_cancelled_one_is_marked(client, make_conference):
    conference = make_conference(title="Köping 2026")
    uid = f"conference-{conference.id}@okconf"
    first = _events(client.get("/konferenser.ics").data)[1][uid]
    # DTSTAMP is when the conference was last revised, not the time of the request: the same
    # conference gives the same file, whichever second it is asked for.
    assert first["DTSTAMP"].dt == conference.updated_at.replace(microsecond=0)
    etag = client.get("/konferenser.ics").headers["ETag"]
    assert client.get("/konferenser.ics", headers={"If-None-Match": etag}).status_code == 304

    conference.venue_name = "Opalen"
    conference.updated_at = utcnow() + timedelta(seconds=5)
    db.session.commit()
    changed = _events(client.get("/konferenser.ics").data)[1][uid]
    assert int(changed["SEQUENCE"]) > int(first["SEQUENCE"])
    assert "Opalen" in str(changed["LOCATION"])
    assert client.get("/konferenser.ics", headers={"If-None-Match": etag}).status_code == 200

    hosting.cancel(conference)
    db.session.commit()
    cancelled = _events(client.get("/konferenser.ics").data)[1][uid]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert "Köping 2026" in str(cancelled["SUMMARY"])
    item = client.get("/konferenser.json").get_json()["items"][0]
    assert item["_okconf"]["status"] == "cancelled"
    assert item["_okconf"]["registration"] == "cancelled"


def test_json_feed_is_a_json_feed_with_the_facts(client, make_conference):
    series = Series(name="Regionala konferenser hösten 2026")
    db.session.add(series)
    db.session.commit()
    conference = make_conference(title="Köping 2026", series=series, town="Köping")
    make_conference(title="Annan serie")
    response = client.get("/konferenser.json")
    assert response.mimetype == "application/feed+json"
    feed = json.loads(response.data)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert [i["title"] for i in feed["items"]] == ["Köping 2026", "Annan serie"]
    item = feed["items"][0]
    assert item["url"].endswith(f"/konferens/{conference.slug}")
    facts = item["_okconf"]
    assert facts["date"] == conference.date.isoformat()
    assert facts["starts_at"].endswith("+01:00") or facts["starts_at"].endswith("+02:00")
    assert facts["town"] == "Köping" and facts["series"] == series.name
    assert facts["registration"] == "open"
    assert facts["registration_url"].endswith(f"/konferens/{conference.slug}/anmalan")
    one_series = client.get(f"/serie/{series.id}/konferenser.json").get_json()
    assert [i["title"] for i in one_series["items"]] == ["Köping 2026"]
    series_ics = client.get(f"/serie/{series.id}/konferenser.ics")
    assert len(_events(series_ics.data)[1]) == 1
    assert client.get("/serie/999999/konferenser.json").status_code == 404


@pytest.mark.parametrize(
    "typed, wanted",
    [
        ("https://www.Lansstyrelsen.se/", "https://www.lansstyrelsen.se"),
        ("https://koping.se:443", "https://koping.se"),
        ("https://koping.se:8443", "https://koping.se:8443"),
        ("https://räddabarnen.se", "https://xn--rddabarnen-q5a.se"),
    ],
)
def test_origins_are_normalised(app, typed, wanted):
    assert hosting.parse_origin(typed) == wanted


@pytest.mark.parametrize(
    "typed",
    [
        "www.lansstyrelsen.se",
        "https://www.lansstyrelsen.se/anmalan",
        "https://*.lansstyrelsen.se",
        "javascript:alert(1)",
        "https://a.se https://b.se",
        "https://user:pw@a.se",
        "http://www.lansstyrelsen.se",
        "http://127.0.0.1:8000",  # http only for loopback on a development server
        "https://a.se:99999",
        "'none'",
    ],
)
def test_bad_origins_get_a_readable_error(app, typed):
    with pytest.raises(DomainError) as error:
        hosting.parse_origins(typed)
    assert error.value.field == "embed_origins"


def test_cancel_and_reinstate(app, make_conference):
    conference = make_conference()
    hosting.cancel(conference)
    with pytest.raises(DomainError):
        hosting.cancel(conference)
    hosting.reinstate(conference)
    assert conference.cancelled_at is None
    with pytest.raises(DomainError):
        hosting.reinstate(conference)


def test_organiser_saves_the_list_and_sees_the_code(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/pa-webbplatsen"
    page = client.get(url).get_data(as_text=True)
    assert "appears here when at least one website" in page
    response = client.post(
        url, data={"embed_origins": "https://www.lansstyrelsen.se/\nhttps://koping.se"}
    )
    assert response.status_code == 302
    db.session.refresh(conference)
    assert conference.embed_origins == "https://www.lansstyrelsen.se\nhttps://koping.se"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "js/embed.js" in page and f'data-conference="{conference.slug}"' in page
    assert "/konferenser.ics" in page and "/konferenser.json" in page
    bad = client.post(url, data={"embed_origins": "https://koping.se\nlansstyrelsen"})
    assert bad.status_code == 200
    assert "is not a web address" in bad.get_data(as_text=True)
    db.session.refresh(conference)
    assert conference.embed_origins == "https://www.lansstyrelsen.se\nhttps://koping.se"


def test_organiser_cancels_after_a_question_and_can_undo(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    other = make_conference()
    login(organiser)
    ask = client.get(f"/staff/konferenser/{conference.id}/stall-in")
    assert ask.status_code == 200 and "Cancel the conference" in ask.get_data(as_text=True)
    db.session.refresh(conference)
    assert conference.cancelled_at is None
    assert client.post(f"/staff/konferenser/{conference.id}/stall-in").status_code == 302
    db.session.refresh(conference)
    assert conference.cancelled_at is not None
    dashboard = client.get(f"/staff/konferenser/{conference.id}").get_data(as_text=True)
    assert "Undo the cancellation" in dashboard
    client.post(f"/staff/konferenser/{conference.id}/stall-in/angra")
    db.session.refresh(conference)
    assert conference.cancelled_at is None
    # Not theirs: refused.
    assert client.post(f"/staff/konferenser/{other.id}/stall-in").status_code == 403
    assert client.get(f"/staff/konferenser/{other.id}/pa-webbplatsen").status_code == 403
