"""An organiser creates the Köping conference of 10 December 2012 from nothing, in Chromium.

Through the real forms: the invitation, part of the programme, publishing; then the public
page shows it as the invitation, and the calendar file has the right local times.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

# The labels as a screen reader reads them: optional fields say so (GOV.UK style).
INVITATION = {
    "Title": "Den nationella överenskommelsen inom integrationsområdet",
    "Guiding question (optional)": "Hur kan den användas i integrationsarbetet i Mellansverige?",
    "Date (optional)": "2012-12-10",
    "Starts at (optional)": "09:00",
    "Ends at (optional)": "16:00",
    "Venue (optional)": "Opalen i Folkets hus",
    "Street address (optional)": "Karlagatan 2",
    "Town (optional)": "Köping",
    "Registration deadline (optional)": "2012-11-30",
    "Contact person (optional)": "Paola Ricci, SIOS Mellansverige",
    "Contact email (optional)": "konferens.koping@example.org",
}

SLOTS = [
    ("09:00", "09:30", "break", "Registrering och kaffe", ""),
    (
        "09:30",
        "09:45",
        "session",
        "Välkommen",
        "Paola Ricci; ordförande; SIOS Mellansverige\nMats Hedin; kommunalråd; Köpings kommun",
    ),
    (
        "11:10",
        "12:00",
        "session",
        "Omförhandling av samhällskontraktet",
        "Erik Dahlgren; docent; Handelshögskolan",
    ),
    ("12:00", "13:00", "break", "Lunch", ""),
]


def test_organiser_authors_and_publishes_koping(live_server, page, axe_check, make_user):
    organiser = make_user("organiser", email="olle@example.org", name="Olle Organisatör")
    base = live_server.url
    page.goto(f"{base}/language/en")  # labels in English, the msgids

    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/staff/konferenser")
    page.get_by_role("link", name="New conference").click()
    axe_check(page)

    # A mistake first: the form says what is wrong beside the field, nothing is lost.
    for label, value in INVITATION.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Ends at (optional)", exact=True).fill("08:00")
    page.get_by_label("Or a new series").fill("Regionala konferenser hösten 2012")
    page.get_by_label("From the programme").fill(
        "Vad innehåller överenskommelsen inom integrationsområdet?\n"
        "Vilka hinder och möjligheter finns?"
    )
    page.get_by_label("Who the conference is for").fill(
        "Föreningsaktiva, politiker, tjänstemän, praktiker, företagare, m.fl."
    )
    page.get_by_role("button", name="Save").click()
    assert page.locator("#end_time-error").inner_text().strip() == (
        "The conference must end after it starts."
    )
    assert page.get_by_label("Town (optional)", exact=True).input_value() == "Köping"
    axe_check(page)  # the form with its errors beside the fields
    page.get_by_label("Ends at (optional)", exact=True).fill("16:00")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_role("heading", level=1).inner_text() == INVITATION["Title"]

    page.locator(".console-nav").get_by_role("link", name="Programme", exact=True).click()
    page.get_by_label("Moderator of the day").fill(
        "Azad Baran, vice ordförande i SIOS och ordförande i Kurdiska Riksförbundet"
    )
    page.get_by_role("button", name="Save the moderator").click()
    for start, end, kind, title, speakers in SLOTS:
        page.get_by_role("link", name="Add a time slot").click()
        page.get_by_label("Starts at").fill(start)
        page.get_by_label("Ends at").fill(end)
        page.get_by_label("Kind").select_option(kind)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Speakers").fill(speakers)
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("link", name=title, exact=True)).to_have_count(1)
    axe_check(page)

    page.get_by_role("link", name=INVITATION["Title"]).click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".flashes")).to_contain_text("The conference is published.")

    page.get_by_role("link", name="The public page", exact=True).click()
    expect(page).to_have_url(f"{base}/konferens/koping-2012")
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    for expected in (
        INVITATION["Title"],
        INVITATION["Guiding question (optional)"],
        "Monday, 10 December 2012",  # British style
        "Opalen i Folkets hus",
        "Karlagatan 2",
        "Vilka hinder och möjligheter finns?",
        "Register by 30 November 2012.",
        "Omförhandling av samhällskontraktet",
        "Erik Dahlgren, docent, Handelshögskolan",
        "Azad Baran",
        "Past conference",  # 2012 is behind us: the state says so
        "konferens.koping@example.org",
    ):
        assert expected in text, expected
    axe_check(page)

    ics = page.request.get(f"{base}/konferens/koping-2012/konferens.ics")
    assert ics.ok and "DTSTART;TZID=Europe/Stockholm:20121210T090000" in ics.text()
    assert (
        page.request.get(f"{base}/konferens/koping-2012/inbjudan.pdf")
        .headers["content-type"]
        .startswith("application/pdf")
    )
