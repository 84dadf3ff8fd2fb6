"""Mixed tables: laying them in the plenary or within each workshop, and moving one person.

Functions only flush; the view commits.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from okconf import audit
from okconf.conferences.models import Conference, ProgrammeItem
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.workshops import tables as table_plan
from okconf.workshops.models import SeatingScope, TableSeating
from okconf.workshops.services.loading import (
    PARTIES,
    assignments_of,
    lock,
    participants,
    remove_stale,
    run_of,
    workshops_of,
)


def seat_tables(
    conference: Conference,
    table_size: int,
    round_: ProgrammeItem | None = None,
    seed: int | None = None,
) -> list[table_plan.Seating]:
    """Lay mixed tables in the plenary (no round) or within each workshop of a round."""
    if table_size < 3:
        raise DomainError(
            _("Tables need at least 3 seats to hold all three parties."), "table_size"
        )
    lock(conference)
    remove_stale(conference)
    seed = conference.id if seed is None else seed
    people = {r.id: r for r in participants(conference)}
    out = []
    if round_ is None:
        db.session.execute(
            delete(TableSeating).where(
                TableSeating.conference_id == conference.id,
                TableSeating.scope == SeatingScope.PLENARY,
            )
        )
        groups = [(None, list(people.values()))]
    else:
        ws = workshops_of(round_)
        db.session.execute(
            delete(TableSeating).where(TableSeating.workshop_id.in_([w.id for w in ws]))
        )
        current = assignments_of(round_)
        groups = [
            (
                w,
                [
                    people[a.registration_id]
                    for a in current.values()
                    if a.workshop_id == w.id and a.registration_id in people
                ],
            )
            for w in ws
        ]
        run = run_of(round_)
        if run is not None:
            run.table_size = table_size
    for workshop, regs in groups:
        guests = [
            table_plan.Guest(
                r.id,
                r.party.value,
                str(r.organisation_id or r.organisation_name.strip().casefold() or "") or None,
            )
            for r in regs
        ]
        seating = table_plan.seat(guests, table_size, seed=seed, parties=PARTIES)
        for number, table in enumerate(seating.tables, start=1):
            for pid in table:
                db.session.add(
                    TableSeating(
                        conference_id=conference.id,
                        registration_id=pid,
                        scope=SeatingScope.WORKSHOP if workshop else SeatingScope.PLENARY,
                        workshop_id=workshop.id if workshop else None,
                        table_number=number,
                    )
                )
        out.append(seating)
    db.session.flush()
    audit.record(
        "workshops.tables",
        conference,
        round_id=round_.id if round_ else None,
        table_size=table_size,
    )
    return out


def move_table(seat: TableSeating, table_number: int) -> None:
    """Move a person to another table by hand."""
    if table_number < 1:
        raise DomainError(_("Table numbers start at 1."), "table_number")
    before = seat.table_number
    seat.table_number = table_number
    audit.record("workshops.move_table", seat.registration, before=before, after=table_number)
    db.session.flush()


def seatings_of(conference: Conference) -> list[TableSeating]:
    return db.session.scalars(
        select(TableSeating)
        .where(TableSeating.conference_id == conference.id)
        .order_by(TableSeating.workshop_id, TableSeating.table_number, TableSeating.id)
    ).all()
