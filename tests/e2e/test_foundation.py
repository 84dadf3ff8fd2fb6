"""The first browser tests: the front page in both languages, a staff sign-in, the keyboard."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from okconf.accounts.models import Role
from okconf.accounts.services import create_user
from okconf.extensions import db

pytestmark = pytest.mark.e2e

PASSWORD = "correct-horse-battery"


# The browser tests speak English (see conftest.py); these two see the product's own default.
swedish_by_default = pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")


@swedish_by_default
def test_front_page_in_swedish_then_english(live_server, page, axe_check):
    page.goto(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "sv"
    assert page.locator("main h1").inner_text() == (
        "Regionala konferenser om Överenskommelsen inom integrationsområdet"
    )
    expect(page.get_by_role("heading", name="Kommande konferenser")).to_be_visible()
    assert page.locator(".lang-switch [aria-current]").inner_text() == "Svenska"
    axe_check(page)

    english = page.get_by_role("link", name="English")
    assert english.get_attribute("hreflang") == "en"
    english.click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("main h1").inner_text() == (
        "Regional conferences on the agreement on integration"
    )
    expect(page.get_by_role("heading", name="Upcoming conferences")).to_be_visible()
    # The switch now offers Swedish, and English is marked as the current language.
    assert page.locator(".lang-switch [aria-current]").inner_text() == "English"
    expect(page.get_by_role("link", name="Svenska")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="Svenska").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_attribute("html", "lang") == "sv"
    expect(page.get_by_role("heading", name="Kommande konferenser")).to_be_visible()


@swedish_by_default
def test_language_switch_keeps_the_page(live_server, page, axe_check):
    page.goto(live_server.url + "/login")
    assert page.locator("main h1").inner_text() == "Inloggning för personal"
    expect(page.get_by_role("button", name="Logga in")).to_be_visible()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/login")
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator("main h1").inner_text() == "Staff sign-in"
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    axe_check(page)


def test_organiser_signs_in_and_lands_on_the_staff_page(live_server, page, axe_check):
    with live_server.app.app_context():
        create_user("olle@example.org", "Olle Organisatör", Role.ORGANISER, PASSWORD)
        db.session.commit()
    page.goto(live_server.url + "/")
    page.locator("nav.main-nav a[href='/login']").click()
    page.wait_for_url(live_server.url + "/login")
    axe_check(page)

    page.locator("#email").fill("olle@example.org")
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff")
    assert "Olle Organisatör" in page.locator("main h1").inner_text()
    axe_check(page)

    page.locator(".site-header form button").click()  # sign out
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/staff")
    assert page.url.startswith(live_server.url + "/login")


def test_wrong_password_is_announced_next_to_the_form(live_server, page, axe_check):
    page.goto(live_server.url + "/login")
    page.locator("#email").fill("nobody@example.org")
    page.locator("#password").fill("wrong-password")
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary[role=alert]")
    expect(summary).to_be_visible()
    assert page.url == live_server.url + "/login"
    axe_check(page)


def test_labels_are_tied_to_the_inputs(live_server, page, axe_check):
    page.goto(live_server.url + "/language/en?next=/login")
    assert page.get_by_label("Email").get_attribute("id") == "email"
    assert page.get_by_label("Password").get_attribute("id") == "password"
    axe_check(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, page, axe_check):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#content"
    skip = page.locator("a.skip-link")
    box = skip.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0  # visible on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"
    axe_check(page)


def test_focus_is_visible(live_server, page, axe_check):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, s.outlineWidth]; }"
    )
    assert outline[0] != "none"
    assert outline[1] != "0px"
    axe_check(page)


def sign_in(live_server, page, role: Role, email: str) -> None:
    """Create a staff user and sign in through the form."""
    with live_server.app.app_context():
        create_user(email, f"Test {role.value}", role, PASSWORD)
        db.session.commit()
    page.goto(live_server.url + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff")


def test_admin_pages_forms_with_errors_and_error_pages_are_accessible(live_server, page, axe_check):
    sign_in(live_server, page, Role.ADMIN, "alva@example.org")
    page.goto(live_server.url + "/staff/admin/anvandare")
    axe_check(page)
    page.locator("main form button[type=submit]").click()  # empty form: errors by the fields
    expect(page.locator("#name-error")).to_be_visible()
    assert page.locator("#name").get_attribute("aria-describedby") == "name-error"
    axe_check(page)

    page.goto(live_server.url + "/staff/konto/losenord")
    page.locator("#current_password").fill("wrong-password")
    page.locator("#new_password").fill("a-new-password-1")
    page.locator("#confirm").fill("a-new-password-1")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#current_password-error")).to_be_visible()
    axe_check(page)

    page.goto(live_server.url + "/staff/admin/utkorg/")
    axe_check(page)

    page.goto(live_server.url + "/no/such/page")
    expect(page.locator("main h1")).to_be_visible()
    axe_check(page)


def test_flash_message_after_sign_out_is_accessible(live_server, page, axe_check):
    sign_in(live_server, page, Role.READER, "stina@example.org")
    page.locator(".site-header form button").click()
    page.wait_for_url(live_server.url + "/")
    expect(page.locator(".flashes[role=status] .flash")).to_be_visible()
    axe_check(page)


def test_axe_check_reports_violations(page, axe_check):
    """The checker itself is not vacuous: a page without lang, alt text or labels fails."""
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    with pytest.raises(AssertionError) as failure:
        axe_check(page)
    report = str(failure.value)
    assert "html-has-lang" in report
    assert "image-alt" in report
    assert "label" in report


def test_pages_fit_a_phone_screen(live_server, browser, axe_check):
    """At 360 px wide nothing needs sideways scrolling, and the pages stay accessible."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
    try:
        phone = context.new_page()
        for path in ("/", "/login", "/no/such/page"):
            phone.goto(live_server.url + path)
            overflow = phone.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{path} is {overflow}px wider than the screen"
            axe_check(phone)
    finally:
        context.close()
