"""Two desks checking the same person in at once: one check-in, one audit entry (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from okconf.attendees import desk
from okconf.audit.models import AuditEntry
from okconf.extensions import db
from okconf.registration.models import Registration


def race(app, registration_id: int, check_in) -> dict[int, bool]:
    """Desk A checks in and holds its transaction open while desk B tries; their results."""
    a_wrote, outcomes = threading.Event(), {}

    def desk(index):
        with app.app_context(), app.test_request_context():
            try:
                if index == 1:
                    a_wrote.wait(5)
                registration = db.session.get(Registration, registration_id)
                outcomes[index] = check_in(registration)
                if index == 0:
                    a_wrote.set()
                    threading.Event().wait(0.6)  # hold the row while B tries
                db.session.commit()
            finally:
                a_wrote.set()
                db.session.remove()

    threads = [threading.Thread(target=desk, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return outcomes


@pytest.fixture
def person(backend, make_conference, make_registration):
    if backend != "postgresql":
        pytest.skip("concurrent transactions are a PostgreSQL matter; SQLite serialises writers")
    return make_registration(make_conference()).id


def _check_ins(registration_id: int) -> int:
    return db.session.scalar(
        select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "registration.check_in", AuditEntry.object_id == registration_id
        )
    )


def test_two_desks_check_a_person_in_once(app, person):
    outcomes = race(app, person, desk.check_in)
    assert outcomes == {0: True, 1: False}
    db.session.expire_all()
    assert db.session.get(Registration, person).checked_in_at is not None
    assert _check_ins(person) == 1


def test_reading_first_then_writing_checks_in_twice(app, person):
    """Proves the race exists: the old read-then-write check-in lets both desks through."""

    def naive(registration):
        if registration.checked_in_at is not None:
            return False
        from okconf import audit
        from okconf.db import utcnow

        registration.checked_in_at = utcnow()
        audit.record("registration.check_in", registration)
        db.session.flush()
        return True

    outcomes = race(app, person, naive)
    assert outcomes == {0: True, 1: True}
    assert _check_ins(person) == 2


@pytest.fixture
def two_day_person(backend, make_conference, make_registration):
    if backend != "postgresql":
        pytest.skip("concurrent transactions are a PostgreSQL matter; SQLite serialises writers")
    from okconf.clock import today

    first = today()
    conference = make_conference(date=first, end_date=first + timedelta(days=1))
    return make_registration(conference).id, first


def test_two_desks_check_a_person_in_once_a_day(app, two_day_person):
    """A conference of two days: the (registration, day) key decides between the desks."""
    from okconf.attendees.models import DayCheckin

    person, first = two_day_person
    outcomes = race(app, person, lambda registration: desk.check_in(registration, first))
    assert outcomes == {0: True, 1: False}
    assert _check_ins(person) == 1
    # The next day, each desk again checks the person in once.
    second = first + timedelta(days=1)
    outcomes = race(app, person, lambda registration: desk.check_in(registration, second))
    assert outcomes == {0: True, 1: False}
    assert _check_ins(person) == 2
    db.session.expire_all()
    days = db.session.scalars(select(DayCheckin.day).order_by(DayCheckin.day)).all()
    assert days == [first, second]
