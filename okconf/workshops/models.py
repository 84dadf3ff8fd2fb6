"""Participants' ranked workshop wishes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.extensions import db


class WorkshopPreference(db.Model):
    """A participant ranks a workshop: rank 1 is the first wish within its round."""

    __tablename__ = "workshop_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column()

    registration = relationship("Registration")
    workshop = relationship("Workshop")

    __table_args__ = (
        sa.UniqueConstraint("registration_id", "workshop_id", name="uq_preference_once"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    def __repr__(self) -> str:
        return f"<WorkshopPreference r={self.registration_id} w={self.workshop_id} #{self.rank}>"
