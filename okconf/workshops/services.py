"""Workshop rules: load from the database, run the solver, apply, publish, re-place.

Only confirmed registrations take part: people on the waiting list are not placed and
cancelled registrations never count (their rows are removed at the next run or placement).
Workshops with the same title in different rounds are the same workshop (no repeats).
Functions only flush; the view commits.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from okconf import audit
from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Workshop
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.spreadsheets import XlsxBook, csv_bytes
from okconf.vocabulary import Party
from okconf.workshops import tables
from okconf.workshops.models import (
    Assignment,
    AssignmentRun,
    AssignmentSource,
    SeatingScope,
    TableSeating,
    WorkshopPreference,
)

if TYPE_CHECKING:
    from okconf.workshops import solver

DEFAULT_BALANCE = 10
DEFAULT_TABLE_SIZE = 8
PARTIES = [p.value for p in Party]


# --- loading --------------------------------------------------------------------------------


def rounds_of(conference: Conference) -> list[ProgrammeItem]:
    """The conference's workshop rounds, in programme order."""
    return db.session.scalars(
        select(ProgrammeItem)
        .where(
            ProgrammeItem.conference_id == conference.id, ProgrammeItem.kind == ItemKind.WORKSHOPS
        )
        .order_by(ProgrammeItem.starts_at, ProgrammeItem.position, ProgrammeItem.id)
    ).all()


def workshops_of(round_: ProgrammeItem, include_cancelled: bool = False) -> list[Workshop]:
    """A round's workshops, in their order."""
    return [w for w in round_.workshops if include_cancelled or not w.cancelled]


def participants(conference: Conference) -> list[Registration]:
    """Confirmed registrations: the people who are placed."""
    return db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
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


def _lock(conference: Conference) -> None:
    """Serialise changes to one conference's assignment (row lock on PostgreSQL), so two
    organisers running or moving at once cannot overfill a workshop or clash on a run.
    FOR NO KEY UPDATE: registrations (whose insert takes KEY SHARE on the conference) go on."""
    db.session.execute(
        select(Conference.id).where(Conference.id == conference.id).with_for_update(key_share=True)
    )


def _remove_stale(conference: Conference) -> None:
    """Drop assignments and table seats of registrations that no longer take part."""
    active = select(Registration.id).where(
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
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
    _lock(conference)
    if is_published(conference):
        raise NotAllowed(_("The assignment is published. Unpublish it before running it again."))
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    for round_ in rounds:
        if not workshops_of(round_):
            raise DomainError(_("The round “%(title)s” has no workshops.", title=round_.title))
    _remove_stale(conference)
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
    _lock(conference)
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    _remove_stale(conference)
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
    _lock(round_.conference)
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


# --- tables ---------------------------------------------------------------------------------


def seat_tables(
    conference: Conference,
    table_size: int,
    round_: ProgrammeItem | None = None,
    seed: int | None = None,
) -> list[tables.Seating]:
    """Lay mixed tables in the plenary (no round) or within each workshop of a round."""
    if table_size < 3:
        raise DomainError(
            _("Tables need at least 3 seats to hold all three parties."), "table_size"
        )
    _lock(conference)
    _remove_stale(conference)
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
            tables.Guest(
                r.id,
                r.party.value,
                str(r.organisation_id or r.organisation_name.strip().casefold() or "") or None,
            )
            for r in regs
        ]
        seating = tables.seat(guests, table_size, seed=seed, parties=PARTIES)
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


# --- publishing -----------------------------------------------------------------------------


def publish(conference: Conference) -> int:
    """Publish every round's assignment and mail each participant their workshop(s) and
    table(s). Every confirmed participant must have a workshop in every round."""
    from okconf.mail.services import queue_mail

    _lock(conference)
    rounds = rounds_of(conference)
    if not rounds:
        raise DomainError(_("The programme has no workshop round."))
    _remove_stale(conference)
    people = participants(conference)
    missing = 0
    for round_ in rounds:
        current = assignments_of(round_)
        missing += sum(1 for r in people if r.id not in current)
    if missing:
        raise Conflict(
            _(
                "%(n)d placements are missing: run the assignment or place late registrants first.",
                n=missing,
            )
        )
    now = utcnow()
    for round_ in rounds:
        run = run_of(round_)
        if run is None:
            run = AssignmentRun(conference_id=conference.id, round_id=round_.id)
            db.session.add(run)
        run.published_at = now
    db.session.flush()
    for r in people:
        queue_mail(
            r.email,
            "workshops/email/assignment",
            subject=_("Your workshop at %(title)s", title=conference.title),
            locale=r.locale,
            kind="workshop_assignment",
            conference_id=conference.id,
            registration=r,
            conference=conference,
            placement=placement(r),
            link=participant_link(r),
        )
    audit.record("workshops.publish", conference, participants=len(people))
    return len(people)


def participant_link(registration: Registration) -> str:
    """The participant's own workshop page (their personal link)."""
    from flask import current_app

    from okconf.accounts.links import make_token

    token = make_token("registration", registration.id, registration.link_version)
    return f"{current_app.config['BASE_URL'].rstrip('/')}/anmalan/{token}/workshops"


def unpublish(conference: Conference) -> None:
    for round_ in rounds_of(conference):
        run = run_of(round_)
        if run is not None:
            run.published_at = None
    audit.record("workshops.unpublish", conference)
    db.session.flush()


@dataclass
class Placement:
    """A participant's workshops and tables, for their page and mail."""

    published: bool
    rounds: list[tuple[ProgrammeItem, Workshop | None, int | None]]
    plenary_table: int | None
    open_for_preferences: bool


def placement(registration: Registration) -> Placement:
    conference = registration.conference
    rounds = rounds_of(conference)
    seats = db.session.scalars(
        select(TableSeating).where(TableSeating.registration_id == registration.id)
    ).all()
    plenary = next((s.table_number for s in seats if s.scope is SeatingScope.PLENARY), None)
    by_workshop = {s.workshop_id: s.table_number for s in seats if s.workshop_id}
    rows = []
    for round_ in rounds:
        a = assignments_of(round_).get(registration.id)
        w = a.workshop if a is not None else None
        rows.append((round_, w, by_workshop.get(w.id) if w else None))
    published = is_published(conference)
    return Placement(
        published=published,
        rounds=rows,
        plenary_table=plenary,
        open_for_preferences=bool(rounds)
        and not published
        and registration.status is not RegistrationStatus.CANCELLED,
    )


# --- preferences ----------------------------------------------------------------------------


def save_preferences(registration: Registration, ranking_by_round: dict[int, list[int]]) -> None:
    """Replace a participant's ranked wishes (workshop ids per round, first wish first)."""
    conference = registration.conference
    if is_published(conference):
        raise NotAllowed(_("The workshops have been assigned; wishes can no longer be changed."))
    if registration.status is RegistrationStatus.CANCELLED:
        raise NotAllowed(_("The registration is cancelled."))
    rounds = {r.id: r for r in rounds_of(conference)}
    for round_id, ranking in ranking_by_round.items():
        round_ = rounds.get(round_id)
        if round_ is None:
            raise DomainError(_("Unknown workshop round."))
        valid = {w.id for w in workshops_of(round_)}
        if len(set(ranking)) != len(ranking):
            raise DomainError(_("Choose each workshop only once."), field=f"round_{round_id}")
        if not set(ranking) <= valid:
            raise DomainError(_("Choose a workshop of this round."), field=f"round_{round_id}")
        ids = [w.id for w in workshops_of(round_, include_cancelled=True)]
        db.session.execute(
            delete(WorkshopPreference).where(
                WorkshopPreference.registration_id == registration.id,
                WorkshopPreference.workshop_id.in_(ids),
            )
        )
        for rank, wid in enumerate(ranking, start=1):
            db.session.add(
                WorkshopPreference(registration_id=registration.id, workshop_id=wid, rank=rank)
            )
    db.session.flush()
    audit.record("workshops.preferences", registration, actor="participant")


# --- figures for the organiser --------------------------------------------------------------


@dataclass
class RoundSummary:
    round: ProgrammeItem
    workshops: list[Workshop]
    run: AssignmentRun | None
    demand: dict[int, Counter]  # workshop id -> rank -> people
    without_preferences: int
    rank_counts: Counter  # rank (None unranked) -> people
    placed: int
    mix: dict[int, Counter]  # workshop id -> party -> people
    sizes: Counter


def summary(conference: Conference) -> list[RoundSummary]:
    people = {r.id: r for r in participants(conference)}
    out = []
    for round_ in rounds_of(conference):
        ws = workshops_of(round_)
        prefs = preferences_by_registration(round_)
        demand = defaultdict(Counter)
        for rid, ranking in prefs.items():
            if rid in people:
                for rank, wid in enumerate(ranking, start=1):
                    demand[wid][rank] += 1
        current = {rid: a for rid, a in assignments_of(round_).items() if rid in people}
        ranks = Counter()
        mix = defaultdict(Counter)
        sizes = Counter()
        for rid, a in current.items():
            ranking = prefs.get(rid, [])
            ranks[ranking.index(a.workshop_id) + 1 if a.workshop_id in ranking else None] += 1
            mix[a.workshop_id][people[rid].party.value] += 1
            sizes[a.workshop_id] += 1
        out.append(
            RoundSummary(
                round=round_,
                workshops=ws,
                run=run_of(round_),
                demand=demand,
                without_preferences=sum(1 for rid in people if not prefs.get(rid)),
                rank_counts=ranks,
                placed=len(current),
                mix=mix,
                sizes=sizes,
            )
        )
    return out


def violation_messages(run: AssignmentRun, workshops: dict[int, Workshop]) -> list[str]:
    """The run's infeasibility report in words."""
    out = []
    for v in (run.details or {}).get("violations", []):
        title = workshops[v["workshop_id"]].title if v.get("workshop_id") in workshops else ""
        party = Party(v["party"]).label if v.get("party") else ""
        if v["kind"] == "seats":
            out.append(
                _(
                    "%(n)d people do not fit: there are more participants than free seats.",
                    n=int(v["amount"]),
                )
            )
        elif v["kind"] == "locked_over_capacity":
            out.append(
                _(
                    "“%(title)s” has %(n)d more locked people than seats.",
                    title=title,
                    n=int(v["amount"]),
                )
            )
        elif v["kind"] == "locked_forbidden":
            out.append(_("A person is locked to “%(title)s” in two rounds.", title=title))
        elif v["kind"] == "balance_high":
            out.append(
                _(
                    "Balance in “%(title)s”: %(party)s would be %(points)s points above the limit "
                    "(about %(amount)s people too many).",
                    title=title,
                    party=party,
                    points=v.get("points"),
                    amount=v["amount"],
                )
            )
        elif v["kind"] == "balance_low":
            out.append(
                _(
                    "Balance in “%(title)s”: %(party)s would be %(points)s points below the limit "
                    "(about %(amount)s people too few).",
                    title=title,
                    party=party,
                    points=v.get("points"),
                    amount=v["amount"],
                )
            )
    return out


# --- lists ----------------------------------------------------------------------------------


def list_rows(conference: Conference) -> list[dict]:
    """One row per participant and round: for printing and export."""
    people = participants(conference)
    seats = seatings_of(conference)
    plenary = {s.registration_id: s.table_number for s in seats if s.scope is SeatingScope.PLENARY}
    in_ws = {(s.registration_id, s.workshop_id): s.table_number for s in seats if s.workshop_id}
    rows = []
    for round_ in rounds_of(conference):
        current = assignments_of(round_)
        for r in people:
            a = current.get(r.id)
            rows.append(
                {
                    "round": round_.title,
                    "workshop": a.workshop.title if a else "",
                    "room": a.workshop.room if a else "",
                    "workshop_table": in_ws.get((r.id, a.workshop_id)) if a else None,
                    "plenary_table": plenary.get(r.id),
                    "registration_id": r.id,
                    "name": r.full_name,
                    "organisation": r.organisation_name,
                    "party": r.party.label,
                    "locked": bool(a and a.locked),
                }
            )
    rows.sort(key=lambda x: (x["round"], x["workshop"], x["workshop_table"] or 0, x["name"]))
    return rows


COLUMNS = [
    ("round", _l("Round")),
    ("workshop", _l("Workshop")),
    ("room", _l("Room")),
    ("workshop_table", _l("Table in workshop")),
    ("plenary_table", _l("Plenary table")),
    ("name", _l("Name")),
    ("organisation", _l("Organisation")),
    ("party", _l("Party")),
]


def export_csv(conference: Conference) -> bytes:
    """The workshop and table list as CSV (through the spreadsheet-safe writer)."""
    header = [str(label) for _key, label in COLUMNS]
    rows = [[row[key] for key, _label in COLUMNS] for row in list_rows(conference)]
    return csv_bytes([header, *rows])


def export_xlsx(conference: Conference) -> bytes:
    """The workshop and table list as XLSX (through the spreadsheet-safe writer)."""
    book = XlsxBook()
    sheet = book.sheet(_("Workshops"))
    sheet.write_row([str(label) for _key, label in COLUMNS], bold=True)
    for row in list_rows(conference):
        sheet.write_row([row[key] for key, _label in COLUMNS])
    return book.close()
