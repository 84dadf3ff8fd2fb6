"""Participants' ranked workshop wishes, their assignments, tables and the runs."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db

# The wishes are part of the registration (its form takes them), so their model lives there.
from okconf.registration.models import WorkshopPreference as WorkshopPreference


class AssignmentSource(enum.StrEnum):
    """Who placed a person: the solver, or an organiser by hand."""

    SOLVER = "solver"
    MANUAL = "manual"


class Assignment(db.Model):
    """A participant's workshop in one round. Locked assignments survive re-runs."""

    __tablename__ = "workshop_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="CASCADE"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    locked: Mapped[bool] = mapped_column(default=False)
    source: Mapped[AssignmentSource] = mapped_column(
        enum_type(AssignmentSource), default=AssignmentSource.SOLVER
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    registration = relationship("Registration")
    workshop = relationship("Workshop")
    round = relationship("ProgrammeItem")

    __table_args__ = (
        sa.UniqueConstraint("registration_id", "round_id", name="uq_assignment_per_round"),
    )

    def __repr__(self) -> str:
        return f"<Assignment r={self.registration_id} w={self.workshop_id} locked={self.locked}>"


class SeatingScope(enum.StrEnum):
    """Where tables are laid: in the plenary hall, or within a workshop."""

    PLENARY = "plenary"
    WORKSHOP = "workshop"


class TableSeating(db.Model):
    """A participant's table number in the plenary or within their workshop."""

    __tablename__ = "workshop_table_seatings"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    scope: Mapped[SeatingScope] = mapped_column(enum_type(SeatingScope))
    # Set for tables within a workshop; None in the plenary.
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    table_number: Mapped[int] = mapped_column()

    registration = relationship("Registration")
    workshop = relationship("Workshop")

    __table_args__ = (sa.CheckConstraint("table_number >= 1", name="table_number_positive"),)

    def __repr__(self) -> str:
        return f"<TableSeating r={self.registration_id} {self.scope.value} #{self.table_number}>"


class AssignmentRun(db.Model):
    """The latest run of the assignment for one workshop round, and whether it is published."""

    __tablename__ = "workshop_assignment_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="CASCADE"), unique=True
    )
    balance_points: Mapped[int | None] = mapped_column()
    # "optimal", "infeasible", "time_limit".
    status: Mapped[str] = mapped_column(sa.String(20), default="optimal")
    total_cost: Mapped[int] = mapped_column(default=0)
    # Figures and messages of the run (rank counts, violations, nearest balance, seconds).
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    run_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Table size chosen for this round's workshop tables (None: no tables within workshops).
    table_size: Mapped[int | None] = mapped_column()

    round = relationship("ProgrammeItem")

    def __repr__(self) -> str:
        return f"<AssignmentRun round={self.round_id} {self.status}>"
