"""Companions come on site only: on a hybrid conference's form the companion's fields hide
(and send nothing) while "online" is chosen, and come back with "on site"."""

from __future__ import annotations

import os

import pytest

pytestmark = pytest.mark.e2e


def _screenshots(page, name: str) -> None:
    """Screenshots at 1280 and 390 px when OKCONF_SCREENSHOTS names a directory (to look at)."""
    shots = os.environ.get("OKCONF_SCREENSHOTS")
    for width in (1280, 390) if shots else ():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{shots}/companion-{name}-{width}.png", full_page=True)


def test_the_companion_part_hides_for_online(live_server, page, axe_check, make_conference):
    from playwright.sync_api import expect
    from sqlalchemy import select

    from okconf.extensions import db
    from okconf.registration.models import Registration

    conference = make_conference(
        slug="hybrid-2026", title="Hybrid 2026", online_capacity=20, companions_allowed=True
    )
    base = live_server.url
    page.goto(f"{base}/language/en?next=/konferens/{conference.slug}/anmalan")
    part = page.locator("#companion-part")
    expect(part).to_be_visible()
    page.get_by_label("I bring a companion or personal assistant").check()
    page.locator("#companion_name").fill("Maja Ledsagare")
    page.get_by_label("Online", exact=True).check()
    expect(part).to_be_hidden()
    axe_check(page)
    _screenshots(page, "online")
    page.get_by_label("On site", exact=True).check()
    expect(part).to_be_visible()
    _screenshots(page, "on-site")
    expect(page.locator("#companion_name")).to_have_value("Maja Ledsagare")  # kept for on site
    page.get_by_label("Online", exact=True).check()
    page.locator("#first_name").fill("Alva")
    page.locator("#last_name").fill("Ek")
    page.locator("#email").fill("alva@example.org")
    page.locator("#phone").fill("070-123 45 67")
    page.locator("#organisation_name").fill("Föreningen Gemenskap")
    page.locator("#party-0").check()
    page.locator("#org_type").select_option("civil_society_org")
    page.locator("#consent").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator("h1")).not_to_have_text("Register")
    db.session.expire_all()
    registration = db.session.scalar(select(Registration))
    # the hidden part sent nothing: online, without a companion, no error
    assert registration.online and registration.companion is None
