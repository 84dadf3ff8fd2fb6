"""Deliveries name participants: the purge deletes them, erasure and the data copy cover them."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from okconf.db import utcnow
from okconf.extensions import db
from okconf.webhooks import events, services
from okconf.webhooks.models import DeliveryStatus, WebhookDelivery


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookDelivery))


def test_the_purge_deletes_deliveries_after_the_retention_period(
    app, receiver, make_user, make_conference, make_registration
):
    from okconf.privacy.retention import purge

    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CHANGED])
    db.session.commit()
    old, recent, waiting = (make_registration(conference) for _ in range(3))
    for registration in (old, recent, waiting):
        services.registration_event(events.REGISTRATION_CHANGED, registration)
    db.session.commit()
    rows = {d.registration_id: d for d in db.session.scalars(select(WebhookDelivery))}
    rows[old.id].status = DeliveryStatus.DELIVERED
    rows[old.id].delivered_at = utcnow() - timedelta(days=31)
    rows[recent.id].status = DeliveryStatus.DELIVERED
    rows[recent.id].created_at = utcnow() - timedelta(days=40)
    rows[recent.id].delivered_at = utcnow() - timedelta(days=2)  # retried for long: counts
    rows[waiting.id].created_at = utcnow() - timedelta(days=31)  # never delivered
    db.session.commit()

    report = purge(dry_run=True)
    assert report.extra["webhook deliveries"] == 2
    db.session.rollback()
    assert _count() == 3
    report = purge()
    db.session.commit()
    assert report.extra["webhook deliveries"] == 2
    assert [d.registration_id for d in db.session.scalars(select(WebhookDelivery))] == [recent.id]


def test_erasure_deletes_the_persons_deliveries_and_the_copy_lists_them(
    app, receiver, make_user, make_conference, make_registration
):
    from okconf.privacy.services import erase_registration, personal_data

    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CHANGED])
    db.session.commit()
    person, other = make_registration(conference), make_registration(conference)
    services.registration_event(events.REGISTRATION_CHANGED, person)
    services.registration_event(events.REGISTRATION_CHANGED, other)
    db.session.commit()
    copy = personal_data(person)["webhook_deliveries"]
    assert [d["sent"]["registration"]["email"] for d in copy] == [person.email]
    erase_registration(person)
    db.session.commit()
    assert [d.registration_id for d in db.session.scalars(select(WebhookDelivery))] == [other.id]


def test_the_worker_command(app, receiver, make_user, make_conference, make_registration):
    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CHANGED])
    db.session.commit()
    services.registration_event(events.REGISTRATION_CHANGED, make_registration(conference))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["okconf", "send-webhooks"])
    assert result.exit_code == 0, result.output
    assert "delivered 1, failed 0" in result.output
    assert len(receiver.accepted) == 1
