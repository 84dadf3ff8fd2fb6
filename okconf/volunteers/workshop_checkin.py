"""Check-in per workshop session: each workshop's list at its door.

Who belongs on a workshop's list is the workshops feature's assignment of confirmed
participants; a check-in records that the person arrived at that workshop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from okconf import audit
from okconf.conferences.models import Conference, ProgrammeItem, Workshop
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.volunteers.models import WorkshopCheckin
from okconf.workshops.models import Assignment
from okconf.workshops.services.loading import rounds_of, workshops_of


@dataclass
class WorkshopRow:
    workshop: Workshop
    expected: int
    arrived: int


@dataclass
class Person:
    registration: Registration
    checked_in_at: datetime | None


def _assigned(workshop_id):
    return (
        select(Assignment.registration_id)
        .join(Registration, Registration.id == Assignment.registration_id)
        .where(
            Assignment.workshop_id == workshop_id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def rounds(conference: Conference) -> list[tuple[ProgrammeItem, list[WorkshopRow]]]:
    """Every workshop round with its workshops and how many of those placed have arrived."""
    expected = dict(
        db.session.execute(
            select(Assignment.workshop_id, func.count())
            .join(Registration, Registration.id == Assignment.registration_id)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .group_by(Assignment.workshop_id)
        ).all()
    )
    arrived = dict(
        db.session.execute(
            select(WorkshopCheckin.workshop_id, func.count())
            .join(Workshop, Workshop.id == WorkshopCheckin.workshop_id)
            .join(
                Assignment,
                (Assignment.workshop_id == WorkshopCheckin.workshop_id)
                & (Assignment.registration_id == WorkshopCheckin.registration_id),
            )
            .where(Workshop.conference_id == conference.id)
            .group_by(WorkshopCheckin.workshop_id)
        ).all()
    )
    return [
        (
            round_,
            [
                WorkshopRow(w, expected.get(w.id, 0), arrived.get(w.id, 0))
                for w in workshops_of(round_)
            ],
        )
        for round_ in rounds_of(conference)
    ]


def people(workshop: Workshop) -> list[Person]:
    """The confirmed participants placed in the workshop, by name, with their arrival."""
    rows = db.session.execute(
        select(Registration, WorkshopCheckin.checked_in_at)
        .outerjoin(
            WorkshopCheckin,
            (WorkshopCheckin.registration_id == Registration.id)
            & (WorkshopCheckin.workshop_id == workshop.id),
        )
        .where(Registration.id.in_(_assigned(workshop.id)))
        .order_by(Registration.last_name, Registration.first_name, Registration.id)
    ).all()
    return [Person(registration, at) for registration, at in rows]


def _placed(registration: Registration, workshop: Workshop) -> bool:
    return (
        db.session.scalar(
            _assigned(workshop.id).where(Assignment.registration_id == registration.id)
        )
        is not None
    )


def check_in(registration: Registration, workshop: Workshop) -> bool:
    """Mark the person arrived at the workshop; False when they already were."""
    if registration.conference_id != workshop.conference_id or not _placed(registration, workshop):
        raise Conflict(_("This person is not on the workshop's list."))
    exists = db.session.get(WorkshopCheckin, (registration.id, workshop.id))
    if exists is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(
                WorkshopCheckin(registration_id=registration.id, workshop_id=workshop.id)
            )
    except IntegrityError:  # another door was quicker
        return False
    audit.record("workshop.check_in", registration, workshop_id=workshop.id)
    return True


def undo(registration: Registration, workshop: Workshop) -> bool:
    """Take back a workshop check-in; False when there was none."""
    done = db.session.execute(
        delete(WorkshopCheckin).where(
            WorkshopCheckin.registration_id == registration.id,
            WorkshopCheckin.workshop_id == workshop.id,
        )
    ).rowcount
    if done:
        audit.record("workshop.check_in_undone", registration, workshop_id=workshop.id)
    return bool(done)
