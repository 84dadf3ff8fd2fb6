"""Steering-group members per year, and each party's measures with yearly progress reports."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship
from wtforms.fields.choices import SelectChoice

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class AgreementParty(enum.StrEnum):
    """The three parties that signed the Agreement (not the participants' sectors)."""

    GOVERNMENT = "government"
    CIVIL_SOCIETY = "civil_society"
    SKL = "skl"

    @property
    def label(self) -> str:
        """The party's name in the interface."""
        return str(
            {
                AgreementParty.GOVERNMENT: _l("The Government (Government Offices)"),
                AgreementParty.CIVIL_SOCIETY: _l("Civil-society organisations"),
                AgreementParty.SKL: _l("Swedish Association of Local Authorities and Regions"),
            }[self]
        )

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as options of a form field."""
        return [SelectChoice(m.value, m.label) for m in cls]


class Office(enum.StrEnum):
    """A member's office in the steering group for the year."""

    MEMBER = "member"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"

    @property
    def label(self) -> str:
        """The office's name in the interface."""
        return str(
            {
                Office.MEMBER: _l("Member"),
                Office.CHAIR: _l("Chair"),
                Office.VICE_CHAIR: _l("Vice chair"),
            }[self]
        )


class SteeringMember(db.Model):
    """One person's seat (or substitute seat) in the steering group for one year."""

    __tablename__ = "steering_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    organisation_name: Mapped[str] = mapped_column(sa.String(300), default="")
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    party: Mapped[AgreementParty] = mapped_column(enum_type(AgreementParty))
    is_substitute: Mapped[bool] = mapped_column(default=False)
    office: Mapped[Office] = mapped_column(enum_type(Office), default=Office.MEMBER)
    note: Mapped[str] = mapped_column(sa.String(300), default="")

    __table_args__ = (
        sa.CheckConstraint("year BETWEEN 2000 AND 2100", name="year_plausible"),
        sa.CheckConstraint("length(name) > 0", name="name_not_empty"),
        sa.CheckConstraint(
            "office = 'member' OR NOT is_substitute", name="substitute_holds_no_office"
        ),
    )

    def __repr__(self) -> str:
        return f"<SteeringMember {self.id} {self.year} {self.name} {self.party.value}>"


class Measure(db.Model):
    """A party's numbered measure (åtgärd / åtagande) with its commitment text."""

    __tablename__ = "measures"

    id: Mapped[int] = mapped_column(primary_key=True)
    party: Mapped[AgreementParty] = mapped_column(enum_type(AgreementParty))
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(300), default="")
    commitment: Mapped[str] = mapped_column(sa.Text)

    reports: Mapped[list[MeasureReport]] = relationship(
        back_populates="measure", cascade="all, delete-orphan", order_by="MeasureReport.year"
    )

    __table_args__ = (
        sa.UniqueConstraint("party", "number", name="uq_measures_party_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    def report_for(self, year: int) -> MeasureReport | None:
        """The progress report of the year, if written."""
        return next((r for r in self.reports if r.year == year), None)

    def __repr__(self) -> str:
        return f"<Measure {self.party.value} {self.number}>"


class MeasureReport(db.Model):
    """A party's yearly progress report (rapportering) on one measure."""

    __tablename__ = "measure_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        sa.ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="reports")

    __table_args__ = (sa.UniqueConstraint("measure_id", "year", name="uq_measure_reports_year"),)

    def __repr__(self) -> str:
        return f"<MeasureReport m={self.measure_id} {self.year}>"
