"""The joint report as an edition: its own sections, an editor, states and a version history."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.vocabulary import Principle


class EditionState(enum.StrEnum):
    """Where an edition of the joint report stands."""

    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        """The state's name in the interface."""
        return str(
            {
                EditionState.DRAFT: _l("Draft"),
                EditionState.REVIEW: _l("Under review"),
                EditionState.APPROVED: _l("Approved"),
                EditionState.PUBLISHED: _l("Published"),
            }[self]
        )


def edition_sections() -> list[tuple[str, object]]:
    """The edition's own sections in the seed's order: (key, label); the labels are lazy,
    so forms may build their fields at import time."""
    return [
        ("foreword", _l("Foreword")),
        ("introduction", _l("Introduction")),
        ("who_came", _l("Who came?")),
        ("likenesses", _l("Likenesses and differences")),
        *[(f"principle_{p.value}", LazyString(lambda p=p: p.label)) for p in Principle],
        ("conclusions", _l("Conclusions")),
    ]


edition_conferences = sa.Table(
    "edition_conferences",
    db.Model.metadata,
    sa.Column(
        "edition_id", sa.ForeignKey("report_editions.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "conference_id", sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    ),
)


class ReportEdition(db.Model):
    """One edition of a joint report, e.g. the report on the four conferences of autumn 2011."""

    __tablename__ = "report_editions"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    # "Hösten 2011": shown on the cover.
    season: Mapped[str] = mapped_column(sa.String(100), default="")
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    # The foreword's signature: "Stockholm i maj 2012" and "Styrgruppen för …".
    signed_place_date: Mapped[str] = mapped_column(sa.String(200), default="")
    signed_by: Mapped[str] = mapped_column(sa.String(300), default="")
    state: Mapped[EditionState] = mapped_column(enum_type(EditionState), default=EditionState.DRAFT)
    editor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # key -> text, for the keys of edition_sections().
    sections: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # The whole document as published, so later registrations cannot change it.
    snapshot: Mapped[dict | None] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    series = relationship("Series")
    editor = relationship("User")
    conferences = relationship(
        "Conference", secondary=edition_conferences, order_by="(Conference.date, Conference.id)"
    )
    versions: Mapped[list[EditionVersion]] = relationship(
        back_populates="edition",
        cascade="all, delete-orphan",
        order_by="EditionVersion.number",
    )

    __table_args__ = (
        sa.CheckConstraint("length(title) > 0", name="title_not_empty"),
        sa.CheckConstraint(
            "state != 'published' OR (published_at IS NOT NULL AND snapshot IS NOT NULL)",
            name="published_is_frozen",
        ),
    )

    def text(self, key: str) -> str:
        """One section's text ("" when not written)."""
        return (self.sections or {}).get(key, "")

    def __repr__(self) -> str:
        return f"<ReportEdition {self.id} {self.state.value} {self.title!r}>"


class EditionVersion(db.Model):
    """The sections as one save left them, by whom and when (the version history)."""

    __tablename__ = "edition_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(
        sa.ForeignKey("report_editions.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Kept as text too, so the history still names the author if the account goes.
    author_name: Mapped[str] = mapped_column(sa.String(200), default="")
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    sections: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    edition: Mapped[ReportEdition] = relationship(back_populates="versions")

    __table_args__ = (
        sa.UniqueConstraint("edition_id", "number", name="uq_edition_versions_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    def __repr__(self) -> str:
        return f"<EditionVersion {self.edition_id} v{self.number}>"
