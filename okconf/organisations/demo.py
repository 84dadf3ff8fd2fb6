"""Demo registry: the Agreement's signatories in the order of seed 001, and the regions'
municipalities and agencies. Signing dates are invented (the seed gives only the order, up to
22 May 2012); addresses are under example.se and every contact person is invented."""

from __future__ import annotations

import re
from datetime import date, timedelta

from okconf.extensions import db
from okconf.organisations.models import ContactPerson
from okconf.organisations.services import find_by_name_and_town, save_organisation
from okconf.vocabulary import OrganisationType, Party

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
    ("Hela Sverige ska leva", ""),
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
    ("SIOS", ""),
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
    ("Länsstyrelsen Blekinge", OrganisationType.COUNTY_BOARD, "Karlskrona", "lst-k"),
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


def _slug(name: str) -> str:
    table = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
    text = "".join(c if c.isalnum() else "-" for c in name.lower().translate(table))
    return re.sub("-+", "-", text).strip("-")


def load(ctx) -> None:
    """Add the registry's demo organisations (once); they are kept in ctx by name."""
    joined = date(2010, 5, 3)
    for n, (name, town) in enumerate(SIGNATORIES):
        org = find_by_name_and_town(name, town)
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
    for name, org_type, town, domain in REGIONAL:
        org = find_by_name_and_town(name, town) or save_organisation(
            None, name=name, org_type=org_type, town=town, email=f"info@{domain}.example.se"
        )
        ctx.objects[f"organisation:{name}"] = org
    for org_name, person, title in CONTACTS:
        org = ctx.objects[f"organisation:{org_name}"]
        if not org.contacts:
            email = _slug(person).replace("-", ".") + "@example.se"
            org.contacts.append(ContactPerson(name=person, email=email, title=title))
    db.session.flush()
