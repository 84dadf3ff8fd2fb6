"""Several workers at once: every delivery goes out once; a lost lease changes nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select, update

from okconf.db import utcnow
from okconf.extensions import db
from okconf.webhooks import events, sender, services
from okconf.webhooks.models import DeliveryStatus, WebhookDelivery


def _queue(make_user, make_conference, make_registration, receiver, people: int) -> list[int]:
    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    hook = services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CHANGED])
    db.session.commit()
    receiver.secret = hook.secret
    for _ in range(people):
        registration = make_registration(conference)
        for _ in range(2):  # two events each: their order must hold too
            services.registration_event(events.REGISTRATION_CHANGED, registration)
    db.session.commit()
    return list(db.session.scalars(select(WebhookDelivery.event_id)))


def test_concurrent_workers_send_each_delivery_once(
    app, receiver, make_user, make_conference, make_registration
):
    event_ids = _queue(make_user, make_conference, make_registration, receiver, people=8)
    barrier = threading.Barrier(3)
    errors = []

    def work():
        with app.app_context():
            try:
                barrier.wait(timeout=30)
                for _ in range(6):
                    sender.send_due(limit=3)
            except Exception as error:  # reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    sent = [r["body"]["id"] for r in receiver.requests]
    assert sorted(sent) == sorted(event_ids)  # each once, none twice
    assert all(receiver.verify(r) for r in receiver.requests)
    db.session.expire_all()
    assert all(
        d.status is DeliveryStatus.DELIVERED for d in db.session.scalars(select(WebhookDelivery))
    )


def test_a_worker_whose_lease_ran_out_changes_nothing(
    app, receiver, make_user, make_conference, make_registration
):
    _queue(make_user, make_conference, make_registration, receiver, people=1)
    ids, stale_token = sender.claim(1)
    assert len(ids) == 1
    # The lease runs out (the worker stalled): another worker claims and sends it.
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == ids[0])
        .values(lease_until=utcnow() - timedelta(hours=1))
    )
    db.session.commit()
    assert sender.send_due() == {"delivered": 1, "failed": 0}
    # The stalled worker wakes up: its token no longer holds the delivery.
    assert sender._start_attempt(ids[0], stale_token) is None
    assert not sender._change(ids[0], stale_token, status=DeliveryStatus.PENDING)
    delivery = db.session.get(WebhookDelivery, ids[0])
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.DELIVERED and delivery.attempts == 1
    assert len(receiver.requests) == 1
