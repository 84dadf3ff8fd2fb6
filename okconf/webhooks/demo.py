"""Demo webhooks: the demo organiser's, one on (with an accepted and a refused delivery) and
one that okconf switched off for failing. Their addresses are invented (example.org)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from okconf.db import utcnow
from okconf.extensions import db
from okconf.webhooks import events, services
from okconf.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery

DEMO_URL = "https://crm.example.org/okconf/webhook"
FAILING_URL = "https://intranet.example.org/konferenser/okconf"


def load(ctx) -> None:
    """Create the organiser's webhooks once."""
    owner = ctx.objects.get("user:organiser")
    if owner is None or db.session.scalar(select(Webhook).where(Webhook.url == DEMO_URL)):
        return
    now = utcnow()
    hook = Webhook(
        owner_id=owner.id,
        url=DEMO_URL,
        description="Länsstyrelsens deltagarregister",
        events=list(events.EVENTS[:5]),
        secret=services.new_secret(),
        active=True,
    )
    db.session.add(hook)
    db.session.add(
        Webhook(
            owner_id=owner.id,
            url=FAILING_URL,
            description="Kommunens intranät",
            events=[events.REGISTRATION_CREATED, events.REGISTRATION_CANCELLED],
            secret=services.new_secret(),
            active=False,
            failing_since=now - timedelta(days=4),
            disabled_reason=services.DISABLED_FAILING,
        )
    )
    db.session.flush()
    ping_id, ping = events.body(events.PING, {"webhook": {"id": hook.id}})
    db.session.add(
        WebhookDelivery(
            webhook_id=hook.id,
            event=events.PING,
            event_id=ping_id,
            payload=ping,
            status=DeliveryStatus.DELIVERED,
            attempts=1,
            created_at=now - timedelta(hours=2),
            last_attempt_at=now - timedelta(hours=2),
            delivered_at=now - timedelta(hours=2),
            response_status=200,
            response_body='{"ok": true}',
        )
    )
    second_id, second = events.body(events.PING, {"webhook": {"id": hook.id}})
    db.session.add(
        WebhookDelivery(
            webhook_id=hook.id,
            event=events.PING,
            event_id=second_id,
            payload=second,
            status=DeliveryStatus.PENDING,
            attempts=2,
            created_at=now - timedelta(minutes=30),
            last_attempt_at=now - timedelta(minutes=5),
            next_attempt_at=now + timedelta(minutes=1),
            response_status=503,
            response_body="Service Unavailable",
        )
    )
    db.session.flush()
