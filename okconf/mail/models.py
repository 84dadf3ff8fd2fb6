"""Outgoing mails and their attachments."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class MailStatus(enum.StrEnum):
    """Where a mail is on its way out."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    # The SMTP server refused it permanently (5xx) OUTBOX_MAX_REFUSALS times: an admin decides.
    FAILED = "failed"
    # Not sent, on purpose: what it was about is gone (the registration was erased).
    DROPPED = "dropped"


class OutboxMail(db.Model):
    """One mail to one recipient, kept until it has been delivered."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(300))
    # Empty until a deferred mail (see `renderer`) is rendered at sending time.
    body_text: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    # What the mail is about, for the organiser's view (e.g. "invitation", "confirmation").
    kind: Mapped[str] = mapped_column(sa.String(60), default="", index=True)
    conference_id: Mapped[int | None] = mapped_column(index=True)
    status: Mapped[MailStatus] = mapped_column(enum_type(MailStatus), default=MailStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker that claimed the mail holds it until then; after that another may retry.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which claim holds the mail: every state change by a worker checks it (compare-and-set).
    lease_token: Mapped[str | None] = mapped_column(sa.String(32))
    # A deferred mail is rendered by the worker when it sends it: `renderer` names the function
    # ("okconf.<module>:<function>") that turns `params` into the body and attachments, in
    # `locale`. Mails rendered at once leave them empty.
    renderer: Mapped[str | None] = mapped_column(sa.String(200))
    params: Mapped[dict | None] = mapped_column(sa.JSON)
    locale: Mapped[str | None] = mapped_column(sa.String(10))

    attachments: Mapped[list[OutboxAttachment]] = relationship(
        back_populates="mail", cascade="all, delete-orphan", order_by="OutboxAttachment.id"
    )

    __table_args__ = (
        sa.Index("ix_outbox_mails_due", "status", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} {self.kind} to {self.recipient} {self.status.value}>"


class OutboxAttachment(db.Model):
    """A file attached to an outgoing mail (a calendar file, a PDF)."""

    __tablename__ = "outbox_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    mail_id: Mapped[int] = mapped_column(
        sa.ForeignKey("outbox_mails.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)

    mail: Mapped[OutboxMail] = relationship(back_populates="attachments")

    def __repr__(self) -> str:
        return f"<OutboxAttachment {self.filename}>"
