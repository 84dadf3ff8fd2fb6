"""A conference's "still coming?" setting, and each participant's question and answer."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class StillComingSettings(db.Model):
    """Whether, and how many days before, the conference asks its participants."""

    __tablename__ = "still_coming_settings"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    days_before: Mapped[int] = mapped_column(default=5)

    __table_args__ = (sa.CheckConstraint("days_before BETWEEN 1 AND 60", name="days_before_range"),)


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"


class StillComingQuestion(db.Model):
    """One participant was asked (once); their answer, if any."""

    __tablename__ = "still_coming_questions"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer: Mapped[Answer | None] = mapped_column(enum_type(Answer))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")
