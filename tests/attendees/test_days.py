"""A conference over two days: check-in per day at the desk (and a volunteer's desk), the day
the desk works on, the counts per day, and the person's days in their data and erasure."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import func, select

from okconf.attendees import days, desk
from okconf.attendees.models import DayCheckin
from okconf.attendees.statistics import conference_statistics
from okconf.audit.models import AuditEntry
from okconf.clock import today
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.registration.models import RegistrationStatus


@pytest.fixture(autouse=True)
def urls(app):
    with app.test_request_context():
        yield


@pytest.fixture
def two_days(make_conference, organiser):
    """A conference today and tomorrow, of the signed-in organiser."""
    first = today()
    return make_conference(organisers=[organiser], date=first, end_date=first + timedelta(days=1))


def _current_day(page) -> date:
    """The day the desk's day chooser marks as current."""
    text = page if isinstance(page, str) else page.get_data(as_text=True)
    (found,) = re.findall(r'dag=([0-9-]{10})[^"]*" aria-current="true"', text)
    return date.fromisoformat(found)


def _rows(registration) -> list:
    return db.session.scalars(
        select(DayCheckin.day)
        .where(DayCheckin.registration_id == registration.id)
        .order_by(DayCheckin.day)
    ).all()


def test_the_conference_knows_its_days(two_days, make_conference):
    assert two_days.several_days
    assert two_days.days == [today(), today() + timedelta(days=1)]
    assert two_days.last_day == today() + timedelta(days=1)
    one = make_conference()
    assert not one.several_days and one.days == [one.date] and one.last_day == one.date


def test_check_in_on_day_one_then_day_two_but_not_twice_a_day(two_days, make_registration):
    person = make_registration(two_days)
    day1, day2 = two_days.days
    assert desk.check_in(person, day1) is True
    assert desk.check_in(person, day1) is False  # in the same transaction too
    db.session.commit()
    first_at = person.checked_in_at
    assert first_at is not None
    assert desk.check_in(person, day1) is False  # twice on one day: harmless, not recorded
    assert desk.check_in(person, day2) is True
    db.session.commit()
    assert _rows(person) == [day1, day2]
    # "Came at all" stays the first check-in.
    assert person.checked_in_at == first_at
    entries = db.session.scalars(
        select(AuditEntry.details).where(AuditEntry.action == "registration.check_in")
    ).all()
    assert [e["day"] for e in entries] == [day1.isoformat(), day2.isoformat()]


def test_a_day_outside_the_conference_or_no_place_is_refused(two_days, make_registration):
    person = make_registration(two_days)
    with pytest.raises(DomainError):
        desk.check_in(person, two_days.date - timedelta(days=1))
    waiting = make_registration(two_days, status=RegistrationStatus.WAITING)
    with pytest.raises(DomainError):
        desk.check_in(waiting, two_days.date)
    assert _rows(person) == [] and person.checked_in_at is None


def test_undoing_a_day_keeps_the_other_day(two_days, make_registration):
    person = make_registration(two_days)
    day1, day2 = two_days.days
    desk.check_in(person, day1)
    desk.check_in(person, day2)
    db.session.commit()
    assert desk.undo_check_in(person, day1) is True
    assert desk.undo_check_in(person, day1) is False
    db.session.commit()
    assert _rows(person) == [day2]
    assert person.checked_in_at is not None  # came on day 2
    assert desk.undo_check_in(person, day2) is True
    db.session.commit()
    assert person.checked_in_at is None


def test_counts_per_day(two_days, make_registration):
    people = [make_registration(two_days) for _ in range(3)]
    day1, day2 = two_days.days
    for person in people:
        desk.check_in(person, day1)
    desk.check_in(people[0], day2)
    db.session.commit()
    assert days.by_day(two_days) == {day1: 3, day2: 1}
    assert desk.arrivals(two_days, day2).arrived == 1
    assert desk.arrivals(two_days, day1).arrived == 3
    assert desk.arrivals(two_days, day1).expected == 3
    stats = conference_statistics(two_days)
    assert stats.attended == 3 and stats.by_day == {day1: 3, day2: 1}


def test_a_one_day_conference_checks_in_as_before(conference, make_registration):
    person = make_registration(conference)
    assert desk.check_in(person) is True
    assert desk.check_in(person) is False
    db.session.commit()
    assert person.checked_in_at is not None
    assert db.session.scalar(select(func.count()).select_from(DayCheckin)) == 0


def test_the_desk_opens_on_today_and_the_day_can_be_chosen(
    client, signed_in, two_days, make_registration
):
    person = make_registration(two_days, first_name="Alva", last_name="Berg")
    day1, day2 = two_days.days
    url = url_for("attendees.checkin", conference_id=two_days.id, q="Berg")
    page = client.get(url).get_data(as_text=True)
    assert 'class="desk-days"' in page
    assert _current_day(page) == day1
    # Day 1 (today): check in.
    client.post(
        url_for("attendees.checkin_person", registration_id=person.id),
        data={"q": "Berg", "dag": day1.isoformat()},
    )
    assert _rows(person) == [day1]
    # The desk switches to day 2: Alva is not checked in there yet, and the choice sticks.
    page = client.get(
        url_for("attendees.checkin", conference_id=two_days.id, q="Berg", dag=day2.isoformat())
    ).get_data(as_text=True)
    assert _current_day(page) == day2
    assert "is-checked-in" not in page
    counts = client.get(url_for("attendees.checkin_counts", conference_id=two_days.id)).json
    assert counts == {"arrived": 0, "expected": 1}
    # The QR code's page (no day in its address) checks in on the chosen day.
    client.post(url_for("attendees.checkin_person", registration_id=person.id))
    assert _rows(person) == [day1, day2]
    page = client.get(url_for("attendees.checkin", conference_id=two_days.id, q="Berg")).get_data(
        as_text=True
    )
    assert "is-checked-in" in page
    # A day that is not the conference's is ignored: the kept choice stays.
    client.get(url_for("attendees.checkin", conference_id=two_days.id, dag="2001-01-01"))
    client.post(url_for("attendees.checkin_undo", registration_id=person.id))
    assert _rows(person) == [day1]


def test_a_walk_in_is_checked_in_on_the_desks_day(client, signed_in, two_days):
    day2 = two_days.days[1]
    client.get(url_for("attendees.checkin", conference_id=two_days.id, dag=day2.isoformat()))
    response = client.post(
        url_for("attendees.walk_in", conference_id=two_days.id),
        data={
            "first_name": "Sam",
            "last_name": "Dörr",
            "party": "civil_society",
            "org_type": "civil_society_org",
        },
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[:2000]
    assert db.session.scalars(select(DayCheckin.day)).all() == [day2]


def test_a_volunteers_link_checks_in_per_day(client, two_days, make_registration):
    from okconf.volunteers import services

    person = make_registration(two_days)
    _link, token = services.create_link(two_days, label="Entrén", hours=24, show_needs=False)
    db.session.commit()
    client.get(url_for("volunteers.open_link", token=token))
    day1, day2 = two_days.days
    client.post(url_for("attendees.checkin_person", registration_id=person.id))
    client.post(
        url_for("attendees.checkin_person", registration_id=person.id),
        data={"dag": day2.isoformat()},
    )
    client.post(
        url_for("attendees.checkin_person", registration_id=person.id),
        data={"dag": day2.isoformat()},
    )
    assert _rows(person) == [day1, day2]
    page = client.get(url_for("attendees.checkin", conference_id=two_days.id))
    assert page.status_code == 200
    assert _current_day(page.get_data(as_text=True)) == day2


def test_the_days_are_in_the_data_copy_and_go_with_erasure(two_days, make_registration, make_user):
    from okconf.privacy import services as privacy

    person = make_registration(two_days)
    desk.check_in(person, two_days.days[0])
    db.session.commit()
    data = privacy.personal_data(person)
    assert data["checked_in_per_day"][0]["day"] == two_days.date.isoformat()
    erasure = privacy.request_erasure(person)
    privacy.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(DayCheckin)) == 0


def test_the_purge_forgets_the_days_of_anonymised_people(make_conference, make_registration):
    from okconf.privacy import retention

    long_ago = today() - timedelta(days=9 * 365)
    old = make_conference(date=long_ago, end_date=long_ago + timedelta(days=1))
    person = make_registration(old)
    db.session.add(DayCheckin(registration_id=person.id, day=long_ago))
    db.session.commit()
    report = retention.purge()
    db.session.commit()
    assert report.extra["check-ins per day"] == 1
    assert db.session.scalar(select(func.count()).select_from(DayCheckin)) == 0


def test_the_certificate_states_the_days_attended(make_conference, make_registration):
    import io

    import pypdf

    from okconf.certificates import services as certificates

    first = today() - timedelta(days=2)
    held = make_conference(
        date=first,
        end_date=first + timedelta(days=1),
        registration_deadline=None,
        cancellation_deadline=None,
    )
    certificates.save_settings(
        held, enabled=True, minutes=None, text="", signer_name="Anna", signer_title=""
    )
    person = make_registration(held, first_name="Alva", last_name="Berg")
    desk.check_in(person, held.days[1])
    db.session.commit()
    assert certificates.refusal(person) is None
    pdf = certificates.certificate_pdf(person)
    (text,) = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    from flask_babel import force_locale

    from okconf.formatting import format_date

    text = " ".join(text.split())
    with force_locale("sv"):
        came, missed = format_date(held.days[1], "full"), format_date(held.days[0], "full")
    assert f"Närvarande: {came}" in text
    assert missed not in text


def test_workshop_doors_still_check_in_per_session(client, signed_in, two_days, make_registration):
    """Two workshop sessions of a two-day conference: each door checks in for its own."""
    from datetime import time

    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
    from okconf.volunteers.models import WorkshopCheckin
    from okconf.workshops.models import Assignment

    sessions = []
    for hour, title in ((10, "Pass dag 1"), (13, "Pass dag 2")):
        item = ProgrammeItem(
            conference_id=two_days.id, kind=ItemKind.WORKSHOPS, starts_at=time(hour), title=title
        )
        db.session.add(item)
        db.session.flush()
        workshop = Workshop(conference_id=two_days.id, round_id=item.id, title=f"W {title}")
        db.session.add(workshop)
        db.session.flush()
        sessions.append((item, workshop))
    person = make_registration(two_days)
    for item, workshop in sessions:
        db.session.add(
            Assignment(registration_id=person.id, round_id=item.id, workshop_id=workshop.id)
        )
    db.session.commit()
    client.get(
        url_for("attendees.checkin", conference_id=two_days.id, dag=two_days.days[1].isoformat())
    )
    for _item, workshop in sessions:
        url = url_for("workshop_desk.workshop", conference_id=two_days.id, workshop_id=workshop.id)
        assert client.get(url).status_code == 200
        client.post(url, data={"registration_id": person.id})
        client.post(url, data={"registration_id": person.id})
    rows = db.session.scalars(select(WorkshopCheckin.workshop_id)).all()
    assert sorted(rows) == sorted(w.id for _i, w in sessions)
    assert _rows(person) == []  # a workshop door is not the day's check-in


def test_the_list_and_the_statistics_page_show_the_days(
    client, signed_in, two_days, make_registration
):
    person = make_registration(two_days, first_name="Alva", last_name="Berg")
    make_registration(two_days, first_name="Bo", last_name="Berg")
    for day in two_days.days:
        desk.check_in(person, day)
    db.session.commit()
    page = client.get(url_for("attendees.list", conference_id=two_days.id)).get_data(as_text=True)
    assert "Days 1, 2" in page
    page = client.get(url_for("attendees.statistics", conference_id=two_days.id))
    text = page.get_data(as_text=True)
    assert "Attended per day" in text and "Day 2" in text
    page = client.get(url_for("main.conference", conference_id=two_days.id)).get_data(as_text=True)
    assert "day 2" in page
