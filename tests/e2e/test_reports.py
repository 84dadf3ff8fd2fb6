"""A steering-group member, as a new user would, gets the joint report as PDF and DOCX;
the Open Space wall refreshes itself and passes axe.

Uses the e2e fixtures `live_server`, `page` and `axe_check` of tests/e2e/conftest.py.
"""

from __future__ import annotations

from datetime import date, time

from docx import Document as Docx
from playwright.sync_api import expect
from pypdf import PdfReader

from okconf.accounts.models import Role
from okconf.accounts.services import create_user
from okconf.conferences.models import Conference, ConferenceState
from okconf.extensions import db
from okconf.groupwork import services as groupwork
from okconf.groupwork.models import NoteKind
from okconf.reports import services
from okconf.vocabulary import Theme

PASSWORD = "correct-horse-battery"
AUTUMN_2011 = (
    ("Stockholm", date(2011, 11, 25), (120, 80, 30, 10)),
    ("Göteborg", date(2011, 12, 1), (100, 60, 30, 10)),
    ("Boden", date(2011, 12, 6), (70, 40, 25, 5)),
    ("Sundsvall", date(2011, 12, 15), (75, 35, 35, 5)),
)


def _seed(app) -> str:
    """A reader, the four 2011 conferences with their figures, and a 2012 one; the wall token."""
    with app.app_context():
        create_user("stina@example.org", "Stina Styrgrupp", Role.READER, PASSWORD)
        for i, (town, day, (total, cs, ps, bo)) in enumerate(
            (*AUTUMN_2011, ("Malmö", date(2012, 11, 19), (0, 0, 0, 0)))
        ):
            conference = Conference(
                slug=f"konf-{i}",
                title=f"Regional konferens i {town}",
                town=town,
                date=day,
                start_time=time(9),
                end_time=time(16),
                state=ConferenceState.PUBLISHED,
            )
            db.session.add(conference)
            db.session.flush()
            if total:
                services.set_entered_figures(
                    conference, total=total, civil_society=cs, public_sector=ps, business_other=bo
                )
        groupwork.post_note(
            conference, kind=NoteKind.OBSTACLE, theme=Theme.HOUSING, text="Bostadsbrist"
        )
        token = groupwork.note_link(conference).token
        db.session.commit()
        return token


def test_reader_downloads_the_joint_report_as_pdf_and_docx(live_server, page, axe_check):
    _seed(live_server.app)
    page.goto(live_server.url + "/")
    page.locator("nav.main-nav a[href='/login']").click()
    page.locator("#email").fill("stina@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff")

    page.locator("nav.main-nav a[href='/staff/rapporter']").click()
    page.wait_for_url(live_server.url + "/staff/rapporter")
    axe_check(page)
    for town, _day, _figures in AUTUMN_2011:
        page.get_by_label(f"Regional konferens i {town}", exact=False).check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector("table.report-table")
    total_row = page.locator("table.report-table tr.total-row").first.inner_text()
    assert total_row.split()[-4:] == ["365", "215", "120", "30"]
    assert "Malmö" not in page.locator("table.report-table").first.inner_text()
    axe_check(page)

    with page.expect_download() as pdf_download:
        page.locator(".report-downloads a[href*='.pdf']").click()
    pdf = pdf_download.value
    assert pdf.suggested_filename.endswith(".pdf")
    reader = PdfReader(pdf.path())
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "365 215 120 30" in text and "120 80 30 10" in text

    with page.expect_download() as docx_download:
        page.locator(".report-downloads a[href*='.docx']").click()
    docx = docx_download.value
    assert docx.suggested_filename.endswith(".docx")
    document = Docx(docx.path())
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["75", "35", "35", "5"] in [row[2:] for row in cells]


def test_the_wall_refreshes_itself_and_is_accessible(live_server, page, axe_check):
    token = _seed(live_server.app)
    page.goto(f"{live_server.url}/anteckna/{token}/vagg")
    assert page.locator(".wall-note").first.inner_text().startswith("Bostadsbrist")
    axe_check(page)
    with live_server.app.app_context():
        conference = groupwork.conference_for_token(token)
        groupwork.post_note(
            conference, kind=NoteKind.OPPORTUNITY, theme=Theme.LANGUAGE, text="Språkcafé"
        )
        db.session.commit()
    page.get_by_text("Språkcafé").wait_for(timeout=12_000)  # fetched by wall.js, no reload
    expect(page.locator(".wall-theme")).to_have_count(2)
    axe_check(page)


def test_note_form_moderation_summary_and_feedback_pages_pass_axe(live_server, page, axe_check):
    from okconf.accounts.links import make_token
    from okconf.db import utcnow
    from okconf.registration.models import Registration
    from okconf.vocabulary import OrganisationType, Party

    token = _seed(live_server.app)
    with live_server.app.app_context():
        organiser = create_user("olle@example.org", "Olle Organisatör", Role.ORGANISER, PASSWORD)
        conference = groupwork.conference_for_token(token)
        conference.organisers.append(organiser)
        registration = Registration(
            conference_id=conference.id,
            first_name="Pia",
            last_name="Deltagare",
            email="pia@example.org",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
            checked_in_at=utcnow(),
        )
        db.session.add(registration)
        db.session.commit()
        conference_id = conference.id
        feedback = make_token("feedback", registration.id, registration.link_version)

    page.goto(f"{live_server.url}/anteckna/{token}")
    axe_check(page)
    page.locator("input[name=kind][value=opportunity]").check()
    page.locator("#theme").select_option("language")
    page.locator("#text").fill("Läxhjälp på biblioteket")
    page.locator("main form button[type=submit]").click()
    page.locator(".flash-success").wait_for()
    axe_check(page)

    page.goto(f"{live_server.url}/aterkoppling/{feedback}")
    axe_check(page)

    page.goto(live_server.url + "/login")
    page.locator("#email").fill("olle@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff")
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/anteckningar")
    assert "Läxhjälp på biblioteket" in page.locator("main table").inner_text()
    axe_check(page)
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/sammanfattning")
    assert "Läxhjälp på biblioteket" in page.locator("#opportunities").input_value()
    axe_check(page)
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/siffror")
    axe_check(page)
