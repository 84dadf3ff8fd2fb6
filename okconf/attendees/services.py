"""The organiser's side of registrations: the list and its filters, and the workshop lists
(the check-in desk is in desk.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from okconf.conferences.models import Conference, Workshop
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.workshops.models import WorkshopPreference

PAGE_SIZE = 50

# The statuses an organiser filters by; "late_cancelled" and "attended" are derived.
STATUS_FILTERS = ("confirmed", "waiting", "cancelled", "late_cancelled", "attended")


@dataclass
class RegistrationFilter:
    """What the organiser searches for in the registration list."""

    q: str = ""
    party: Party | None = None
    org_type: OrganisationType | None = None
    organisation: str = ""
    status: str = ""
    # "on_site" or "online" (a hybrid conference's pools); "" for both.
    attendance: str = ""
    diet: Diet | None = None
    workshop_id: int | None = None
    # An answer to one of the conference's own questions: (question id, value).
    answer: tuple[int, str] | None = None
    page: int = 1

    def as_args(self) -> dict:
        """The filter as query-string arguments (for pagination links)."""
        args = {
            "q": self.q,
            "party": self.party.value if self.party else "",
            "org_type": self.org_type.value if self.org_type else "",
            "organisation": self.organisation,
            "status": self.status,
            "attendance": self.attendance,
            "diet": self.diet.value if self.diet else "",
            "workshop": self.workshop_id or "",
            "answer": f"{self.answer[0]}:{self.answer[1]}" if self.answer else "",
        }
        return {k: v for k, v in args.items() if v}


@dataclass
class RegistrationPage:
    """One page of the registration list with each row's waiting-list position."""

    rows: list[tuple[Registration, int | None]]
    total: int
    page: int
    pages: int


def organisation_label() -> sa.ColumnElement:
    """The organisation's name: the registry's when linked, else what the person typed."""
    return func.coalesce(Organisation.name, Registration.organisation_name)


def workshop_member_ids(workshop_id: int) -> sa.Select:
    """Registration ids that belong to a workshop.

    Reads the workshops feature's assignments when that model exists and has rows for the
    workshop; until then, everyone who wished for the workshop (any rank).
    """
    assignment = assignment_model()
    preferred = select(WorkshopPreference.registration_id).where(
        WorkshopPreference.workshop_id == workshop_id
    )
    if assignment is None:
        return preferred
    assigned = select(assignment.registration_id).where(assignment.workshop_id == workshop_id)
    if db.session.execute(assigned.limit(1)).first() is None:
        return preferred
    return assigned


def assignment_model():
    """The workshops feature's assignment model (registration_id, workshop_id), if it exists."""
    from okconf.workshops import models

    for name in ("Assignment", "WorkshopAssignment"):
        model = getattr(models, name, None)
        if model is not None and hasattr(model, "registration_id"):
            return model
    return None


def waiting_positions(conference_id: int) -> sa.Subquery:
    """Each waiting registration's place in the queue (1 is next), as a subquery."""
    return (
        select(
            Registration.id.label("registration_id"),
            func.row_number()
            .over(
                partition_by=Registration.attendance,  # each pool has its own queue
                order_by=(Registration.waiting_since, Registration.id),
            )
            .label("position"),
        )
        .where(
            Registration.conference_id == conference_id,
            Registration.status == RegistrationStatus.WAITING,
        )
        .subquery()
    )


def matching(q: str) -> list[sa.ColumnElement[bool]]:
    """The conditions a search for `q` matches (any one of them): the full name, the email
    or the organisation. The query must be outer-joined to Organisation, as `filtered` is.
    `%` and `_` in `q` are letters, not wildcards."""
    needle = q.strip().lower()
    full_name = func.lower(Registration.first_name + " " + Registration.last_name)
    return [
        full_name.contains(needle, autoescape=True),
        func.lower(Registration.email).contains(needle, autoescape=True),
        func.lower(organisation_label()).contains(needle, autoescape=True),
    ]


def filtered(conference: Conference, filters: RegistrationFilter) -> sa.Select:
    """The list's query before ordering and paging."""
    query = (
        select(Registration)
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(Registration.conference_id == conference.id)
    )
    if filters.q:
        query = query.where(or_(*matching(filters.q)))
    if filters.party:
        query = query.where(Registration.party == filters.party)
    if filters.org_type:
        query = query.where(Registration.org_type == filters.org_type)
    if filters.organisation.strip():
        needle = filters.organisation.strip().lower()
        query = query.where(func.lower(organisation_label()).contains(needle, autoescape=True))
    if filters.attendance in ("on_site", "online"):
        query = query.where(Registration.attendance == filters.attendance)
    status = filters.status
    if status == "confirmed":
        query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
    elif status == "waiting":
        query = query.where(Registration.status == RegistrationStatus.WAITING)
    elif status == "cancelled":
        query = query.where(Registration.status == RegistrationStatus.CANCELLED)
    elif status == "late_cancelled":
        query = query.where(
            Registration.status == RegistrationStatus.CANCELLED, Registration.late_cancellation
        )
    elif status == "attended":
        query = query.where(Registration.checked_in_at.is_not(None))
    if filters.diet:
        query = query.where(
            select(RegistrationDiet.registration_id)
            .where(
                RegistrationDiet.registration_id == Registration.id,
                RegistrationDiet.diet == filters.diet,
            )
            .exists()
        )
    if filters.workshop_id:
        query = query.where(Registration.id.in_(workshop_member_ids(filters.workshop_id)))
    if filters.answer:
        from okconf.questions.services import registrations_answering

        answering = registrations_answering(conference, *filters.answer)
        query = query.where(Registration.id.in_(answering.with_only_columns(Registration.id)))
    return query


def registration_page(conference: Conference, filters: RegistrationFilter) -> RegistrationPage:
    """One page of the conference's registrations, in two queries whatever the page size."""
    query = filtered(conference, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    positions = waiting_positions(conference.id)
    rows = db.session.execute(
        query.add_columns(positions.c.position)
        .outerjoin(positions, positions.c.registration_id == Registration.id)
        .options(joinedload(Registration.organisation))
        .order_by(
            sa.case(
                (Registration.status == RegistrationStatus.CONFIRMED, 0),
                (Registration.status == RegistrationStatus.WAITING, 1),
                else_=2,
            ),
            positions.c.position,
            func.lower(Registration.last_name),
            func.lower(Registration.first_name),
            Registration.id,
        )
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return RegistrationPage(rows=[(r, pos) for r, pos in rows], total=total, page=page, pages=pages)


# --- workshop lists ------------------------------------------------------------------------


@dataclass
class WorkshopList:
    """The people of one workshop: assigned, or (until assignment) those who wished for it."""

    workshop: Workshop
    people: list[tuple[Registration, int | None]] = field(default_factory=list)
    from_assignments: bool = False


def workshop_lists(conference: Conference) -> list[WorkshopList]:
    """Every workshop of the conference with its people (confirmed registrations only).

    Uses the workshops feature's assignments for workshops that have any; else the wishes,
    with each person's rank for that workshop.
    """
    workshops = list(
        db.session.scalars(
            select(Workshop)
            .where(Workshop.conference_id == conference.id)
            .order_by(Workshop.position, Workshop.id)
        )
    )
    lists = {w.id: WorkshopList(workshop=w) for w in workshops}
    confirmed = Registration.status == RegistrationStatus.CONFIRMED
    order = (func.lower(Registration.last_name), func.lower(Registration.first_name))
    assignment = assignment_model()
    assigned_workshops: set[int] = set()
    if assignment is not None and workshops:
        for workshop_id, registration in db.session.execute(
            select(assignment.workshop_id, Registration)
            .join(Registration, Registration.id == assignment.registration_id)
            .options(joinedload(Registration.organisation))
            .where(assignment.workshop_id.in_(lists), confirmed)
            .order_by(*order)
        ):
            lists[workshop_id].people.append((registration, None))
            lists[workshop_id].from_assignments = True
            assigned_workshops.add(workshop_id)
    if workshops:
        for workshop_id, rank, registration in db.session.execute(
            select(WorkshopPreference.workshop_id, WorkshopPreference.rank, Registration)
            .join(Registration, Registration.id == WorkshopPreference.registration_id)
            .options(joinedload(Registration.organisation))
            .where(WorkshopPreference.workshop_id.in_(lists), confirmed)
            .order_by(WorkshopPreference.rank, *order)
        ):
            if workshop_id not in assigned_workshops:
                lists[workshop_id].people.append((registration, rank))
    return list(lists.values())


def badge_workshops(conference: Conference) -> dict[int, str]:
    """Each confirmed registration's workshops for the badge: assigned, else first wishes.

    With several workshop rounds a person has one per round; they are joined in order.
    """
    titles: dict[int, list[str]] = {}
    for item in workshop_lists(conference):
        for registration, rank in item.people:
            if item.from_assignments or rank == 1:
                titles.setdefault(registration.id, []).append(item.workshop.title)
    return {rid: ", ".join(names) for rid, names in titles.items()}
