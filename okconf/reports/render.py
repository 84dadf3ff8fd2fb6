"""Rendering a report Document as HTML, PDF (WeasyPrint) and DOCX (python-docx)."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from flask import current_app, render_template
from slugify import slugify

from okconf.reports.document import Bullets, Chart, Document, Heading, PageBreak, Para, Table

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "report-print.css"


def to_print_html(doc: Document) -> str:
    """A standalone HTML page for printing (the PDF's source)."""
    return render_template("reports/print.html", doc=doc, printing=True)


def to_pdf(doc: Document) -> bytes:
    """The report as PDF, with a table of contents with page numbers and numbered pages."""
    from weasyprint import CSS, HTML

    html = HTML(string=to_print_html(doc), base_url=current_app.root_path)
    # PDF/UA: tagged headings, lists and tables, the title shown and the language declared.
    return html.write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))], pdf_variant="pdf/ua-1", pdf_tags=True
    )


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


def _cover(document, doc: Document, foreword_title: str) -> None:
    """The cover (banner, title, season) and the signed foreword, each on its own page."""
    if doc.banner:
        document.add_paragraph().add_run(doc.banner).bold = True
    document.add_heading(doc.title, 0)
    if doc.subtitle:
        document.add_paragraph(doc.subtitle)
    if not doc.foreword:
        return
    document.add_page_break()
    document.add_heading(foreword_title, 1)
    for text in (p.strip() for p in doc.foreword.split("\n\n")):
        if text:
            document.add_paragraph(text)
    signature = document.add_paragraph()
    for i, line in enumerate(x for x in (doc.signed_place_date, doc.signed_by) if x):
        run = signature.add_run(line)
        run.italic = True
        if i == 0 and doc.signed_by and doc.signed_place_date:
            run.add_break()
    document.add_page_break()


def to_docx(doc: Document, toc_title: str, toc_hint: str, foreword_title: str = "") -> bytes:
    """The report as an editable Word document with real headings, lists and tables."""
    document = DocxDocument()
    document.core_properties.title = doc.title
    document.core_properties.language = doc.language
    _cover(document, doc, foreword_title or toc_title)
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
            caption.paragraph_format.keep_with_next = True
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
            if block.png:
                # The same picture as the PDF's, with the description as its alt text.
                document.add_picture(io.BytesIO(block.png_bytes), width=Cm(16))
                document.inline_shapes[-1]._inline.docPr.set("descr", block.description)
            else:
                document.add_paragraph(block.description)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(doc: Document, extension: str) -> str:
    """A safe download name from the report's title; Swedish letters stay readable
    (å→a, ä→a, ö→o) through python-slugify's transliteration."""
    # The season or year last, whole, however long the title is.
    title = slugify(doc.title, max_length=70, word_boundary=True, save_order=True)
    stem = "-".join(x for x in (title, slugify(doc.subtitle)) if x)
    return f"{stem or 'report'}.{extension}"
