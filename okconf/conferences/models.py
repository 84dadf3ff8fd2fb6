"""Conference series, conferences, programme items, speakers and workshops."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from okconf.db import UTCDateTime, enum_type, utcnow
from okconf.extensions import db
from okconf.vocabulary import Theme

conference_hosts = sa.Table(
    "conference_hosts",
    db.metadata,
    sa.Column(
        "conference_id", sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column(
        "organisation_id", sa.ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True
    ),
)

conference_organisers = sa.Table(
    "conference_organisers",
    db.metadata,
    sa.Column(
        "conference_id", sa.ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


# The longest conference, in days.
MAX_DAYS = 7


class Series(db.Model):
    """A series of conferences, e.g. "Regionala konferenser hösten 2011"."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    year: Mapped[int | None] = mapped_column()

    conferences: Mapped[list[Conference]] = relationship(
        back_populates="series", order_by="Conference.date"
    )

    def __repr__(self) -> str:
        return f"<Series {self.id} {self.name}>"


class ConferenceState(enum.StrEnum):
    """Whether the public can see the conference."""

    DRAFT = "draft"
    PUBLISHED = "published"


class Conference(db.Model):
    """One regional conference, with every field of its invitation."""

    __tablename__ = "conferences"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("series.id", ondelete="SET NULL"), index=True
    )
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    state: Mapped[ConferenceState] = mapped_column(
        enum_type(ConferenceState), default=ConferenceState.DRAFT
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    guiding_question: Mapped[str] = mapped_column(sa.String(500), default="")
    welcome_text: Mapped[str] = mapped_column(sa.Text, default="")
    date: Mapped[date | None] = mapped_column(sa.Date)
    # The last day of a conference held over several days (at most MAX_DAYS); None for a
    # conference of one day. `date` stays the first day: reminders and deadlines count from it.
    end_date: Mapped[date | None] = mapped_column(sa.Date)
    start_time: Mapped[time | None] = mapped_column(sa.Time)
    end_time: Mapped[time | None] = mapped_column(sa.Time)
    venue_name: Mapped[str] = mapped_column(sa.String(200), default="")
    street_address: Mapped[str] = mapped_column(sa.String(200), default="")
    postcode: Mapped[str] = mapped_column(sa.String(12), default="")
    town: Mapped[str] = mapped_column(sa.String(120), default="")
    target_audience: Mapped[str] = mapped_column(sa.Text, default="")
    # "Ur programmet": one point a line.
    programme_highlights: Mapped[str] = mapped_column(sa.Text, default="")
    price_ore: Mapped[int] = mapped_column(default=0)
    price_includes: Mapped[str] = mapped_column(sa.String(300), default="")
    # How to register, beyond the form: "Anmälan via Länsstyrelsens hemsida", fax, ...
    registration_info: Mapped[str] = mapped_column(sa.Text, default="")
    # "Anmälan är bindande men kan överlåtas till kollega."
    cancellation_terms: Mapped[str] = mapped_column(sa.Text, default="")
    # "Ta kontakt med projektledaren" for a book table.
    exhibition_info: Mapped[str] = mapped_column(sa.Text, default="")
    # "Vi utgår från att samåkning sker", where to send requests, ...
    reimbursement_rules: Mapped[str] = mapped_column(sa.Text, default="")
    moderator: Mapped[str] = mapped_column(sa.String(300), default="")
    contact_name: Mapped[str] = mapped_column(sa.String(200), default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    registration_deadline: Mapped[date | None] = mapped_column(sa.Date)
    cancellation_deadline: Mapped[date | None] = mapped_column(sa.Date)
    late_cancellation_fee_ore: Mapped[int] = mapped_column(default=0)
    # None: no limit.
    capacity: Mapped[int | None] = mapped_column()
    # Digital participation: its own places (None: on site only) and the stream's address,
    # which only online participants and staff see.
    online_capacity: Mapped[int | None] = mapped_column()
    stream_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    exhibition_tables_offered: Mapped[bool] = mapped_column(default=False)
    # Participants may bring a companion or personal assistant (ledsagare), who takes a
    # place of their own in the count only when companions_take_places.
    companions_allowed: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    companions_take_places: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    offers_travel_reimbursement: Mapped[bool] = mapped_column(default=False)
    offers_lost_earnings: Mapped[bool] = mapped_column(default=False)
    min_round_trip_km: Mapped[int] = mapped_column(default=100)
    reimbursement_request_deadline: Mapped[date | None] = mapped_column(sa.Date)
    more_info_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # Set when the organisers call the conference off: it stays on the public pages and in
    # the feeds, marked cancelled, and takes no more registrations.
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The host sites that may show the registration form in a frame: one origin a line
    # ("https://www.lansstyrelsen.se"); everyone else is refused by frame-ancestors.
    embed_origins: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    series: Mapped[Series | None] = relationship(back_populates="conferences")
    hosts = relationship("Organisation", secondary=conference_hosts, order_by="Organisation.name")
    organisers = relationship("User", secondary=conference_organisers, order_by="User.name")
    programme: Mapped[list[ProgrammeItem]] = relationship(
        back_populates="conference",
        cascade="all, delete-orphan",
        order_by="(ProgrammeItem.day, ProgrammeItem.starts_at, ProgrammeItem.position)",
    )
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="conference",
        cascade="all, delete-orphan",
        order_by="(Workshop.position, Workshop.id)",
    )

    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        sa.CheckConstraint(
            "online_capacity IS NULL OR online_capacity >= 0",
            name="online_capacity_not_negative",
        ),
        sa.CheckConstraint("price_ore >= 0", name="price_not_negative"),
        sa.CheckConstraint("late_cancellation_fee_ore >= 0", name="fee_not_negative"),
        sa.CheckConstraint("min_round_trip_km >= 0", name="min_km_not_negative"),
        sa.CheckConstraint(
            "start_time IS NULL OR end_time IS NULL OR end_time > start_time",
            name="ends_after_start",
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR (date IS NOT NULL AND end_date >= date)",
            name="last_day_not_before_first",
        ),
    )

    @property
    def last_day(self) -> date | None:
        """The conference's last day (its only day when it has one)."""
        return self.end_date or self.date

    @property
    def days(self) -> list[date]:
        """Every day of the conference, first to last; empty while no date is set."""
        if self.date is None:
            return []
        last = self.end_date if self.end_date and self.end_date > self.date else self.date
        return [self.date + timedelta(days=n) for n in range((last - self.date).days + 1)]

    @property
    def several_days(self) -> bool:
        """True when the conference spans more than one day."""
        return self.date is not None and self.end_date is not None and self.end_date > self.date

    @property
    def offers_online(self) -> bool:
        """Digital participation is offered (it has places of its own)."""
        return self.online_capacity is not None

    def __repr__(self) -> str:
        return f"<Conference {self.id} {self.slug}>"


class ItemKind(enum.StrEnum):
    """What a programme slot is."""

    SESSION = "session"
    BREAK = "break"
    WORKSHOPS = "workshops"


class ProgrammeItem(db.Model):
    """A time slot of the programme: a talk, a break, or a block of parallel workshops.

    A block of kind WORKSHOPS is a workshop round: its workshops run in parallel.
    """

    __tablename__ = "programme_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ItemKind] = mapped_column(enum_type(ItemKind), default=ItemKind.SESSION)
    # Which day of a conference held over several days (1 is the first). A number, not a
    # date, so the slots move with the conference when its dates change; a slot on a day the
    # conference no longer has is shown on its last day (`on_date`).
    day: Mapped[int] = mapped_column(default=1, server_default="1")
    starts_at: Mapped[time] = mapped_column(sa.Time)
    ends_at: Mapped[time | None] = mapped_column(sa.Time)
    # False when the invitation gives no time for the slot (Sundsvall's programme): the slot
    # keeps its place in the order but shows no clock time.
    show_time: Mapped[bool] = mapped_column(default=True)
    title: Mapped[str] = mapped_column(sa.String(300))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    conference: Mapped[Conference] = relationship(back_populates="programme")
    speakers: Mapped[list[Speaker]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="Speaker.position"
    )
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="round", order_by="(Workshop.position, Workshop.id)"
    )

    __table_args__ = (
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
    )

    @property
    def on_date(self) -> date | None:
        """The slot's date: its day of the conference (the last day when the conference has
        fewer days now); None while the conference has no date."""
        days = self.conference.days
        if not days:
            return None
        return days[min(max(self.day or 1, 1), len(days)) - 1]

    def __repr__(self) -> str:
        return f"<ProgrammeItem {self.id} {self.starts_at} {self.title!r}>"


class Speaker(db.Model):
    """A speaker (medverkande) of a programme item."""

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(200), default="")
    organisation_name: Mapped[str] = mapped_column(sa.String(300), default="")
    position: Mapped[int] = mapped_column(default=0)

    item: Mapped[ProgrammeItem] = relationship(back_populates="speakers")

    def __repr__(self) -> str:
        return f"<Speaker {self.id} {self.name}>"


class Workshop(db.Model):
    """A parallel workshop in a workshop round (a programme block of kind WORKSHOPS)."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        sa.ForeignKey("conferences.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_items.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(300))
    theme: Mapped[Theme | None] = mapped_column(enum_type(Theme))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Inspiratörer: names with their organisations, one a line.
    inspirers: Mapped[str] = mapped_column(sa.Text, default="")
    room: Mapped[str] = mapped_column(sa.String(120), default="")
    capacity: Mapped[int | None] = mapped_column()
    cancelled: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)

    conference: Mapped[Conference] = relationship(back_populates="workshops")
    round: Mapped[ProgrammeItem | None] = relationship(back_populates="workshops")

    __table_args__ = (
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<Workshop {self.id} {self.title!r}>"
