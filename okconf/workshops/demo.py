"""Demo: about sixty invented participants of Malmö 2012 with ranked workshop wishes.

The Malmö conference and its seven workshops come from the conferences feature's demo; when
they are missing (that feature's demo not loaded) nothing is added.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType
from okconf.workshops.models import WorkshopPreference
from okconf.workshops.services.loading import rounds_of, workshops_of

FIRST = [
    "Amira",
    "Björn",
    "Cecilia",
    "Dragan",
    "Elin",
    "Farid",
    "Greta",
    "Hassan",
    "Ida",
    "Jonas",
    "Karin",
    "Leila",
    "Magnus",
    "Nadia",
    "Oskar",
    "Petra",
    "Rami",
    "Sofia",
    "Tomas",
    "Ulla",
]
LAST = ["Ahlberg", "Bergkvist", "Citaku", "Dahlström", "Ekberg", "Fors", "Gashi", "Holm"]
ORGANISATIONS = [
    ("Malmö stad", OrganisationType.MUNICIPALITY),
    ("Region Skåne", OrganisationType.REGION),
    ("Länsstyrelsen Skåne", OrganisationType.COUNTY_BOARD),
    ("Arbetsförmedlingen Malmö", OrganisationType.GOVERNMENT_AGENCY),
    ("Föreningen Mötesplats Rosengård", OrganisationType.CIVIL_SOCIETY_ORG),
    ("Studieförbundet Syd", OrganisationType.CIVIL_SOCIETY_ORG),
    ("Somaliska kvinnoföreningen Skåne", OrganisationType.CIVIL_SOCIETY_ORG),
    ("IM Individuell Människohjälp", OrganisationType.CIVIL_SOCIETY_ORG),
    ("Idrottsföreningen Sydstjärnan", OrganisationType.CIVIL_SOCIETY_ORG),
    ("Malmö högskola", OrganisationType.UNIVERSITY),
    ("Byggbolaget Öresund AB", OrganisationType.COMPANY),
]
MARK = "@workshops.example.org"


def load(ctx) -> None:
    conference = ctx.objects.get("conference:malmo-2012")
    if conference is None:
        return
    rounds = rounds_of(conference)
    if not rounds or not workshops_of(rounds[0]):
        return
    exists = db.session.scalar(
        select(Registration.id).where(
            Registration.conference_id == conference.id, Registration.email.like(f"%{MARK}")
        )
    )
    if exists is not None:
        return
    rng = random.Random(2012)  # noqa: S311 - reproducible demo data
    names = [(f, n) for f in FIRST for n in LAST]
    rng.shuffle(names)
    for i, (first, last) in enumerate(names[:60]):
        org_name, org_type = rng.choices(ORGANISATIONS, weights=[6, 3, 2, 3, 5, 4, 3, 4, 3, 2, 2])[
            0
        ]
        registration = Registration(
            conference_id=conference.id,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{i}{MARK}".lower().replace("ö", "o").replace("ä", "a"),
            organisation_name=org_name,
            party=org_type.party,
            org_type=org_type,
            status=RegistrationStatus.CONFIRMED,
        )
        db.session.add(registration)
        db.session.flush()
        for round_ in rounds:
            ws = workshops_of(round_)
            if i % 15 == 14:
                continue  # a few give no wishes
            weights = [len(ws) - j for j in range(len(ws))]
            chosen = []
            while len(chosen) < min(3, len(ws)):
                w = rng.choices(ws, weights=weights)[0]
                if w not in chosen:
                    chosen.append(w)
            for rank, w in enumerate(chosen, start=1):
                db.session.add(
                    WorkshopPreference(registration_id=registration.id, workshop_id=w.id, rank=rank)
                )
    db.session.commit()
