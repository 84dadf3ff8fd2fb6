"""The audit log: who did what, when, to which object."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from okconf import audit
from okconf.accounts.models import Role
from okconf.audit.models import AuditEntry
from okconf.db import utcnow
from okconf.extensions import db


def test_record_outside_a_request_names_the_actor_and_the_object(make_user):
    user = make_user("reader")
    before = utcnow()
    audit.record(
        "user.changed",
        user,
        actor="flask okconf create-user",
        role=Role.ADMIN,
        when=date(2011, 11, 25),
        ids=(1, 2),
    )
    db.session.commit()
    entry = db.session.scalar(select(AuditEntry))
    assert entry.user_id is None
    assert entry.actor == "flask okconf create-user"
    assert (entry.object_type, entry.object_id) == ("User", user.id)
    assert entry.details == {"role": "admin", "when": "2011-11-25", "ids": [1, 2]}
    assert entry.at >= before


def test_record_takes_the_conference_from_the_object(make_conference, make_registration):
    conference = make_conference()
    registration = make_registration(conference)
    audit.record("registration.checked_in", registration)
    audit.record("conference.published", conference)
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.conference_id for e in entries] == [conference.id, conference.id]
    assert [e.object_type for e in entries] == ["Registration", "Conference"]


def test_staff_actions_in_a_request_record_the_signed_in_user(client, make_user, login):
    admin = make_user("admin")
    login(admin)
    client.post(
        "/staff/admin/anvandare",
        data={
            "name": "Ny",
            "email": "ny@example.org",
            "role": "reader",
            "password": "a-long-password",
        },
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.created"))
    assert entry.user_id == admin.id
    assert entry.details == {"role": "reader"}


def test_an_entry_rolls_back_with_its_transaction(make_user):
    user = make_user("reader")
    audit.record("user.changed", user)
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry)) is None
