"""The conference's own questions (egna frågor) on its registration form, and the answers."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class QuestionKind(enum.StrEnum):
    """What kind of answer a question takes."""

    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    ONE_CHOICE = "one_choice"
    SEVERAL_CHOICES = "several_choices"
    YES_NO = "yes_no"
    NUMBER = "number"
    DATE = "date"

    @property
    def label(self):
        """The kind as organisers see it."""
        return {
            "short_text": _l("Short text"),
            "long_text": _l("Long text"),
            "one_choice": _l("One choice"),
            "several_choices": _l("Several choices"),
            "yes_no": _l("Yes or no"),
            "number": _l("A number"),
            "date": _l("Date"),
        }[self.value]

    @property
    def has_options(self) -> bool:
        """Choice questions have options."""
        return self in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)

    @property
    def is_countable(self) -> bool:
        """Answers that can be counted per value (dashboard, statistics, conditions)."""
        return self.has_options or self is QuestionKind.YES_NO


class Question(db.Model):
    """One question of a conference's registration form, in Swedish and optionally English."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[QuestionKind] = mapped_column(enum_type(QuestionKind))
    label_sv: Mapped[str] = mapped_column(sa.String(300))
    label_en: Mapped[str] = mapped_column(sa.String(300), default="")
    help_sv: Mapped[str] = mapped_column(sa.String(1000), default="")
    help_en: Mapped[str] = mapped_column(sa.String(1000), default="")
    required: Mapped[bool] = mapped_column(default=False)
    # Hidden questions are not on the form; their answers stay for the exports.
    hidden: Mapped[bool] = mapped_column(default=False)
    # Answers are special-category data: shown only where diets are, purged with them.
    sensitive: Mapped[bool] = mapped_column(default=False)
    # Shown only when the answer to an earlier question has this value: "yes"/"no" for a
    # yes/no question, an option's id for a choice question.
    condition_question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    condition_value: Mapped[str | None] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    options: Mapped[list[QuestionOption]] = relationship(
        back_populates="question",
        cascade="all, delete-orphan",
        order_by="QuestionOption.position",
    )
    condition_question: Mapped[Question | None] = relationship(remote_side=[id])
    conference = relationship("Conference")

    __table_args__ = (
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
        sa.CheckConstraint("label_sv != ''", name="has_swedish_label"),
        sa.CheckConstraint(
            "(condition_question_id IS NULL) = (condition_value IS NULL)",
            name="condition_complete",
        ),
        sa.CheckConstraint(
            "condition_question_id IS NULL OR condition_question_id != id",
            name="condition_not_itself",
        ),
    )

    def label(self, locale: str | None = "sv") -> str:
        """The question in this language (Swedish when there is no English)."""
        if str(locale or "sv").startswith("en") and self.label_en:
            return self.label_en
        return self.label_sv

    def help(self, locale: str | None = "sv") -> str:
        """The help text in this language (Swedish when there is no English)."""
        if str(locale or "sv").startswith("en") and self.help_en:
            return self.help_en
        return self.help_sv

    @property
    def field_name(self) -> str:
        """The name of its field on the registration form."""
        return f"question_{self.id}"

    def __repr__(self) -> str:
        return f"<Question {self.id} conf={self.conference_id} {self.kind.value}>"


class QuestionOption(db.Model):
    """One option of a choice question."""

    __tablename__ = "question_options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    label_sv: Mapped[str] = mapped_column(sa.String(200))
    label_en: Mapped[str] = mapped_column(sa.String(200), default="")

    question: Mapped[Question] = relationship(back_populates="options")

    __table_args__ = (
        sa.CheckConstraint("label_sv != ''", name="has_swedish_label"),
        sa.CheckConstraint("position >= 0", name="position_not_negative"),
    )

    def label(self, locale: str | None = "sv") -> str:
        """The option in this language (Swedish when there is no English)."""
        if str(locale or "sv").startswith("en") and self.label_en:
            return self.label_en
        return self.label_sv

    def __repr__(self) -> str:
        return f"<QuestionOption {self.id} q={self.question_id}>"


class Answer(db.Model):
    """A registration's answer to one question.

    Text, number, date and yes/no answers are in `value` (a number as written with a point,
    a date as YYYY-MM-DD, yes/no as "yes"/"no"); the chosen options of a choice question are
    rows of AnswerOption. A question with answers is not deleted, only hidden (editor.py);
    the cascades are for deleting a whole conference.
    """

    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    question: Mapped[Question] = relationship()
    chosen: Mapped[list[AnswerOption]] = relationship(
        back_populates="answer", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("registration_id", "question_id", name="one_answer_per_question"),
    )

    def __repr__(self) -> str:
        return f"<Answer {self.id} reg={self.registration_id} q={self.question_id}>"


class AnswerOption(db.Model):
    """An option chosen in an answer (the editor keeps an option someone chose)."""

    __tablename__ = "question_answer_options"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question_answers.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        sa.ForeignKey("question_options.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    answer: Mapped[Answer] = relationship(back_populates="chosen")
    option: Mapped[QuestionOption] = relationship()

    def __repr__(self) -> str:
        return f"<AnswerOption a={self.answer_id} o={self.option_id}>"


class PurgedAnswerCount(db.Model):
    """How many answers with a value were purged (sensitive questions): the counts stay.

    `value` is an option's id or "yes"/"no"; the dashboard and statistics add these to the
    answers still held.
    """

    __tablename__ = "question_purged_counts"

    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)

    __table_args__ = (sa.CheckConstraint("count >= 0", name="count_not_negative"),)

    def __repr__(self) -> str:
        return f"<PurgedAnswerCount q={self.question_id} {self.value}={self.count}>"
