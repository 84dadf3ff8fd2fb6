"""The published document: cover, signed foreword, tagged PDF with title and language, the
chart as the same picture in PDF and DOCX, headings kept with their tables, hidden times,
readable file names. The PDF's pages are rendered to PNG in test-artifacts/reports/ for a
person to look at (when pdftoppm is installed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

from docx import Document as Docx
from pypdf import PdfReader
from sqlalchemy import select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.reports.edition_models import ReportEdition
from okconf.reports.editions import build_document

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def keep_pages(name: str, data: bytes) -> None:
    """Write the PDF and, with pdftoppm, its pages as PNG for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / f"{name}.pdf"
    pdf.write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)], check=True
        )


def test_the_published_edition_as_pdf_and_docx(demo_reader):
    edition = db.session.scalar(select(ReportEdition))
    response = demo_reader.get(f"/staff/rapporter/utgavor/{edition.id}/rapport.pdf")
    assert (
        'filename="sammanfattande-rapport-fran-fyra-konferenser-om-overenskommelsen-inom-'
        'hosten-2011.pdf"'
    ) in response.headers["Content-Disposition"]
    keep_pages("edition-2011", response.data)
    pdf = PdfReader(io.BytesIO(response.data))
    root = pdf.trailer["/Root"]
    assert pdf.metadata.title.startswith("Sammanfattande rapport från fyra konferenser")
    assert root["/Lang"] and "/StructTreeRoot" in root  # tagged, with its language
    cover, foreword = (" ".join(p.extract_text().split()) for p in pdf.pages[:2])
    assert "Överenskommelsen inom integrationsområdet" in cover and "Hösten 2011" in cover
    assert "Stockholm i maj 2012 Styrgruppen för uppföljningen" in foreword
    # The heading of each steering group's table is on the page that holds the table.
    for page in pdf.pages:
        text = page.extract_text()
        if re.search(r"^Steering group 2011$", text, re.M):
            assert "Agnes Lindqvist" in " ".join(text.split())

    docx = demo_reader.get(f"/staff/rapporter/utgavor/{edition.id}/rapport.docx")
    document = Docx(io.BytesIO(docx.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Överenskommelsen inom integrationsområdet"
    assert "Hösten 2011" in paragraphs and "Foreword" in paragraphs
    assert any(p.startswith("Stockholm i maj 2012") for p in paragraphs)
    # The chart is a picture, the very PNG the PDF shows.
    chart = next(b for b in build_document(edition).blocks if type(b).__name__ == "Chart")
    images = [r.target_part.blob for r in document.part.rels.values() if "image" in r.reltype]
    assert images == [chart.png_bytes]
    assert chart.png_bytes.startswith(b"\x89PNG")


def test_hidden_programme_times_stay_hidden(demo_reader):
    sundsvall = db.session.scalar(select(Conference).where(Conference.slug == "sundsvall-2011"))
    hidden = [item.title for item in sundsvall.programme if not item.show_time]
    assert "Lunch" in hidden
    html = demo_reader.get(f"/staff/rapporter/samlad?c={sundsvall.id}").get_data(as_text=True)
    programme = html[html.index("Programme</caption>") :]
    for title in hidden:
        row = re.search(
            rf"<tr>\s*<th scope=\"row\">([^<]*)</th><td[^>]*>{re.escape(title)}", programme
        )
        assert row and row.group(1) == "", title
    response = demo_reader.get(f"/staff/rapporter/samlad.pdf?c={sundsvall.id}")
    keep_pages("sundsvall-2011", response.data)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert not re.search(r"10\.00\s+Lunch", text)
