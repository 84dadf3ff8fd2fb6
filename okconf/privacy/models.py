"""Per-conference retention settings and participants' erasure requests."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class ConferenceRetention(db.Model):
    """A conference's own retention periods, overriding the configured defaults."""

    __tablename__ = "conference_retention"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    # Days after the conference before dietary and accessibility answers are erased.
    sensitive_days: Mapped[int | None] = mapped_column()
    # Days after the conference before registrations are anonymised.
    anonymise_days: Mapped[int | None] = mapped_column()

    __table_args__ = (
        sa.CheckConstraint("sensitive_days IS NULL OR sensitive_days >= 0", name="sensitive_days"),
        sa.CheckConstraint("anonymise_days IS NULL OR anonymise_days >= 0", name="anonymise_days"),
    )

    def __repr__(self) -> str:
        return f"<ConferenceRetention {self.conference_id}>"


class ErasureState(enum.StrEnum):
    """Where an erasure request stands."""

    PENDING = "pending"
    COMPLETED = "completed"


class ErasureRequest(db.Model):
    """A participant asked, through their link, for their data to be erased.

    It holds no personal data of its own: only which registration, and when.
    """

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="SET NULL"), index=True
    )
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[ErasureState] = mapped_column(
        enum_type(ErasureState), default=ErasureState.PENDING
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # What was kept and why (e.g. accounting data of an approved claim).
    outcome: Mapped[str] = mapped_column(sa.Text, default="")

    registration = relationship("Registration")
    completed_by = relationship("User")

    def __repr__(self) -> str:
        return f"<ErasureRequest {self.id} {self.state.value}>"


class ErasureLedgerEntry(db.Model):
    """That a registration was erased, and when: re-applied after a backup is restored.

    Only ids and a time, no personal data, so it may outlive what it records. A restore puts
    back the database as it was when the backup was taken; the ledger, read before the
    restore, says which erasures made since then must be made again.
    """

    __tablename__ = "erasure_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not a foreign key: the entry must survive the registration's deletion and a restore.
    registration_id: Mapped[int] = mapped_column(index=True)
    conference_id: Mapped[int | None] = mapped_column()
    erased_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<ErasureLedgerEntry reg={self.registration_id}>"
