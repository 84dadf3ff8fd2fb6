"""Registration rules that need no lock: who may do what and when, validation, counts.

services.py builds on these; its callers may import every name from there.

Long because: the participant's data, its validation and the live counts (per pool, on site
and online) belong together, and each is read by the form, the API and staff alike.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, fields

from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select
from sqlalchemy import inspect as sa_inspect

from okconf import signals
from okconf.clock import today
from okconf.conferences.models import Conference, ItemKind
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import (
    Attendance,
    Registration,
    RegistrationDiet,
    RegistrationStatus,
    WorkshopPreference,
)
from okconf.vocabulary import Diet, OrganisationType, Party

SENSITIVE_FIELDS = ("diets", "diet_other", "accessibility_needs")


class AlreadyRegistered(Conflict):
    """This email already holds a place (or a place in the queue) at the conference."""

    def __init__(self, registration: Registration):
        super().__init__(
            _("This email address is already registered for the conference."), field="email"
        )
        self.registration = registration


class RegistrationClosed(NotAllowed):
    """The registration deadline has passed."""


@dataclass
class Person:
    """Who holds a place: what a substitute fills in."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""
    organisation_name: str = ""
    party: Party = Party.CIVIL_SOCIETY
    org_type: OrganisationType = OrganisationType.CIVIL_SOCIETY_ORG
    is_politician: bool = False
    is_volunteer: bool = False


@dataclass
class ParticipantData(Person):
    """Everything the registration form collects."""

    diets: list[Diet] = field(default_factory=list)
    diet_other: str = ""
    accessibility_needs: str = ""
    wants_exhibition_table: bool = False
    requests_travel_reimbursement: bool = False
    requests_lost_earnings: bool = False
    # Ranked workshop ids per round: {round key: [first wish, second wish, ...]}.
    workshop_wishes: dict = field(default_factory=dict)
    locale: str = "sv"
    # On site or online (a pool of its own); changed later only under the lock (attendance.py).
    attendance: Attendance = Attendance.ON_SITE
    # Places taken by those who come with the participant (a companion who takes a place of
    # their own: 1), counted with the registration (set by register() and the companions
    # feature only).
    companion_places: int = 0
    # The values of other features' parts of the form (okconf/registration/formparts.py), by
    # the name each part chooses, e.g. "answers": the questions' answers by question id,
    # "companion": the companion. A name left out: that feature's data stays as it is.
    extra: dict = field(default_factory=dict)


# --- small rules -----------------------------------------------------------------------------


def normalise_phone(raw: str, region: str = "SE") -> str:
    """A phone number in E.164 form (Swedish numbers without a country code are accepted)."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    return _normalised(raw, region)


@functools.lru_cache(maxsize=1024)
def _normalised(raw: str, region: str) -> str:
    """normalise_phone's work, kept per number: one registration asked it three times (the
    form's check, the services' normalising, apply_data's), each parse about 0.1 ms of CPU.
    A refused number raises each time (lru_cache keeps no exceptions), in the language of
    the request."""
    import phonenumbers  # where numbers are checked: a web worker starts without it (1 MB)

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(
            _("Enter a valid phone number, e.g. 070-123 45 67 or +46 70 123 45 67."),
            field="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_sector(party: Party, org_type: OrganisationType) -> None:
    """The finer type must belong to the chosen sector."""
    if org_type.party is not party:
        raise DomainError(
            _(
                "%(type)s does not belong to the sector %(party)s.",
                type=org_type.label,
                party=party.label,
            ),
            field="org_type",
        )


def registration_open(conference: Conference) -> bool:
    """Open until the end of the deadline day (Stockholm), and only before the conference."""
    if conference.cancelled_at is not None:
        return False
    now = today()
    if conference.registration_deadline and now > conference.registration_deadline:
        return False
    return not (conference.date and now > conference.date)


def can_change_details(registration: Registration) -> bool:
    """Participants change their details until the registration deadline."""
    return registration.status is not RegistrationStatus.CANCELLED and registration_open(
        registration.conference
    )


def can_hand_over_or_cancel(registration: Registration) -> bool:
    """A place can be handed over or cancelled until the day of the conference."""
    conference = registration.conference
    if registration.status is RegistrationStatus.CANCELLED:
        return False
    return not (conference.date and today() > conference.date)


def is_late_cancellation(conference: Conference) -> bool:
    """After the cancellation deadline a cancellation costs the conference's fee."""
    return bool(conference.cancellation_deadline and today() > conference.cancellation_deadline)


def workshop_rounds(conference: Conference) -> list[tuple[str, str, list]]:
    """The conference's workshop rounds: (key, title, open workshops), in programme order."""
    rounds: dict[str, tuple[str, str, list]] = {}
    for item in conference.programme:
        if item.kind is ItemKind.WORKSHOPS:
            rounds[str(item.id)] = (str(item.id), item.title, [])
    loose: list = []
    for workshop in conference.workshops:
        if workshop.cancelled:
            continue
        key = str(workshop.round_id) if workshop.round_id is not None else ""
        if key in rounds:
            rounds[key][2].append(workshop)
        else:
            loose.append(workshop)
    result = [r for r in rounds.values() if r[2]]
    if loose:
        result.append(("0", _("Workshops"), loose))
    return result


def reimbursement_offered(conference: Conference) -> tuple[bool, bool]:
    """(travel, lost earnings): what the conference offers (the reimbursements feature says)."""
    offer = signals.answer(signals.reimbursement_offer, conference)
    return (offer.travel, offer.lost_earnings_offered) if offer is not None else (False, False)


def find_active(conference_id: int, email: str) -> Registration | None:
    """The conference's non-cancelled registration with this email (any letter case)."""
    return db.session.scalar(
        select(Registration)
        .where(
            Registration.conference_id == conference_id,
            func.lower(Registration.email) == email.strip().lower(),
            Registration.status != RegistrationStatus.CANCELLED,
        )
        .order_by(Registration.id)
        .limit(1)
    )


def confirmed_count(conference_id: int, attendance: Attendance | None = None) -> int:
    """Confirmed places, counted live in the database (of one pool, or both)."""
    query = (
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    if attendance is not None:
        query = query.where(Registration.attendance == attendance)
    return db.session.scalar(query)


def online_registrations(conference_id: int) -> int:
    """Registrations that take part online, confirmed or waiting (not cancelled)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.attendance == Attendance.ONLINE,
            Registration.status != RegistrationStatus.CANCELLED,
        )
    )


@functools.cache
def _ahead_in_queue():
    """The count waiting_position sends, built once: a statement made anew costs every call
    its construction and its cache key (about 0.2 ms of CPU); this one's key is kept."""
    return (
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == bindparam("conference_id"),
            Registration.status == RegistrationStatus.WAITING,
            Registration.attendance == bindparam("attendance"),  # each pool has its queue
            (Registration.waiting_since < bindparam("waiting_since"))
            | (
                (Registration.waiting_since == bindparam("waiting_since"))
                & (Registration.id < bindparam("id"))
            ),
        )
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if registration.status is not RegistrationStatus.WAITING:
        return None
    ahead = db.session.scalar(
        _ahead_in_queue(),
        {
            "conference_id": registration.conference_id,
            "attendance": registration.attendance,
            "waiting_since": registration.waiting_since,
            "id": registration.id,
        },
    )
    return ahead + 1


@functools.cache
def _organisation_by_name():
    """match_organisation's query, built once (see _ahead_in_queue)."""
    return (
        select(Organisation.id).where(func.lower(Organisation.name) == bindparam("name")).limit(2)
    )


def match_organisation(name: str) -> int | None:
    """The id of the registry's organisation of exactly this name (any case), if there is
    just one (its id alone: a registration keeps nothing else of it, and loading the row as an
    object cost every registration its ORM work). A new registration on PostgreSQL has it
    from the look ahead instead (locking.look_ahead), in the same round trip."""
    name = name.strip()
    if not name:
        return None
    found = db.session.scalars(_organisation_by_name(), {"name": name.lower()}).all()
    return found[0] if len(found) == 1 else None


def organisation_suggestions(limit: int = 3000) -> list[str]:
    """Names from the registry for the organisation field's suggestions."""
    return list(
        db.session.scalars(
            select(Organisation.name).distinct().order_by(Organisation.name).limit(limit)
        )
    )


# --- validation shared by every way in -----------------------------------------------------


def validate(conference: Conference, data: ParticipantData) -> None:
    """The rules that hold however the data arrives (form, organiser, import)."""
    check_sector(data.party, data.org_type)
    if data.attendance is Attendance.ONLINE and not conference.offers_online:
        raise DomainError(_("This conference offers no online participation."), field="attendance")
    if Diet.OTHER in data.diets and not data.diet_other.strip():
        raise DomainError(_("Describe your other dietary need."), field="diet_other")
    if data.wants_exhibition_table and not conference.exhibition_tables_offered:
        raise DomainError(
            _("This conference offers no exhibition tables."), field="wants_exhibition_table"
        )
    volunteer = data.is_volunteer and data.party is Party.CIVIL_SOCIETY
    from okconf.registration.formsetup import setup as conference_setup

    setup = conference_setup(conference)  # read once per version of the conference
    travel, lost_earnings = setup.offered
    for name, offered in (
        ("requests_travel_reimbursement", travel),
        ("requests_lost_earnings", lost_earnings),
    ):
        if getattr(data, name) and not offered:
            raise DomainError(_("This conference does not offer that."), field=name)
        if getattr(data, name) and not volunteer:
            raise DomainError(
                _("Only volunteers of civil-society organisations can ask for this."),
                field=name,
            )
    signals.registration_validating.send(conference, data=data)
    rounds = {key: {w.id for w in workshops} for key, _title, workshops in setup.round_rows}
    for key, wishes in data.workshop_wishes.items():
        seen = set()
        for rank, workshop_id in enumerate(wishes, start=1):
            target = f"wish_{key}_{rank}"
            if key not in rounds or workshop_id not in rounds[key]:
                raise DomainError(_("Choose a workshop from the list."), field=target)
            if workshop_id in seen:
                raise DomainError(_("You chose this workshop twice."), field=target)
            seen.add(workshop_id)


_LOOK_UP = object()


def apply_data(
    registration: Registration, data: ParticipantData, *, organisation_id=_LOOK_UP
) -> dict:
    """Write the data onto the registration; return {field: (before, after)} of changes.

    `organisation_id` is the registry's match for data.organisation_name (or None) when the
    caller has looked it up already (a new registration does, before taking the lock).
    """
    changes = {}
    simple = [f.name for f in fields(ParticipantData)]
    for name in simple:
        # companion_places is set by register() and the companions feature only; attendance
        # changes later only under the lock (attendance.py).
        if name in (
            "diets",
            "workshop_wishes",
            "locale",
            "extra",
            "companion_places",
            "attendance",
        ):
            continue
        value = getattr(data, name)
        if name == "email":
            value = value.strip().lower()
        if isinstance(value, str):
            value = value.strip()
        before = getattr(registration, name)
        if before != value:
            changes[name] = (before, value)
            setattr(registration, name, value)
    if "phone" in changes:
        registration.phone = normalise_phone(registration.phone)
        changes["phone"] = (changes["phone"][0], registration.phone)
        if changes["phone"][0] == registration.phone:
            del changes["phone"]
    if organisation_id is not _LOOK_UP:
        registration.organisation_id = organisation_id
    elif "organisation_name" in changes or registration.organisation_id is None:
        registration.organisation_id = match_organisation(registration.organisation_name)
    wanted = set(data.diets)
    current = {d.diet for d in registration.diets}
    if wanted != current:
        changes["diets"] = (sorted(current), sorted(wanted))
        registration.diets[:] = [d for d in registration.diets if d.diet in wanted]
        for diet in sorted(wanted - current):
            registration.diets.append(RegistrationDiet(diet=diet))
    if data.workshop_wishes is not None and set_wishes(registration, data.workshop_wishes):
        changes["workshop_wishes"] = (None, None)
    return changes


def set_wishes(registration: Registration, wishes: dict) -> bool:
    """Replace the registration's ranked wishes; True when they changed."""
    wanted = {(wid, rank) for ranked in wishes.values() for rank, wid in enumerate(ranked, 1)}
    existing = []
    stored = sa_inspect(registration).has_identity  # a new one (even with its id) has none
    if stored:
        existing = db.session.scalars(
            select(WorkshopPreference).where(WorkshopPreference.registration_id == registration.id)
        ).all()
    if {(p.workshop_id, p.rank) for p in existing} == wanted:
        return False
    if stored and signals.answer(signals.wishes_closed, registration.conference, False):
        raise DomainError(
            _(
                "The workshops have been assigned and published: your wishes can no "
                "longer be changed. Contact the organiser if you need another workshop."
            )
        )
    if existing:
        for pref in existing:
            db.session.delete(pref)
        db.session.flush()  # the old ranks go before the new ones take their places
    for workshop_id, rank in sorted(wanted, key=lambda w: w[1]):
        db.session.add(
            WorkshopPreference(registration=registration, workshop_id=workshop_id, rank=rank)
        )
    return True


def audit_changes(changes: dict) -> dict:
    """Before/after of changed fields, saying only *that* sensitive ones changed."""
    out = {}
    for name, (before, after) in changes.items():
        if name in SENSITIVE_FIELDS or name in ("workshop_wishes", "answers"):
            out[f"{name}_changed"] = True
        else:
            out[name] = {"before": before, "after": after}
    return out


def closed_message(conference: Conference) -> str:
    """Why the form is closed."""
    from okconf.formatting import format_date

    if conference.cancelled_at is not None:
        return _("The organisers have cancelled this conference; registration is closed.")
    if conference.registration_deadline and today() > conference.registration_deadline:
        return _(
            "Registration closed on %(date)s. Contact the organisers if you still want to come.",
            date=format_date(conference.registration_deadline, "long"),
        )
    return _("The conference has taken place; registration is closed.")
