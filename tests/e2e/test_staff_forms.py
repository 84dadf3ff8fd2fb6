"""Browser: the invitation editor and the workshop tabs at 1280 and 390 px wide, with axe, no
horizontal overflow, the searchable host picker (and the same form without JavaScript), the
warning before an earlier decision is overridden, and a slot deleted and brought back.

Screenshots go to the test's tmp_path (pytest keeps the last runs) for a person to look at.
"""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from tests.conftest import PASSWORD
from tests.workshops.conftest import workshop_setup  # noqa: F401 - a fixture used below

pytestmark = pytest.mark.e2e

WIDTHS = [1280, 390]


def _sign_in(page, base, user):
    page.goto(f"{base}/language/en")
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def _no_overflow(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


def _conference(make_user, make_conference, make_organisation, make_registration):
    organiser = make_user("organiser", email="olle@example.org", name="Olle Organisatör")
    for name in ("Röda Korset Köping", "Köpings kommun", "ABF Västmanland", "SIOS Mellansverige"):
        make_organisation(name=name, town="")
    conference = make_conference(
        organisers=[organiser],
        title="Regional konferens i Köping",
        date=stockholm_today() + timedelta(days=60),
        capacity=3,
    )
    for _ in range(2):
        make_registration(conference)
    return organiser, conference


@pytest.mark.parametrize("width", WIDTHS)
def test_the_editor_at_both_widths(
    live_server,
    browser,
    axe_check,
    tmp_path,
    width,
    make_user,
    make_conference,
    make_organisation,
    make_registration,
):
    organiser, conference = _conference(
        make_user, make_conference, make_organisation, make_registration
    )
    context = browser.new_context(
        bypass_csp=True, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _sign_in(page, live_server.url, organiser)
        url = f"{live_server.url}/staff/konferenser/{conference.id}/redigera"
        page.goto(url)
        expect(page.locator("#date")).to_have_attribute("type", "date")
        expect(page.locator("#start_time")).to_have_attribute("type", "time")
        # The hosts are picked by typing in tom-select's search box.
        search = page.get_by_role("combobox", name="Hosts (optional)")
        search.click()
        search.fill("köp")
        page.locator(".ts-dropdown [role=option]", has_text="Köpings kommun").click()
        page.keyboard.press("Escape")
        page.screenshot(path=str(tmp_path / f"editor-{width}.png"), full_page=True)
        axe_check(page)
        _no_overflow(page)

        # Two places for two confirmed people, fine; one place: the form asks first.
        page.get_by_label("Number of places (optional)").fill("1")
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        expect(page.get_by_role("heading", name="Check before you save")).to_be_visible()
        page.screenshot(path=str(tmp_path / f"editor-warning-{width}.png"), full_page=True)
        axe_check(page)
        _no_overflow(page)
        page.get_by_label("Save anyway").check()
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        expect(page.locator(".flashes")).to_contain_text("The invitation was saved.")
        with live_server.app.app_context():
            from okconf.conferences.models import Conference

            saved = db.session.get(Conference, conference.id)
            assert saved.capacity == 1
            assert [o.name for o in saved.hosts] == ["Köpings kommun"]
    finally:
        context.close()


def test_the_host_picker_works_without_javascript(
    live_server, browser, make_user, make_conference, make_organisation, make_registration
):
    organiser, conference = _conference(
        make_user, make_conference, make_organisation, make_registration
    )
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    page = context.new_page()
    try:
        _sign_in(page, live_server.url, organiser)
        page.goto(f"{live_server.url}/staff/konferenser/{conference.id}/redigera")
        page.get_by_label("Hosts (optional)").select_option(
            label=["ABF Västmanland", "SIOS Mellansverige"]
        )
        page.get_by_role("button", name="Save", exact=True).click()
        page.wait_for_load_state()
        with live_server.app.app_context():
            from okconf.conferences.models import Conference

            hosts = db.session.get(Conference, conference.id).hosts
            assert sorted(o.name for o in hosts) == ["ABF Västmanland", "SIOS Mellansverige"]
    finally:
        context.close()


def test_a_slot_is_deleted_after_asking_and_brought_back(
    live_server, page, axe_check, make_user, make_conference
):
    from okconf.conferences import programme
    from okconf.conferences.models import ItemKind, ProgrammeItem

    organiser = make_user("organiser", email="olle@example.org", name="Olle Organisatör")
    conference = make_conference(organisers=[organiser])
    programme.save_item(
        conference, None, kind=ItemKind.SESSION, starts_at=time(9), ends_at=None, title="Välkommen"
    )
    db.session.commit()
    _sign_in(page, live_server.url, organiser)
    page.goto(f"{live_server.url}/staff/konferenser/{conference.id}/program")
    page.get_by_role("link", name="Delete “Välkommen”").click()
    axe_check(page)
    page.get_by_role("button", name="Delete the slot").click()
    page.wait_for_load_state()
    expect(page.locator(".undo-offer")).to_contain_text("“Välkommen” was deleted.")
    axe_check(page)
    page.get_by_role("button", name="Undo").click()
    page.wait_for_load_state()
    expect(page.get_by_role("link", name="Välkommen", exact=True)).to_have_count(1)
    with live_server.app.app_context():
        assert db.session.query(ProgrammeItem).count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_workshop_tabs_at_both_widths(
    live_server,
    browser,
    axe_check,
    tmp_path,
    width,
    workshop_setup,  # noqa: F811 - the fixture imported above
):
    from okconf.workshops.services import assignment, tables

    conference, organiser, _rounds, ws_by_round, _regs = workshop_setup(capacities=(5, 5, 5))
    assignment.run_assignment(conference, 40)
    tables.seat_tables(conference, 4, None)
    db.session.commit()
    context = browser.new_context(
        bypass_csp=True, locale="sv-SE", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _sign_in(page, live_server.url, organiser)
        base = f"{live_server.url}/staff/konferenser/{conference.id}/workshops"
        for name, path in [
            ("wishes", ""),
            ("result", "/resultat"),
            ("people", "/deltagare"),
            ("tables", "/bord"),
            ("lists", "/listor"),
            ("cancel", f"/{ws_by_round[0][0].id}/stall-in"),
        ]:
            page.goto(base + path)
            page.screenshot(path=str(tmp_path / f"workshops-{name}-{width}.png"), full_page=True)
            axe_check(page)
            _no_overflow(page)
        # The big red button is only on the page about cancelling.
        expect(page.locator(".button.danger")).to_have_count(1)
        page.get_by_role("button", name="Cancel the workshop").click()
        page.wait_for_load_state()
        expect(page.locator(".flashes")).to_contain_text("is cancelled")
        page.get_by_role("button", name=f"Take it back “{ws_by_round[0][0].title}”").click()
        page.wait_for_load_state()
        expect(page.locator(".flashes")).to_contain_text("is back")
    finally:
        context.close()
