"""Demo registrations: invented people in the three sectors for every conference in the demo.

No mails are queued (the rows are written directly), and a conference that already has
registrations is left alone, so loading twice adds nothing.
"""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration.models import (
    Attendance,
    Registration,
    RegistrationDiet,
    RegistrationStatus,
)
from okconf.vocabulary import Diet, OrganisationType, Party

FIRST = (
    "Amira",
    "Bo",
    "Cecilia",
    "Dawit",
    "Elin",
    "Farid",
    "Greta",
    "Hassan",
    "Ida",
    "Jonas",
    "Karin",
    "Leyla",
    "Mats",
    "Nadia",
    "Oskar",
    "Parisa",
    "Rasmus",
    "Sara",
    "Tomas",
    "Ulla",
)
LAST = ("Andersson", "Berg", "Demir", "Ek", "Hussein", "Lind", "Nilsson", "Omar", "Strand", "Wik")
# (sector, type, organisation) in the proportions the 2011 reports give: 2/3 civil society.
PLACES = (
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Föreningen Gemenskap"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Studieförbundet Exempel"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Kvinnojouren Exempel"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Invandrarföreningen Exempel"),
    (Party.PUBLIC_SECTOR, OrganisationType.MUNICIPALITY, "Exempelstads kommun"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Idrottsföreningen Exempel"),
    (Party.PUBLIC_SECTOR, OrganisationType.COUNTY_BOARD, "Länsstyrelsen (exempel)"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Föreningen Gemenskap"),
    (Party.PUBLIC_SECTOR, OrganisationType.GOVERNMENT_AGENCY, "Arbetsförmedlingen (exempel)"),
    (Party.BUSINESS_OTHER, OrganisationType.UNIVERSITY, "Exempelhögskolan"),
    (Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG, "Studieförbundet Exempel"),
    (Party.BUSINESS_OTHER, OrganisationType.COMPANY, "Exempel AB"),
)
DIETS = (None, None, Diet.VEGETARIAN, None, Diet.GLUTEN_FREE, Diet.HALAL, None, Diet.LACTOSE_FREE)
PER_CONFERENCE = 24


def load(ctx) -> None:
    """Add invented registrations to every conference that has none."""
    conferences = db.session.scalars(select(Conference).order_by(Conference.id)).all()
    for conference in conferences:
        has = db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.conference_id == conference.id)
        )
        if not has:
            _fill(conference)
    db.session.commit()


def _fill(conference: Conference) -> None:
    past = conference.date is not None and conference.date < today()
    people = itertools.product(LAST, FIRST)
    next(itertools.islice(people, conference.id * 7 % 50, None), None)  # vary per conference
    limit = conference.capacity if conference.capacity is not None else PER_CONFERENCE
    start = datetime.combine(conference.date or today(), time(9, 0), ZoneInfo("Europe/Stockholm"))
    for n in range(PER_CONFERENCE):
        last, first = next(people)
        party, org_type, organisation = PLACES[n % len(PLACES)]
        waiting = n >= limit
        # A conference offering online participation (the upcoming one): every fifth online.
        online = conference.offers_online and not past and n % 5 == 3
        registration = Registration(
            conference_id=conference.id,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{conference.id}@example.org".lower(),
            phone=f"+4670{conference.id % 10}{n:06d}",
            organisation_name=organisation,
            party=party,
            org_type=org_type,
            is_politician=n % 9 == 4,
            is_volunteer=party is Party.CIVIL_SOCIETY and n % 2 == 0,
            attendance=Attendance.ONLINE if online else Attendance.ON_SITE,
            status=RegistrationStatus.WAITING if waiting else RegistrationStatus.CONFIRMED,
            waiting_since=utcnow() + timedelta(seconds=n) if waiting else None,
            consent_at=utcnow(),
            checked_in_at=start + timedelta(minutes=n) if past and not waiting and n % 7 else None,
        )
        diet = DIETS[n % len(DIETS)]
        if diet is not None:
            registration.diets.append(RegistrationDiet(diet=diet))
        db.session.add(registration)
