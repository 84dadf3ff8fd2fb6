"""The check-in desk in a real browser, by keyboard; axe on the organiser's attendee pages.

Uses the fixtures of tests/e2e/conftest.py (`live_server`, `page`, `axe_check`).
"""

from __future__ import annotations

from datetime import time, timedelta

from playwright.sync_api import expect

from okconf.accounts.models import Role
from okconf.accounts.services import create_user
from okconf.clock import today as stockholm_today
from okconf.conferences.models import Conference, ConferenceState
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party

PASSWORD = "correct-horse-battery"


def _seed(app) -> int:
    """An organiser, their conference and three registrations; the conference id."""
    with app.app_context():
        organiser = create_user("desk@example.org", "Disa Disk", Role.ORGANISER, PASSWORD)
        day = stockholm_today() + timedelta(days=1)
        conference = Conference(
            slug="stockholm-2011",
            title="Regional konferens Stockholm",
            state=ConferenceState.PUBLISHED,
            date=day,
            start_time=time(9),
            end_time=time(16),
            town="Stockholm",
            capacity=120,
        )
        conference.organisers.append(organiser)
        db.session.add(conference)
        db.session.flush()
        people = [
            ("Gunnel", "Glutenfri", Party.CIVIL_SOCIETY, OrganisationType.CIVIL_SOCIETY_ORG),
            ("Kalle", "Kommun", Party.PUBLIC_SECTOR, OrganisationType.MUNICIPALITY),
            ("Gustav", "Gäst", Party.BUSINESS_OTHER, OrganisationType.COMPANY),
        ]
        for first, last, party, org_type in people:
            db.session.add(
                Registration(
                    conference_id=conference.id,
                    status=RegistrationStatus.CONFIRMED,
                    first_name=first,
                    last_name=last,
                    email=f"{first.lower()}@example.org",
                    organisation_name="Föreningen Exempel",
                    party=party,
                    org_type=org_type,
                )
            )
        db.session.flush()
        first = db.session.scalar(db.select(Registration).filter_by(first_name="Gunnel"))
        db.session.add(RegistrationDiet(registration_id=first.id, diet=Diet.GLUTEN_FREE))
        db.session.commit()
        return conference.id


def test_desk_checks_someone_in_by_keyboard(live_server, page, axe_check):
    conference_id = _seed(live_server.app)
    page.goto(live_server.url + "/login")
    page.locator("#email").fill("desk@example.org")
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/staff")

    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning")
    assert "0" in page.locator(".counters").inner_text()
    axe_check(page)
    # The search field has focus on arrival: type and press Enter, no mouse.
    page.keyboard.type("gunnel")
    page.keyboard.press("Enter")
    page.wait_for_url("**/incheckning?q=gunnel")
    results = page.locator(".desk-result")
    assert results.count() == 1 and "Gunnel Glutenfri" in results.inner_text()
    button = page.locator(".desk-result .checkin-button")
    # Tab from the search field reaches the button; Enter presses it.
    page.locator("#q").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('checkin-button')"):
            break
    assert button.evaluate("b => b === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/incheckning?q=gunnel")
    assert "Gunnel Glutenfri" in page.locator(".flashes").inner_text()
    assert "1" in page.locator(".counters").inner_text()
    expect(page.locator(".desk-result.is-checked-in")).to_have_count(1)
    axe_check(page)
    with live_server.app.app_context():
        person = db.session.scalar(db.select(Registration).filter_by(first_name="Gunnel"))
        assert person.checked_in_at is not None

    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/anmalningar")
    expect(page.locator("table.registrations tbody tr")).to_have_count(3)
    axe_check(page)
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/statistik")
    axe_check(page)
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/export")
    axe_check(page)
    page.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning/pa-plats")
    axe_check(page)
