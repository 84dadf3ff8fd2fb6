"""Rendering a report Document as HTML, PDF (WeasyPrint) and DOCX (python-docx)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from flask import current_app, render_template

from okconf.reports.document import Bullets, Chart, Document, Heading, PageBreak, Para, Table

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"


def to_print_html(doc: Document) -> str:
    """A standalone HTML page for printing (the PDF's source)."""
    return render_template("reports/print.html", doc=doc)


def to_pdf(doc: Document) -> bytes:
    """The report as PDF, with a table of contents with page numbers and numbered pages."""
    from weasyprint import CSS, HTML

    html = HTML(string=to_print_html(doc), base_url=current_app.root_path)
    return html.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])


def _add_toc_field(document) -> None:
    """A Word table-of-contents field; Word fills in the page numbers when it updates fields."""
    paragraph = document.add_paragraph()
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(instr)
    run._r.append(separate)
    return paragraph, run, end


def to_docx(doc: Document, toc_title: str, toc_hint: str) -> bytes:
    """The report as an editable Word document with real headings, lists and tables."""
    document = DocxDocument()
    document.core_properties.title = doc.title
    document.add_heading(doc.title, 0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle)
    document.add_heading(toc_title, 1)
    paragraph, _run, end = _add_toc_field(document)
    # Until Word updates the field, the headings are listed without page numbers.
    for heading in doc.toc:
        paragraph.add_run(("    " if heading.level == 2 else "") + heading.text).add_break()
    paragraph.add_run(toc_hint)
    end_run = paragraph.add_run()
    end_run._r.append(end)
    document.add_page_break()
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, min(block.level, 3))
        elif isinstance(block, Para):
            p = document.add_paragraph()
            if block.lead:
                p.add_run(block.lead + ". ").bold = True
            r = p.add_run(block.text)
            if block.kind in ("footnote", "muted"):
                r.italic = True
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            for item in block.items:
                document.add_paragraph(item, style=style)
        elif isinstance(block, Table):
            caption = document.add_paragraph()
            caption.add_run(block.caption).bold = True
            table = document.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
            for i, row in enumerate(block.rows):
                cells = table.add_row().cells
                last = block.total_row and i == len(block.rows) - 1
                for cell, text in zip(cells, row, strict=True):
                    cell.text = ""
                    cell.paragraphs[0].add_run(text).bold = last
        elif isinstance(block, Chart):
            document.add_paragraph(block.description)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(doc: Document, extension: str) -> str:
    """A safe download name from the report's title."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"{doc.title} {doc.subtitle}".strip()).strip("-")
    return f"{stem[:80].lower() or 'report'}.{extension}"
