"""Demo steering group (INVENTED people), measures paraphrased from seed 001, signatories."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.steering import services
from okconf.steering.models import AgreementParty as P
from okconf.steering.models import Office as O
from okconf.steering.models import SteeringMember
from okconf.vocabulary import OrganisationType as T

# Every person below is invented; the organisations are the seed's.
MEMBERS = {
    2011: [
        ("Agnes Lindqvist", "Röda Korset", P.CIVIL_SOCIETY, O.CHAIR, False),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("David Ek", "Sociala Missionen", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, True),
        ("Fatima Nour", "Afrosvenskarnas Riksförbund", P.CIVIL_SOCIETY, O.MEMBER, True),
        ("Gustav Berg", "Regeringskansliet", P.GOVERNMENT, O.VICE_CHAIR, False),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False),
        ("Ivar Lund", "Sveriges Kommuner och Landsting", P.SKL, O.MEMBER, False),
    ],
    2012: [
        ("David Ek", "Sociala Missionen", P.CIVIL_SOCIETY, O.CHAIR, False),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Agnes Lindqvist", "Röda Korset", P.CIVIL_SOCIETY, O.MEMBER, True),
        ("Gustav Berg", "Regeringskansliet", P.GOVERNMENT, O.VICE_CHAIR, False),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False),
        ("Jonas Vik", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False),
        ("Karin Ström", "Sveriges Kommuner och Landsting", P.SKL, O.MEMBER, False),
    ],
    2013: [
        ("Karin Ström", "Sveriges Kommuner och Landsting", P.SKL, O.CHAIR, False),
        ("Bashir Omar", "SIOS", P.CIVIL_SOCIETY, O.VICE_CHAIR, False),
        ("Cecilia Strand", "Sveriges Föreningar", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Elin Hagberg", "Hela Sverige ska leva", P.CIVIL_SOCIETY, O.MEMBER, False),
        ("Jonas Vik", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False),
        ("Hanna Sjö", "Regeringskansliet", P.GOVERNMENT, O.MEMBER, False),
    ],
}

# (party, number, short title, commitment, {year: progress}), paraphrased from seed 001.
MEASURES = [
    (
        P.GOVERNMENT,
        1,
        "Enklare ansökningar om projektbidrag",
        "Regeringen verkar tillsammans med bl.a. Migrationsverket och ESF-rådet för att "
        "ansökningar om bidrag till integrationsprojekt blir enklare.",
        {
            2011: "En ny handledning för ansökan om stöd ur Integrationsfonden har "
            "publicerats, och projekten erbjuds kostnadsfritt processtöd."
        },
    ),
    (
        P.GOVERNMENT,
        2,
        "Idéburna organisationer i lokala utvecklingsavtal",
        "Boendeorganisationer och andra organisationer bör ingå i det lokala utvecklingsarbetet "
        "inom de lokala utvecklingsavtalen med kommunerna.",
        {
            2011: "Synen på civilsamhällets roll har varierat mellan avtalen; i vissa är "
            "de ideella organisationerna starkt representerade i partnerskapet."
        },
    ),
    (
        P.GOVERNMENT,
        3,
        "Mentorskap för nyanlända",
        "Ett treårigt projekt ska underlätta nyanländas etablering genom mentorskap utifrån "
        "yrke, utbildning eller erfarenhet, bl.a. i organisationer i det civila samhället.",
        {2011: "Ungdomsstyrelsen stödjer projekt med yrkesinriktat mentorskap 2010–2012."},
    ),
    (
        P.GOVERNMENT,
        4,
        "Etableringslotsar",
        "Nyanlända ska kunna välja en etableringslots; idéburna organisationer kan erbjuda "
        "lotstjänster på lika villkor.",
        {2011: "Arbetsförmedlingen tillhandahåller ett valfrihetssystem för etableringslotsar."},
    ),
    (
        P.CIVIL_SOCIETY,
        1,
        "Gemensamt arbete med överenskommelsen",
        "Organisationerna som undertecknat överenskommelsen samordnar sitt arbete och utser "
        "representanter till styrgruppen.",
        {
            2011: "Organisationerna möttes i juni och augusti, utsåg fyra representanter och fyra "
            "ersättare och föreslog orter och arrangörer för fyra regionala konferenser."
        },
    ),
    (
        P.SKL,
        1,
        "Göra överenskommelsen känd",
        "SKL bidrar till att överenskommelsen blir känd bland kommuner, landsting och regioner.",
        {
            2011: "Överenskommelsen finns på förbundets webbplats, har skickats till kommunernas "
            "kontaktpersoner och presenterades på de fyra regionala konferenserna."
        },
    ),
    (
        P.SKL,
        2,
        "Sprida goda exempel",
        "SKL sprider goda exempel på lokal samverkan mellan kommuner och idéburna organisationer.",
        {},
    ),
    (
        P.SKL,
        3,
        "Myndigheternas roll",
        "SKL påtalar för statliga myndigheter att de också har en roll i samverkan med idéburna "
        "organisationer.",
        {},
    ),
]

# Signatory organisations in the order of joining (seed 001, appendix 1); dates invented.
SIGNATORIES = [
    ("Civilförsvarsförbundet", T.CIVIL_SOCIETY_ORG),
    ("Riksteatern", T.CIVIL_SOCIETY_ORG),
    ("Caritas Sverige", T.CIVIL_SOCIETY_ORG),
    ("Sveriges Kommuner och Landsting", T.OTHER),
    ("Kurdiska Riksförbundet", T.CIVIL_SOCIETY_ORG),
    ("Folkbildningsförbundet", T.CIVIL_SOCIETY_ORG),
    ("Hela Sverige ska leva", T.CIVIL_SOCIETY_ORG),
    ("IOGT-NTO", T.CIVIL_SOCIETY_ORG),
    ("Sociala Missionen", T.CIVIL_SOCIETY_ORG),
    ("Afrosvenskarnas Riksförbund", T.CIVIL_SOCIETY_ORG),
    ("Svenska Röda korset", T.CIVIL_SOCIETY_ORG),
    ("SIOS", T.CIVIL_SOCIETY_ORG),
    ("Hyresgästföreningen", T.CIVIL_SOCIETY_ORG),
    ("Folkets Hus och Parker", T.CIVIL_SOCIETY_ORG),
    ("Studieförbundet Bilda", T.CIVIL_SOCIETY_ORG),
    ("Svenska kyrkan", T.CIVIL_SOCIETY_ORG),
]


def _signatories(ctx) -> None:
    day = date(2010, 4, 27)
    for name, org_type in SIGNATORIES:
        org = db.session.scalars(select(Organisation).where(Organisation.name == name)).first()
        if org is None:
            org = Organisation(name=name, org_type=org_type, party=org_type.party, town="")
            db.session.add(org)
        if org.signed_agreement_on is None:
            org.signed_agreement_on = day
        ctx.objects[f"signatory:{name}"] = org
        day += timedelta(days=23)
    db.session.flush()


def load(ctx) -> None:
    """The steering group 2011–2013, the parties' measures and the signatories (once)."""
    if not db.session.scalar(select(func.count()).select_from(SteeringMember)):
        for year, members in MEMBERS.items():
            for name, org, party, office, substitute in members:
                services.add_member(
                    year,
                    name,
                    party,
                    organisation_name=org,
                    email=name.lower().replace(" ", ".") + "@example.org",
                    office=office,
                    is_substitute=substitute,
                )
        for party, number, title, commitment, progress in MEASURES:
            measure = services.add_measure(party, number, commitment, title)
            for year, text in progress.items():
                services.report_progress(measure, year, text)
    _signatories(ctx)
    db.session.commit()
