"""The joint report: HTML, PDF and DOCX, opened and read."""

import io
import re
from html import unescape

import pytest
from docx import Document as Docx
from pypdf import PdfReader

from okconf.extensions import db
from okconf.groupwork import services as groupwork
from okconf.groupwork.models import NoteKind
from okconf.organisations.models import Organisation
from okconf.reports.models import Summary, SummaryState
from okconf.steering import services as steering
from okconf.steering.models import AgreementParty, Office
from okconf.vocabulary import OrganisationType, Principle, Theme

SECTIONS = [
    "Introduction",
    "Participants",
    "Focus of each conference",
    "Knowledge of the Agreement",
    "Local and regional work",
    "Dialogue and engagement",
    "Local examples",
    "The six principles",
    "The parties' positions and commitments",
    "The organisations' conditions: obstacles and opportunities",
    "Conclusions",
    "Appendices",
    "Invitations and programmes",
    "The steering group's composition",
    "Signatory organisations",
]


@pytest.fixture
def report_data(autumn_2011):
    stockholm, goteborg, _boden, _sundsvall = autumn_2011
    db.session.add(
        Summary(
            conference_id=stockholm.id,
            state=SummaryState.APPROVED,
            approved_at=stockholm.created_at,
            focus="Arbetslivet och skolan stod i fokus.",
            principles_emphasised="quality,dialogue",
            obstacles="Brist på resurser\nKortsiktigheten",
        )
    )
    groupwork.post_note(goteborg, kind=NoteKind.OPPORTUNITY, theme=Theme.LANGUAGE, text="Språkcafé")
    steering.add_member(2011, "Agnes Ordförande", AgreementParty.CIVIL_SOCIETY, office=Office.CHAIR)
    for name, day in (("Riksteatern", "2010-05-02"), ("Caritas Sverige", "2010-04-27")):
        from datetime import date

        db.session.add(
            Organisation(
                name=name,
                org_type=OrganisationType.CIVIL_SOCIETY_ORG,
                party=OrganisationType.CIVIL_SOCIETY_ORG.party,
                signed_agreement_on=date.fromisoformat(day),
            )
        )
    db.session.commit()
    return autumn_2011


def query(conferences):
    return "&".join(f"c={c.id}" for c in conferences)


def in_order(text: str, parts: list[str]) -> bool:
    position = 0
    for part in parts:
        found = text.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.fixture
def reader(make_user, login, english):
    login(make_user("reader"), the_client=english)
    return english


def test_html_report_shows_each_conference_and_the_totals(reader, report_data):
    response = reader.get(f"/staff/rapporter/samlad?{query(report_data)}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\">([^<]+)</th>(.*?)</tr>", html, re.S)
    cells = {name.strip(): re.findall(r">(\d+)<", body) for name, body in rows}
    assert cells["Stockholm*"] == ["120", "80", "30", "10"]
    assert cells["Göteborg*"] == ["100", "60", "30", "10"]
    assert cells["Boden*"] == ["70", "40", "25", "5"]
    assert cells["Sundsvall*"] == ["75", "35", "35", "5"]
    assert cells["Total*"] == ["365", "215", "120", "30"]
    assert "Figures entered by the organisers" in html
    assert "<svg" in html and "Participants per conference and sector" in html
    body = unescape(html[html.index('id="s1"') :])  # after the table of contents
    assert in_order(body, SECTIONS)
    assert "Arbetslivet och skolan stod i fokus." in html
    assert "Språkcafé" in html and "Brist på resurser" in html
    assert in_order(html, ["Caritas Sverige", "Riksteatern"])  # order of joining
    assert "Agnes Ordförande" in html


def test_pdf_has_contents_with_page_numbers_sections_and_figures(reader, report_data):
    response = reader.get(f"/staff/rapporter/samlad.pdf?{query(report_data)}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.data))
    pages = [page.extract_text() for page in pdf.pages]
    text = "\n".join(pages)
    contents = next(p for p in pages if "Contents" in p)
    assert re.search(r"Participants\s*\.+\s*\d+", contents)
    body = " ".join(" ".join(pages[pages.index(contents) + 1 :]).split())
    assert in_order(body, SECTIONS)
    assert re.search(r"Stockholm\*\s+25 Nov\s+2011\s+120\s+80\s+30\s+10", text)
    assert re.search(r"Sundsvall\*\s+15 Dec\s+2011\s+75\s+35\s+35\s+5", text)
    assert re.search(r"Total\*\s+365\s+215\s+120\s+30", text)
    # Numbered pages in the footer.
    assert re.search(rf"\b3 \({len(pdf.pages)}\)", pages[2])


def test_docx_has_headings_in_order_and_the_table(reader, report_data):
    response = reader.get(f"/staff/rapporter/samlad.docx?{query(report_data)}")
    assert response.status_code == 200
    document = Docx(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert in_order("\n".join(headings), SECTIONS)
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Conference")
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1][0] == "Stockholm*" and rows[1][2:] == ["120", "80", "30", "10"]
    assert rows[-1][0] == "Total*" and rows[-1][2:] == ["365", "215", "120", "30"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Figures entered by the organisers" in text
    principles = next(t for t in document.tables if t.rows[0].cells[0].text == "Principle")
    emphasised = {row.cells[0].text: row.cells[1].text for row in principles.rows[1:]}
    assert emphasised[Principle.QUALITY.label] == "Stockholm"
    assert emphasised[Principle.OPENNESS.label] == "not emphasised"


@pytest.mark.parametrize("role,status", [("organiser", 403), ("reviewer", 403), ("admin", 200)])
def test_only_readers_and_admins_get_reports(client, make_user, login, autumn_2011, role, status):
    login(make_user(role))
    assert client.get(f"/staff/rapporter/samlad?{query(autumn_2011)}").status_code == status
    assert client.get("/staff/rapporter").status_code == status
    assert client.get("/staff/rapporter/statistik").status_code == status


def test_no_conference_chosen_is_a_404_not_a_500(reader):
    assert reader.get("/staff/rapporter/samlad").status_code == 404
    assert reader.get("/staff/rapporter/samlad.pdf?c=999").status_code == 404
    assert reader.get("/staff/rapporter/samlad?c=abc").status_code == 404
