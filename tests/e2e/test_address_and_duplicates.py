"""A participant mistypes their address, sees it on the confirmation and takes the suggested
one; the organiser sees a likely duplicate flagged and keeps one. axe checks every page, in
both languages for the new parts, and each fits a 390 px screen. Screenshots go to the folder
OKCONF_SHOTS names, when it is set.
"""

from __future__ import annotations

import os

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


def _shoot(page, name: str) -> None:
    folder = os.environ.get("OKCONF_SHOTS")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if folder:
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
        # Nothing wider than the screen (a table scrolls inside its own frame).
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 900})


def _register(page, base, slug, email):
    page.goto(f"{base}/konferens/{slug}/anmalan")
    page.get_by_label("First name").fill("Alva")
    page.get_by_label("Last name").fill("Exempelsson")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Phone").fill("070-123 45 67")
    page.get_by_label("Organisation, authority or company").fill("Föreningen Gemenskap")
    page.get_by_label("Civil-society organisations", exact=True).check()
    page.get_by_label("Type of organisation").select_option("civil_society_org")
    page.get_by_label("I have read how my data is handled and agree to it").check()
    page.get_by_role("button", name="Register").click()


def test_mistyped_address_is_corrected_and_the_duplicate_flagged(
    live_server, page, axe_check, make_conference, make_user, make_registration
):
    from playwright.sync_api import expect

    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationStatus

    organiser = make_user("organiser", email="olle@example.org")
    conference = make_conference(slug="ronneby-2013", organisers=[organiser])
    # The same person registered earlier under a mistyped address nobody corrected.
    make_registration(
        conference,
        first_name="Alva",
        last_name="Exempelsson",
        email="alva@hotmial.se",
        organisation_name="Föreningen Gemenskap",
    )
    base = live_server.url
    page.goto(f"{base}/language/en")
    _register(page, base, conference.slug, "alva@gmial.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are registered")
    expect(page.locator(".sent-to")).to_have_text("alva@gmial.com")
    expect(page.locator(".suggestion")).to_contain_text("Did you mean alva@gmail.com?")
    axe_check(page)
    _shoot(page, "done-en")
    page.goto(f"{base}/language/sv?next=/konferens/{conference.slug}/anmalan/klar")
    expect(page.locator(".suggestion")).to_contain_text("Menade du alva@gmail.com?")
    axe_check(page)
    _shoot(page, "done-sv")

    # A wrong correction is explained beside the field.
    page.get_by_label("Rätt e-postadress").fill("inte en adress")
    page.get_by_role("button", name="Rätta adressen").click()
    expect(page.locator("#email-error")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Ja, skicka den till alva@gmail.com").click()
    expect(page.locator(".flash-success")).to_contain_text("alva@gmail.com")
    expect(page.locator(".sent-to")).to_have_text("alva@gmail.com")
    axe_check(page)

    # The organiser sees the two registrations of Alva flagged, and keeps the new one.
    page.goto(f"{base}/language/en?next=/login")
    page.get_by_label("Email").fill(organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/staff/konferenser/{conference.id}/anmalningar")
    expect(page.get_by_role("link", name="Possible duplicate")).to_have_count(2)
    axe_check(page)
    _shoot(page, "list-en")
    page.get_by_role("link", name="2 registrations may be duplicates: look at them.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Likely duplicates")
    axe_check(page)
    _shoot(page, "duplicates-en")
    page.goto(f"{base}/language/sv?next=/staff/konferenser/{conference.id}/anmalningar/dubbletter")
    axe_check(page)
    _shoot(page, "duplicates-sv")
    page.get_by_role("button", name="Behåll bara den här (alva@gmail.com)").click()
    expect(page.locator(".flash-success")).to_contain_text("utan avgift")
    expect(page.get_by_text("Inga troliga dubbletter.")).to_be_visible()
    axe_check(page)

    db.session.expire_all()
    statuses = {r.email: r.status for r in db.session.query(Registration).order_by(Registration.id)}
    assert statuses == {
        "alva@hotmial.se": RegistrationStatus.CANCELLED,
        "alva@gmail.com": RegistrationStatus.CONFIRMED,
    }
