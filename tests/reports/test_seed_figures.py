"""The demo's reports reproduce the seed reports' figures, read from the demo itself in all
three formats: the web page, the PDF (text extracted with pypdf) and the DOCX (python-docx
paragraphs and tables)."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from docx import Document as Docx
from pypdf import PdfReader
from sqlalchemy import select

from okconf.conferences.models import Conference, Series
from okconf.demo import load_demo
from okconf.extensions import db
from okconf.registration.models import Registration


@pytest.fixture
def demo(app):
    """The whole demo, as `flask okconf demo` loads it."""
    load_demo()
    db.session.commit()
    return app


@pytest.fixture
def reader(demo, make_user, login, english):
    login(make_user("reader"), the_client=english)
    return english


def series_query(year: int) -> str:
    """The query string choosing the conferences of the demo's series of a year."""
    series = db.session.scalar(select(Series).where(Series.year == year))
    ids = db.session.scalars(select(Conference.id).where(Conference.series_id == series.id))
    return "&".join(f"c={i}" for i in ids)


def html_text(client, url: str) -> str:
    """The page's text with tags removed and spaces normalised."""
    html = client.get(url).get_data(as_text=True)
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return " ".join(unescape(body).split())


def pdf_text(client, url: str) -> str:
    """The PDF's text, extracted with pypdf, spaces normalised."""
    response = client.get(url)
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def docx_parts(client, url: str) -> tuple[str, list[list[str]]]:
    """The DOCX's paragraphs (joined) and every table row as a list of cell texts."""
    document = Docx(io.BytesIO(client.get(url).data))
    paragraphs = " ".join(" ".join(p.text for p in document.paragraphs).split())
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    return paragraphs, rows


def all_formats(client, path: str, query: str) -> dict[str, str]:
    """The report's text in each format (the DOCX's tables as rows of text)."""
    paragraphs, rows = docx_parts(client, f"{path}.docx?{query}")
    return {
        "html": html_text(client, f"{path}?{query}"),
        "pdf": pdf_text(client, f"{path}.pdf?{query}"),
        "docx": " ".join((paragraphs + " " + " ".join(" ".join(row) for row in rows)).split()),
    }


def test_the_2011_report_shows_the_seeds_figures_in_every_format(reader):
    assert db.session.scalar(select(Registration.id).limit(1)) is not None  # demo registrations
    texts = all_formats(reader, "/rapporter/samlad", series_query(2011))
    for name, text in texts.items():
        for row in (
            r"Stockholm\* 25 Nov 2011 120 80 30 10",
            r"Göteborg\* 1 Dec 2011 100 60 30 10",
            r"Boden\* 6 Dec 2011 70 40 25 5",
            r"Sundsvall\* 15 Dec 2011 75 35 35 5",
            r"Total\* 365 215 120 30",
            # Distinct counts as seed 000 gives them for the series as a whole.
            r"Organisations: 100 Municipalities: 10 Government agencies and county boards: 4 "
            r"Politicians: 15",
        ):
            assert re.search(row, text), (name, row)
        # The footnote says which figures each conference's row shows.
        assert (
            "* Figures entered by the organisers (approximate, as the participants were not "
            "registered one by one in okconf) for Stockholm, Göteborg, Boden and Sundsvall"
        ) in text, name
        assert "Regionala konferenser hösten 2011: figures given for the series" in text


def test_the_2012_and_2013_reports_show_the_seeds_figures(reader):
    texts = all_formats(reader, "/rapporter/samlad", series_query(2012))
    for name, text in texts.items():
        # "drygt 200" for the two conferences together, no split per conference.
        assert re.search(r"Total\*† 200 – – –", text), name
        assert re.search(r"Malmö\* 19 Nov 2012 – – – –", text), name
        assert re.search(r"Köping\* – – – 6\b", text), name  # six politicians
        assert "figures given for the series as a whole" in text, name
    texts = all_formats(reader, "/rapporter/samlad", series_query(2013))
    for name, text in texts.items():
        assert re.search(r"Ronneby\* 21 Oct 2013 180 – – –", text), name
        assert re.search(r"Total\* 180\b", text), name
