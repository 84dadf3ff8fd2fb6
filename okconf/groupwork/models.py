"""Group notes (obstacles and opportunities), the wall's link, and anonymous feedback."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship
from wtforms.fields.choices import SelectChoice

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.vocabulary import Party, Principle, Theme

NOTE_MAX_LENGTH = 500


class NoteKind(enum.StrEnum):
    """Whether a note names an obstacle (hinder) or an opportunity (möjlighet)."""

    OBSTACLE = "obstacle"
    OPPORTUNITY = "opportunity"

    @property
    def label(self) -> str:
        """The kind's word in the interface."""
        return str(
            {NoteKind.OBSTACLE: _l("Obstacle"), NoteKind.OPPORTUNITY: _l("Opportunity")}[self]
        )

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as options of a form field."""
        return [SelectChoice(m.value, m.label) for m in cls]


class NoteLink(db.Model):
    """The conference's short public link for posting notes and seeing the wall."""

    __tablename__ = "note_links"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    token: Mapped[str] = mapped_column(sa.String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    conference = relationship("Conference")

    def __repr__(self) -> str:
        return f"<NoteLink conf={self.conference_id}>"


class GroupNote(db.Model):
    """A note from a workshop or table: an obstacle or an opportunity, on a theme."""

    __tablename__ = "group_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    workshop_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="SET NULL"), index=True
    )
    group_label: Mapped[str] = mapped_column(sa.String(120), default="")
    kind: Mapped[NoteKind] = mapped_column(enum_type(NoteKind))
    theme: Mapped[Theme] = mapped_column(enum_type(Theme))
    principle: Mapped[Principle | None] = mapped_column(enum_type(Principle))
    text: Mapped[str] = mapped_column(sa.String(NOTE_MAX_LENGTH))
    hidden: Mapped[bool] = mapped_column(default=False)
    # A duplicate merged into another note points to it and leaves the wall.
    merged_into_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("group_notes.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    workshop = relationship("Workshop")
    merged_into: Mapped[GroupNote | None] = relationship(
        remote_side="GroupNote.id", back_populates="merged"
    )
    merged: Mapped[list[GroupNote]] = relationship(
        back_populates="merged_into", order_by="GroupNote.id"
    )

    __table_args__ = (
        sa.CheckConstraint("length(text) > 0", name="text_not_empty"),
        sa.CheckConstraint("merged_into_id IS NULL OR merged_into_id != id", name="not_self"),
    )

    @property
    def visible(self) -> bool:
        """Shown on the wall and in summaries."""
        return not self.hidden and self.merged_into_id is None

    @property
    def count(self) -> int:
        """How many notes this one stands for (itself and the duplicates merged into it)."""
        return 1 + sum(n.count for n in self.merged)

    @property
    def group(self) -> str:
        """The workshop's title or the free group label."""
        if self.workshop is not None:
            return self.workshop.title
        return self.group_label

    def __repr__(self) -> str:
        return f"<GroupNote {self.id} {self.kind.value} {self.theme.value}>"


def _answer_id() -> str:
    return uuid.uuid4().hex


class FeedbackAnswer(db.Model):
    """One anonymous feedback answer: no link to the person, only the conference and sector.

    The id is random, not a sequence, so the order of answers cannot be matched against
    the order of the receipts.
    """

    __tablename__ = "feedback_answers"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=_answer_id)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[Party] = mapped_column(enum_type(Party))
    knowledge_before: Mapped[int] = mapped_column()
    knowledge_after: Mapped[int] = mapped_column()
    # Principle values, comma separated.
    principles: Mapped[str] = mapped_column(sa.String(200), default="")
    next_steps: Mapped[str] = mapped_column(sa.Text, default="")
    free_text: Mapped[str] = mapped_column(sa.Text, default="")

    __table_args__ = (
        sa.CheckConstraint("knowledge_before BETWEEN 1 AND 5", name="before_1_to_5"),
        sa.CheckConstraint("knowledge_after BETWEEN 1 AND 5", name="after_1_to_5"),
    )

    @property
    def principle_list(self) -> list[Principle]:
        """The principles chosen."""
        return [Principle(p) for p in self.principles.split(",") if p]

    def __repr__(self) -> str:
        return f"<FeedbackAnswer conf={self.conference_id}>"


class FeedbackRequest(db.Model):
    """That a registration was sent the feedback form, and whether it has answered.

    Kept apart from the answers so that nobody can tell which answer is whose.
    """

    __tablename__ = "feedback_requests"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    sent: Mapped[bool] = mapped_column(default=False)
    answered: Mapped[bool] = mapped_column(default=False)

    def __repr__(self) -> str:
        return f"<FeedbackRequest reg={self.registration_id} answered={self.answered}>"
