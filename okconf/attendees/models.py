"""Attendance per day (närvaro per dag) at a conference held over several days."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from okconf.db import UTCDateTime, utcnow
from okconf.extensions import db


class DayCheckin(db.Model):
    """A confirmed participant checked in on one day of a conference of several days.

    The key (registration, day) is what keeps two desks from checking one person in twice
    on the same day. `Registration.checked_in_at` keeps meaning "came at all": it is the first
    of these.
    """

    __tablename__ = "day_checkins"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True, index=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<DayCheckin {self.registration_id} {self.day}>"
