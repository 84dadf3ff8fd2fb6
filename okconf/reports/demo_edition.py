"""The demo's published edition of the 2011 report, written in okconf's own words.

The figures and the names of places and organisations are seed 000's; the sentences are not,
and the editor and approver are the demo's invented staff."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.reports import editions
from okconf.reports.edition_models import ReportEdition

TITLE = "Sammanfattande rapport från fyra konferenser om Överenskommelsen inom integrationsområdet"
SEASON = "Hösten 2011"
SIGNED_PLACE_DATE = "Stockholm i maj 2012"
SIGNED_BY = "Styrgruppen för uppföljningen av Överenskommelsen inom integrationsområdet"

TEXTS = {
    "foreword": (
        "Hösten 2011 bjöd styrgruppen in till fyra regionala konferenser om överenskommelsen: "
        "i Stockholm, Göteborg, Boden och Sundsvall. Lokala föreningar var värdar, och SIOS "
        "samordnade arbetet på styrgruppens uppdrag.\n\n"
        "Här samlar vi det deltagarna tog upp – hinder, möjligheter och idéer om hur "
        "överenskommelsen kan bli ett verktyg där människor bor och verkar. Vi hoppas att "
        "rapporten hjälper samtalen att fortsätta lokalt och regionalt."
    ),
    "introduction": (
        "Styrgruppen, med företrädare för regeringen, Sveriges Kommuner och Landsting och de "
        "idéburna organisationerna, valde att sprida överenskommelsen genom regionala "
        "konferenser. Varje värd gav sin dag en egen inriktning utifrån vad som var aktuellt på "
        "orten.\n\n"
        "Omkring 350 personer kom. De företrädde ungefär hundra organisationer, ett tiotal "
        "kommuner och fyra statliga myndigheter, och bland dem fanns ett femtontal politiker."
    ),
    "who_came": (
        "Både idéburna organisationer och offentlig sektor fanns med på alla fyra "
        "konferenserna. I Stockholm, Göteborg och Boden var de idéburna organisationerna i klar "
        "majoritet; i Sundsvall var blandningen jämnare. Några kom från företag, högskolor och "
        "universitet.\n\n"
        "Bland organisationerna fanns folkrörelser, kyrkor, studieförbund, etniska "
        "organisationer, kvinnoorganisationer och paraplyorganisationer, medan idrotten, "
        "fackföreningarna och ungdomsorganisationerna nästan saknades. Från det offentliga kom "
        "framför allt kommunernas politiker och tjänstemän, Migrationsverket, "
        "Arbetsförmedlingen och länsstyrelserna."
    ),
    "likenesses": (
        "Röda Korset, Svenska kyrkan, Caritas och något studieförbund fanns med på minst tre av "
        "de fyra konferenserna.\n\n"
        "Stockholm stack ut: där kom betydligt fler från etniska organisationer och deras "
        "samarbetsorgan, mellan 10 och 15 organisationer."
    ),
    "principle_independence": (
        "Flera ville att organisationerna ska kunna samarbeta med det offentliga och ändå "
        "behålla sin egen röst och sitt eget uppdrag."
    ),
    "principle_dialogue": (
        "Överallt efterfrågades mer och tydligare dialog mellan myndigheter, kommuner och "
        "organisationer, ibland med exempel på vad som händer när samtalet uteblir."
    ),
    "principle_quality": (
        "Mest talades det om organisationernas egen kvalitet: att de når resultat på andra sätt "
        "än det offentliga, inte minst genom ideella insatser."
    ),
    "principle_long_term": (
        "Projektpengar och mandatperioder ansågs för korta för ett arbete som behöver många år."
    ),
    "principle_openness": (
        "I Stockholm diskuterades om en nationell överenskommelse, undertecknad av SKL, går att "
        "använda i samtalet med en enskild kommun."
    ),
    "principle_diversity": (
        "Flerspråkigheten och den kompetens nyanlända har med sig lyftes som en tillgång att ta "
        "vara på."
    ),
    "conclusions": (
        "Få deltagare kände till överenskommelsen, men engagemanget i integrationsfrågorna var "
        "stort. Konferenserna blev mötesplatser där många för första gången träffade "
        "organisationer och företrädare från andra sektorer.\n\n"
        "Styrgruppens slutsats är att överenskommelsen behöver bli känd lokalt, och att någon – "
        "kommun, myndighet eller organisation – behöver ta första steget och bjuda in till "
        "samverkan där konferenserna har väckt intresse."
    ),
}


def load_edition(ctx, conferences: list, series) -> None:
    """The 2011 edition: drafted, edited by the demo's steering-group reader, published."""
    if not conferences or db.session.scalar(select(ReportEdition.id).limit(1)) is not None:
        return
    editor, approver = ctx.objects.get("user:reader"), ctx.objects.get("user:admin")
    if editor is None or approver is None:
        return
    edition = editions.create_edition(
        conferences,
        title=TITLE,
        season=SEASON,
        series=series,
        editor=editor,
        signed_place_date=SIGNED_PLACE_DATE,
        signed_by=SIGNED_BY,
    )
    editions.save_sections(edition, editor, TEXTS, note="Redaktörens text")
    editions.transition(edition, "submit", editor)
    editions.transition(edition, "approve", approver)
    editions.transition(edition, "publish", approver)
    ctx.objects["edition:2011"] = edition
