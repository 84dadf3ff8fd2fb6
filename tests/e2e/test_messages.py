"""Browser: an organiser ticks two rows of the registration list, writes to them, checks the
preview, sends, and follows the progress; every page at 1280 and 390 px with axe and no
horizontal overflow. Screenshots go to the test's tmp_path for a person to look at."""

from __future__ import annotations

import pytest

from okconf.extensions import db
from okconf.mail.services import send_due_mails

from .test_staff_forms import _no_overflow, _sign_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1280, 390])
def test_write_to_the_ticked_rows_preview_send_and_follow(
    live_server, browser, axe_check, tmp_path, width, make_user, make_conference, make_registration
):
    organiser = make_user("organiser", email="olle@example.org", name="Olle Organisatör")
    conference = make_conference(organisers=[organiser], title="Regional konferens i Köping")
    karin = make_registration(conference, first_name="Karin", last_name="Ek", email="k@example.org")
    sam = make_registration(
        conference, first_name="Sam", last_name="Lind", email="s@example.org", locale="en"
    )
    make_registration(conference, first_name="Bo", last_name="Wik", email="b@example.org")
    db.session.commit()

    context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
    page = context.new_page()
    base = live_server.url
    _sign_in(page, base, organiser)

    page.goto(f"{base}/staff/konferenser/{conference.id}/anmalningar")
    page.get_by_label("Tick Karin Ek").check()
    page.get_by_label("Tick Sam Lind").check()
    page.get_by_role("button", name="Write to the ticked").click()
    page.wait_for_load_state()
    assert page.get_by_label("People picked in the registration list").is_checked()
    axe_check(page)
    _no_overflow(page)
    page.screenshot(path=tmp_path / f"write-{width}.png", full_page=True)

    page.get_by_label("Subject", exact=True).fill("Om lunchen, {förnamn}")
    page.get_by_label("Text", exact=True).fill("Hej {förnamn}! Lunch 12.00. {okänd}")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()
    assert "{okänd} is not a placeholder" in page.locator("#body_sv-error").inner_text()
    axe_check(page)
    page.get_by_label("Text", exact=True).fill("Hej {förnamn}! Lunch 12.00. Din länk: {länk}")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_load_state()

    assert "Om lunchen, Karin" in page.locator("main").inner_text()
    page.get_by_label("Show it as this person gets it").select_option(str(sam.id))
    page.get_by_role("button", name="Show", exact=True).click()
    page.wait_for_load_state()
    assert "Om lunchen, Sam" in page.locator("main").inner_text()  # no English: the Swedish
    axe_check(page)
    _no_overflow(page)
    page.screenshot(path=tmp_path / f"preview-{width}.png", full_page=True)

    page.get_by_role("button", name="Send to 2 people").click()
    page.wait_for_load_state()
    assert "0 of 2 sent" in page.locator("main").inner_text()
    # End the test's own transaction (opened when sam.id was read): PostgreSQL's now(), which
    # the worker compares due times with, is the transaction's start.
    db.session.commit()
    send_due_mails()
    page.get_by_role("link", name="Update the figures").click()
    page.wait_for_load_state()
    assert "2 of 2 sent" in page.locator("main").inner_text()
    axe_check(page)
    _no_overflow(page)
    page.screenshot(path=tmp_path / f"sent-{width}.png", full_page=True)

    page.goto(f"{base}/staff/anmalningar/{karin.id}/redigera")
    page.get_by_text("1 message sent to this person").click()
    assert "Om lunchen, {förnamn}" in page.locator(".message-history").inner_text()
    page.goto(f"{base}/staff/konferenser/{conference.id}/paminnelse")
    axe_check(page)
    _no_overflow(page)
    page.screenshot(path=tmp_path / f"reminder-{width}.png", full_page=True)
    context.close()
