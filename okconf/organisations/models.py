"""Organisations and their contact people."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.vocabulary import OrganisationType, Party


class Organisation(db.Model):
    """An organisation, municipality, region, agency or company in the registry."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    org_type: Mapped[OrganisationType] = mapped_column(enum_type(OrganisationType))
    party: Mapped[Party] = mapped_column(enum_type(Party))
    town: Mapped[str] = mapped_column(sa.String(120), default="")
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    # When the organisation signed the Agreement (None: it has not).
    signed_agreement_on: Mapped[date | None] = mapped_column(sa.Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Kept by the ORM (onupdate), for the API's incremental sync (updated_since).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contacts: Mapped[list[ContactPerson]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="ContactPerson.id"
    )

    __table_args__ = (
        sa.UniqueConstraint("name", "town", name="uq_organisations_name_town"),
        sa.CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class ContactPerson(db.Model):
    """A person to contact at an organisation (receives invitations)."""

    __tablename__ = "contact_people"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    title: Mapped[str] = mapped_column(sa.String(200), default="")

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")

    def __repr__(self) -> str:
        return f"<ContactPerson {self.id} {self.name}>"
