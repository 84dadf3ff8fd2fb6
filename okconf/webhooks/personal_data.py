"""A participant's webhook deliveries in their data download, and their erasure."""

from __future__ import annotations

import json

from sqlalchemy import delete, select

from okconf.extensions import db
from okconf.webhooks.models import WebhookDelivery


def collect(registration) -> dict:
    """What was sent (or waits to be sent) about the person to the hosts' systems."""
    deliveries = db.session.scalars(
        select(WebhookDelivery)
        .where(WebhookDelivery.registration_id == registration.id)
        .order_by(WebhookDelivery.id)
    )
    return {
        "webhook_deliveries": [
            {
                "event": d.event,
                "created_at": d.created_at.isoformat(),
                "status": d.status.value,
                "sent": json.loads(d.payload),
            }
            for d in deliveries
        ]
    }


def erase(registration) -> str:
    """Delete the deliveries about the person, sent or waiting (nothing more goes out)."""
    db.session.execute(
        delete(WebhookDelivery).where(WebhookDelivery.registration_id == registration.id)
    )
    return ""
