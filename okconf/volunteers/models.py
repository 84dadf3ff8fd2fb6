"""A check-in link (incheckningslänk): who may use a conference's desk without an account."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, utcnow
from okconf.extensions import db


class CheckinLink(db.Model):
    """An expiring link to one conference's check-in desk, for a door volunteer.

    Only the SHA-256 of the token is stored: the link is shown once, when it is made.
    """

    __tablename__ = "checkin_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # Where and who, in the organiser's words ("Entrén, Kim").
    label: Mapped[str] = mapped_column(sa.String(100))
    # Whether the desk shows diets and accessibility needs to this link.
    show_needs: Mapped[bool] = mapped_column(default=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    conference = relationship("Conference")
    created_by = relationship("User")

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def __repr__(self) -> str:
        return f"<CheckinLink {self.id} conference={self.conference_id}>"


class WorkshopCheckin(db.Model):
    """A participant arrived at a workshop (the workshop's list at its door)."""

    __tablename__ = "workshop_checkins"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
