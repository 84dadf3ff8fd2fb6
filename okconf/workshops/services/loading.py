"""Workshop data as the other parts read it: rounds, workshops, participants, wishes and
assignments; the conference lock and the clean-up of people who no longer take part.

Only confirmed registrations take part: people on the waiting list are not placed and
cancelled registrations never count (their rows are removed at the next run or placement).
Workshops with the same title in different rounds are the same workshop (no repeats).
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import delete, select

from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Workshop
from okconf.extensions import db
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.vocabulary import Party
from okconf.workshops.models import Assignment, AssignmentRun, TableSeating, WorkshopPreference

DEFAULT_BALANCE = 10
DEFAULT_TABLE_SIZE = 8
PARTIES = [p.value for p in Party]


def rounds_of(conference: Conference) -> list[ProgrammeItem]:
    """The conference's workshop rounds, in programme order."""
    return db.session.scalars(
        select(ProgrammeItem)
        .where(
            ProgrammeItem.conference_id == conference.id, ProgrammeItem.kind == ItemKind.WORKSHOPS
        )
        .order_by(
            ProgrammeItem.day, ProgrammeItem.starts_at, ProgrammeItem.position, ProgrammeItem.id
        )
    ).all()


def workshops_of(round_: ProgrammeItem, include_cancelled: bool = False) -> list[Workshop]:
    """A round's workshops, in their order."""
    return [w for w in round_.workshops if include_cancelled or not w.cancelled]


def participants(conference: Conference) -> list[Registration]:
    """Confirmed registrations on site: the people who are placed (online participants sit
    at no table and in no workshop room)."""
    return db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == Attendance.ON_SITE,
        )
        .order_by(Registration.created_at, Registration.id)
    ).all()


def topic(workshop: Workshop) -> str:
    """What makes two workshops "the same" across rounds: their title."""
    return " ".join(workshop.title.casefold().split())


def preferences_by_registration(round_: ProgrammeItem) -> dict[int, list[int]]:
    """Each registration's ranked workshop ids in the round (cancelled workshops left out)."""
    ids = [w.id for w in workshops_of(round_)]
    if not ids:
        return {}
    rows = db.session.scalars(
        select(WorkshopPreference)
        .where(WorkshopPreference.workshop_id.in_(ids))
        .order_by(WorkshopPreference.registration_id, WorkshopPreference.rank)
    ).all()
    out = defaultdict(list)
    for row in rows:
        out[row.registration_id].append(row.workshop_id)
    return out


def assignments_of(round_: ProgrammeItem) -> dict[int, Assignment]:
    """Registration id -> assignment in the round."""
    rows = db.session.scalars(select(Assignment).where(Assignment.round_id == round_.id)).all()
    return {a.registration_id: a for a in rows}


def run_of(round_: ProgrammeItem) -> AssignmentRun | None:
    return db.session.scalar(select(AssignmentRun).where(AssignmentRun.round_id == round_.id))


def is_published(conference: Conference) -> bool:
    """Whether the assignment has been published (then preferences are closed)."""
    return (
        db.session.scalar(
            select(AssignmentRun.id).where(
                AssignmentRun.conference_id == conference.id,
                AssignmentRun.published_at.is_not(None),
            )
        )
        is not None
    )


def lock(conference: Conference) -> None:
    """Serialise changes to one conference's assignment (row lock on PostgreSQL), so two
    organisers running or moving at once cannot overfill a workshop or clash on a run.
    FOR NO KEY UPDATE: registrations (whose insert takes KEY SHARE on the conference) go on."""
    db.session.execute(
        select(Conference.id).where(Conference.id == conference.id).with_for_update(key_share=True)
    )


def remove_stale(conference: Conference) -> None:
    """Drop assignments and table seats of registrations that no longer take part."""
    active = select(Registration.id).where(
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.attendance == Attendance.ON_SITE,
    )
    round_ids = [r.id for r in rounds_of(conference)]
    if round_ids:
        db.session.execute(
            delete(Assignment).where(
                Assignment.round_id.in_(round_ids), Assignment.registration_id.not_in(active)
            )
        )
    db.session.execute(
        delete(TableSeating).where(
            TableSeating.conference_id == conference.id,
            TableSeating.registration_id.not_in(active),
        )
    )
    db.session.flush()
