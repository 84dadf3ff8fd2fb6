"""The demo registrations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from okconf.clock import today as stockholm_today
from okconf.demo import DemoContext
from okconf.extensions import db
from okconf.registration import demo, rules
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import Party


def test_demo_fills_each_conference_once_within_capacity(make_conference):
    small = make_conference(capacity=20)
    past = make_conference(date=stockholm_today() - timedelta(days=400), capacity=None)
    demo.load(DemoContext())
    demo.load(DemoContext())
    total = db.session.scalar(select(func.count()).select_from(Registration))
    assert total == 2 * demo.PER_CONFERENCE
    assert rules.confirmed_count(small.id) == 20
    waiting = db.session.scalars(
        select(Registration).where(Registration.status == RegistrationStatus.WAITING)
    ).all()
    assert len(waiting) == demo.PER_CONFERENCE - 20
    parties = db.session.scalars(
        select(Registration.party).where(Registration.conference_id == past.id)
    ).all()
    assert parties.count(Party.CIVIL_SOCIETY) > len(parties) / 2
    emails = db.session.scalars(select(Registration.email)).all()
    assert all(e.endswith("@example.org") for e in emails)
    assert len(set(emails)) == len(emails)
