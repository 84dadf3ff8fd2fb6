"""One invitation: one address invited to one conference, with what has happened since."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, utcnow
from okconf.extensions import db


class Invitation(db.Model):
    """An invitation sent to one email address for one conference.

    The address is stored in lower case and is unique per conference, so the same person is
    never sent the invitation twice (a reminder is recorded in `reminded_at`).
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # Part of the personal link; bumping it makes earlier links stop working.
    link_version: Mapped[int] = mapped_column(default=1)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conference = relationship("Conference")
    organisation = relationship("Organisation")

    __table_args__ = (
        sa.UniqueConstraint("conference_id", "email", name="uq_invitations_conference_email"),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    def __repr__(self) -> str:
        return f"<Invitation {self.id} {self.email} conference {self.conference_id}>"
