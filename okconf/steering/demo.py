"""Demo steering group (INVENTED people), measures retold from seed 001, signatories."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.demo import SIGNATORIES
from okconf.organisations.models import Organisation
from okconf.steering import services
from okconf.steering.demo_measures import MEASURES
from okconf.steering.models import AgreementParty as P
from okconf.steering.models import Office as O
from okconf.steering.models import SteeringMember
from okconf.vocabulary import OrganisationType as T

# Every person below is invented; the organisations and seats are seed 001's (appendix 2).
MEMBERS = {
    2011: [
        ("Agnes Lindqvist", "Röda Korset", P.CIVIL_SOCIETY, O.CHAIR, False, ""),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("David Ek", "Sociala Missionen", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Fatima Nour", "Afrosvenskarnas Riksförbund", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Göran Falk", "Folkets Hus och Parker", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Lina Rask", "Riksteatern", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Gustav Berg", "Regeringskansliet", P.GOVERNMENT, O.VICE_CHAIR, False, ""),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False, ""),
        ("Ivar Lund", "Sveriges Kommuner och Landsting", P.SKL, O.MEMBER, False, ""),
    ],
    2012: [
        (
            "David Ek",
            "Sociala Missionen",
            P.CIVIL_SOCIETY,
            O.CHAIR,
            False,
            "5/3–1/6 ersatt av Agnes Lindqvist",
        ),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Agnes Lindqvist", "Röda Korset", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Fatima Nour", "Afrosvenskarnas Riksförbund", P.CIVIL_SOCIETY, O.MEMBER, True, ""),
        ("Gustav Berg", "Regeringskansliet", P.GOVERNMENT, O.VICE_CHAIR, False, ""),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False, ""),
        ("Jonas Vik", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False, ""),
        ("Karin Ström", "Sveriges Kommuner och Landsting", P.SKL, O.MEMBER, False, ""),
    ],
    2013: [
        ("Karin Ström", "Sveriges Kommuner och Landsting", P.SKL, O.CHAIR, False, ""),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.VICE_CHAIR, False, ""),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, False, ""),
        ("Jonas Vik", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False, ""),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False, ""),
    ],
}


def _signatories(ctx) -> None:
    """The signatories, found under the organisations demo's names (one record each).

    The organisations demo (which runs first) creates them with their dates of joining;
    when it has not run, they are created here under the same names, in the same order."""
    day = date(2010, 5, 3)
    for n, (name, _town) in enumerate(SIGNATORIES):
        org = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is None:
            org_type = T.OTHER if name.startswith("SKL") else T.CIVIL_SOCIETY_ORG
            org = Organisation(name=name, org_type=org_type, party=org_type.party, town="")
            db.session.add(org)
        if org.signed_agreement_on is None:
            org.signed_agreement_on = day + timedelta(days=n * 21)
        ctx.objects[f"signatory:{name}"] = org
    db.session.flush()


def _email(name: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeAAOE")
    return name.translate(table).lower().replace(" ", ".") + "@example.org"


def load(ctx) -> None:
    """The steering group 2011–2013, the parties' measures and the signatories (once)."""
    if not db.session.scalar(select(func.count()).select_from(SteeringMember)):
        for year, members in MEMBERS.items():
            for name, org, party, office, substitute, note in members:
                services.add_member(
                    year,
                    name,
                    party,
                    organisation_name=org,
                    email=_email(name),
                    office=office,
                    is_substitute=substitute,
                    note=note,
                )
        for party, number, title, commitment, progress in MEASURES:
            measure = services.add_measure(party, number, commitment, title)
            for year, text in progress.items():
                services.report_progress(measure, year, text)
    _signatories(ctx)
    db.session.commit()
