"""Companions: who may bring one, adding, changing and removing one, and their place.

One companion per participant. When the conference says a companion takes a place of their
own, the registration's `companion_places` is 1 and the places triggers count the pair as 2:
a pair is confirmed or waits together (services.register), and adding a companion to a
confirmed place needs a free place. Every change of companion_places happens here, under the
conference's lock, in the same transaction as the companion row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit, signals
from okconf.companions.models import Companion
from okconf.conferences.models import Conference
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration import locking
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.registration.rules import can_hand_over_or_cancel
from okconf.vocabulary import Diet

MAX_NAME = 200
MAX_DIET_OTHER = 300
MAX_NEEDS = 2000


@dataclass
class CompanionData:
    """What a form collects about a companion."""

    name: str
    diets: list[Diet] = field(default_factory=list)
    diet_other: str = ""
    needs: str = ""


def places_of_companion(conference: Conference) -> int:
    """The places a companion takes at this conference (0 or 1)."""
    return 1 if conference.companions_take_places else 0


def check(data: CompanionData) -> CompanionData:
    """The rules however the data arrives; returns it tidied (stripped, "other" ticked)."""
    name = " ".join((data.name or "").split())
    if not name:
        raise DomainError(_("Enter the companion's name."), field="companion_name")
    if len(name) > MAX_NAME:
        raise DomainError(_("The name is too long."), field="companion_name")
    other = (data.diet_other or "").strip()
    diets = [Diet(d) for d in data.diets]
    if Diet.OTHER in diets and not other:
        raise DomainError(
            _("Describe the companion's other dietary need."), field="companion_diet_other"
        )
    if other and Diet.OTHER not in diets:
        diets.append(Diet.OTHER)
    if len(other) > MAX_DIET_OTHER:
        raise DomainError(_("The text is too long."), field="companion_diet_other")
    needs = (data.needs or "").strip()
    if len(needs) > MAX_NEEDS:
        raise DomainError(_("The text is too long."), field="companion_needs")
    return CompanionData(name=name, diets=diets, diet_other=other, needs=needs)


def check_attendance(attendance: Attendance, companion: CompanionData | None) -> None:
    """Companions come on site only: online there is nobody to accompany."""
    if companion is not None and attendance is Attendance.ONLINE:
        raise DomainError(
            _(
                "A companion comes on site only. Choose on site, or untick the companion if you "
                "take part online."
            ),
            field="brings_companion",
        )


def check_switch(registration: Registration, to: Attendance) -> None:
    """Someone who brings a companion stays on site until the companion is removed."""
    if to is Attendance.ONLINE and companion_of(registration) is not None:
        raise Conflict(
            _(
                "A companion comes on site only. Remove the companion first if you want to take "
                "part online."
            ),
            field="attendance",
        )


def companion_of(registration: Registration) -> Companion | None:
    """The registration's companion, if any."""
    return db.session.scalar(select(Companion).where(Companion.registration_id == registration.id))


def can_change(registration: Registration) -> bool:
    """The participant adds, changes or removes their companion until the conference day,
    while the place stands, and adds one only where the conference allows companions."""
    if registration.anonymised_at is not None or not can_hand_over_or_cancel(registration):
        return False
    return registration.conference.companions_allowed or companion_of(registration) is not None


def _fill(companion: Companion, data: CompanionData) -> None:
    companion.name = data.name
    companion.diet_list = data.diets
    companion.diet_other = data.diet_other
    companion.needs = data.needs


def add_at_registration(registration: Registration, data: CompanionData) -> Companion:
    """The companion named on the registration form (its place was counted by register())."""
    data = check(data)
    companion = Companion(registration_id=registration.id)
    _fill(companion, data)
    db.session.add(companion)
    db.session.flush()
    return companion


def save(registration: Registration, data: CompanionData, *, by_staff: bool = False) -> Companion:
    """Add the registration's companion or change them.

    A new companion who takes a place needs a free one while the participant has a place
    (someone waiting waits with their companion). Raises NotAllowed, Conflict, DomainError.
    """
    if registration.status is RegistrationStatus.CANCELLED or registration.anonymised_at:
        raise NotAllowed(_("This registration is cancelled."))
    if not by_staff and not can_change(registration):
        raise NotAllowed(_("The companion can no longer be changed."))
    data = check(data)
    companion = companion_of(registration)
    conference = registration.conference
    if companion is None and registration.attendance is Attendance.ONLINE:
        raise Conflict(
            _("A companion comes on site only; you take part online."), field="companion_name"
        )
    if companion is None:
        if not conference.companions_allowed and not by_staff:
            raise NotAllowed(_("This conference does not take companions."))
        needed = places_of_companion(conference)
        if needed and registration.status is RegistrationStatus.CONFIRMED:
            places = locking.lock_conference(conference.id)
            if not places.has_room(needed):
                raise Conflict(
                    _(
                        "There is no free place for a companion right now: a companion takes "
                        "a place of their own at this conference."
                    ),
                    field="companion_name",
                )
        companion = Companion(registration_id=registration.id)
        _fill(companion, data)
        db.session.add(companion)
        registration.companion_places = needed
        db.session.flush()
        audit.record(
            "companion.added",
            registration,
            actor="" if by_staff else "participant",
            takes_place=bool(needed),
        )
    else:
        _fill(companion, data)
        db.session.flush()
        # Sensitive fields: that they changed, not what they are.
        audit.record("companion.changed", registration, actor="" if by_staff else "participant")
    signals.registration_changed.send(registration)
    return companion


def remove(registration: Registration, *, by_staff: bool = False) -> list[Registration]:
    """Remove the companion; a place they took goes to the waiting list. Returns who moved up."""
    if not by_staff and not can_change(registration):
        raise NotAllowed(_("The companion can no longer be changed."))
    if companion_of(registration) is None:
        raise Conflict(_("There is no companion to remove."))
    promoted = drop(registration)
    audit.record("companion.removed", registration, actor="" if by_staff else "participant")
    signals.registration_changed.send(registration)
    return promoted


def drop(registration: Registration, *, move_queue: bool = True) -> list[Registration]:
    """Delete the companion and their place (erasure, cancellation, a hand-over, removal);
    a freed place goes to the first who fits on the waiting list when move_queue.

    Someone waiting with a companion who took a place now needs one place fewer, and may fit
    in a place that stood free for them: the queue moves then too.
    """
    from okconf.registration.services import free_place

    freed = registration.companion_places and registration.status in (
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    )
    if freed:
        locking.lock_conference(registration.conference_id)
    db.session.execute(
        Companion.__table__.delete().where(Companion.registration_id == registration.id)
    )
    if registration.companion_places:
        registration.companion_places = 0
    db.session.flush()
    db.session.expire(registration, ["companion"])
    if freed and move_queue:
        return free_place(registration.conference)
    return []


def recount(conference: Conference) -> list[Registration]:
    """The organiser changed whether companions take places: every registration with a
    companion counts anew (more places: the queue moves up; fewer: nobody loses theirs)."""
    from okconf.registration.services import free_place

    locking.lock_conference(conference.id)
    wanted = places_of_companion(conference)
    registrations = db.session.scalars(
        select(Registration)
        .join(Companion, Companion.registration_id == Registration.id)
        .where(Registration.conference_id == conference.id)
    ).all()
    for registration in registrations:
        registration.companion_places = wanted
    db.session.flush()
    audit.record("companion.places_recounted", conference, takes_place=bool(wanted))
    return free_place(conference) if not wanted else []


def arrivals(conference: Conference) -> tuple[int, int]:
    """(checked in, expected) companions of confirmed participants."""
    rows = db.session.execute(
        select(Companion.checked_in_at)
        .join(Registration, Registration.id == Companion.registration_id)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    return sum(1 for (at,) in rows if at is not None), len(rows)
