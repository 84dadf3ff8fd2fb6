"""Entered participation figures and the structured conference summaries."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship
from wtforms.fields.choices import SelectChoice

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.vocabulary import Principle


class FigureSource(enum.StrEnum):
    """Which figures a report uses for a conference: chosen by the organiser, or the default
    (entered when nobody was registered in okconf, counted otherwise)."""

    AUTO = "auto"
    ENTERED = "entered"
    COUNTED = "counted"

    @property
    def label(self) -> str:
        """The choice's name in the interface."""
        return str(
            {
                FigureSource.AUTO: _l(
                    "Automatic: entered when nobody was registered in okconf, counted otherwise"
                ),
                FigureSource.ENTERED: _l("The entered figures"),
                FigureSource.COUNTED: _l("The figures counted from registrations and check-ins"),
            }[self]
        )

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as options of a form field."""
        return [SelectChoice(m.value, m.label) for m in cls]


class EnteredFigures(db.Model):
    """Counts entered by an organiser for a conference whose participants were never entered
    one by one (as for the seed reports' conferences). Reports mark them as entered.

    The counted figures are always computed from the registrations too; `source` says which
    of the two the reports use."""

    __tablename__ = "entered_figures"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    # None when the source gives no total for this conference alone (only for its series).
    total: Mapped[int | None] = mapped_column()
    # Per sector; None when the source does not split the total.
    civil_society: Mapped[int | None] = mapped_column()
    public_sector: Mapped[int | None] = mapped_column()
    business_other: Mapped[int | None] = mapped_column()
    organisations: Mapped[int | None] = mapped_column()
    municipalities: Mapped[int | None] = mapped_column()
    agencies: Mapped[int | None] = mapped_column()
    politicians: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    source: Mapped[FigureSource] = mapped_column(
        enum_type(FigureSource), default=FigureSource.AUTO, server_default=FigureSource.AUTO.value
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    conference = relationship("Conference")

    __table_args__ = (
        sa.CheckConstraint(
            "coalesce(total, 0) >= 0 AND coalesce(civil_society, 0) >= 0 "
            "AND coalesce(public_sector, 0) >= 0 AND coalesce(business_other, 0) >= 0",
            name="counts_not_negative",
        ),
        sa.CheckConstraint(
            "total IS NULL OR coalesce(civil_society, 0) + coalesce(public_sector, 0) "
            "+ coalesce(business_other, 0) <= total",
            name="parts_within_total",
        ),
    )

    def __repr__(self) -> str:
        return f"<EnteredFigures conf={self.conference_id} {self.total} {self.source.value}>"


class SeriesFigures(db.Model):
    """Figures a source gives for a whole series of conferences only ("drygt 200 personer"
    at the two conferences of 2012), or for the series as a whole (distinct organisations)."""

    __tablename__ = "series_figures"

    series_id: Mapped[int] = mapped_column(
        sa.ForeignKey("series.id", ondelete="CASCADE"), primary_key=True
    )
    total: Mapped[int] = mapped_column()
    civil_society: Mapped[int | None] = mapped_column()
    public_sector: Mapped[int | None] = mapped_column()
    business_other: Mapped[int | None] = mapped_column()
    organisations: Mapped[int | None] = mapped_column()
    municipalities: Mapped[int | None] = mapped_column()
    agencies: Mapped[int | None] = mapped_column()
    politicians: Mapped[int | None] = mapped_column()
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series = relationship("Series")

    __table_args__ = (
        sa.CheckConstraint(
            "total >= 0 AND coalesce(civil_society, 0) >= 0 AND coalesce(public_sector, 0) >= 0 "
            "AND coalesce(business_other, 0) >= 0",
            name="counts_not_negative",
        ),
        sa.CheckConstraint(
            "coalesce(civil_society, 0) + coalesce(public_sector, 0) + coalesce(business_other, 0) "
            "<= total",
            name="parts_within_total",
        ),
    )

    def __repr__(self) -> str:
        return f"<SeriesFigures series={self.series_id} {self.total}>"


class SummaryState(enum.StrEnum):
    """Where a conference summary stands."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        """The state's name in the interface."""
        return str(
            {
                SummaryState.DRAFT: _l("Draft"),
                SummaryState.SUBMITTED: _l("Submitted to the steering group"),
                SummaryState.APPROVED: _l("Approved"),
            }[self]
        )


# The text sections of a summary, in the order of the seed reports.
SECTIONS = (
    ("focus", _l("Focus of the conference")),
    ("knowledge", _l("Knowledge of the Agreement")),
    ("local_regional", _l("Local and regional work")),
    ("dialogue", _l("Dialogue and engagement")),
    ("local_examples", _l("Local examples")),
    ("principles_text", _l("The six principles")),
    ("parties_positions", _l("The parties' positions and commitments")),
    ("obstacles", _l("Obstacles")),
    ("opportunities", _l("Opportunities")),
    ("conclusions", _l("Conclusions")),
)


class Summary(db.Model):
    """The summary of one conference, written by its organisers for the steering group."""

    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[SummaryState] = mapped_column(enum_type(SummaryState), default=SummaryState.DRAFT)
    focus: Mapped[str] = mapped_column(sa.Text, default="")
    knowledge: Mapped[str] = mapped_column(sa.Text, default="")
    local_regional: Mapped[str] = mapped_column(sa.Text, default="")
    dialogue: Mapped[str] = mapped_column(sa.Text, default="")
    local_examples: Mapped[str] = mapped_column(sa.Text, default="")
    # Principle values emphasised at the conference, comma separated.
    principles_emphasised: Mapped[str] = mapped_column(sa.String(200), default="")
    principles_text: Mapped[str] = mapped_column(sa.Text, default="")
    parties_positions: Mapped[str] = mapped_column(sa.Text, default="")
    # Obstacles and opportunities: one a line.
    obstacles: Mapped[str] = mapped_column(sa.Text, default="")
    opportunities: Mapped[str] = mapped_column(sa.Text, default="")
    conclusions: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conference = relationship("Conference")

    __table_args__ = (
        sa.CheckConstraint(
            "state != 'approved' OR approved_at IS NOT NULL", name="approved_has_time"
        ),
    )

    @property
    def principles(self) -> list[Principle]:
        """The principles emphasised, in the Agreement's order."""
        chosen = set(self.principles_emphasised.split(","))
        return [p for p in Principle if p.value in chosen]

    @staticmethod
    def lines(text: str) -> list[str]:
        """A one-a-line text as a list (leading dashes removed)."""
        return [line.strip().lstrip("-•* ").strip() for line in text.splitlines() if line.strip()]

    def __repr__(self) -> str:
        return f"<Summary conf={self.conference_id} {self.state.value}>"


# The joint report's editions live in their own module (kept under 300 lines); imported
# here so the metadata and the migrations see them.
from okconf.reports.edition_models import (  # noqa: E402, F401
    EditionState,
    EditionVersion,
    ReportEdition,
)
