"""Reading a report back from its three formats: the web page, the PDF and the DOCX."""

from __future__ import annotations

import io
import re
from html import unescape

from docx import Document as Docx
from pypdf import PdfReader


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
    lines = [
        line
        for page in reader.pages
        for line in page.extract_text().splitlines()
        # Leave out the page footers ("3 (11)"), so paragraphs read on across pages.
        if not re.fullmatch(r"\s*\d+ \(\d+\)\s*", line)
    ]
    return " ".join(" ".join(lines).replace("•", " ").split())


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
