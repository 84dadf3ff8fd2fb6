"""A conference's participant statistics, as the summary reports count them.

`conference_statistics(conference)` is the one entry point. The counting itself is in
okconf/statistics.py, which the dashboard and the reports read too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select

from okconf import clock
from okconf import statistics as counts
from okconf.attendees import days
from okconf.companions.models import Companion
from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party


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
    # Of the registered and the waiting: those online (never checked in, never no-shows).
    online: int = 0
    online_waiting: int = 0
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
    # A conference of several days: each day -> confirmed people checked in that day.
    by_day: dict[date, int] = field(default_factory=dict)
    # Companions of confirmed participants: counted apart, never as a sector's participants.
    companions: Count = field(default_factory=Count)


def conference_statistics(
    conference: Conference, today: date | None = None
) -> ConferenceStatistics:
    """The conference's statistics, from the counts of okconf/statistics.py."""
    today = today or clock.today()
    stats = ConferenceStatistics(conference_id=conference.id, capacity=conference.capacity)
    stats.by_party = {p: Count() for p in Party}
    stats.by_type = {t: Count() for t in OrganisationType}

    status = counts.status_counts([conference.id])[conference.id]
    stats.registered, stats.waiting, stats.cancelled = (
        status.confirmed,
        status.waiting,
        status.cancelled,
    )
    stats.online, stats.online_waiting = status.online_confirmed, status.online_waiting
    stats.late_cancellations = status.late_cancellations
    stats.late_cancellation_fees_ore = status.late_cancellation_fees_ore

    orgs: dict[tuple, tuple[OrganisationType, bool]] = {}
    for group in counts.confirmed_groups([conference.id])[conference.id]:
        number, came = group.registered, group.attended
        stats.attended += came
        stats.by_party[group.party].registered += number
        stats.by_party[group.party].attended += came
        stats.by_type[group.org_type].registered += number
        stats.by_type[group.org_type].attended += came
        if group.politician:
            stats.politicians.registered += number
            stats.politicians.attended += came
        if group.organisation is None:
            continue
        seen_type, seen_came = orgs.get(group.organisation, (group.org_type, False))
        orgs[group.organisation] = (seen_type, seen_came or came > 0)

    for org_type, came in orgs.values():
        groups = [stats.organisations]
        if org_type is OrganisationType.MUNICIPALITY:
            groups.append(stats.municipalities)
        if org_type in counts.AGENCY_TYPES:
            groups.append(stats.agencies)
        for group in groups:
            group.registered += 1
            group.attended += int(came)

    if conference.date is not None and conference.last_day < today:
        stats.no_shows = stats.registered - stats.online - stats.attended

    stats.diets = counts.diet_counts([conference.id])[conference.id]
    stats.diet_other_texts = counts.other_diet_texts(conference.id)
    if conference.several_days:
        stats.by_day = days.by_day(conference)
    stats.companions = _companions(conference)
    return stats


def _companions(conference: Conference) -> Count:
    """Companions of the confirmed participants, and how many of them were checked in."""
    row = db.session.execute(
        select(func.count(Companion.id), func.count(Companion.checked_in_at))
        .join(Registration, Registration.id == Companion.registration_id)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).one()
    return Count(registered=row[0], attended=row[1])
