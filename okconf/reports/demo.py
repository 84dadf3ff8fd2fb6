"""Demo summaries of the seven conferences (short form, from seed 000) and entered figures."""

from __future__ import annotations

from okconf.db import utcnow
from okconf.extensions import db
from okconf.groupwork import services as groupwork
from okconf.groupwork.models import NoteKind
from okconf.reports import services
from okconf.reports.demo_edition import load_edition
from okconf.reports.models import FigureSource, Summary, SummaryState
from okconf.vocabulary import Principle as Pr
from okconf.vocabulary import Theme

# key: (total, civil society, public sector, business/other, other counts); None where the
# seed gives none. The demo's registrations are invented, so the organisers chose the
# entered figures (the seed's) for the reports.
FIGURES = {
    "stockholm-2011": (120, 80, 30, 10, {}),
    "goteborg-2011": (100, 60, 30, 10, {}),
    "boden-2011": (70, 40, 25, 5, {}),
    "sundsvall-2011": (75, 35, 35, 5, {}),
    # Seed 000 gives "drygt 200" for Malmö and Köping together, and six politicians in Köping.
    "malmo-2012": (None, None, None, None, {}),
    "koping-2012": (None, None, None, None, {"politicians": 6}),
    "ronneby-2013": (180, None, None, None, {}),
}
FIGURES_NOTE = "Sammanfattande rapport 2011–2013"

# Figures the seeds give for a whole series: year -> counts. 2011 as the parties' annual
# report (seed 001) gives them (ca 360: 210/120/30, about 100 organisations), with seed 000's
# ten municipalities, four agencies and fifteen politicians; 2012 "drygt 200" in all.
SERIES_FIGURES = {
    2011: {
        "total": 360,
        "civil_society": 210,
        "public_sector": 120,
        "business_other": 30,
        "organisations": 100,
        "municipalities": 10,
        "agencies": 4,
        "politicians": 15,
        "note": "Parternas återrapportering maj 2012; sammanfattande rapport 2011–2013",
    },
    2012: {"total": 200, "note": "Sammanfattande rapport 2011–2013: drygt 200 deltagare"},
}

OBSTACLES_2011 = [
    "Nödvändigheten av att förhålla sig till den offentliga sektorns struktur",
    "Brist på resurser",
    "Bemötande, fördomar",
    "Kortsiktigheten – behövs mer än en mandatperiod",
    "Brist på förankring av SKL i kommunerna",
]
OPPORTUNITIES_2011 = [
    "Engagemang finns",
    "Eldsjälar och volontärer finns",
    "Mötesplatser som de idéburna organisationerna kan erbjuda nyanlända",
    "Studieförbunden",
    "Flerspråkigheten – att den kompetens som finns tas tillvara",
]

SUMMARIES = {
    "stockholm-2011": {
        "focus": "Överenskommelsen hamnade i ljuset av arbetslivet, brister i "
        "integrationspolitiken och skolan, och bemötandefrågor inom sjukvård, skola och arbetsliv.",
        "knowledge": "Kunskapen om överenskommelsen var låg; få deltagare relaterade till den.",
        "local_regional": "Rundabordssamtal med Arbetsförmedlingen diskuterades.",
        "dialogue": "Deltagarna satt från början vid bord med alla tre parterna "
        "(bordsplacering) och fyllde även i ett individuellt formulär.",
        "principles": [Pr.QUALITY, Pr.DIALOGUE],
        "obstacles": OBSTACLES_2011[:3],
        "opportunities": OPPORTUNITIES_2011[:2],
    },
    "goteborg-2011": {
        "focus": "I Hammarkullen hamnade överenskommelsen i ljuset av livet i förorten, "
        "delaktighet och bostadssegregation.",
        "knowledge": "Kunskapen om överenskommelsen var låg.",
        "local_regional": "Flera deltagare talade om att den idéburna sektorn behöver samla sig; "
        "en nästa träff bjöds in till redan på konferensen.",
        "dialogue": "Grupparbete i fem teman (hälsa, arbete, språk, utbildning, bostäder) och en "
        "Open Space-vägg under hela dagen.",
        "principles": [Pr.DIALOGUE, Pr.DIVERSITY],
        "obstacles": OBSTACLES_2011[1:4],
        "opportunities": OPPORTUNITIES_2011[2:4],
    },
    "boden-2011": {
        "focus": "Norrbottens behov av arbetskraft och insatser mot utflyttning; arbetet mot "
        "fördomar och rasism gick som en röd tråd genom dagen.",
        "local_regional": "Få organisationer hade deltagit i den regionala överenskommelsen; "
        "flera talade om politikernas och kommunernas ansvar att bjuda in.",
        "local_examples": "Förberedda, positiva berättelser om lokalt integrationsarbete.",
        "principles": [Pr.QUALITY, Pr.LONG_TERM],
        "obstacles": OBSTACLES_2011[3:],
        "opportunities": OPPORTUNITIES_2011[:1] + OPPORTUNITIES_2011[4:],
    },
    "sundsvall-2011": {
        "focus": "Flyktingmottagning, önskan om ökad inflyttning och "
        "etableringsreformen i praktiken.",
        "local_regional": "Flera deltagare tyckte att Arbetsförmedlingen lokalt borde bjuda in "
        "övriga parter.",
        "local_examples": "Presentationer av lokala exempel med just det syftet.",
        "principles": [Pr.DIALOGUE, Pr.QUALITY],
        "obstacles": OBSTACLES_2011[:2],
        "opportunities": OPPORTUNITIES_2011[1:3],
    },
    "malmo-2012": {
        "focus": "Integration genom interaktion: integrationsarbetet inom olika områden, även "
        "diskriminering.",
        "dialogue": "Sju parallella workshoppar med teman hälsa, boende, utbildning, "
        "antidiskriminering, språk, arbete och mötesplatser.",
        "principles": [Pr.QUALITY, Pr.LONG_TERM, Pr.DIALOGUE, Pr.DIVERSITY],
        "obstacles": ["Arbets- och bostadsbrist med fleråriga köer och segregation"],
        "opportunities": ["Samarbetsavtal mellan regionen och idéburna organisationer"],
    },
    "koping-2012": {
        "focus": "Organisationernas roll och villkor inom integrationsprocessen.",
        "principles": [Pr.INDEPENDENCE, Pr.QUALITY, Pr.DIALOGUE, Pr.DIVERSITY],
        "obstacles": ["Ungdomars deltagande saknas"],
        "opportunities": ["Föreningar skapar trygghet både för individ och samhälle"],
    },
    "ronneby-2013": {
        "focus": "Hur kan vi gå vidare i arbetet och utveckla samarbetet? Hur gör vi "
        "överenskommelsen mer känd?",
        "local_regional": "Etableringslotsarnas roll diskuterades med Arbetsförmedlingen.",
        "principles": [Pr.DIALOGUE, Pr.OPENNESS],
        "obstacles": ["Etableringsperioden på två år räcker sällan till ett fast arbete"],
        "opportunities": ["Länsbygderåden samlar många lokala föreningar"],
    },
}

# More of each summary, in okconf's own words, so that no section of the 2011 report is
# empty and Ronneby's local example keeps seed 000's figures.
MORE = {
    "stockholm-2011": {
        "principles_text": "Deltagarna var oense om en nationell överenskommelse, "
        "undertecknad av SKL, kan användas i samtalet med den egna kommunen.",
        "parties_positions": "Alla tre parterna presenterade överenskommelsen och sin syn på "
        "den; regeringens företrädare satte den i samband med etableringsreformen.",
        "conclusions": "Deltagarna ville ha fler tillfällen att mötas över sektorsgränserna.",
    },
    "goteborg-2011": {
        "principles_text": "Bristen på dialog med myndigheterna beskrevs genom egna "
        "erfarenheter av vad den lett till.",
        "parties_positions": "Parterna beskrev sina åtaganden; frågorna från salen gällde "
        "mest integrationspolitiken i stort.",
        "conclusions": "Organisationerna i Göteborg bestämde sig för att fortsätta träffas.",
    },
    "boden-2011": {
        "principles_text": "Organisationernas kvalitet, att nå resultat genom ideella "
        "insatser, och behovet av långsiktighet lyftes.",
        "knowledge": "Få kände till överenskommelsen, men etableringsreformen var välkänd.",
        "parties_positions": "Länsstyrelsen och Arbetsförmedlingen berättade om den regionala "
        "överenskommelsen de arbetar med.",
        "conclusions": "En plattform för social ekonomi vill bli part i det regionala arbetet.",
    },
    "sundsvall-2011": {
        "principles_text": "En tydligare dialog mellan myndigheter, kommun och "
        "organisationer efterfrågades.",
        "knowledge": "Överenskommelsen var ny för de flesta; ansvarsfördelningen mellan "
        "kommun och Arbetsförmedling var däremot känd.",
        "parties_positions": "Parterna presenterade överenskommelsen, och Länsstyrelsen den "
        "regionala överenskommelsen.",
        "conclusions": "Deltagarna frågade hur de nationella parterna stöder samarbetet lokalt.",
    },
    "ronneby-2013": {
        "local_examples": "Arbetsförmedlingen berättade om etableringslotsarna: det finns "
        "lotsar i 233 kommuner, 280 etableringslotsar i hela landet, varav 79 ideella "
        "organisationer, och 79 % av dem som har rätt till en lots har en. Nätverk för "
        "Social Ekonomi Skåne, med 34 medlemsorganisationer, berättade om sitt arbete.",
    },
}

NOTES = [
    (NoteKind.OBSTACLE, Theme.HOUSING, "Bostadssegregationen gör det svårt att mötas"),
    (NoteKind.OPPORTUNITY, Theme.MEETING_PLACES, "Föreningslokaler kan bli mötesplatser"),
    (NoteKind.OPPORTUNITY, Theme.LANGUAGE, "Språkcaféer med volontärer"),
    (NoteKind.OBSTACLE, Theme.WORK, "Svårt att få praktikplatser"),
]


def load(ctx) -> None:
    """Summaries and entered figures for the conferences the conferences demo created."""
    for key, spec in SUMMARIES.items():
        spec = {**spec, **MORE.get(key, {})}
        conference = ctx.objects.get(f"conference:{key}")
        if conference is None:
            continue
        if key in FIGURES:
            total, cs, ps, bo, counts = FIGURES[key]
            services.set_entered_figures(
                conference,
                total=total,
                civil_society=cs,
                public_sector=ps,
                business_other=bo,
                note=FIGURES_NOTE,
                source=FigureSource.ENTERED,
                **counts,
            )
            series = conference.series
            if series is not None and series.year in SERIES_FIGURES:
                services.set_series_figures(series, **SERIES_FIGURES[series.year])
        if services.summary_for(conference) is not None:
            continue
        summary = Summary(
            conference_id=conference.id,
            state=SummaryState.APPROVED,
            submitted_at=utcnow(),
            approved_at=utcnow(),
            principles_emphasised=",".join(p.value for p in spec["principles"]),
            obstacles="\n".join(spec["obstacles"]),
            opportunities="\n".join(spec["opportunities"]),
            **{
                k: v
                for k, v in spec.items()
                if k not in ("principles", "obstacles", "opportunities")
            },
        )
        db.session.add(summary)
        ctx.objects[f"summary:{key}"] = summary
    goteborg = ctx.objects.get("conference:goteborg-2011")
    if goteborg is not None and not groupwork.notes_of(goteborg):
        groupwork.note_link(goteborg)
        for kind, theme, text in NOTES:
            groupwork.post_note(goteborg, kind=kind, theme=theme, text=text, group_label="Bord 1")
    db.session.flush()
    autumn_2011 = [
        ctx.objects[key]
        for key in (
            "conference:stockholm-2011",
            "conference:goteborg-2011",
            "conference:boden-2011",
            "conference:sundsvall-2011",
        )
        if key in ctx.objects
    ]
    if len(autumn_2011) == 4:
        load_edition(ctx, autumn_2011, autumn_2011[0].series)
    db.session.commit()
