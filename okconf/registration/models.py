"""Registrations (anmälningar), their dietary needs and their ranked workshop wishes."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.registration import places as _places  # noqa: F401  (the counter's triggers)
from okconf.vocabulary import Diet, OrganisationType, Party

# The rows the one-active-registration-per-address index covers.
ACTIVE_WITH_EMAIL = "status != 'cancelled' AND email != ''"
WAITING = "status = 'waiting'"


class RegistrationStatus(enum.StrEnum):
    """Where a registration stands. Attendance is recorded separately (checked_in_at)."""

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    CANCELLED = "cancelled"


class Attendance(enum.StrEnum):
    """Where a participant takes part: at the venue, or online (a pool of its own)."""

    ON_SITE = "on_site"
    ONLINE = "online"

    @property
    def label(self) -> str:
        """The word in the interface ("På plats" / "Digitalt")."""
        from flask_babel import gettext as _

        return _("On site") if self is Attendance.ON_SITE else _("Online")


class Registration(db.Model):
    """One person's place (or place in the queue) at one conference."""

    __tablename__ = "registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus), default=RegistrationStatus.CONFIRMED, index=True
    )
    # On site or online: each has its own places and its own waiting list.
    attendance: Mapped[Attendance] = mapped_column(
        enum_type(Attendance), default=Attendance.ON_SITE, server_default="on_site"
    )
    # When the mail with the stream link before the start was queued (once per person).
    stream_link_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Order on the waiting list: when the person joined it.
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    organisation_name: Mapped[str] = mapped_column(sa.String(300), default="")
    party: Mapped[Party] = mapped_column(enum_type(Party))
    org_type: Mapped[OrganisationType] = mapped_column(enum_type(OrganisationType))
    is_politician: Mapped[bool] = mapped_column(default=False)
    # Attends as an unpaid volunteer of a civil-society organisation (may claim reimbursement).
    is_volunteer: Mapped[bool] = mapped_column(default=False)
    diet_other: Mapped[str] = mapped_column(sa.String(300), default="")
    accessibility_needs: Mapped[str] = mapped_column(sa.Text, default="")
    wants_exhibition_table: Mapped[bool] = mapped_column(default=False)
    requests_travel_reimbursement: Mapped[bool] = mapped_column(default=False)
    requests_lost_earnings: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str] = mapped_column(sa.String(5), default="sv")
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shown in the conference's participant list (deltagarförteckning) by the person's own
    # choice, and when that choice was last made; cleared by a hand-over, erasure and the purge.
    in_participant_list: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    participant_list_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How many of this registration's companions take a place of their own (0 or 1; the
    # companions feature keeps it with the companion): the places triggers count a confirmed
    # registration as 1 + companion_places.
    companion_places: Mapped[int] = mapped_column(sa.SmallInteger, default=0, server_default="0")
    # Bumped when the place changes hands: earlier personal links stop working.
    link_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    late_cancellation: Mapped[bool] = mapped_column(default=False)
    cancellation_fee_ore: Mapped[int] = mapped_column(default=0)
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when the person's identifying data has been blanked (retention).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    conference = relationship("Conference")
    organisation = relationship("Organisation")
    diets: Mapped[list[RegistrationDiet]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.Index("ix_registrations_conference_email", "conference_id", "email"),
        # One active registration per address and conference, whatever the letter case: the
        # database refuses a duplicate even from a path that does not take the capacity lock.
        # Walk-ins without an address and anonymised registrations have email "".
        sa.Index(
            "uq_registrations_active_email",
            "conference_id",
            sa.func.lower(sa.column("email")),
            unique=True,
            sqlite_where=sa.text(ACTIVE_WITH_EMAIL),
            postgresql_where=sa.text(ACTIVE_WITH_EMAIL),
        ),
        # Each pool's queue in its order: a queue place's position is a count of this index's
        # range before it (rules.waiting_position, places.TAKE_PLACE), not a scan of every
        # waiting registration of every conference.
        sa.Index(
            "ix_registrations_queue",
            "conference_id",
            "attendance",
            "waiting_since",
            "id",
            sqlite_where=sa.text(WAITING),
            postgresql_where=sa.text(WAITING),
        ),
        sa.CheckConstraint("cancellation_fee_ore >= 0", name="fee_not_negative"),
        sa.CheckConstraint("companion_places >= 0", name="companion_places_not_negative"),
        sa.CheckConstraint(
            "status != 'waiting' OR waiting_since IS NOT NULL", name="waiting_has_position"
        ),
    )

    @property
    def full_name(self) -> str:
        """First and last name."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def online(self) -> bool:
        """Takes part online (not counted at the venue: catering, badges, the door)."""
        return self.attendance is Attendance.ONLINE

    @property
    def attended(self) -> bool:
        """Checked in at the door."""
        return self.checked_in_at is not None

    def __repr__(self) -> str:
        return f"<Registration {self.id} conf={self.conference_id} {self.status.value}>"


class RegistrationDiet(db.Model):
    """One dietary need of a registration (special category data, erased on schedule)."""

    __tablename__ = "registration_diets"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    diet: Mapped[Diet] = mapped_column(enum_type(Diet), primary_key=True)

    registration: Mapped[Registration] = relationship(back_populates="diets")

    def __repr__(self) -> str:
        return f"<RegistrationDiet {self.registration_id} {self.diet.value}>"


@sa.event.listens_for(Registration.diets, "append")
@sa.event.listens_for(Registration.diets, "remove")
def _diets_changed(registration, _diet, _initiator):
    """A change of diets changes the registration (its updated_at, which the API's incremental
    sync reads), though its own row has nothing else to update."""
    registration.updated_at = utcnow()


class DuplicateReview(db.Model):
    """An organiser looked at a registration flagged as a likely duplicate and kept it.

    It is not flagged again with the registrations it was then grouped with; a new
    registration that looks like it is (it has no review) flags the group again.
    """

    __tablename__ = "registration_duplicate_reviews"

    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
    )
    reviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    def __repr__(self) -> str:
        return f"<DuplicateReview reg={self.registration_id}>"


class ConferencePlaces(db.Model):
    """A conference's capacity and its confirmed places: the row a registration locks.

    Kept by database triggers (okconf/registration/places.py) in the same transaction as
    every insert, status change and deletion of a registration and every change of the
    conference's capacity, so reading it replaces a count that grows with each registration.
    Organisers' edits of the conference row never wait for it (unless they change capacity).
    """

    __tablename__ = "conference_places"

    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    )
    # A copy of conferences.capacity (None: no limit), read under the same lock as the count.
    capacity: Mapped[int | None] = mapped_column()
    confirmed: Mapped[int] = mapped_column(default=0, server_default="0")
    # The online pool: a copy of conferences.online_capacity (None: not offered) and the
    # confirmed online places (the count above is the venue's).
    online_capacity: Mapped[int | None] = mapped_column()
    online_confirmed: Mapped[int] = mapped_column(default=0, server_default="0")

    __table_args__ = (
        sa.CheckConstraint("confirmed >= 0", name="confirmed_not_negative"),
        sa.CheckConstraint("online_confirmed >= 0", name="online_confirmed_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<ConferencePlaces {self.conference_id} {self.confirmed}/{self.capacity}>"


class WorkshopPreference(db.Model):
    """A participant ranks a workshop: rank 1 is the first wish within its round."""

    __tablename__ = "workshop_preferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    workshop_id: Mapped[int] = mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int] = mapped_column()

    registration = relationship("Registration")
    workshop = relationship("Workshop")

    __table_args__ = (
        sa.UniqueConstraint("registration_id", "workshop_id", name="uq_preference_once"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    def __repr__(self) -> str:
        return f"<WorkshopPreference r={self.registration_id} w={self.workshop_id} #{self.rank}>"
