"""The door on a phone (390 × 844): the check-in button and the desk's search field are on the
first screen, the search narrows as you type, and the counter follows other desks."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from okconf.attendees import desk
from okconf.extensions import db
from okconf.registration.models import Registration
from tests.e2e.test_checkin import PASSWORD, _seed

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        bypass_csp=True, locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _sign_in(page, url):
    page.goto(url + "/login")
    page.locator("#email").fill("desk@example.org")
    page.locator("#password").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _on_first_screen(locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box


def test_person_page_puts_the_button_on_the_first_screen(live_server, phone, axe_check):
    conference_id = _seed(live_server.app)
    with live_server.app.app_context():
        person = db.session.scalar(db.select(Registration).filter_by(first_name="Kalle"))
        person_id = person.id
    _sign_in(phone, live_server.url)
    phone.goto(f"{live_server.url}/staff/anmalningar/{person_id}/incheckning")
    button = phone.get_by_role("button", name="Check in")
    _on_first_screen(button)
    expect(phone.locator(".person-name")).to_have_text("Kalle Kommun")
    assert phone.locator(".main-nav, .console-nav").count() == 0  # focused: no site menus
    axe_check(phone)
    button.click()
    expect(phone.locator(".person-state")).to_contain_text("Checked in")
    expect(phone.get_by_role("button", name="Undo")).to_be_visible()
    assert phone.get_by_role("button", name="Check in").count() == 0
    expect(phone.locator(".arrived")).to_contain_text("1 of 3")
    axe_check(phone)
    assert conference_id


def test_desk_search_narrows_as_you_type_and_counts_other_desks(live_server, phone, axe_check):
    conference_id = _seed(live_server.app)
    _sign_in(phone, live_server.url)
    phone.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning")
    search = phone.get_by_label("Name, email or organisation")
    _on_first_screen(search)
    search.press_sequentially("gu")
    expect(phone.locator(".desk-result")).to_have_count(2)  # Gunnel, Gustav: no Enter pressed
    search.press_sequentially("n")
    expect(phone.locator(".desk-result")).to_have_count(1)
    expect(phone.locator(".desk-result")).to_contain_text("Gunnel Glutenfri")
    axe_check(phone)
    # Another desk checks Gustav in: this desk's counter follows without a reload.
    with live_server.app.app_context():
        gustav = db.session.scalar(db.select(Registration).filter_by(first_name="Gustav"))
        desk.check_in(gustav)
        db.session.commit()
    expect(phone.locator(".arrived")).to_contain_text("1 of 3", timeout=12_000)
    # Without the script the plain form still searches (progressive enhancement).
    phone.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning?q=kalle")
    expect(phone.locator(".desk-result")).to_have_count(1)


def test_scanner_page_offers_the_camera(live_server, phone, axe_check):
    conference_id = _seed(live_server.app)
    _sign_in(phone, live_server.url)
    phone.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning/skanna")
    _on_first_screen(phone.get_by_role("button", name="Start the camera"))
    decoder = phone.locator("[data-scanner]").get_attribute("data-decoder")
    assert phone.request.get(live_server.url + decoder).ok  # jsQR is served locally
    axe_check(phone)


def test_local_decoder_reads_the_confirmations_qr_code(live_server, phone):
    """Where the browser has no BarcodeDetector, jsQR (from okconf/static/vendor) reads the
    very PNG the confirmation mail attaches, and gives back the person's check-in link."""
    import base64

    from okconf.registration.mails import qr_png

    conference_id = _seed(live_server.app)
    link = f"{live_server.url}/staff/anmalningar/4711/incheckning"
    png = "data:image/png;base64," + base64.b64encode(qr_png(link)).decode()
    _sign_in(phone, live_server.url)
    phone.goto(f"{live_server.url}/staff/konferenser/{conference_id}/incheckning/skanna")
    decoder = phone.locator("[data-scanner]").get_attribute("data-decoder")
    phone.add_script_tag(url=live_server.url + decoder)
    read = phone.evaluate(
        """async (png) => {
            const image = new Image();
            image.src = png;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width;
            canvas.height = image.height;
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const pixels = context.getImageData(0, 0, image.width, image.height);
            return jsQR(pixels.data, pixels.width, pixels.height).data;
        }""",
        png,
    )
    assert read == link
