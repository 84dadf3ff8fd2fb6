"""Registration services: sign-up, capacity and waiting list, changes, substitutes, cancellation.

Long because: every change of a registration's place (sign-up, promotion, cancellation,
hand-over, reinstatement) takes the same conference lock and frees or fills places in the same
way; kept together they are read in one place.

Services take models and plain values, raise DomainError subclasses with readable messages,
queue their mails and only flush(); the view commits once. One exception: register() (and
submit_public) commit, because on PostgreSQL the commit is sent with the statement that takes
the place (see register). The rules without side effects live in rules.py; callers import
them from there.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import fields, replace

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.attributes import set_committed_value

from okconf import audit, signals
from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration import locking, mails
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.registration.rules import (
    AlreadyRegistered,
    ParticipantData,
    Person,
    RegistrationClosed,
    apply_data,
    audit_changes,
    can_change_details,
    can_hand_over_or_cancel,
    check_sector,
    closed_message,
    find_active,
    is_late_cancellation,
    match_organisation,
    normalise_phone,
    registration_open,
    set_wishes,
    validate,
    waiting_position,
)

# --- capacity and the waiting list -----------------------------------------------------------


def register(
    conference: Conference,
    data: ParticipantData,
    *,
    by_staff: bool = False,
    override_deadline: bool = False,
    override_capacity: bool = False,
    before_commit: Callable[[Registration], None] | None = None,
) -> Registration:
    """Create a registration, a confirmed place while there is room, else a place in the
    queue, and commit it (after `before_commit`, which writes what the caller keeps with it;
    on PostgreSQL it runs before the place is decided, so the registration's status there is
    the places' guess: it must not write the status anywhere).

    This service commits, not its view: on PostgreSQL the commit is sent with the statement
    that takes the place, in one round trip (locking.take_place_and_commit), so that the lock
    on the places is never held while this process waits for a core to send the COMMIT. The
    same on SQLite, so that every caller sees one contract.

    Everything that does not depend on the places (validation, the organisation lookup, the
    invitation) happens before the lock. On PostgreSQL the new registration's id is taken from
    its sequence before the lock too (locking.look_ahead), and everything is written before
    it (_register_ahead): under the lock come only take_place and the commit.
    On SQLite the write lock comes first, then the locked read, the insert and the rest.
    A duplicate address is refused by the database itself (the unique index on the active
    registrations' lower(email)): the transaction is then rolled back (on SQLite no savepoint
    under the lock; on PostgreSQL before the lock) and AlreadyRegistered names the existing
    registration.
    Raises RegistrationClosed, AlreadyRegistered, Busy or DomainError (nothing committed).
    """
    if not registration_open(conference) and not (by_staff and override_deadline):
        raise RegistrationClosed(closed_message(conference))
    validate(conference, data)
    data = ParticipantData(**{**data.__dict__, "phone": normalise_phone(data.phone)})
    _after_registration(conference, data.email)
    ahead = locking.look_ahead(conference.id, data.organisation_name)
    if ahead is not None:
        organisation_id = ahead.organisation_id  # read with the places, in one round trip
    else:
        organisation_id = match_organisation(data.organisation_name)
    registration = Registration(
        conference_id=conference.id,
        conference=conference,
        locale=data.locale,
        consent_at=None if by_staff else utcnow(),
        link_version=1,  # the mail's parameters name it before the insert
    )
    # Still outside the session, so no SQL: the wishes, which would add rows to it, come
    # with the insert.
    apply_data(registration, replace(data, workshop_wishes={}), organisation_id=organisation_id)
    registration.attendance = data.attendance
    # A companion who takes a place of their own needs it too: the pair is confirmed or
    # waits together (companions come on site: an online registration takes one place).
    registration.companion_places = (
        data.companion_places if data.attendance == Attendance.ON_SITE else 0
    )
    override = by_staff and override_capacity
    if ahead is not None:
        registration.id = ahead.next_id
        _register_ahead(registration, data, ahead, by_staff, override, before_commit)
        return registration
    places = locking.lock_conference(conference.id)
    if locking.after_count_hook is not None:
        locking.after_count_hook()
    _set_status(registration, places, override)
    _insert_once(registration, data)
    _save_parts(registration, data, created=True)
    mails.send_confirmation(registration, waiting_position(registration))
    _audit_created(registration, by_staff, override and _over(places, registration))
    signals.registration_created.send(registration, extra=data.extra)
    if before_commit is not None:
        before_commit(registration)
    db.session.commit()
    return registration


def _register_ahead(
    registration: Registration,
    data: ParticipantData,
    ahead: locking.Ahead,
    by_staff: bool,
    override: bool,
    before_commit: Callable[[Registration], None] | None,
) -> None:
    """PostgreSQL: everything written before the lock, the place decided under it.

    The registration is inserted as a queue place (so its insert takes no lock: only a
    confirmed place moves the counter), with its wishes, the other features' parts, its audit
    entry, its confirmation and what the receivers of registration_created write (a webhook
    delivery, the companion), all for the status the places last committed suggest. Then one
    round trip, locking.take_place_and_commit, locks the places, decides the status, for a
    queue place writes the position into the mail, puts right what the guess got wrong (the
    conference filled, or a place was freed, meanwhile: the mail, the entry, the deliveries)
    and commits.
    """
    guessed = _set_status(registration, ahead.places, override)
    guessed_since = registration.waiting_since
    over_guess = bool(override and _over(ahead.places, registration))
    entry = _audit_created(registration, by_staff, over_guess)
    waiting = guessed is RegistrationStatus.WAITING
    # a queue place's position is known only under the lock (take_place writes it)
    mail = mails.send_confirmation(registration, 0 if waiting else None)
    other_subject, other_params = mails.restated_confirmation(
        mail, registration, None if waiting else 0
    )
    registration.status = RegistrationStatus.WAITING
    registration.waiting_since = utcnow()  # take_place sets it under the lock
    _insert_once(registration, data)
    _save_parts(registration, data, created=True)
    # What refers to the registration from here on says the guess (take_place puts it right).
    set_committed_value(registration, "status", guessed)
    set_committed_value(registration, "waiting_since", guessed_since)
    signals.registration_created.send(registration, extra=data.extra)
    if before_commit is not None:
        before_commit(registration)
    if locking.after_count_hook is not None:
        locking.after_count_hook()  # (tests: the places may change before the lock)
    taken = locking.take_place_and_commit(
        registration.id,
        locking.Guess(
            status=guessed.value,
            mail_id=mail.id,
            other_subject=other_subject,
            other_params=other_params,
            entry_id=entry.id,
            over_capacity=over_guess,
        ),
        override=override,
    )
    # committed and expired: what take_place decided, without reading the row again
    set_committed_value(registration, "status", RegistrationStatus(taken.status))
    set_committed_value(registration, "waiting_since", taken.waiting_since)


def _set_status(
    registration: Registration, places: locking.Places, override: bool
) -> RegistrationStatus:
    """Confirmed while there is room in its pool for the registration and a companion who
    takes a place (or an organiser overrides), else that pool's waiting list."""
    if _over(places, registration) and not override:
        registration.status = RegistrationStatus.WAITING
        registration.waiting_since = utcnow()  # set again under the lock: the queue's order
    else:
        registration.status = RegistrationStatus.CONFIRMED
        registration.waiting_since = None
    return registration.status


def _created_details(registration: Registration, over_capacity: bool) -> dict:
    return {
        "status": registration.status.value,
        "over_capacity": bool(over_capacity),
        "after_deadline": not registration_open(registration.conference),
    }


def _audit_created(registration: Registration, by_staff: bool, over_capacity: bool):
    return audit.record(
        "registration.created",
        registration,
        actor="" if by_staff else "participant",
        **_created_details(registration, over_capacity),
    )


def _insert_once(registration: Registration, data: ParticipantData) -> None:
    """Insert the new registration (with its wishes); an active one with its address means
    AlreadyRegistered, after the transaction was rolled back.

    No savepoint: it would cost two round trips while the lock is held. A registration not
    yet inserted has no wishes to look up.
    """
    try:
        if data.workshop_wishes:
            set_wishes(registration, data.workshop_wishes)
        db.session.add(registration)
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = find_active(registration.conference_id, data.email)
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None
    except OperationalError as error:
        # The insert's foreign-key check waited past lock_timeout (e.g. on a conference row
        # someone holds FOR UPDATE): the same "busy, try again" as the capacity lock.
        if locking.is_lock_failure(error):
            raise locking.busy_error() from error
        raise


def _save_parts(registration: Registration, data: ParticipantData, created: bool = False) -> dict:
    """What other features keep of the data, such as the answers to the conference's own
    questions (after the insert: they need its id); {name: (before, after)} of changes.
    `created`: the registration was inserted in this transaction (it has nothing to look up)."""
    changes = {}
    saving = signals.registration_saving.send(registration, data=data, created=created)
    for _receiver, changed in saving:
        changes.update(changed or {})
    return changes


def submit_public(
    conference: Conference,
    data: ParticipantData,
    before_commit: Callable[[Registration, bool], None] | None = None,
) -> tuple[Registration, bool]:
    """A participant sends the form: (registration, True) when a place or queue place was
    made; (existing, False) when the email was registered already, whose link is mailed again.
    Committed, as register() commits, after `before_commit(registration, created)`.
    """
    try:
        registration = register(
            conference, data, before_commit=before_commit and (lambda r: before_commit(r, True))
        )
        return registration, True
    except AlreadyRegistered as error:
        mails.send_link(error.registration)
        if before_commit is not None:
            before_commit(error.registration, False)
        db.session.commit()
        return error.registration, False


def _over(places: locking.Places, registration: Registration) -> bool:
    """Whether the registration (with a companion who takes a place) is over its pool's
    capacity; an online registration takes one place online. On PostgreSQL a new
    registration's place is decided by take_place() (places.TAKE_PLACE) in SQL, by this same
    rule: a change here is a change there, with a migration."""
    if registration.attendance == Attendance.ONLINE:
        return places.pool(Attendance.ONLINE).full
    return not places.pool(Attendance.ON_SITE).has_room(1 + registration.companion_places)


def free_place(conference: Conference) -> list[Registration]:
    """Give freed places to the first in the queue, in order, and tell them by mail.

    Each pool (on site, online) gives its free places to its own queue only. A participant
    whose companion takes a place needs two: while only one is free they keep their position
    and the next one in the queue who fits gets it (no place stays empty while someone
    waiting fits in it).
    """
    places = locking.lock_conference(conference.id)
    chosen = []
    for attendance in Attendance:
        pool = places.pool(attendance)
        if pool.full:
            continue
        query = (
            select(Registration.id, Registration.companion_places)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.WAITING,
                Registration.attendance == attendance,
            )
            .order_by(Registration.waiting_since, Registration.id)
        )
        free = pool.free
        for registration_id, companion_places in db.session.execute(query).all():
            needs = 1 + companion_places if attendance is Attendance.ON_SITE else 1
            if free is not None and needs > free:
                if free == 0:
                    break
                continue
            chosen.append(registration_id)
            if free is not None:
                free -= needs
    promoted = [db.session.get(Registration, registration_id) for registration_id in chosen]
    for registration in promoted:
        _confirm(registration)
        audit.record("registration.promoted", registration, actor="waiting list", automatic=True)
    return promoted


def _confirm(registration: Registration) -> None:
    registration.status = RegistrationStatus.CONFIRMED
    registration.waiting_since = None
    db.session.flush()
    mails.send_promoted(registration)
    signals.registration_promoted.send(registration)


def promote(registration: Registration, *, override_capacity: bool = False) -> None:
    """An organiser moves someone from the queue to a place (over capacity only if told to)."""
    if registration.status is not RegistrationStatus.WAITING:
        raise Conflict(_("Only people on the waiting list can be moved up."))
    places = locking.lock_conference(registration.conference_id)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.WAITING:
        raise Conflict(_("Only people on the waiting list can be moved up."))
    full = _over(places, registration)
    if full and not override_capacity:
        raise Conflict(
            _("The conference is full. Tick “Over capacity” to give a place anyway."),
            field="override_capacity",
        )
    _confirm(registration)
    audit.record("registration.promoted", registration, automatic=False, over_capacity=full)


def _after_registration(conference: Conference, email: str) -> None:
    """With a new registration, the invitation to that address, if any, is marked registered
    (before the lock: it does not depend on the places, and the transaction is the same):
    the invitations feature receives `address_registered`."""
    signals.address_registered.send(conference, email=email)


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
    new_address = data.email.strip().lower() != registration.email.lower()
    if new_address:
        other = find_active(conference.id, data.email)
        if other is not None and other.id != registration.id:
            raise DomainError(
                _("This email address is already registered for the conference."), field="email"
            )
    try:
        # A savepoint when the address changes: the unique index refuses it when someone
        # registered that address since the check above.
        with db.session.begin_nested() if new_address else nullcontext():
            changes = apply_data(registration, data)
            db.session.flush()
        changes.update(_save_parts(registration, data))
    except IntegrityError:
        raise DomainError(
            _("This email address is already registered for the conference."), field="email"
        ) from None
    if changes:
        audit.record(
            "registration.updated",
            registration,
            actor="" if by_staff else "participant",
            **audit_changes(changes),
        )
        signals.registration_changed.send(registration)
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
    was_waiting = registration.status is RegistrationStatus.WAITING
    try:
        # The check above runs under the lock, but a detail change or a walk-in does not
        # take it: the unique index has the last word, in a savepoint.
        with db.session.begin_nested():
            apply_data(registration, data)
            registration.locale = data.locale
            registration.link_version += 1
            registration.consent_at = None
            # The colleague has not agreed to be listed.
            registration.in_participant_list = False
            registration.participant_list_consent_at = None
            db.session.flush()
        signals.registration_handing_over.send(registration)
    except IntegrityError:
        raise DomainError(
            _("This person is already registered for the conference."), field="email"
        ) from None
    audit.record(
        "registration.handed_over",
        registration,
        actor="participant",
        before=before,
        after={k: getattr(registration, k) for k in before},
        link_version=registration.link_version,
    )
    signals.registration_changed.send(registration)
    mails.send_handed_over(registration, old_email, old_name, old_locale)
    if was_waiting and registration.status is RegistrationStatus.CONFIRMED:
        return  # the companion stayed behind and the colleague fits: "you have a place" is sent
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
    signals.registration_cancelled.send(registration)
    if not by_staff:
        mails.send_cancelled(registration)
    return free_place(conference) if was is RegistrationStatus.CONFIRMED else []


def reinstate(registration: Registration, *, status: str, waiting_since=None) -> None:
    """Undo a staff removal: the registration gets back its place, or its place in the queue.

    Only cheap undos: a place is given back only while one is free (nobody from the queue
    took it meanwhile), and nobody is told anything, as the removal told nobody either.
    """
    conference = registration.conference
    places = locking.lock_conference(conference.id)
    db.session.refresh(registration)
    if registration.status is not RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is not cancelled."))
    try:
        wanted = RegistrationStatus(status)
    except ValueError as error:
        raise Conflict(_("There is nothing to undo.")) from error
    if wanted is RegistrationStatus.CONFIRMED:
        if _over(places, registration):
            raise Conflict(
                _(
                    "The place has been given to someone else meanwhile. Add %(name)s to the "
                    "waiting list or give a place over capacity instead.",
                    name=registration.full_name,
                )
            )
        registration.waiting_since = None
    elif wanted is RegistrationStatus.WAITING:
        registration.waiting_since = waiting_since or utcnow()
    else:
        raise Conflict(_("There is nothing to undo."))
    registration.status = wanted
    registration.cancelled_at = None
    db.session.flush()
    audit.record("registration.reinstated", registration, status=wanted.value)
    signals.registration_changed.send(registration)


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
        if conference.date is None or conference.last_day >= today():
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


def current_registration(token: str) -> Registration | None:
    """The registration a valid personal link names, if the link is still the current one.

    Every feature's participant pages use this, so a handed-over or erased place is refused
    the same way everywhere.
    """
    registration, current = registration_from_token(token)
    return registration if current else None


def current_registration_or_404(token: str) -> Registration:
    """current_registration for a participant's page: the registration, else 404 (a forged,
    expired or handed-over link)."""
    registration = current_registration(token)
    if registration is None:
        abort(404)
    return registration
