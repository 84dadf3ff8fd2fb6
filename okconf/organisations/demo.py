"""Demo organisations: the hosts of the seven regional conferences (names from the seed report)."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.vocabulary import OrganisationType as T

# (name, type, town); the demo key is "organisation:<name>".
HOSTS = (
    ("SIOS", T.CIVIL_SOCIETY_ORG, "Stockholm"),
    ("Afrosvenskarnas Riksförbund", T.CIVIL_SOCIETY_ORG, "Stockholm"),
    ("Nätverket Plattform Göteborg", T.CIVIL_SOCIETY_ORG, "Göteborg"),
    ("Hela Sverige ska leva Norrbotten", T.CIVIL_SOCIETY_ORG, "Boden"),
    ("Röda Korset Västernorrland", T.CIVIL_SOCIETY_ORG, "Sundsvall"),
    ("ABF Malmö", T.CIVIL_SOCIETY_ORG, "Malmö"),
    ("Folksam", T.COMPANY, "Malmö"),
    ("Kommunförbundet Skåne", T.REGION, "Lund"),
    ("Länsstyrelsen Skåne", T.COUNTY_BOARD, "Malmö"),
    ("Malmö stad", T.MUNICIPALITY, "Malmö"),
    ("Region Skåne", T.REGION, "Kristianstad"),
    ("SIOS Syd", T.CIVIL_SOCIETY_ORG, "Malmö"),
    ("Social Ekonomi Skåne", T.CIVIL_SOCIETY_ORG, "Malmö"),
    ("Bilda", T.CIVIL_SOCIETY_ORG, "Västerås"),
    ("Folkets Hus och Parker", T.CIVIL_SOCIETY_ORG, "Köping"),
    ("Hela Sverige ska leva", T.CIVIL_SOCIETY_ORG, "Stockholm"),
    ("Hyresgästföreningen", T.CIVIL_SOCIETY_ORG, "Köping"),
    ("SIOS Mellansverige", T.CIVIL_SOCIETY_ORG, "Västerås"),
    ("Svenska kyrkan", T.CIVIL_SOCIETY_ORG, "Köping"),
    ("Länsbygderådet i Blekinge", T.CIVIL_SOCIETY_ORG, "Karlskrona"),
    ("Länsbygderådet i Kalmar län", T.CIVIL_SOCIETY_ORG, "Kalmar"),
    ("Länsstyrelsen Blekinge län", T.COUNTY_BOARD, "Karlskrona"),
    ("Länsstyrelsen Kalmar län", T.COUNTY_BOARD, "Kalmar"),
)


def organisation_by_name(name: str, org_type: T, town: str) -> Organisation:
    """The organisation with this name, created when missing (so loading twice is harmless)."""
    org = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        org = Organisation(name=name, org_type=org_type, party=org_type.party, town=town)
        db.session.add(org)
        db.session.flush()
    return org


def load(ctx) -> None:
    """Create the host organisations of the seven conferences."""
    for name, org_type, town in HOSTS:
        ctx.objects[f"organisation:{name}"] = organisation_by_name(name, org_type, town)
    db.session.commit()
