"""The introduction an organiser wrote for one of a conference's mails."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db

# Long enough for a few paragraphs; the facts below it are okconf's.
INTRODUCTION_MAX = 2000


class IntroducedMail(enum.StrEnum):
    """The mails whose introduction an organiser may write."""

    CONFIRMATION = "confirmation"
    WAITING_LIST = "waiting_list"
    REMINDER = "reminder"


class MailIntroduction(db.Model):
    """The opening paragraphs of one mail of one conference, in Swedish and (optionally) English.

    Plain text: blank lines part paragraphs. Empty means okconf's own words. What follows the
    introduction (date, place, the personal link, the fee and reimbursement rules) is always
    written by okconf, so no edit here can leave it out.
    """

    __tablename__ = "mail_introductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    mail: Mapped[IntroducedMail] = mapped_column(enum_type(IntroducedMail, "introduced_mail"))
    text_sv: Mapped[str] = mapped_column(sa.Text, default="")
    text_en: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.UniqueConstraint("conference_id", "mail", name="uq_mail_introduction"),)

    def __repr__(self) -> str:
        return f"<MailIntroduction {self.conference_id} {self.mail.value}>"
