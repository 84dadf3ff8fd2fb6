"""The parties' annual report: measures with progress, signatories, steering group."""

import io

from docx import Document as Docx
from pypdf import PdfReader

from okconf.extensions import db
from okconf.steering import services
from okconf.steering.models import AgreementParty, Office


def test_annual_report_in_three_formats(client, make_user, login, english):
    m = services.add_measure(AgreementParty.GOVERNMENT, 1, "Förenkla ansökningar.", "Enklare")
    services.report_progress(m, 2011, "Ny handledning publicerad.")
    services.report_progress(m, 2012, "Uppföljning pågår.")
    services.add_measure(AgreementParty.SKL, 1, "Göra överenskommelsen känd.")
    services.add_member(2011, "Ada Ordförande", AgreementParty.CIVIL_SOCIETY, office=Office.CHAIR)
    services.add_member(2012, "Bo Ledamot", AgreementParty.SKL)
    db.session.commit()
    login(make_user("reader"), the_client=english)
    html = english.get("/staff/rapporter/arsrapport/2011").get_data(as_text=True)
    assert "Measure 1: Enklare" in html and "Ny handledning publicerad." in html
    assert "Uppföljning pågår." not in html
    assert "No progress report for this year." in html  # SKL's measure 1
    pdf = PdfReader(io.BytesIO(english.get("/staff/rapporter/arsrapport/2011.pdf").data))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Förenkla ansökningar." in text and "Ada Ordförande" in text
    assert text.index("The parties' reports") < text.index("Signatory organisations")
    document = Docx(io.BytesIO(english.get("/staff/rapporter/arsrapport/2012.docx").data))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "Uppföljning pågår." in paragraphs
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Bo Ledamot" in cells and "Ada Ordförande" not in cells  # 2012 and 2013
    # The report on a year shows the steering groups of that year and the next.
    document = Docx(io.BytesIO(english.get("/staff/rapporter/arsrapport/2011.docx").data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Bo Ledamot" in cells and "Ada Ordförande" in cells
