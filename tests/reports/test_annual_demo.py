"""The demo's annual report on 2011 holds every fact of seed 001 it has a place for, in the
web page, the PDF and the DOCX."""

from __future__ import annotations

import io
import re

from docx import Document as Docx
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.demo import SIGNATORIES
from okconf.organisations.models import Organisation
from okconf.steering.demo_measures import GOVERNMENT, SKL
from tests.reports.readers import all_formats

FIGURES = ("nio mentorsprojekt", "191 etableringslotsar", "941 adresser", "193 kommuner")


def test_the_annual_report_on_2011_has_every_fact_of_seed_001(demo_reader):
    texts = all_formats(demo_reader, "/staff/rapporter/arsrapport/2011", "")
    for name, text in texts.items():
        assert "By May 2012, 35 organisations had joined the Agreement" in text, name
        assert "Four regional conferences" in text, name
        for place in ("Stockholm 25 November", "Göteborg 1 December", "Boden 6 December"):
            assert place in text, (name, place)
        assert "Sundsvall 15 December" in text, name
        assert "About 360 people took part in the four conferences" in text, name
        assert re.search(r"210 of them .* 120 the public sector .* 30 business", text), name
        assert "About 100 organisations were represented" in text, name
        for number, title, _commitment, progress in GOVERNMENT:
            assert f"Measure {number}: {title}" in text, (name, number)
            assert " ".join(progress.split()) in text, (name, number)
        assert "Measure 24" not in text
        for fact in FIGURES:
            assert fact in text, (name, fact)
        for number, title, _commitment, progress in SKL:
            assert f"Commitment {number}: {title}" in text, (name, number)
            assert " ".join(progress.split()) in text, (name, number)
        # The signatories in the order they joined, and the steering groups 2011 and 2012.
        positions = [text.index(f"{n} (") for n, _town in SIGNATORIES]
        assert positions == sorted(positions), name
        assert "Steering group 2011" in text and "Steering group 2012" in text, name
        assert "Steering group 2010" not in text and "Steering group 2013" not in text, name


def test_one_record_per_signatory_and_four_substitutes(demo_reader):
    signed = db.session.scalar(
        select(func.count())
        .select_from(Organisation)
        .where(Organisation.signed_agreement_on.is_not(None))
    )
    assert signed == len(SIGNATORIES) == 35
    document = Docx(io.BytesIO(demo_reader.get("/staff/rapporter/arsrapport/2011.docx").data))
    numbered = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert [n.rsplit(" (", 1)[0] for n in numbered] == [n for n, _town in SIGNATORIES]
    groups = {}
    for table in document.tables:
        header = [c.text for c in table.rows[0].cells]
        if header[:2] == ["Name", "Organisation"]:
            groups[len(groups)] = [[c.text for c in row.cells] for row in table.rows[1:]]
    first, second = groups[0], groups[1]
    substitutes = [row[1] for row in first if row[3] == "Substitute"]
    assert sorted(substitutes) == sorted(
        [
            "Hela Sverige ska leva",
            "Afrosvenskarnas Riksförbund",
            "Folkets Hus och Parker",
            "Riksteatern",
        ]
    )
    chair = next(row for row in first if row[3] == "Chair")
    assert chair[1] == "Röda Korset"
    assert next(row for row in second if row[3].startswith("Chair"))[1] == "Sociala Missionen"
    assert len([row for row in second if row[3] == "Substitute"]) == 2
