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


def test_attendance_and_companion_places_in_the_body_and_the_copy(
    app, receiver, make_user, make_conference, make_registration
):
    import json

    from okconf.companions import services as companions
    from okconf.companions.services import CompanionData
    from okconf.privacy.services import personal_data
    from okconf.registration.models import Attendance

    owner = make_user("organiser")
    conference = make_conference(
        organisers=[owner], online_capacity=5, companions_allowed=True, companions_take_places=True
    )
    services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CHANGED])
    db.session.commit()
    pair = make_registration(conference)
    companions.save(pair, CompanionData(name="Maja Ledsagare", needs="Rullstol"), by_staff=True)
    online = make_registration(conference, attendance=Attendance.ONLINE)
    for registration in (pair, online):
        services.registration_event(events.REGISTRATION_CHANGED, registration)
    db.session.commit()
    sent = {
        d.registration_id: json.loads(d.payload)["registration"]
        for d in db.session.scalars(select(WebhookDelivery))
    }
    assert (sent[pair.id]["attendance"], sent[pair.id]["companion_places"]) == ("on_site", 1)
    assert (sent[online.id]["attendance"], sent[online.id]["companion_places"]) == ("online", 0)
    # the companion's name and needs are not the receiver's business
    payloads = " ".join(d.payload for d in db.session.scalars(select(WebhookDelivery)))
    assert "Ledsagare" not in payloads and "Rullstol" not in payloads
    # the participant's own copy has both, and the companion
    copy = personal_data(pair)
    assert copy["registration"]["attendance"] == "on_site"
    assert copy["registration"]["companion_places"] == 1
    assert copy["companion"]["name"] == "Maja Ledsagare" and copy["companion"]["takes_a_place"]
    assert personal_data(online)["registration"]["attendance"] == "online"
