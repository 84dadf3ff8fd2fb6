"""Registration rules: sign-up, capacity and waiting list, changes, substitutes, cancellation.

Services take models and plain values, raise DomainError subclasses with readable messages,
queue their mails and only flush(); the view commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import phonenumbers
from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf import audit
from okconf.conferences.models import Conference, ItemKind
from okconf.conferences.services import today
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration import locking, mails
from okconf.registration.locking import Busy  # noqa: F401 - part of this module's API
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.workshops.models import WorkshopPreference

# Fields whose values are special category data: the audit log says they changed, not how.
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


# --- small rules -----------------------------------------------------------------------------


def normalise_phone(raw: str, region: str = "SE") -> str:
    """A phone number in E.164 form (Swedish numbers without a country code are accepted)."""
    raw = (raw or "").strip()
    if not raw:
        return ""
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


def confirmed_count(conference_id: int) -> int:
    """Confirmed places, counted live in the database."""
    return db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def waiting_position(registration: Registration) -> int | None:
    """1 for the first in the queue; None when not waiting."""
    if registration.status is not RegistrationStatus.WAITING:
        return None
    ahead = db.session.scalar(
        select(func.count())
        .select_from(Registration)
        .where(
            Registration.conference_id == registration.conference_id,
            Registration.status == RegistrationStatus.WAITING,
            (Registration.waiting_since < registration.waiting_since)
            | (
                (Registration.waiting_since == registration.waiting_since)
                & (Registration.id < registration.id)
            ),
        )
    )
    return ahead + 1


def _match_organisation(name: str) -> Organisation | None:
    """The registry's organisation of exactly this name (any case), if there is just one."""
    name = name.strip()
    if not name:
        return None
    found = db.session.scalars(
        select(Organisation).where(func.lower(Organisation.name) == name.lower()).limit(2)
    ).all()
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
    if Diet.OTHER in data.diets and not data.diet_other.strip():
        raise DomainError(_("Describe your other dietary need."), field="diet_other")
    if data.wants_exhibition_table and not conference.exhibition_tables_offered:
        raise DomainError(
            _("This conference offers no exhibition tables."), field="wants_exhibition_table"
        )
    volunteer = data.is_volunteer and data.party is Party.CIVIL_SOCIETY
    for name, offered in (
        ("requests_travel_reimbursement", conference.offers_travel_reimbursement),
        ("requests_lost_earnings", conference.offers_lost_earnings),
    ):
        if getattr(data, name) and not offered:
            raise DomainError(_("This conference does not offer that."), field=name)
        if getattr(data, name) and not volunteer:
            raise DomainError(
                _("Only volunteers of civil-society organisations can ask for this."),
                field=name,
            )
    rounds = {
        key: {w.id for w in workshops} for key, _title, workshops in workshop_rounds(conference)
    }
    for key, wishes in data.workshop_wishes.items():
        seen = set()
        for rank, workshop_id in enumerate(wishes, start=1):
            target = f"wish_{key}_{rank}"
            if key not in rounds or workshop_id not in rounds[key]:
                raise DomainError(_("Choose a workshop from the list."), field=target)
            if workshop_id in seen:
                raise DomainError(_("You chose this workshop twice."), field=target)
            seen.add(workshop_id)


def _apply(registration: Registration, data: ParticipantData) -> dict:
    """Write the data onto the registration; return {field: (before, after)} of changes."""
    changes = {}
    simple = [f.name for f in fields(ParticipantData)]
    for name in simple:
        if name in ("diets", "workshop_wishes", "locale"):
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
    if "organisation_name" in changes or registration.organisation_id is None:
        org = _match_organisation(registration.organisation_name)
        registration.organisation_id = org.id if org else None
    wanted = set(data.diets)
    current = {d.diet for d in registration.diets}
    if wanted != current:
        changes["diets"] = (sorted(current), sorted(wanted))
        registration.diets[:] = [d for d in registration.diets if d.diet in wanted]
        for diet in sorted(wanted - current):
            registration.diets.append(RegistrationDiet(diet=diet))
    if data.workshop_wishes is not None and _set_wishes(registration, data.workshop_wishes):
        changes["workshop_wishes"] = (None, None)
    return changes


def _set_wishes(registration: Registration, wishes: dict) -> bool:
    """Replace the registration's ranked wishes; True when they changed."""
    wanted = {(wid, rank) for ranked in wishes.values() for rank, wid in enumerate(ranked, 1)}
    existing = []
    if registration.id is not None:
        existing = db.session.scalars(
            select(WorkshopPreference).where(WorkshopPreference.registration_id == registration.id)
        ).all()
    if {(p.workshop_id, p.rank) for p in existing} == wanted:
        return False
    for pref in existing:
        db.session.delete(pref)
    db.session.flush()
    for workshop_id, rank in sorted(wanted, key=lambda w: w[1]):
        db.session.add(
            WorkshopPreference(registration=registration, workshop_id=workshop_id, rank=rank)
        )
    return True


def audit_changes(changes: dict) -> dict:
    """Before/after of changed fields, saying only *that* sensitive ones changed."""
    out = {}
    for name, (before, after) in changes.items():
        if name in SENSITIVE_FIELDS:
            out[f"{name}_changed"] = True
        elif name == "workshop_wishes":
            out["workshop_wishes_changed"] = True
        else:
            out[name] = {"before": before, "after": after}
    return out


# --- capacity and the waiting list -----------------------------------------------------------


def register(
    conference: Conference,
    data: ParticipantData,
    *,
    by_staff: bool = False,
    override_deadline: bool = False,
    override_capacity: bool = False,
) -> Registration:
    """Create a registration: a confirmed place while there is room, else a place in the queue.

    The conference's places are locked for the rest of the transaction (see locking.py), the
    duplicate check and the count run under the lock, and the confirmation is queued.
    Raises RegistrationClosed, AlreadyRegistered, Busy or DomainError.
    """
    if not registration_open(conference) and not (by_staff and override_deadline):
        raise RegistrationClosed(closed_message(conference))
    validate(conference, data)
    phone = normalise_phone(data.phone)
    capacity = locking.lock_conference(conference.id)
    existing = find_active(conference.id, data.email)
    if existing is not None:
        raise AlreadyRegistered(existing)
    full = capacity is not None and confirmed_count(conference.id) >= capacity
    if locking.after_count_hook is not None:
        locking.after_count_hook()
    registration = Registration(
        conference=conference,
        first_name="",
        last_name="",
        email="",
        party=data.party,
        org_type=data.org_type,
        locale=data.locale,
        consent_at=None if by_staff else utcnow(),
    )
    if full and not (by_staff and override_capacity):
        registration.status = RegistrationStatus.WAITING
        registration.waiting_since = utcnow()
    else:
        registration.status = RegistrationStatus.CONFIRMED
    db.session.add(registration)
    _apply(registration, ParticipantData(**{**data.__dict__, "phone": phone}))
    db.session.flush()
    position = waiting_position(registration)
    mails.send_confirmation(registration, position)
    audit.record(
        "registration.created",
        registration,
        actor="" if by_staff else "participant",
        status=registration.status.value,
        over_capacity=bool(full and by_staff and override_capacity),
        after_deadline=not registration_open(conference),
    )
    _after_registration(registration)
    return registration


def submit_public(conference: Conference, data: ParticipantData) -> tuple[Registration, bool]:
    """A participant sends the form: (registration, True) when a place or queue place was
    made; (existing, False) when the email was registered already, whose link is mailed again.
    """
    try:
        return register(conference, data), True
    except AlreadyRegistered as error:
        mails.send_link(error.registration)
        return error.registration, False


def closed_message(conference: Conference) -> str:
    """Why the form is closed."""
    from okconf.formatting import format_date

    if conference.registration_deadline and today() > conference.registration_deadline:
        return _(
            "Registration closed on %(date)s. Contact the organisers if you still want to come.",
            date=format_date(conference.registration_deadline, "long"),
        )
    return _("The conference has taken place; registration is closed.")


def free_place(conference: Conference) -> list[Registration]:
    """Give freed places to the first in the queue, in order, and tell them by mail."""
    capacity = locking.lock_conference(conference.id)
    promoted = []
    while capacity is None or confirmed_count(conference.id) < capacity:
        first = db.session.scalar(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.WAITING,
            )
            .order_by(Registration.waiting_since, Registration.id)
            .limit(1)
        )
        if first is None:
            break
        _confirm(first)
        audit.record("registration.promoted", first, actor="waiting list", automatic=True)
        promoted.append(first)
    return promoted


def on_capacity_changed(conference: Conference) -> list[Registration]:
    """Call after raising a conference's capacity: the queue moves up at once."""
    return free_place(conference)


def _confirm(registration: Registration) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.waiting_since = None
    db.session.flush()
    mails.send_promoted(registration)


def promote(registration: Registration, *, override_capacity: bool = False) -> None:
    """An organiser moves someone from the queue to a place (over capacity only if told to)."""
    if registration.status is not RegistrationStatus.WAITING:
        raise Conflict(_("Only people on the waiting list can be moved up."))
    capacity = locking.lock_conference(registration.conference_id)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.WAITING:
        raise Conflict(_("Only people on the waiting list can be moved up."))
    full = capacity is not None and confirmed_count(registration.conference_id) >= capacity
    if full and not override_capacity:
        raise Conflict(
            _("The conference is full. Tick “Over capacity” to give a place anyway."),
            field="override_capacity",
        )
    _confirm(registration)
    audit.record("registration.promoted", registration, automatic=False, over_capacity=full)


def _after_registration(registration: Registration) -> None:
    """Hook after a new registration: the invitations feature marks its invitee registered."""
    try:
        from okconf.invitations import services as invitation_services
    except ImportError:
        return
    mark = getattr(invitation_services, "mark_registered", None)
    if mark is not None:
        mark(registration.conference, registration.email)


# --- changes, substitutes and cancellation ---------------------------------------------------


def update_details(
    registration: Registration, data: ParticipantData, *, by_staff: bool = False
) -> dict:
    """Change a registration's details; returns the audited changes (empty if none)."""
    if not by_staff and not can_change_details(registration):
        raise NotAllowed(
            _("The registration deadline has passed; your details can no longer be changed.")
        )
    conference = registration.conference
    validate(conference, data)
    normalise_phone(data.phone)
    if data.email.strip().lower() != registration.email.lower():
        other = find_active(conference.id, data.email)
        if other is not None and other.id != registration.id:
            raise DomainError(
                _("This email address is already registered for the conference."), field="email"
            )
    changes = _apply(registration, data)
    db.session.flush()
    if changes:
        audit.record(
            "registration.updated",
            registration,
            actor="" if by_staff else "participant",
            **audit_changes(changes),
        )
    return changes


def hand_over(registration: Registration, person: Person, *, locale: str | None = None) -> None:
    """Give the place to a colleague: the old link stops working, the colleague gets theirs.

    The colleague's own needs (diets, accessibility, workshop wishes, reimbursement requests)
    start empty: they are personal and not the original participant's to pass on.
    """
    if not can_hand_over_or_cancel(registration):
        raise NotAllowed(_("This place can no longer be handed over."))
    conference = registration.conference
    check_sector(person.party, person.org_type)
    phone = normalise_phone(person.phone)
    new_email = person.email.strip().lower()
    if new_email == registration.email.lower():
        raise DomainError(_("Enter your colleague's email address, not your own."), field="email")
    locking.lock_conference(conference.id)
    if find_active(conference.id, new_email) is not None:
        raise DomainError(_("This person is already registered for the conference."), field="email")
    old_email, old_name, old_locale = (
        registration.email,
        registration.full_name,
        registration.locale,
    )
    before = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
    }
    data = ParticipantData(
        **{**{f.name: getattr(person, f.name) for f in fields(Person)}, "phone": phone},
        locale=locale or registration.locale,
    )
    _apply(registration, data)
    registration.locale = data.locale
    registration.link_version += 1
    registration.consent_at = None
    db.session.flush()
    audit.record(
        "registration.handed_over",
        registration,
        actor="participant",
        before=before,
        after={k: getattr(registration, k) for k in before},
        link_version=registration.link_version,
    )
    mails.send_handed_over(registration, old_email, old_name, old_locale)
    mails.send_confirmation(registration, waiting_position(registration))


def cancel(registration: Registration, *, by_staff: bool = False) -> list[Registration]:
    """Cancel a place (late ones cost the conference's fee) and give it to the queue.

    Returns the people promoted from the waiting list.
    """
    if registration.status is RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is already cancelled."))
    if not by_staff and not can_hand_over_or_cancel(registration):
        raise NotAllowed(_("The conference has taken place; the registration cannot be cancelled."))
    conference = registration.conference
    locking.lock_conference(conference.id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is already cancelled."))
    was = registration.status
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_since = None
    registration.cancelled_at = utcnow()
    if not by_staff and was is RegistrationStatus.CONFIRMED and is_late_cancellation(conference):
        registration.late_cancellation = True
        registration.cancellation_fee_ore = conference.late_cancellation_fee_ore
    db.session.flush()
    audit.record(
        "registration.cancelled",
        registration,
        actor="" if by_staff else "participant",
        status_before=was.value,
        late=registration.late_cancellation,
        fee_ore=registration.cancellation_fee_ore,
    )
    if not by_staff:
        mails.send_cancelled(registration)
    return free_place(conference) if was is RegistrationStatus.CONFIRMED else []


def resend_links(email: str) -> int:
    """Mail the personal link of every current registration with this email (none: no mail).

    The caller answers the same whatever the result, so nobody learns who is registered.
    """
    email = (email or "").strip().lower()
    if not email or len(email) > 254:
        return 0
    registrations = db.session.scalars(
        select(Registration)
        .join(Conference)
        .where(
            func.lower(Registration.email) == email,
            Registration.status != RegistrationStatus.CANCELLED,
        )
        .order_by(Registration.id)
    ).all()
    sent = 0
    for registration in registrations:
        conference = registration.conference
        if conference.date is None or conference.date >= today():
            mails.send_link(registration)
            sent += 1
    return sent


def registration_from_token(token: str) -> tuple[Registration | None, bool]:
    """(registration, current) for a personal link; (None, False) when it is forged or expired.

    A registration with a stale link version (the place was handed over) gives (reg, False).
    """
    from okconf.accounts.links import read_token

    data = read_token("registration", token)
    if data is None:
        return None, False
    registration = db.session.get(Registration, data[0])
    if registration is None or registration.anonymised_at is not None:
        return None, False
    return registration, data[1] == registration.link_version
