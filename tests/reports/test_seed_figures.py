"""The demo's reports reproduce the seed reports' figures, read from the demo itself in all
three formats: the web page, the PDF (text extracted with pypdf) and the DOCX (python-docx
paragraphs and tables)."""

from __future__ import annotations

import re

from sqlalchemy import select

from okconf.conferences.models import Conference, Series
from okconf.extensions import db
from okconf.registration.models import Registration
from tests.reports.readers import all_formats, html_text


def series_query(year: int) -> str:
    """The query string choosing the conferences of the demo's series of a year."""
    series = db.session.scalar(select(Series).where(Series.year == year))
    ids = db.session.scalars(select(Conference.id).where(Conference.series_id == series.id))
    return "&".join(f"c={i}" for i in ids)


def test_the_2011_report_shows_the_seeds_figures_in_every_format(demo_reader):
    assert db.session.scalar(select(Registration.id).limit(1)) is not None  # demo registrations
    texts = all_formats(demo_reader, "/staff/rapporter/samlad", series_query(2011))
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


def test_the_2012_and_2013_reports_show_the_seeds_figures(demo_reader):
    texts = all_formats(demo_reader, "/staff/rapporter/samlad", series_query(2012))
    for name, text in texts.items():
        # "drygt 200" for the two conferences together, no split per conference.
        assert re.search(r"Total\*† 200 – – –", text), name
        assert re.search(r"Malmö\* 19 Nov 2012 – – – –", text), name
        assert re.search(r"Köping\* – – – 6\b", text), name  # six politicians
        assert "figures given for the series as a whole" in text, name
    texts = all_formats(demo_reader, "/staff/rapporter/samlad", series_query(2013))
    for name, text in texts.items():
        assert re.search(r"Ronneby\* 21 Oct 2013 180 – – –", text), name
        assert re.search(r"Total\* 180\b", text), name
        # Ronneby's local example: the pilots' figures as seed 000 gives them.
        for fact in ("233 kommuner", "280 etableringslotsar", "varav 79 ideella", "79 %"):
            assert fact in text, (name, fact)
        assert "34 medlemsorganisationer" in text, name


def test_no_section_of_the_2011_report_is_left_empty(demo_reader):
    text = all_formats(demo_reader, "/staff/rapporter/samlad", series_query(2011))["html"]
    assert "Nothing has been written on this in the summaries" not in text
    for town in ("Stockholm", "Göteborg", "Boden", "Sundsvall"):
        knowledge = text[text.rindex("Knowledge of the Agreement") :]  # after the contents
        assert town in knowledge[: knowledge.index("Local and regional work")], town


def test_a_series_or_a_year_in_one_click(demo_reader):
    index = demo_reader.get("/staff/rapporter").get_data(as_text=True)
    series = db.session.scalar(select(Series).where(Series.year == 2011))
    assert f'href="/staff/rapporter/samlad?serie={series.id}"' in index
    assert "Regionala konferenser hösten 2011 (4 conferences)" in index
    assert 'href="/staff/rapporter/samlad?ar=2012"' in index
    by_series = html_text(demo_reader, f"/staff/rapporter/samlad?serie={series.id}")
    assert "Total* 365 215 120 30" in by_series
    by_year = html_text(demo_reader, "/staff/rapporter/samlad?ar=2011")
    assert "Total* 365 215 120 30" in by_year
    assert demo_reader.get("/staff/rapporter/samlad?ar=1999").status_code == 404
