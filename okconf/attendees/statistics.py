"""A conference's participant statistics, as the summary reports count them.

`conference_statistics(conference)` is the one entry point; the reports feature reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party

AGENCY_TYPES = (OrganisationType.GOVERNMENT_AGENCY, OrganisationType.COUNTY_BOARD)


@dataclass
class Count:
    """Registered (confirmed places) and attended (checked in) for one group."""

    registered: int = 0
    attended: int = 0


@dataclass
class ConferenceStatistics:
    """Who registered and who came, per sector and type, and the other figures of a report.

    "Registered" counts confirmed places (not the waiting list, not cancellations);
    "attended" counts confirmed people who were checked in at the door.
    """

    conference_id: int
    capacity: int | None
    registered: int = 0
    attended: int = 0
    waiting: int = 0
    cancelled: int = 0
    by_party: dict[Party, Count] = field(default_factory=dict)
    by_type: dict[OrganisationType, Count] = field(default_factory=dict)
    organisations: Count = field(default_factory=Count)
    municipalities: Count = field(default_factory=Count)
    agencies: Count = field(default_factory=Count)
    politicians: Count = field(default_factory=Count)
    # None until the conference day has passed: nobody is a no-show before.
    no_shows: int | None = None
    late_cancellations: int = 0
    late_cancellation_fees_ore: int = 0
    diets: dict[Diet, int] = field(default_factory=dict)
    diet_other_texts: int = 0


def _organisation_key(organisation_id: int | None, name: str | None) -> str:
    """One organisation: its registry id, else its typed name, case and spaces ignored."""
    if organisation_id is not None:
        return f"id:{organisation_id}"
    return "name:" + " ".join((name or "").lower().split())


def conference_statistics(
    conference: Conference, today: date | None = None
) -> ConferenceStatistics:
    """Compute the conference's statistics in a handful of grouped queries."""
    today = today or date.today()
    stats = ConferenceStatistics(conference_id=conference.id, capacity=conference.capacity)
    stats.by_party = {p: Count() for p in Party}
    stats.by_type = {t: Count() for t in OrganisationType}
    of_conference = Registration.conference_id == conference.id
    confirmed = Registration.status == RegistrationStatus.CONFIRMED

    for status, late, number, fees in db.session.execute(
        select(
            Registration.status,
            Registration.late_cancellation,
            func.count(),
            func.coalesce(func.sum(Registration.cancellation_fee_ore), 0),
        )
        .where(of_conference)
        .group_by(Registration.status, Registration.late_cancellation)
    ):
        if status is RegistrationStatus.CONFIRMED:
            stats.registered += number
        elif status is RegistrationStatus.WAITING:
            stats.waiting += number
        else:
            stats.cancelled += number
            if late:
                stats.late_cancellations += number
                stats.late_cancellation_fees_ore += int(fees)

    # One row per (party, type, politician, organisation): few rows, whatever the headcount.
    orgs: dict[str, tuple[OrganisationType, bool]] = {}
    for party, org_type, politician, org_id, name, number, came in db.session.execute(
        select(
            Registration.party,
            Registration.org_type,
            Registration.is_politician,
            Registration.organisation_id,
            func.coalesce(Organisation.name, Registration.organisation_name),
            func.count(),
            func.count(Registration.checked_in_at),
        )
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(of_conference, confirmed)
        .group_by(
            Registration.party,
            Registration.org_type,
            Registration.is_politician,
            Registration.organisation_id,
            func.coalesce(Organisation.name, Registration.organisation_name),
        )
    ):
        stats.attended += came
        stats.by_party[party].registered += number
        stats.by_party[party].attended += came
        stats.by_type[org_type].registered += number
        stats.by_type[org_type].attended += came
        if politician:
            stats.politicians.registered += number
            stats.politicians.attended += came
        key = _organisation_key(org_id, name)
        if key == "name:":
            continue
        seen_type, seen_came = orgs.get(key, (org_type, False))
        orgs[key] = (seen_type, seen_came or came > 0)

    for org_type, came in orgs.values():
        groups = [stats.organisations]
        if org_type is OrganisationType.MUNICIPALITY:
            groups.append(stats.municipalities)
        if org_type in AGENCY_TYPES:
            groups.append(stats.agencies)
        for group in groups:
            group.registered += 1
            group.attended += int(came)

    if conference.date is not None and conference.date < today:
        stats.no_shows = stats.registered - stats.attended

    stats.diets = dict.fromkeys(Diet, 0)
    for diet, number in db.session.execute(
        select(RegistrationDiet.diet, func.count())
        .join(Registration, Registration.id == RegistrationDiet.registration_id)
        .where(of_conference, confirmed)
        .group_by(RegistrationDiet.diet)
    ):
        stats.diets[diet] = number
    stats.diet_other_texts = (
        db.session.scalar(
            select(func.count()).where(of_conference, confirmed, Registration.diet_other != "")
        )
        or 0
    )
    return stats
