"""A door volunteer's check-in link in a real Chromium: the organiser makes the link, a fresh
browser (no account, no cookies) opens it, checks someone in, sees the diets the organiser
allowed, and cannot open the registrations list; axe on the volunteer's desk."""

from __future__ import annotations

import pytest
from flask import url_for
from playwright.sync_api import expect

from okconf.extensions import db
from okconf.registration.models import Registration
from tests.e2e.test_checkin import PASSWORD, _seed

pytestmark = pytest.mark.e2e


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
def test_a_volunteer_link_opens_the_desk_and_nothing_else(live_server, page, browser, axe_check):
    conference_id = _seed(live_server.app)
    with live_server.app.test_request_context():
        links_url = url_for("volunteers.links", conference_id=conference_id)
        list_url = url_for("attendees.list", conference_id=conference_id)
        staff_url = url_for("main.dashboard")

    page.goto(live_server.url + "/login")
    page.locator("#email").fill("desk@example.org")
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + staff_url)
    page.goto(live_server.url + links_url)
    axe_check(page)
    page.get_by_label("Vem eller vilken dörr").fill("Entrén, Kim")
    page.get_by_label("Länken fungerar i").select_option("12")
    page.get_by_label("Visa specialkost och tillgänglighetsbehov vid incheckningen").check()
    page.get_by_role("button", name="Skapa länken").click()
    link = page.locator("#new-link").input_value()
    assert "/incheckning/" in link
    expect(page.get_by_role("row", name="Entrén, Kim")).to_contain_text("Fungerar")
    axe_check(page)

    volunteer = browser.new_context(bypass_csp=True, locale="sv-SE")
    volunteer.set_default_timeout(15_000)
    door = volunteer.new_page()
    try:
        door.goto(link)
        expect(door.get_by_role("heading", level=1)).to_have_text("Incheckning")
        # The desk's own menu, without the staff's ways out of it.
        expect(door.get_by_role("link", name="Lämna incheckningen")).to_have_count(0)
        axe_check(door)
        door.locator("#q").fill("gunnel")
        door.keyboard.press("Enter")
        door.get_by_role("link", name="Gunnel Glutenfri").click()
        expect(door.locator(".facts")).to_contain_text("Glutenfri")
        axe_check(door)
        door.get_by_role("button", name="Checka in").click()
        expect(door.locator(".flashes")).to_contain_text("Gunnel Glutenfri")
        expect(door.locator(".person-state.is-in")).to_be_visible()
        axe_check(door)

        door.goto(live_server.url + list_url)
        expect(door.locator("table.registrations")).to_have_count(0)
        assert "/login" in door.url
        door.goto(live_server.url + staff_url)
        assert "/login" in door.url
    finally:
        volunteer.close()

    with live_server.app.app_context():
        person = db.session.scalar(db.select(Registration).filter_by(first_name="Gunnel"))
        assert person.checked_in_at is not None

    # The organiser revokes it; the volunteer's desk says so.
    page.goto(live_server.url + links_url)
    page.get_by_role("button", name="Återkalla – Entrén, Kim").click()
    expect(page.get_by_role("row", name="Entrén, Kim")).to_contain_text("Återkallad")
    gone = browser.new_context(bypass_csp=True, locale="sv-SE")
    try:
        other = gone.new_page()
        response = other.goto(link)
        assert response.status == 410
        expect(other.get_by_role("heading", level=1)).to_have_text(
            "Incheckningslänken fungerar inte längre"
        )
        axe_check(other)
    finally:
        gone.close()


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
def test_a_volunteer_checks_in_at_a_workshop_door(live_server, page, axe_check):
    from datetime import time

    from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Workshop
    from okconf.volunteers import services
    from okconf.volunteers.models import WorkshopCheckin
    from okconf.workshops.models import Assignment

    conference_id = _seed(live_server.app)
    with live_server.app.app_context():
        item = ProgrammeItem(
            conference_id=conference_id,
            kind=ItemKind.WORKSHOPS,
            starts_at=time(10),
            ends_at=time(11, 30),
            title="Workshoppass 1",
        )
        db.session.add(item)
        db.session.flush()
        workshop = Workshop(
            conference_id=conference_id, round_id=item.id, title="Mötesplatser", room="Sal 2"
        )
        db.session.add(workshop)
        db.session.flush()
        for person in db.session.scalars(db.select(Registration)):
            db.session.add(
                Assignment(registration_id=person.id, round_id=item.id, workshop_id=workshop.id)
            )
        _link, token = services.create_link(
            db.session.get(Conference, conference_id), label="Sal 2", hours=4, show_needs=False
        )
        db.session.commit()
        workshop_id = workshop.id
    with live_server.app.test_request_context():
        link = url_for("volunteers.open_link", token=token, _external=False)

    page.goto(live_server.url + link)
    page.get_by_role("link", name="Workshoppar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Incheckning vid workshopparna")
    axe_check(page)
    page.get_by_role("link", name="Mötesplatser").click()
    expect(page.locator(".counters")).to_contain_text("Har kommit: 0 av 3")
    page.get_by_role("button", name="Checka in – Kalle Kommun").click()
    expect(page.locator(".counters")).to_contain_text("Har kommit: 1 av 3")
    expect(page.locator(".desk-result.is-checked-in")).to_contain_text("Kalle Kommun")
    axe_check(page)
    with live_server.app.app_context():
        assert db.session.scalars(db.select(WorkshopCheckin.workshop_id)).all() == [workshop_id]
