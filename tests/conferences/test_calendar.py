"""Calendar files: parsed back with icalendar, local times in Europe/Stockholm."""

from __future__ import annotations

from datetime import date, datetime, time

import icalendar

from okconf.conferences import calendar, programme
from okconf.conferences.models import ItemKind


def events(body: bytes):
    parsed = icalendar.Calendar.from_ical(body)
    return parsed, list(parsed.walk("VEVENT"))


def test_conference_ics_has_local_times_timezone_location_and_stable_uid(app, make_conference):
    conference = make_conference(
        slug="koping-2012",
        title="Den nationella överenskommelsen",
        date=date(2012, 12, 10),
        start_time=time(9),
        end_time=time(16),
        venue_name="Opalen i Folkets hus",
        street_address="Karlagatan 2",
        postcode="731 30",
        town="Köping",
    )
    body = calendar.conference_ics(conference)
    parsed, (event,) = events(body)
    timezones = list(parsed.walk("VTIMEZONE"))
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Stockholm"]
    assert b"DTSTART;TZID=Europe/Stockholm:20121210T090000" in body
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, end.hour) == (9, 16)
    assert str(start.tzinfo) == "Europe/Stockholm"
    # 09:00 in Stockholm in December is 08:00 UTC (CET, +01:00).
    assert start.utcoffset().total_seconds() == 3600
    assert str(event["UID"]) == f"conference-{conference.id}@okconf"
    assert str(event["LOCATION"]) == "Opalen i Folkets hus, Karlagatan 2, 731 30 Köping"
    assert str(event["URL"]) == "http://localhost/konferens/koping-2012"
    assert "konferens/koping-2012" in str(event["DESCRIPTION"])
    assert str(event["SUMMARY"]) == "Den nationella överenskommelsen"
    # The UID is the same each time: a second download updates rather than duplicates.
    _, (again,) = events(calendar.conference_ics(conference))
    assert str(again["UID"]) == str(event["UID"])


def test_summer_conference_is_in_daylight_saving_time(app, make_conference):
    conference = make_conference(date=date(2031, 6, 16), start_time=time(9, 30))
    body = calendar.conference_ics(conference)
    _, (event,) = events(body)
    start = event.decoded("DTSTART")
    assert start.replace(tzinfo=None) == datetime(2031, 6, 16, 9, 30)
    assert start.utcoffset().total_seconds() == 7200  # CEST, +02:00
    assert b"DTSTART;TZID=Europe/Stockholm:20310616T093000" in body
    assert b"BEGIN:DAYLIGHT" in body


def test_programme_ics_has_one_event_per_slot(app, make_conference):
    conference = make_conference(date=date(2012, 11, 19), start_time=time(12), end_time=time(19))
    for start, end, title in (
        (time(12), None, "Lunch"),
        (time(12, 45), None, "Välkommen"),
        (time(15, 15), time(16, 40), "Dialog-Workshop"),
        (time(18, 45), None, "Avslutning"),
    ):
        programme.save_item(
            conference,
            None,
            kind=ItemKind.SESSION,
            starts_at=start,
            ends_at=end,
            title=title,
            speakers=[("Bahram Naderi", "ordförande", "SIOS Syd")] if title == "Välkommen" else [],
        )
    body = calendar.programme_ics(conference)
    parsed, items = events(body)
    assert len(list(parsed.walk("VTIMEZONE"))) == 1
    by_title = {str(e["SUMMARY"]).split(" – ")[0]: e for e in items}
    assert set(by_title) == {"Lunch", "Välkommen", "Dialog-Workshop", "Avslutning"}
    # A slot without an end lasts until the next one starts; the last until the day ends.
    lunch = by_title["Lunch"]
    assert lunch.decoded("DTEND").time() == time(12, 45)
    assert by_title["Dialog-Workshop"].decoded("DTEND").time() == time(16, 40)
    assert by_title["Avslutning"].decoded("DTEND").time() == time(19)
    assert "Bahram Naderi, ordförande, SIOS Syd" in str(by_title["Välkommen"]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in items}) == 4
    assert all(str(e.decoded("DTSTART").tzinfo) == "Europe/Stockholm" for e in items)


def test_programme_ics_puts_each_slot_on_its_own_day(app, make_conference):
    conference = make_conference(
        date=date(2026, 11, 29), end_date=date(2026, 11, 30), start_time=time(9), end_time=time(16)
    )
    for day, start, title in (
        (2, time(9), "Dag två börjar"),
        (1, time(9), "Välkommen"),
        (1, time(15), "Dagens sista"),
        (2, time(14), "Avslutning"),
    ):
        programme.save_item(
            conference,
            None,
            kind=ItemKind.SESSION,
            starts_at=start,
            ends_at=None,
            title=title,
            day=day,
        )
    _, items = events(calendar.programme_ics(conference))
    by_title = {str(e["SUMMARY"]).split(" – ")[0]: e for e in items}
    starts = {t: e.decoded("DTSTART").replace(tzinfo=None) for t, e in by_title.items()}
    assert starts == {
        "Välkommen": datetime(2026, 11, 29, 9),
        "Dagens sista": datetime(2026, 11, 29, 15),
        "Dag två börjar": datetime(2026, 11, 30, 9),
        "Avslutning": datetime(2026, 11, 30, 14),
    }
    # the first day's last slot ends with that day, not when the next day's first slot starts
    assert by_title["Dagens sista"].decoded("DTEND").replace(tzinfo=None) == datetime(
        2026, 11, 29, 16
    )
    # the conference shortened to one day: the second day's slots move to its last day
    conference.end_date = None
    _, items = events(calendar.programme_ics(conference))
    assert {e.decoded("DTSTART").date() for e in items} == {date(2026, 11, 29)}


def test_a_slot_on_a_day_the_conference_does_not_have_is_refused(app, make_conference):
    import pytest

    from okconf.errors import DomainError

    two_days = make_conference(date=date(2026, 11, 29), end_date=date(2026, 11, 30))
    one_day = make_conference(date=date(2026, 11, 29))
    for conference, day in ((two_days, 3), (two_days, 0), (one_day, 2)):
        with pytest.raises(DomainError) as refused:
            programme.save_item(
                conference,
                None,
                kind=ItemKind.SESSION,
                starts_at=time(9),
                ends_at=None,
                title="Fel dag",
                day=day,
            )
        assert refused.value.field == "day"
