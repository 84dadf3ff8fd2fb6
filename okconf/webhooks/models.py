"""Webhooks (an address that wants events) and their delivery queue."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class DeliveryStatus(enum.StrEnum):
    """Where a delivery is on its way out. There is no "failed": a delivery waits until it is
    accepted, or until the purge deletes it (its hook switched off for good)."""

    PENDING = "pending"
    SENDING = "sending"
    DELIVERED = "delivered"


class Webhook(db.Model):
    """An address of a host's system that receives chosen events of one or all conferences."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # None: every conference the owner may manage (all of them for an admin), as it is when
    # the event happens.
    conference_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(sa.String(2000))
    description: Mapped[str] = mapped_column(sa.String(200), default="")
    # The event names (okconf.webhooks.events.EVENTS) the hook wants.
    events: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The HMAC key: stored as it is, because every delivery is signed with it.
    secret: Mapped[str] = mapped_column(sa.String(100))
    active: Mapped[bool] = mapped_column(default=True)
    # Since when every attempt has failed (None: the last one succeeded, or none was made).
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why okconf switched the hook off (empty when its owner did, or when it is on).
    disabled_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner = relationship("User")
    conference = relationship("Conference")

    def __repr__(self) -> str:
        return f"<Webhook {self.id} {self.url} {'on' if self.active else 'off'}>"


class WebhookDelivery(db.Model):
    """One event for one hook: the exact body, kept until the receiver accepts it."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(
        sa.ForeignKey("webhooks.id", ondelete="CASCADE"), index=True
    )
    event: Mapped[str] = mapped_column(sa.String(40))
    # The event's id (a UUID), the same in every attempt: receivers drop repeats by it.
    event_id: Mapped[str] = mapped_column(sa.String(36))
    conference_id: Mapped[int | None] = mapped_column(index=True)
    registration_id: Mapped[int | None] = mapped_column(index=True)
    # Deliveries of one hook with the same key go out in order ("registration:<id>");
    # None: no order to keep (a test ping).
    order_key: Mapped[str | None] = mapped_column(sa.String(60))
    # The JSON body exactly as sent (it is what the signature covers).
    payload: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_type(DeliveryStatus), default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lease_token: Mapped[str | None] = mapped_column(sa.String(32))
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The receiver's last answer (status code and the start of its body), or why none came.
    response_status: Mapped[int | None] = mapped_column()
    response_body: Mapped[str | None] = mapped_column(sa.Text)
    last_error: Mapped[str | None] = mapped_column(sa.Text)

    webhook: Mapped[Webhook] = relationship()

    __table_args__ = (
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_webhook_deliveries_order", "webhook_id", "order_key", "id"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<WebhookDelivery {self.id} {self.event} {self.status.value}>"
