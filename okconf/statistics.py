"""The counts behind every page of figures: one place that counts registrations.

The conference dashboard (okconf/main/dashboard.py), the attendee statistics
(okconf/attendees/statistics.py) and the reports' counted figures (okconf/reports/statistics.py)
all read these functions; none of them queries the registrations for figures on its own. Each
function takes many conferences and answers in one grouped query, so a page of conferences
costs the same few queries as one.

Words: *confirmed* is a registration with a place (not the waiting list, not cancelled);
*checked in* (attended) is a confirmed one checked in at the door. A hybrid conference's
confirmed and waiting count both pools; `online_*` says how many of them are online, and the
diets count only those on site (online participants eat at home).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import (
    Attendance,
    Registration,
    RegistrationDiet,
    RegistrationStatus,
)
from okconf.vocabulary import Diet, OrganisationType, Party

# The organisation types the reports count as agencies.
AGENCY_TYPES = (OrganisationType.GOVERNMENT_AGENCY, OrganisationType.COUNTY_BOARD)


@dataclass
class StatusCounts:
    """One conference's registrations by status, and its check-ins."""

    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    late_cancellations: int = 0
    late_cancellation_fees_ore: int = 0
    checked_in: int = 0
    # Checked in since the time asked for (the dashboard asks for today's midnight).
    checked_in_since: int = 0
    # Of the confirmed and the waiting: those online (a pool of its own).
    online_confirmed: int = 0
    online_waiting: int = 0

    @property
    def on_site_confirmed(self) -> int:
        """Confirmed places at the venue."""
        return self.confirmed - self.online_confirmed

    @property
    def on_site_waiting(self) -> int:
        """Waiting for a place at the venue."""
        return self.waiting - self.online_waiting


def status_counts(conference_ids: list[int], since: datetime | None = None) -> dict:
    """Conference id -> its StatusCounts, in one query."""
    result = {i: StatusCounts() for i in conference_ids}
    if not conference_ids:
        return result
    confirmed = Registration.status == RegistrationStatus.CONFIRMED

    def count(condition) -> sa.ColumnElement:
        return func.coalesce(func.sum(sa.case((condition, 1), else_=0)), 0)

    late = sa.and_(
        Registration.status == RegistrationStatus.CANCELLED,
        Registration.late_cancellation.is_(True),
    )
    arrived = (
        sa.and_(confirmed, Registration.checked_in_at >= since) if since is not None else sa.false()
    )
    online = Registration.attendance == Attendance.ONLINE
    rows = db.session.execute(
        select(
            Registration.conference_id,
            count(confirmed),
            count(Registration.status == RegistrationStatus.WAITING),
            count(Registration.status == RegistrationStatus.CANCELLED),
            count(late),
            func.coalesce(
                func.sum(sa.case((late, func.coalesce(Registration.cancellation_fee_ore, 0)))), 0
            ),
            count(sa.and_(confirmed, Registration.checked_in_at.is_not(None))),
            count(arrived),
            count(sa.and_(confirmed, online)),
            count(sa.and_(Registration.status == RegistrationStatus.WAITING, online)),
        )
        .where(Registration.conference_id.in_(conference_ids))
        .group_by(Registration.conference_id)
    )
    for conference_id, *numbers in rows:
        result[conference_id] = StatusCounts(*(int(n) for n in numbers))
    return result


def diet_counts(conference_ids: list[int]) -> dict[int, dict[Diet, int]]:
    """Conference id -> every diet's number of confirmed people on site (0 for the ones
    nobody has)."""
    result = {i: dict.fromkeys(Diet, 0) for i in conference_ids}
    if not conference_ids:
        return result
    for conference_id, diet, number in db.session.execute(
        select(Registration.conference_id, RegistrationDiet.diet, func.count())
        .join(Registration, Registration.id == RegistrationDiet.registration_id)
        .where(
            Registration.conference_id.in_(conference_ids),
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == Attendance.ON_SITE,
        )
        .group_by(Registration.conference_id, RegistrationDiet.diet)
    ):
        result[conference_id][diet] = int(number)
    return result


def other_diet_texts(conference_id: int) -> int:
    """How many confirmed people on site wrote something under "other" diet."""
    return (
        db.session.scalar(
            select(func.count()).where(
                Registration.conference_id == conference_id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.attendance == Attendance.ON_SITE,
                Registration.diet_other != "",
            )
        )
        or 0
    )


@dataclass(frozen=True)
class Group:
    """Confirmed people who share a sector, a type, being a politician and an organisation."""

    party: Party
    # The type the registrant chose, and the registry's type when the organisation is in the
    # registry (else the chosen one).
    org_type: OrganisationType
    registry_type: OrganisationType
    politician: bool
    # One organisation: ("id", its registry id) or ("name", its typed name, case and spaces
    # ignored); None when no organisation was given.
    organisation: tuple | None
    organisation_name: str
    registered: int
    attended: int
    # Confirmed online (never checked in at the door: taking part online is attending).
    online: int = 0


def organisation_key(organisation_id: int | None, name: str | None) -> tuple | None:
    """One organisation: its registry id, else its typed name with case and spaces ignored."""
    if organisation_id is not None:
        return ("id", organisation_id)
    name = " ".join((name or "").casefold().split())
    return ("name", name) if name else None


def confirmed_groups(conference_ids: list[int]) -> dict[int, list[Group]]:
    """Conference id -> its confirmed people in groups (few rows, whatever the headcount),
    in the order of each group's first registration."""
    result: dict[int, list[Group]] = {i: [] for i in conference_ids}
    if not conference_ids:
        return result
    name = func.coalesce(Organisation.name, Registration.organisation_name)
    registry_type = func.coalesce(Organisation.org_type, Registration.org_type)
    rows = db.session.execute(
        select(
            Registration.conference_id,
            Registration.party,
            Registration.org_type,
            registry_type,
            Registration.is_politician,
            Registration.organisation_id,
            name,
            func.count(),
            func.count(Registration.checked_in_at),
            func.min(Registration.id),
            func.coalesce(
                func.sum(sa.case((Registration.attendance == Attendance.ONLINE, 1), else_=0)), 0
            ),
        )
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(
            Registration.conference_id.in_(conference_ids),
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .group_by(
            Registration.conference_id,
            Registration.party,
            Registration.org_type,
            registry_type,
            Registration.is_politician,
            Registration.organisation_id,
            name,
        )
    ).all()
    for row in sorted(rows, key=lambda row: row[-2]):
        conference_id, party, org_type, reg_type, politician, org_id, org_name, n, came, _, on = row
        result[conference_id].append(
            Group(
                party=party,
                org_type=org_type,
                registry_type=OrganisationType(reg_type)
                if not isinstance(reg_type, OrganisationType)
                else reg_type,
                politician=bool(politician),
                organisation=organisation_key(org_id, org_name),
                organisation_name=(org_name or "").strip(),
                registered=int(n),
                attended=int(came),
                online=int(on),
            )
        )
    return result
