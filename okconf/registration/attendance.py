"""On site or online: moving a registration from one pool to the other, under the lock.

Each pool has its own places and its own waiting list (locking.Places.pool). A switch needs a
free place in the other pool; the place it leaves goes to the next one waiting for that pool.
"""

from __future__ import annotations

from flask_babel import gettext as _

from okconf import audit, signals
from okconf.errors import Conflict, NotAllowed
from okconf.extensions import db
from okconf.registration import locking, mails
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.registration.rules import can_hand_over_or_cancel


def other(attendance: Attendance) -> Attendance:
    """The pool a switch moves to."""
    return Attendance.ON_SITE if attendance is Attendance.ONLINE else Attendance.ONLINE


def can_switch(registration: Registration) -> bool:
    """Whether the participant's page offers the switch (room is checked when they ask)."""
    return (
        registration.conference.offers_online
        and registration.status is not RegistrationStatus.CANCELLED
        and can_hand_over_or_cancel(registration)
    )


def switch(
    registration: Registration,
    to: Attendance | None = None,
    *,
    by_staff: bool = False,
    override_capacity: bool = False,
) -> list[Registration]:
    """Move a registration to the other pool (or `to`) while that pool has room.

    A confirmed place moves and the freed one goes to the old pool's queue; a place in the
    queue becomes a confirmed place in the other pool. Returns the people promoted.
    Raises NotAllowed or Conflict with a readable message.
    """
    from okconf.registration.services import free_place

    conference = registration.conference
    if not conference.offers_online:
        raise NotAllowed(_("This conference offers no online participation."))
    if not by_staff and not can_switch(registration):
        raise NotAllowed(_("Your registration can no longer be changed."))
    places = locking.lock_conference(conference.id)
    db.session.refresh(registration)
    if registration.status is RegistrationStatus.CANCELLED:
        raise Conflict(_("This registration is cancelled."))
    before = registration.attendance
    target = to or other(before)
    if target is before:
        return []
    signals.registration_switching.send(registration, to=target)
    if places.pool(target).full and not override_capacity:
        raise Conflict(_full_message(target), field="attendance")
    was = registration.status
    registration.attendance = target
    registration.status = RegistrationStatus.CONFIRMED
    registration.waiting_since = None
    db.session.flush()
    audit.record(
        "registration.attendance_changed",
        registration,
        actor="" if by_staff else "participant",
        before=before.value,
        after=target.value,
        status_before=was.value,
    )
    signals.registration_changed.send(registration)
    if was is RegistrationStatus.WAITING:
        signals.registration_promoted.send(registration)
    # A new confirmation: where they take part now (the stream link only if online).
    mails.send_confirmation(registration)
    return free_place(conference) if was is RegistrationStatus.CONFIRMED else []


def _full_message(target: Attendance) -> str:
    if target is Attendance.ONLINE:
        return _(
            "All online places are taken, so you cannot switch to online participation. "
            "Your place on site is kept."
        )
    return _(
        "All places on site are taken, so you cannot switch to taking part on site. "
        "Your place online is kept."
    )


def page_context(registration: Registration) -> dict:
    """What the personal page shows about on site / online: the switch, whether the other
    pool has room now (read without the lock: the switch checks again), the stream link."""
    from okconf.registration.forms import ConfirmForm
    from okconf.registration.models import ConferencePlaces

    conference = registration.conference
    if not conference.offers_online:
        return {"switch": None, "stream_url": "", "switch_form": None}
    row = db.session.get(ConferencePlaces, conference.id)
    places = locking.Places(row.capacity, row.confirmed, row.online_capacity, row.online_confirmed)
    target = other(registration.attendance)
    return {
        "switch": {
            "allowed": can_switch(registration),
            "to": target,
            "room": not places.pool(target).full,
        },
        "stream_url": mails.stream_url_for(registration),
        "switch_form": ConfirmForm(),
    }
