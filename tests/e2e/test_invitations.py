"""An organiser imports a small CSV of organisations and invites them, in a real Chromium."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

CSV = (
    "namn;typ;ort;e-post;anslöt\n"
    "Köpings kommun;kommun;Köping;kommun@koping.example.se;\n"
    "Föreningen Bro;idéburen organisation;Köping;bro@example.org;2010-06-01\n"
    "Länsstyrelsen Västmanland;länsstyrelse;Västerås;lst@example.se;\n"
)


def setup_data(app):
    """An organiser and a published conference of theirs."""
    from datetime import time, timedelta

    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user
    from okconf.conferences.models import Conference, ConferenceState

    with app.app_context():
        user = create_user("e2e-organiser@example.org", "Eli Organiser", Role.ORGANISER, PASSWORD)
        day = stockholm_today() + timedelta(days=40)
        conference = Conference(
            slug="koping-e2e",
            title="Överenskommelsen i Köping",
            state=ConferenceState.PUBLISHED,
            date=day,
            start_time=time(9, 30),
            end_time=time(16, 0),
            venue_name="Folkets hus",
            town="Köping",
            registration_deadline=day - timedelta(days=14),
        )
        conference.organisers.append(user)
        db.session.add(conference)
        db.session.commit()
        return user.email, conference.id


def test_organiser_imports_csv_and_sends_invitations(live_server, page, axe_check, tmp_path):
    email, conference_id = setup_data(live_server.app)
    page.goto(live_server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url("**/staff**")

    # Import a small CSV: the preview first, then the import.
    page.goto(live_server.url + "/staff/organisationer/import")
    csv_file = tmp_path / "organisationer.csv"
    csv_file.write_bytes(CSV.encode("cp1252"))
    page.set_input_files("#file", str(csv_file))
    page.click("main form button[type=submit]")
    page.wait_for_selector("form[action*='/staff/organisationer/import/']")
    expect(page.locator("main table tbody tr")).to_have_count(3)
    page.click("form[action*='/staff/organisationer/import/'] button")
    page.wait_for_url("**/staff/organisationer")
    for name in ("Köpings kommun", "Föreningen Bro", "Länsstyrelsen Västmanland"):
        expect(page.get_by_role("link", name=name)).to_have_count(1)
    axe_check(page)
    # The imported signatory is on the public list.
    page.goto(live_server.url + "/anslutna-organisationer")
    expect(page.locator("ol.signatories li")).to_have_count(1)
    assert "Föreningen Bro" in page.inner_text("ol.signatories")
    axe_check(page)

    # Invite the public sector in Köping plus one pasted address; preview, then send.
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/inbjudningar")
    page.check("input[name=parties][value=public_sector]")
    page.select_option("#towns", ["Köping"])
    page.fill("#addresses", "Sam Exempel <sam@example.org>\nfel@")
    page.fill("#greeting", "Hej Västmanland!")
    page.click("button[value=preview]")
    page.wait_for_selector("#addresses-error")  # the bad line is reported
    page.fill("#addresses", "Sam Exempel <sam@example.org>")
    page.click("button[value=preview]")
    page.wait_for_selector(".preview-mail")
    assert "Hej Västmanland!" in page.inner_text(".preview-mail")
    axe_check(page)
    page.click("button[value=send]")
    page.wait_for_selector("table.invitation-status")
    rows = page.locator("table.invitation-status tbody tr")
    expect(rows).to_have_count(2)
    assert "kommun@koping.example.se" in page.inner_text("table.invitation-status")
    axe_check(page)

    from okconf.invitations.models import Invitation

    with live_server.app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Invitation)) == 2
