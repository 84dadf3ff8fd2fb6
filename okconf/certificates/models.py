"""A conference's certificate settings, and which participants were sent theirs."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from okconf.db import UTCDateTime, utcnow
from okconf.extensions import db


class CertificateSettings(db.Model):
    """What a conference's certificate of attendance says (none until an organiser asks)."""

    __tablename__ = "certificate_settings"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    # Participants can download theirs from their personal link once this is on.
    enabled: Mapped[bool] = mapped_column(default=False)
    # Length of the conference as the certificate states it, in minutes (None: not stated).
    minutes: Mapped[int | None] = mapped_column()
    # A sentence or two about the content ("Konferensen behandlade ...").
    text: Mapped[str] = mapped_column(sa.Text, default="")
    # The host's signature line.
    signer_name: Mapped[str] = mapped_column(sa.String(200), default="")
    signer_title: Mapped[str] = mapped_column(sa.String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        sa.CheckConstraint("minutes IS NULL OR (minutes > 0 AND minutes <= 1440)", name="minutes"),
    )


class CertificateMailing(db.Model):
    """A certificate mailed to a participant (the bulk send skips those already sent)."""

    __tablename__ = "certificate_mailings"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    mailed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
