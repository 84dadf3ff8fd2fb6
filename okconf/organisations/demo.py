"""Demo registry: the hosts of the seven regional conferences (names from the seed report),
the Agreement's signatories in the order of seed 001, and the regions' municipalities and
agencies. Signing dates are invented (the seed gives only the order, up to 22 May 2012);
addresses are under example.se and every contact person is invented.

Organisations are found by name, so loading twice is harmless and a signatory that also
hosts a conference is one organisation."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from okconf.extensions import db
from okconf.organisations.models import ContactPerson, Organisation
from okconf.organisations.services import save_organisation
from okconf.vocabulary import OrganisationType, Party
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


# Seed 001, "Bilaga 1 Anslutna organisationer", in the order they joined; (name, town).
SIGNATORIES = (
    ("Civilförsvarsförbundet", ""),
    ("Riksteatern", ""),
    ("Caritas Sverige", ""),
    ("Romersk-Katolska Kyrkan", ""),
    ("SKL – Sveriges Kommuner och Landsting", ""),
    ("Kurdiska Riksförbundet", ""),
    ("Folkbildningsförbundet – studieförbundens intresseorganisation", ""),
    ("Internationella Kvinnoförbundet", ""),
    ("RIFFI – Riksförbundet Internationella Föreningar för Invandrarkvinnor", ""),
    ("Caritas Angered", "Göteborg"),
    ("LP-verksamhetens Ideella Riksförening", ""),
    ("Hela Sverige ska leva", "Stockholm"),
    ("IOGT-NTO", ""),
    ("Sveriges Kristna Råd", ""),
    ("Sociala Missionen", ""),
    ("Skyddsvärnet i Stockholm", "Stockholm"),
    ("Rainbow Sweden", ""),
    ("Sveriges Föreningar", ""),
    ("Malmö Idrottsföreningars Samorganisation – MISO", "Malmö"),
    ("MIP – Malmö Ideella föreningars Paraplyorganisation", "Malmö"),
    ("Afrosvenskarnas Riksförbund", ""),
    ("Göteborgsregionens sociala ekonomi", "Göteborg"),
    ("Svenska Röda korset", ""),
    ("Uppsala föreningsråd", "Uppsala"),
    ("SIOS", "Stockholm"),
    ("Forum för frivilligt socialt arbete", ""),
    ("Hyresgästföreningen", ""),
    ("Irakiska Riksförbundet i Sverige", ""),
    ("RFS – Riksförbundet Frivilliga Samhällsarbetare", ""),
    ("Folkets Hus och Parker", ""),
    ("Eritreanska Riksförbundet i Sverige", ""),
    ("Studieförbundet Bilda", ""),
    ("Svenska Missionskyrkan", ""),
    ("Frivillig Väntjänst", ""),
    ("Svenska kyrkan", ""),
)

# Municipalities, county boards and agencies of the conferences' regions.
REGIONAL = (
    ("Stockholms stad", OrganisationType.MUNICIPALITY, "Stockholm", "stockholm"),
    ("Göteborgs Stad", OrganisationType.MUNICIPALITY, "Göteborg", "goteborg"),
    ("Bodens kommun", OrganisationType.MUNICIPALITY, "Boden", "boden"),
    ("Sundsvalls kommun", OrganisationType.MUNICIPALITY, "Sundsvall", "sundsvall"),
    ("Malmö stad", OrganisationType.MUNICIPALITY, "Malmö", "malmo"),
    ("Köpings kommun", OrganisationType.MUNICIPALITY, "Köping", "koping"),
    ("Ronneby kommun", OrganisationType.MUNICIPALITY, "Ronneby", "ronneby"),
    ("Länsstyrelsen i Norrbottens län", OrganisationType.COUNTY_BOARD, "Luleå", "lst-bd"),
    ("Länsstyrelsen Västernorrland", OrganisationType.COUNTY_BOARD, "Härnösand", "lst-y"),
    ("Länsstyrelsen Västmanland", OrganisationType.COUNTY_BOARD, "Västerås", "lst-u"),
    ("Länsstyrelsen Blekinge län", OrganisationType.COUNTY_BOARD, "Karlskrona", "lst-k"),
    ("Arbetsförmedlingen", OrganisationType.GOVERNMENT_AGENCY, "Stockholm", "af"),
    ("Försäkringskassan", OrganisationType.GOVERNMENT_AGENCY, "Stockholm", "fk"),
    ("Region Västmanland", OrganisationType.REGION, "Västerås", "regionvastmanland"),
    ("Mälardalens högskola", OrganisationType.UNIVERSITY, "Västerås", "mdh"),
)

CONTACTS = (
    ("Köpings kommun", "Maja Exempel", "Integrationssamordnare"),
    ("Länsstyrelsen Västmanland", "Omar Testsson", "Handläggare, integration"),
    ("Sundsvalls kommun", "Lena Påhittad", "Enhetschef"),
)


def organisation_by_name(name: str, org_type: T, town: str) -> Organisation:
    """The organisation with this name, created when missing (so loading twice is harmless)."""
    org = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
    if org is None:
        org = Organisation(name=name, org_type=org_type, party=org_type.party, town=town)
        db.session.add(org)
        db.session.flush()
    return org


def _find(name: str) -> Organisation | None:
    return db.session.scalars(select(Organisation).where(Organisation.name == name)).first()


def _slug(name: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    text = "".join(c if c.isalnum() else "-" for c in name.lower().translate(table))
    return re.sub("-+", "-", text).strip("-")


def load(ctx) -> None:
    """Add the registry's demo organisations (once); they are kept in ctx by name."""
    joined = date(2010, 5, 3)
    for n, (name, town) in enumerate(SIGNATORIES):
        org = _find(name)
        if org is None:
            is_skl = name.startswith("SKL")
            org = save_organisation(
                None,
                name=name,
                org_type=OrganisationType.OTHER if is_skl else OrganisationType.CIVIL_SOCIETY_ORG,
                party=Party.PUBLIC_SECTOR if is_skl else None,
                town=town,
                email=f"info@{_slug(name)[:40].strip('-')}.example.se",
                # Spread from May 2010 to May 2012, in the seed's order.
                signed_agreement_on=joined + timedelta(days=n * 21),
            )
        ctx.objects[f"organisation:{name}"] = org
    for name, org_type, town in HOSTS:
        ctx.objects[f"organisation:{name}"] = organisation_by_name(name, org_type, town)
    for name, org_type, town, domain in REGIONAL:
        org = _find(name) or save_organisation(
            None, name=name, org_type=org_type, town=town, email=f"info@{domain}.example.se"
        )
        ctx.objects[f"organisation:{name}"] = org
    for org_name, person, title in CONTACTS:
        org = ctx.objects[f"organisation:{org_name}"]
        if not org.contacts:
            email = _slug(person).replace("-", ".") + "@example.se"
            org.contacts.append(ContactPerson(name=person, email=email, title=title))
    db.session.commit()
