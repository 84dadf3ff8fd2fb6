"""Running the assignment (solver in, result stored), placing late registrants and the
organisers' hand (move, lock, cancel, reinstate).

Functions only flush; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import delete, select

from okconf import audit
from okconf.conferences.models import Conference, ProgrammeItem, Workshop
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.workshops.models import (
    Assignment,
    AssignmentRun,
    AssignmentSource,
    SeatingScope,
    TableSeating,
)
from okconf.workshops.services.loading import (
    DEFAULT_BALANCE,
    assignments_of,
    is_published,
    lock,
    participants,
    preferences_by_registration,
    remove_stale,
    rounds_of,
    run_of,
    topic,
    workshops_of,
)

if TYPE_CHECKING:
    from okconf.workshops import solver


def _problems(
    conference: Conference, balance_points: int | None, lock_everyone: bool = False
) -> tuple[list[ProgrammeItem], list[solver.Problem]]:
    # The solver needs NumPy and SciPy: imported here, not when the app starts (web workers
    # that never run an assignment stay small).
    from okconf.workshops import solver

    people = participants(conference)
    problems = []
    rounds = rounds_of(conference)
    for round_ in rounds:
        ws = workshops_of(round_)
        valid = {w.id for w in ws}
        prefs = preferences_by_registration(round_)
        current = assignments_of(round_)
        persons = []
        for r in people:
            a = current.get(r.id)
            placed = a.workshop_id if a is not None and a.workshop_id in valid else None
            locked = placed if placed is not None and (lock_everyone or a.locked) else None
            persons.append(
                solver.Person(
                    r.id,
                    r.party.value,
                    tuple(prefs.get(r.id, ())),
                    locked=locked,
                    previous=placed,
                )
            )
        problems.append(
            solver.Problem(
                [solver.Workshop(w.id, _capacity(w, len(people)), topic(w)) for w in ws],
                persons,
                balance_points=balance_points,
            )
        )
    return rounds, problems


def _capacity(workshop: Workshop, everybody: int) -> int:
    """A workshop without a stated capacity takes everybody."""
    return workshop.capacity if workshop.capacity is not None else everybody


# --- running --------------------------------------------------------------------------------


@dataclass
class RunOutcome:
    """What a run did, for the organiser's message."""

    result: solver.RoundsResult
    rounds: list[ProgrammeItem]
    relaxed_to: int | None = None


def run_assignment(conference: Conference, balance_points: int | None) -> RunOutcome:
    """Solve every round (keeping locked assignments) and store the result.

    When a round cannot be solved nothing is changed except the run's report."""
    lock(conference)
    if is_published(conference):
        raise NotAllowed(_("The assignment is published. Unpublish it before running it again."))
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    for round_ in rounds:
        if not workshops_of(round_):
            raise DomainError(_("The round “%(title)s” has no workshops.", title=round_.title))
    remove_stale(conference)
    rounds, problems = _problems(conference, balance_points)
    from okconf.workshops import solver

    result = solver.solve_rounds(problems, bound=False)
    _store(conference, rounds, problems, result, balance_points)
    audit.record(
        "workshops.run",
        conference,
        balance_points=balance_points,
        status=[r.status for r in result.rounds],
        total_cost=result.total_cost,
    )
    return RunOutcome(result, rounds)


def place_late(conference: Conference) -> RunOutcome:
    """Place everybody without a workshop (late registrants, people of a cancelled workshop)
    into the remaining seats, without moving anyone already placed. When the balance cannot
    hold the nearest feasible balance is used, and said."""
    lock(conference)
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    remove_stale(conference)
    runs = [run_of(r) for r in rounds]
    balance = next((r.balance_points for r in runs if r is not None), DEFAULT_BALANCE)
    rounds, problems = _problems(conference, balance, lock_everyone=True)
    from okconf.workshops import solver

    result = solver.solve_rounds(problems, bound=False)
    relaxed = None
    if not result.ok:
        nearest = [r.nearest_balance for r in result.rounds if r.nearest_balance is not None]
        if nearest and all(
            v.kind.startswith("balance") for r in result.rounds for v in r.violations
        ):
            relaxed = max(nearest)
            rounds, problems = _problems(conference, relaxed, lock_everyone=True)
            result = solver.solve_rounds(problems, bound=False)
    _store(conference, rounds, problems, result, relaxed or balance, keep_locks=True)
    audit.record("workshops.place_late", conference, relaxed_to=relaxed)
    return RunOutcome(result, rounds, relaxed)


def _store(conference, rounds, problems, result, balance_points, keep_locks=False) -> None:
    for i, round_ in enumerate(rounds):
        run = run_of(round_)
        if run is None:
            run = AssignmentRun(conference_id=conference.id, round_id=round_.id)
            db.session.add(run)
        res = result.rounds[i] if i < len(result.rounds) else None
        run.run_at = utcnow()
        run.balance_points = balance_points
        if res is None:
            run.status = "not_run"
            run.details = {"message": "an earlier round could not be solved"}
            continue
        run.status = res.status
        run.total_cost = res.total_cost
        run.details = {
            "violations": [
                {
                    "kind": v.kind,
                    "workshop_id": v.workshop_id,
                    "party": v.party,
                    "amount": v.amount,
                    "points": v.points,
                    "person_id": v.person_id,
                }
                for v in res.violations
            ],
            "nearest_balance": res.nearest_balance,
            "seconds": round(res.seconds, 3),
            "kinds": res.kinds,
            "unranked_people": sum(1 for p in problems[i].people if not p.ranking),
        }
        if not res.ok:
            continue
        current = assignments_of(round_)
        for pid, wid in res.assignment.items():
            a = current.get(pid)
            if a is None:
                db.session.add(
                    Assignment(
                        registration_id=pid,
                        round_id=round_.id,
                        workshop_id=wid,
                        source=AssignmentSource.SOLVER,
                    )
                )
            elif a.workshop_id != wid:
                a.workshop_id = wid
                a.source = AssignmentSource.SOLVER
    db.session.flush()


# --- organisers' hand -----------------------------------------------------------------------


def move(registration: Registration, round_: ProgrammeItem, workshop: Workshop) -> Assignment:
    """Put a person in a workshop by hand; the assignment is locked so re-runs keep it."""
    if workshop.round_id != round_.id or workshop.cancelled:
        raise DomainError(_("Choose a workshop of this round."), field="workshop_id")
    if registration.status is not RegistrationStatus.CONFIRMED:
        raise Conflict(_("Only confirmed participants can be placed."))
    if registration.online:
        raise Conflict(_("Online participants are not placed in workshops on site."))
    lock(round_.conference)
    current = assignments_of(round_)
    taken = sum(1 for a in current.values() if a.workshop_id == workshop.id)
    mine = current.get(registration.id)
    if mine is not None and mine.workshop_id == workshop.id:
        mine.locked = True
        return mine
    if workshop.capacity is not None and taken >= workshop.capacity:
        raise Conflict(
            _(
                "“%(title)s” is full (%(n)d of %(cap)d seats). Move someone out first.",
                title=workshop.title,
                n=taken,
                cap=workshop.capacity,
            ),
            field="workshop_id",
        )
    for other in rounds_of(round_.conference):
        if other.id == round_.id:
            continue
        a = assignments_of(other).get(registration.id)
        if a is not None and topic(a.workshop) == topic(workshop):
            raise Conflict(
                _(
                    "%(name)s already has “%(title)s” in another round.",
                    name=registration.full_name,
                    title=workshop.title,
                ),
                field="workshop_id",
            )
    if mine is None:
        mine = Assignment(registration_id=registration.id, round_id=round_.id)
        db.session.add(mine)
    before = mine.workshop_id
    mine.workshop_id = workshop.id
    mine.locked = True
    mine.source = AssignmentSource.MANUAL
    # Their table within the old workshop no longer applies.
    db.session.execute(
        delete(TableSeating).where(
            TableSeating.registration_id == registration.id,
            TableSeating.scope == SeatingScope.WORKSHOP,
            TableSeating.workshop_id == before,
        )
    )
    db.session.flush()
    audit.record(
        "workshops.move",
        registration,
        round_id=round_.id,
        from_workshop=before,
        to_workshop=workshop.id,
    )
    return mine


def set_locked(assignment: Assignment, locked: bool) -> None:
    assignment.locked = locked
    audit.record(
        "workshops.lock" if locked else "workshops.unlock",
        assignment.registration,
        round_id=assignment.round_id,
    )
    db.session.flush()


def cancel_workshop(workshop: Workshop) -> int:
    """Cancel a workshop: its people lose their place there (the others are kept); call
    `place_late` to re-place them. Returns how many were displaced."""
    workshop.cancelled = True
    displaced = db.session.scalars(
        select(Assignment).where(Assignment.workshop_id == workshop.id)
    ).all()
    for a in displaced:
        db.session.delete(a)
    db.session.execute(delete(TableSeating).where(TableSeating.workshop_id == workshop.id))
    db.session.flush()
    audit.record("workshops.cancel", workshop, displaced=len(displaced))
    return len(displaced)


def reinstate_workshop(workshop: Workshop) -> None:
    """Take a cancelled workshop back (undo of cancel_workshop): wishes for it count again and
    people may be placed there; nobody is moved back by this."""
    if not workshop.cancelled:
        raise Conflict(_("“%(title)s” is not cancelled.", title=workshop.title))
    workshop.cancelled = False
    db.session.flush()
    audit.record("workshops.reinstate", workshop)


# --- figures for the organiser --------------------------------------------------------------
