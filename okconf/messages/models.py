"""A message to a group of registrants (or the reminder before the day) and its recipients."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db


class MessageKind(enum.StrEnum):
    """An organiser's message, sent once; or the conference's reminder, sent by the command."""

    MESSAGE = "message"
    REMINDER = "reminder"


class Message(db.Model):
    """What an organiser wrote to a group, in Swedish and optionally English.

    The texts hold placeholders ({förnamn}, {länk} …) that are filled in for each person when
    the mail worker renders their mail; a draft has no `sent_at`. The reminder (one per
    conference) is sent by `flask okconf send-reminders` `days_before` days before the day.
    """

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MessageKind] = mapped_column(enum_type(MessageKind), default=MessageKind.MESSAGE)
    subject_sv: Mapped[str] = mapped_column(sa.String(200), default="")
    body_sv: Mapped[str] = mapped_column(sa.Text, default="")
    subject_en: Mapped[str] = mapped_column(sa.String(200), default="")
    body_en: Mapped[str] = mapped_column(sa.Text, default="")
    # Who it goes to: a kind of okconf.messages.groups.GROUPS and its value (a sector, a
    # workshop id); "picked" keeps the chosen registrations in `picked_ids`.
    group: Mapped[str] = mapped_column(sa.String(40), default="confirmed")
    group_value: Mapped[str] = mapped_column(sa.String(100), default="")
    picked_ids: Mapped[list | None] = mapped_column(sa.JSON)
    # The reminder: on or off, and how many days before the conference.
    enabled: Mapped[bool] = mapped_column(default=False)
    days_before: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # How many it was sent to (kept when recipients are erased with their registrations).
    recipient_count: Mapped[int] = mapped_column(default=0)

    created_by = relationship("User", foreign_keys=[created_by_id])
    sent_by = relationship("User", foreign_keys=[sent_by_id])

    __table_args__ = (
        # One reminder per conference.
        sa.Index(
            "uq_messages_reminder",
            "conference_id",
            unique=True,
            sqlite_where=sa.text("kind = 'reminder'"),
            postgresql_where=sa.text("kind = 'reminder'"),
        ),
        sa.CheckConstraint("days_before IS NULL OR days_before BETWEEN 1 AND 60", name="days"),
        sa.CheckConstraint("recipient_count >= 0", name="count_not_negative"),
    )

    def subject_for(self, locale: str | None) -> str:
        """The subject in the person's language (Swedish when there is no English)."""
        return self.subject_en if locale == "en" and self.has_english else self.subject_sv

    def body_for(self, locale: str | None) -> str:
        """The text in the person's language (Swedish when there is no English)."""
        return self.body_en if locale == "en" and self.has_english else self.body_sv

    @property
    def has_english(self) -> bool:
        """Whether an English version was written (both subject and text)."""
        return bool(self.subject_en.strip() and self.body_en.strip())

    def __repr__(self) -> str:
        return f"<Message {self.id} {self.kind.value} conf={self.conference_id}>"


class MessageRecipient(db.Model):
    """One person a message went to, and their mail in the outbox (until it is purged)."""

    __tablename__ = "message_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        sa.ForeignKey("messages.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    mail_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("outbox_mails.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    message: Mapped[Message] = relationship()
    registration = relationship("Registration")

    __table_args__ = (
        # Once per person: a second run of the reminder command (or a double click) adds nobody.
        sa.UniqueConstraint("message_id", "registration_id", name="uq_message_recipient"),
    )

    def __repr__(self) -> str:
        return f"<MessageRecipient m={self.message_id} r={self.registration_id}>"
