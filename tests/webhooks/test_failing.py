"""A hook that fails for days is switched off, its owner told; nothing it missed is lost."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.webhooks import events, sender, services
from okconf.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.webhooks.test_delivery import _drain, _person


def _owner_mails():
    return db.session.scalars(
        select(OutboxMail).where(OutboxMail.kind == "webhook_switched_off")
    ).all()


def test_failing_for_days_switches_off_and_mails_the_owner(
    app, receiver, clock, make_user, make_conference
):
    from okconf.registration import services as registration

    owner = make_user("organiser", name="Olle Ägare")
    conference = make_conference(organisers=[owner])
    hook = services.create(owner, url=receiver.url, chosen=list(events.EVENTS))
    db.session.commit()
    receiver.secret, receiver.always_fail = hook.secret, True
    registration.register(conference, _person(1))
    db.session.commit()

    sender.send_due()
    db.session.expire_all()
    started = hook.failing_since
    assert started is not None and hook.active
    # Failing for less than the limit: still on, retried with growing pauses.
    for hours in (1, 6, 12, 24):  # 43 hours in all
        clock.forward(hours * 3600)
        sender.send_due()
    db.session.expire_all()
    assert hook.active and hook.failing_since == started
    assert _owner_mails() == []
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert delivery.attempts == 5 and delivery.response_status == 500
    assert delivery.response_body == "temporarily broken"
    assert delivery.next_attempt_at > delivery.last_attempt_at

    clock.forward(3 * 24 * 3600)  # past WEBHOOK_DISABLE_AFTER_DAYS (3)
    sender.send_due()
    db.session.expire_all()
    assert not hook.active and hook.disabled_reason == services.DISABLED_FAILING
    mails = _owner_mails()
    assert [(m.recipient, m.kind) for m in mails] == [(owner.email, "webhook_switched_off")]
    assert receiver.url in mails[0].body_text
    assert f"/staff/webhooks/{hook.id}" in mails[0].body_text
    # Switched off, nothing is sent; and the worker running again mails nobody again.
    tried = len(receiver.requests)
    clock.forward(24 * 3600)
    sender.send_due()
    assert len(receiver.requests) == tried
    assert len(_owner_mails()) == 1
    # Events meanwhile still wait (nothing lost), and go out once it is switched on.
    registration.register(conference, _person(2))
    db.session.commit()
    receiver.always_fail = False
    services.switch(hook, True)
    db.session.commit()
    _drain(clock)
    assert sorted(r["body"]["registration"]["email"] for r in receiver.accepted) == [
        "krok1@example.org",
        "krok2@example.org",
    ]
    assert all(
        d.status is DeliveryStatus.DELIVERED for d in db.session.scalars(select(WebhookDelivery))
    )
    db.session.expire_all()
    assert hook.failing_since is None


def test_a_success_clears_the_failing_clock(app, receiver, clock, make_user, make_conference):
    from okconf.registration import services as registration

    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    hook = services.create(owner, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
    db.session.commit()
    receiver.fail_first = 1
    registration.register(conference, _person(1))
    db.session.commit()
    sender.send_due()
    db.session.expire_all()
    assert hook.failing_since is not None
    clock.forward(2 * 24 * 3600)
    sender.send_due()
    db.session.expire_all()
    assert hook.failing_since is None and hook.active


def test_an_unreachable_receiver_counts_as_a_failure(app, clock, make_user, make_conference):
    from okconf.registration import services as registration
    from tests.conftest import free_port

    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    services.create(
        owner,
        url=f"http://127.0.0.1:{free_port()}/nobody",
        chosen=[events.REGISTRATION_CREATED],
    )
    db.session.commit()
    registration.register(conference, _person(1))
    db.session.commit()
    assert sender.send_due() == {"delivered": 0, "failed": 1}
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    db.session.refresh(delivery)
    assert delivery.status is DeliveryStatus.PENDING and delivery.response_status is None
    assert "ConnectError" in delivery.last_error
