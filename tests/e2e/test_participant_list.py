"""The participant list in a real Chromium: the unticked box on the registration form, the
participant's view of the list through their link (axe-clean at desktop and phone widths), and
withdrawing from it on their own page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

# Screenshots for a person to look at, when asked for (not committed).
SHOTS = os.environ.get("OKCONF_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
def test_participant_sees_who_else_is_coming_and_withdraws(
    live_server, page, axe_check, make_conference, make_registration, make_organisation
):
    from playwright.sync_api import expect

    from okconf.accounts.links import make_token
    from okconf.extensions import db
    from okconf.participantlist import services
    from okconf.participantlist.models import Visibility

    conference = make_conference(title="Integration i Västernorrland", slug="vasternorrland")
    services.save_visibility(conference, Visibility.PARTICIPANTS)
    kommun = make_organisation("Sundsvalls kommun", org_type="municipality", town="Sundsvall")
    people = [
        make_registration(
            conference,
            first_name=first,
            last_name=last,
            organisation_name=org,
            organisation_id=kommun.id if org == "Sundsvalls kommun" else None,
            in_participant_list=listed,
        )
        for first, last, org, listed in (
            ("Amira", "Hassan", "Sundsvalls kommun", True),
            ("Bo", "Lindqvist", "Röda Korset Härnösand", True),
            ("Cecilia", "Ek", "Sundsvalls kommun", True),
            ("Dawit", "Tesfaye", "Hemlig förening", False),
        )
    ]
    db.session.commit()
    base = live_server.url

    # The registration form asks, with the box unticked.
    page.goto(f"{base}/konferens/{conference.slug}/anmalan")
    box = page.get_by_label("Visa mitt namn, min organisation och ort i deltagarförteckningen")
    expect(box).to_be_visible()
    expect(box).not_to_be_checked()

    # Dawit (not listed) opens the list from his own page.
    dawit = people[3]
    token = make_token("registration", dawit.id, dawit.link_version)
    page.goto(f"{base}/anmalan/{token}")
    section = page.get_by_role("region", name="Deltagarförteckning")
    expect(section).to_contain_text("Du står inte på den.")
    section.get_by_role("link", name="Se vilka fler som kommer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vilka fler kommer?")
    rows = page.locator("table.participant-list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Bo Lindqvist")
    expect(rows.nth(1)).to_contain_text("Amira Hassan")
    expect(rows.nth(1)).to_contain_text("Sundsvall")
    expect(page.locator("main")).not_to_contain_text("Dawit")
    axe_check(page)
    page.set_viewport_size({"width": 1280, "height": 800})
    _shot(page, "list-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    axe_check(page)
    _shot(page, "list-390")

    # Amira withdraws on her own page; she is gone from the list.
    amira = people[0]
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{base}/anmalan/{make_token('registration', amira.id, amira.link_version)}")
    section = page.get_by_role("region", name="Deltagarförteckning")
    consent = section.get_by_label(
        "Visa mitt namn, min organisation och ort i deltagarförteckningen"
    )
    expect(consent).to_be_checked()
    axe_check(page)
    _shot(page, "personal-1280")
    consent.uncheck()
    section.get_by_role("button", name="Spara mitt val").click()
    expect(page.locator(".flashes")).to_contain_text(
        "Du står inte längre på deltagarförteckningen."
    )
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "personal-390")
    page.goto(f"{base}/anmalan/{token}/deltagare")
    expect(rows).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Amira")


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
def test_organiser_makes_the_list_public(
    live_server, page, axe_check, make_user, make_conference, make_registration
):
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    organiser = make_user("organiser", email="olle@example.org")
    conference = make_conference(title="Köping 2026", slug="koping-2026", organisers=[organiser])
    make_registration(conference, first_name="Greta", last_name="Berg", in_participant_list=True)
    make_registration(conference, first_name="Hemlig", last_name="Person")
    base = live_server.url
    page.goto(f"{base}/login")
    page.get_by_label("E-post").fill(organiser.email)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()

    page.goto(f"{base}/staff/konferenser/{conference.id}/deltagarforteckning")
    expect(page.get_by_role("heading", level=1)).to_have_text("Deltagarförteckning")
    expect(page.locator(".tiles")).to_contain_text("1")
    axe_check(page)
    page.get_by_label("Alla, på konferensens publika sida").check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".flashes")).to_contain_text("Sparat")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        _shot(page, f"staff-{width}")

    page.get_by_role("link", name="Se förteckningen på den publika sidan").click()
    section = page.get_by_role("region", name="Vilka fler kommer?")
    expect(section).to_contain_text("Greta Berg")
    expect(section).not_to_contain_text("Hemlig")
    axe_check(page)
    _shot(page, "public-390")
