"""Conference rules: saving, publishing, copying, what the public sees, registration state.

Long because: saving, publishing and copying a conference share the invitation's fields and
their checks (INVITATION_FIELDS, check_invitation), which would otherwise be imported back and
forth between modules.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from okconf import audit, signals
from okconf.clock import today
from okconf.conferences.models import (
    MAX_DAYS,
    Conference,
    ConferenceState,
    ProgrammeItem,
    Series,
    Speaker,
    Workshop,
)
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.formatting import format_date
from okconf.signals import conference_copied

# The invitation's fields an organiser edits (and a copy takes along), in form order.
INVITATION_FIELDS = (
    "title",
    "guiding_question",
    "welcome_text",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "venue_name",
    "street_address",
    "postcode",
    "town",
    "target_audience",
    "programme_highlights",
    "price_ore",
    "price_includes",
    "contact_name",
    "contact_email",
    "contact_phone",
    "registration_deadline",
    "registration_info",
    "cancellation_deadline",
    "late_cancellation_fee_ore",
    "cancellation_terms",
    "capacity",
    "online_capacity",
    "stream_url",
    "exhibition_tables_offered",
    "exhibition_info",
    "companions_allowed",
    "companions_take_places",
    "offers_travel_reimbursement",
    "offers_lost_earnings",
    "min_round_trip_km",
    "reimbursement_request_deadline",
    "reimbursement_rules",
    "more_info_url",
)
DATE_FIELDS = ("date", "end_date", "registration_deadline", "cancellation_deadline")
DATE_FIELDS_CLEARED_ON_COPY = (*DATE_FIELDS, "reimbursement_request_deadline")


def public_conferences() -> tuple[list[Conference], list[Conference]]:
    """Published conferences: (upcoming soonest first, past latest first)."""
    conferences = db.session.scalars(
        select(Conference).where(Conference.state == ConferenceState.PUBLISHED)
    ).all()
    now = today()
    upcoming = sorted(
        (c for c in conferences if c.date and c.last_day >= now), key=lambda c: c.date
    )
    past = sorted(
        (c for c in conferences if c.date and c.last_day < now), key=lambda c: c.date, reverse=True
    )
    return upcoming, past


def published_conference(slug: str) -> Conference | None:
    """The published conference with this slug, or None (drafts are not public)."""
    # The public page, its PDF and calendar files show every slot's speakers and workshops:
    # load them with the conference, not one query per slot.
    conference = db.session.scalar(
        select(Conference)
        .options(
            selectinload(Conference.hosts),
            selectinload(Conference.programme).selectinload(ProgrammeItem.speakers),
            selectinload(Conference.programme).selectinload(ProgrammeItem.workshops),
        )
        .where(Conference.slug == slug)
    )
    if conference is None or conference.state is not ConferenceState.PUBLISHED:
        return None
    return conference


def managed_conferences(user) -> list[Conference]:
    """The conferences the user may manage: all for admins, their own for organisers."""
    from okconf.accounts.models import Role
    from okconf.conferences.models import conference_organisers

    # The list shows each conference's series: load them together, not one query per row.
    query = (
        select(Conference)
        .options(selectinload(Conference.series))
        .order_by(Conference.date.desc().nulls_first(), Conference.id)
    )
    if user.role is not Role.ADMIN:
        query = query.join(conference_organisers).where(conference_organisers.c.user_id == user.id)
    return list(db.session.scalars(query))


# --- slugs and series -------------------------------------------------------------------------


def slugify(text: str) -> str:
    """A URL-safe slug: "Köping 2012" -> "koping-2012"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:100] or "konferens"


def unique_slug(base: str, exclude_id: int | None = None) -> str:
    """`base`, or `base-2`, `base-3` ... whichever no other conference uses."""
    slug, n = base, 1
    while True:
        query = select(Conference.id).where(Conference.slug == slug)
        if exclude_id is not None:
            query = query.where(Conference.id != exclude_id)
        if db.session.scalar(query) is None:
            return slug
        n += 1
        slug = f"{base}-{n}"


def get_or_create_series(name: str, year: int | None = None) -> Series:
    """The series with this name, created when new."""
    name = name.strip()
    if not name:
        raise DomainError(_("Give the series a name."), field="new_series")
    series = db.session.scalar(select(Series).where(func.lower(Series.name) == name.lower()))
    if series is None:
        series = Series(name=name, year=year)
        db.session.add(series)
        db.session.flush()
    return series


# --- saving -----------------------------------------------------------------------------------


def check_invitation(values: dict) -> None:
    """The rules between an invitation's fields; raises DomainError naming the field."""
    start, end = values.get("start_time"), values.get("end_time")
    if start and end and end <= start:
        raise DomainError(_("The conference must end after it starts."), field="end_time")
    day = values.get("date")
    last = values.get("end_date")
    if last is not None:
        if day is None:
            raise DomainError(_("Give the first day too."), field="date")
        if last < day:
            raise DomainError(_("The last day cannot be before the first day."), field="end_date")
        if (last - day).days + 1 > MAX_DAYS:
            raise DomainError(
                _("A conference lasts at most %(days)d days.", days=MAX_DAYS), field="end_date"
            )
    for name, message in (
        ("registration_deadline", _("The registration deadline must be on or before the day.")),
        ("cancellation_deadline", _("The cancellation deadline must be on or before the day.")),
        (
            "reimbursement_request_deadline",
            _("The deadline for reimbursement requests must be on or before the day."),
        ),
    ):
        value = values.get(name)
        if day and value and value > day:
            raise DomainError(message, field=name)
    for name in ("price_ore", "late_cancellation_fee_ore", "min_round_trip_km"):
        if (values.get(name) or 0) < 0:
            raise DomainError(_("The value cannot be negative."), field=name)
    if values.get("capacity") is not None and values["capacity"] < 0:
        raise DomainError(_("The capacity cannot be negative."), field="capacity")
    if values.get("online_capacity") is not None and values["online_capacity"] < 0:
        raise DomainError(_("The capacity cannot be negative."), field="online_capacity")
    stream_url = values.get("stream_url") or ""
    if stream_url and not stream_url.lower().startswith("https://"):
        raise DomainError(_("The link must start with https://."), field="stream_url")


def invitation_warnings(conference: Conference | None, values: dict) -> list[tuple[str, str]]:
    """Changes that override an earlier decision, as (field, message): the organiser sees them
    and saves anyway, or corrects the form. Nothing here is an error; check_invitation is."""
    warnings = []

    def changed(*names: str) -> bool:
        return conference is None or any(
            name in values and values[name] != getattr(conference, name) for name in names
        )

    registration, cancellation = (
        values.get("registration_deadline"),
        values.get("cancellation_deadline"),
    )
    if (
        registration
        and cancellation
        and cancellation < registration
        and changed("registration_deadline", "cancellation_deadline")
    ):
        # The seed's invitations do this on purpose ("avanmälan innan den 6 oktober", with
        # registration open until the 6th): a warning, not an error.
        warnings.append(
            (
                "cancellation_deadline",
                _(
                    "Free cancellation ends (%(cancel)s) before registration closes "
                    "(%(register)s): people who register after %(cancel)s cannot cancel "
                    "free of charge.",
                    cancel=format_date(cancellation),
                    register=format_date(registration),
                ),
            )
        )
    if (
        registration
        and cancellation
        and cancellation > registration
        and changed("registration_deadline", "cancellation_deadline")
    ):
        warnings.append(
            (
                "cancellation_deadline",
                _(
                    "Free cancellation (until %(cancel)s) lasts longer than registration "
                    "(until %(register)s): people can cancel free of charge when nobody new "
                    "can register any more.",
                    cancel=format_date(cancellation),
                    register=format_date(registration),
                ),
            )
        )
    if conference is None:
        return warnings
    capacity = values.get("capacity")
    if capacity is not None and changed("capacity"):
        confirmed = confirmed_count(conference, "on_site")
        if capacity < confirmed:
            warnings.append(
                (
                    "capacity",
                    _(
                        "%(confirmed)d people already have a confirmed place; the new number "
                        "of places is %(capacity)d. Nobody loses their place; new "
                        "registrations go to the waiting list.",
                        confirmed=confirmed,
                        capacity=capacity,
                    ),
                )
            )
    return warnings


def save_conference(
    conference: Conference | None,
    values: dict,
    *,
    actor,
    slug: str = "",
    series: Series | None = None,
    hosts: list | None = None,
    organisers: list | None = None,
) -> Conference:
    """Create (conference None) or update a conference from the invitation's fields."""
    check_invitation(values)
    if values.get("end_date") is not None and values["end_date"] == values.get("date"):
        values = {**values, "end_date": None}  # one day: no last day of its own
    creating = conference is None
    # The web address is settled before the new row joins the session (no premature flush).
    wanted = slugify(slug) if slug.strip() else None
    if wanted is None and creating:
        wanted = unique_slug(slugify(f"{values.get('town') or values['title']}-{_year(values)}"))
    current_id = None if creating else conference.id
    changed = wanted is not None and (creating or wanted != conference.slug)
    if changed and unique_slug(wanted, exclude_id=current_id) != wanted:
        raise Conflict(_("Another conference already uses this web address."), field="slug")
    old_capacity = None if creating else conference.capacity
    old_companion_rule = None if creating else conference.companions_take_places
    old_online = None if creating else conference.online_capacity
    if not creating and "online_capacity" in values and values["online_capacity"] is None:
        _check_online_ends(conference)
    if creating:
        conference = Conference(state=ConferenceState.DRAFT, slug=wanted)
        db.session.add(conference)
    elif wanted is not None:
        conference.slug = wanted
    for name in INVITATION_FIELDS:
        if name in values:
            setattr(conference, name, values[name])
    conference.series = series
    if hosts is not None:
        conference.hosts = list(hosts)
    if organisers is not None:
        conference.organisers = list(organisers)
    if creating and actor is not None and actor not in conference.organisers:
        from okconf.accounts.models import Role

        if actor.role is Role.ORGANISER:
            conference.organisers.append(actor)
    db.session.flush()
    audit.record("conference.created" if creating else "conference.updated", conference)
    if not creating and old_companion_rule != conference.companions_take_places:
        signals.companion_rule_changed.send(conference)
    if not creating and (
        _more_places(old_capacity, conference.capacity)
        or _more_places(old_online, conference.online_capacity)
    ):
        signals.capacity_changed.send(conference)
    return conference


def _check_online_ends(conference: Conference) -> None:
    """Online participation cannot be withdrawn while people hold (or wait for) it."""
    if conference.online_capacity is None:
        return
    online = signals.answer(signals.online_registrations, conference, 0)
    if online:
        raise Conflict(
            _(
                "%(count)d people take part online (or wait for an online place). Move them "
                "on site or cancel their registrations before you stop offering online places.",
                count=online,
            ),
            field="online_capacity",
        )


def _more_places(before: int | None, after: int | None) -> bool:
    """Whether a capacity change frees places (None means no limit)."""
    if before is None:
        return False
    return after is None or after > before


def _year(values: dict) -> str:
    day = values.get("date")
    return str(day.year) if day else str(today().year)


def publish(conference: Conference, *, actor) -> None:
    """Make the conference public; it needs a date, times, a venue and a town first."""
    missing = [
        label
        for name, label in (
            ("date", _("date")),
            ("start_time", _("start time")),
            ("end_time", _("end time")),
            ("venue_name", _("venue")),
            ("town", _("town")),
        )
        if not getattr(conference, name)
    ]
    if missing:
        raise DomainError(_("Fill in %(fields)s before publishing.", fields=", ".join(missing)))
    conference.state = ConferenceState.PUBLISHED
    db.session.flush()
    audit.record("conference.published", conference)


def unpublish(conference: Conference, *, actor) -> None:
    """Take the conference off the public pages (back to draft)."""
    conference.state = ConferenceState.DRAFT
    db.session.flush()
    audit.record("conference.unpublished", conference)


def copy_conference(source: Conference, *, actor) -> Conference:
    """A draft copy to start the next conference: programme, workshops and hosts included,
    every date cleared, a new web address."""
    copy = Conference(
        state=ConferenceState.DRAFT, slug=unique_slug(f"{slugify(source.slug)}-kopia")
    )
    db.session.add(copy)
    for name in INVITATION_FIELDS:
        setattr(copy, name, getattr(source, name))
    for name in DATE_FIELDS_CLEARED_ON_COPY:
        setattr(copy, name, None)
    copy.stream_url = ""  # each conference has its own stream
    copy.moderator = source.moderator
    copy.series = source.series
    copy.hosts = list(source.hosts)
    copy.organisers = list(source.organisers)
    from okconf.accounts.models import Role

    if actor is not None and actor.role is Role.ORGANISER and actor not in copy.organisers:
        copy.organisers.append(actor)
    rounds = {}
    for item in source.programme:
        new_item = ProgrammeItem(
            kind=item.kind,
            day=item.day,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            show_time=item.show_time,
            title=item.title,
            description=item.description,
            position=item.position,
            speakers=[
                Speaker(
                    name=s.name,
                    role=s.role,
                    organisation_name=s.organisation_name,
                    position=s.position,
                )
                for s in item.speakers
            ],
        )
        copy.programme.append(new_item)
        rounds[item.id] = new_item
    for workshop in source.workshops:
        copy.workshops.append(
            Workshop(
                round=rounds.get(workshop.round_id),
                title=workshop.title,
                theme=workshop.theme,
                description=workshop.description,
                inspirers=workshop.inspirers,
                room=workshop.room,
                capacity=workshop.capacity,
                position=workshop.position,
            )
        )
    db.session.flush()
    conference_copied.send(copy, source=source)
    audit.record("conference.copied", copy, source_id=source.id)
    return copy


# --- registration state -----------------------------------------------------------------------


class RegistrationState(enum.StrEnum):
    """Whether people can register, as the public page shows it."""

    OPEN = "open"
    FULL = "full"
    CLOSED = "closed"
    PAST = "past"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """The badge's word."""
        return str(
            {
                RegistrationState.OPEN: _l("Registration open"),
                RegistrationState.FULL: _l("Full – waiting list"),
                RegistrationState.CLOSED: _l("Registration closed"),
                RegistrationState.PAST: _l("Past conference"),
                RegistrationState.CANCELLED: _l("Cancelled"),
            }[self]
        )

    @property
    def explanation(self) -> str:
        """What the state means for a visitor."""
        return str(
            {
                RegistrationState.OPEN: _l("You can register for this conference."),
                RegistrationState.FULL: _l(
                    "Every place is taken. You can register for the waiting list; "
                    "you get a place if someone cancels."
                ),
                RegistrationState.CLOSED: _l("The registration deadline has passed."),
                RegistrationState.PAST: _l("This conference has already taken place."),
                RegistrationState.CANCELLED: _l(
                    "The organisers have cancelled this conference. It will not take place."
                ),
            }[self]
        )


def confirmed_count(conference: Conference, attendance: str | None = None) -> int:
    """How many confirmed registrations the conference has (in one pool: "on_site" counts
    against `capacity`, "online" against `online_capacity`; None: both). Registration
    answers."""
    return signals.answer(signals.confirmed_places, conference, 0, attendance=attendance)


def registration_state(conference: Conference, on: date | None = None) -> RegistrationState:
    """Open, full (waiting list), closed (deadline passed or not published) or past."""
    on = on or today()
    if conference.cancelled_at is not None:
        return RegistrationState.CANCELLED
    if conference.date is not None and conference.last_day < on:
        return RegistrationState.PAST
    if conference.state is not ConferenceState.PUBLISHED:
        return RegistrationState.CLOSED
    if conference.registration_deadline is not None and conference.registration_deadline < on:
        return RegistrationState.CLOSED
    if (
        conference.capacity is not None
        and confirmed_count(conference, "on_site") >= conference.capacity
    ):
        return RegistrationState.FULL
    return RegistrationState.OPEN
