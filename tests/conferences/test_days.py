"""A conference over several days: the editor's last day and its rules, the dates as a span,
the public page, the calendar file and the feeds ending on the last day, the database check."""

from __future__ import annotations

from datetime import date, time, timedelta

import icalendar
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from okconf import formatting as f
from okconf.conferences import calendar
from okconf.conferences.models import Conference
from okconf.conferences.services import RegistrationState, registration_state
from okconf.extensions import db
from tests.conferences.test_views import KOPING_FORM

FIRST, LAST = date(2027, 5, 12), date(2027, 5, 13)


@pytest.mark.parametrize(
    ("lang", "fmt", "first", "last", "want"),
    [
        ("sv", "long", FIRST, LAST, "12–13 maj 2027"),
        ("sv", "full", FIRST, LAST, "12–13 maj 2027"),
        ("sv", "medium", date(2027, 5, 31), date(2027, 6, 1), "31 maj–1 juni 2027"),
        ("sv", "long", date(2027, 12, 31), date(2028, 1, 1), "31 december 2027–1 januari 2028"),
        ("sv", "full", date(2026, 11, 29), date(2026, 11, 30), "29–30 november 2026"),
        ("sv", "medium", date(2026, 11, 29), date(2026, 11, 30), "29–30 nov. 2026"),
        ("sv", "long", FIRST, None, "12 maj 2027"),
        ("sv", "long", FIRST, FIRST, "12 maj 2027"),
        ("en", "long", FIRST, LAST, "12\u2009–\u200913 May 2027"),
    ],
)
def test_the_days_are_written_as_a_span(app, lang, fmt, first, last, want):
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = lang
        assert f.format_days(first, last, fmt) == want
        conference = Conference(date=first, end_date=last)
        assert f.conference_dates(conference, fmt) == want
        assert f.format_days(None, last) == ""


def test_the_editor_saves_a_last_day_and_checks_it(client, login, make_user):
    login(make_user("organiser"))
    for last, message in (
        ("2012-12-09", "cannot be before the first day"),
        ("2012-12-20", "at most 7 days"),
        ("12/12/2012", "YYYY-MM-DD"),
    ):
        page = client.post("/staff/konferenser/ny", data={**KOPING_FORM, "end_date": last})
        assert page.status_code == 200, last
        text = page.get_data(as_text=True)
        assert 'id="end_date-error"' in text and message in text, last
    page = client.post(
        "/staff/konferenser/ny", data={**KOPING_FORM, "date": "", "end_date": "2012-12-11"}
    )
    assert page.status_code == 200 and 'id="date-error"' in page.get_data(as_text=True)
    assert db.session.scalar(select(Conference)) is None
    assert (
        client.post(
            "/staff/konferenser/ny", data={**KOPING_FORM, "end_date": "2012-12-11"}
        ).status_code
        == 302
    )
    conference = db.session.scalar(select(Conference))
    assert (conference.date, conference.end_date) == (date(2012, 12, 10), date(2012, 12, 11))
    assert conference.days == [date(2012, 12, 10), date(2012, 12, 11)]
    # The same day twice is a conference of one day.
    data = {**KOPING_FORM, "slug": "koping-2012", "end_date": "2012-12-10"}
    assert client.post(f"/staff/konferenser/{conference.id}/redigera", data=data).status_code == 302
    db.session.expire_all()
    assert conference.end_date is None and not conference.several_days
    form = client.get(f"/staff/konferenser/{conference.id}/redigera").get_data(as_text=True)
    assert 'name="end_date"' in form


def test_the_database_refuses_a_last_day_before_the_first(app, make_conference):
    conference = make_conference(date=FIRST)
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(
            sa.update(Conference)
            .where(Conference.id == conference.id)
            .values(end_date=FIRST - timedelta(days=1))
        )
        db.session.flush()
    db.session.rollback()


def test_the_public_page_shows_both_days(client, make_conference):
    make_conference(slug="tva-dagar", date=FIRST, end_date=LAST)
    client.get("/language/sv")
    page = client.get("/konferens/tva-dagar")
    assert page.status_code == 200
    assert "12–13 maj 2027" in page.get_data(as_text=True)


def test_the_ics_ends_on_the_last_day(app, make_conference):
    conference = make_conference(date=FIRST, end_date=LAST, start_time=time(9), end_time=time(16))
    body = calendar.conference_ics(conference)
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert b"DTSTART;TZID=Europe/Stockholm:20270512T090000" in body
    assert b"DTEND;TZID=Europe/Stockholm:20270513T160000" in body
    assert event.decoded("DTEND").date() == LAST
    # Without clock times: whole days, DTEND the day after the last (RFC 5545).
    conference.start_time = conference.end_time = None
    body = calendar.conference_ics(conference)
    assert b"DTSTART;VALUE=DATE:20270512" in body
    assert b"DTEND;VALUE=DATE:20270514" in body
    # One day as before: no DTEND for a day without times.
    conference.end_date = None
    assert b"DTEND" not in calendar.conference_ics(conference)


def test_the_feeds_end_on_the_last_day_and_keep_a_running_conference(client, make_conference):
    from okconf.clock import today

    # Started eight days ago, ends tomorrow: still in the feeds (KEEP_PAST_DAYS is 7).
    running = make_conference(
        date=today() - timedelta(days=6),
        end_date=today() + timedelta(days=1),
        registration_deadline=None,
        cancellation_deadline=None,
    )
    events = icalendar.Calendar.from_ical(client.get("/konferenser.ics").data).walk("VEVENT")
    (event,) = [e for e in events if str(e["UID"]) == f"conference-{running.id}@okconf"]
    assert event.decoded("DTEND").date() == running.end_date
    item = client.get("/konferenser.json").get_json()["items"][0]
    assert item["_okconf"]["end_date"] == running.end_date.isoformat()
    assert item["_okconf"]["ends_at"].startswith(running.end_date.isoformat())
    # On its second day it is not past.
    assert registration_state(running) is not RegistrationState.PAST
    assert registration_state(running, on=running.end_date + timedelta(days=1)) is (
        RegistrationState.PAST
    )


def test_the_migration_keeps_conferences_one_day_and_goes_back(fresh_database_uri):
    """From the revision before: existing conferences stay of one day; down again drops it."""
    from flask_migrate import downgrade, upgrade

    from okconf import create_app
    from tests.conftest import base_config

    app = create_app(base_config(fresh_database_uri))
    with app.app_context():
        try:
            upgrade(revision="48e0e909f62b")
            with db.engine.begin() as connection:
                connection.execute(
                    sa.text(
                        "INSERT INTO conferences (slug, state, title, guiding_question, "
                        "welcome_text, date, venue_name, street_address, postcode, town, "
                        "target_audience, programme_highlights, price_ore, price_includes, "
                        "registration_info, cancellation_terms, exhibition_info, "
                        "reimbursement_rules, moderator, contact_name, contact_email, "
                        "contact_phone, late_cancellation_fee_ore, exhibition_tables_offered, "
                        "offers_travel_reimbursement, offers_lost_earnings, min_round_trip_km, "
                        "more_info_url, embed_origins, created_at, updated_at) VALUES ('k', "
                        "'published', 'K', '', '', :day, '', '', '', '', '', '', 0, '', '', '', "
                        "'', '', '', '', '', '', 0, false, false, false, 100, '', '', "
                        ":now, :now)"
                    ),
                    {"day": FIRST, "now": "2026-11-30 12:00:00"},
                )
            upgrade(revision="a7d3c91e5b20")
            with db.engine.connect() as connection:
                row = connection.execute(sa.text("SELECT date, end_date FROM conferences")).one()
                assert row[1] is None
                assert "day_checkins" in sa.inspect(connection).get_table_names()
            downgrade(revision="48e0e909f62b")
            with db.engine.connect() as connection:
                inspector = sa.inspect(connection)
                assert "day_checkins" not in inspector.get_table_names()
                columns = {c["name"] for c in inspector.get_columns("conferences")}
                assert "end_date" not in columns and "date" in columns
        finally:
            db.session.remove()
            db.engine.dispose()
