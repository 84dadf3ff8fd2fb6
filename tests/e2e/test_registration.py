"""A participant's whole journey in a real Chromium: register with a gluten-free diet (partly by
keyboard), read the confirmation, follow the mailed link, change the phone number, hand the
place to a colleague, and the colleague cancels late. axe checks each page on the way.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

pytestmark = pytest.mark.e2e


def _mail_to(smtp, recipient: str, subject_start: str):
    """The last delivered mail to `recipient` whose subject starts so: (text, attachments)."""
    for message in reversed(smtp.messages):
        if message["To"] == recipient and message["Subject"].startswith(subject_start):
            text, files = "", {}
            for part in message.walk():
                if part.get_filename():
                    files[part.get_filename()] = part.get_payload(decode=True)
                elif part.get_content_type() == "text/plain":
                    text = part.get_payload(decode=True).decode(part.get_content_charset())
            return text, files
    raise AssertionError(f"no mail to {recipient} about {subject_start!r}")


def _deliver(live_server):
    from okconf.mail.services import send_due_mails

    with live_server.app.app_context():
        result = send_due_mails()
    assert result["failed"] == 0


def _personal_link(text: str) -> str:
    match = re.search(r"https?://\S+/anmalan/\S+", text)
    assert match, text
    return match.group(0)


def test_register_change_hand_over_and_cancel_late(
    live_server, page, axe_check, smtp, make_conference
):
    from playwright.sync_api import expect

    from okconf.clock import today
    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationStatus
    from okconf.vocabulary import Diet

    conference = make_conference(
        slug="stockholm-2011",
        title="Överenskommelsen i Stockholm",
        town="Stockholm",
        venue_name="ABF-huset",
        capacity=120,
        cancellation_deadline=today() + timedelta(days=10),
        late_cancellation_fee_ore=40000,
    )
    base = live_server.url
    page.goto(f"{base}/language/en?next=/konferens/{conference.slug}/anmalan")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Register for")
    axe_check(page)

    # Sending the empty form shows the errors beside the fields.
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#first_name-error")).to_be_visible()
    axe_check(page)

    # The personal details by keyboard: one field after another with Tab.
    page.get_by_label("First name").focus()
    page.keyboard.type("Alva")
    page.keyboard.press("Tab")
    page.keyboard.type("Exempelsson")
    page.keyboard.press("Tab")
    page.keyboard.type("alva@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("070-123 45 67")
    page.keyboard.press("Tab")
    page.keyboard.type("Föreningen Gemenskap Stockholm")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first sector: civil-society organisations
    expect(page.get_by_label("Civil-society organisations", exact=True)).to_be_checked()
    page.get_by_label("Type of organisation").select_option("civil_society_org")
    page.get_by_label("Gluten-free").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Gluten-free")).to_be_checked()
    page.get_by_label("I have read how my data is handled and agree to it").check()
    page.get_by_role("button", name="Register").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("You are registered")
    axe_check(page)

    # The confirmation arrives over SMTP with the calendar file, the QR code and the link.
    _deliver(live_server)
    text, files = _mail_to(smtp, "alva@example.org", "Registration confirmed")
    assert b"BEGIN:VEVENT" in files["stockholm-2011.ics"]
    assert files["checkin-qr.png"].startswith(b"\x89PNG")
    first_link = _personal_link(text)
    assert first_link.startswith(base)

    page.goto(first_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    axe_check(page)
    page.get_by_label("Phone").fill("+46 8 123 456 78")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash-success")).to_contain_text("saved")

    db.session.expire_all()
    registration = db.session.query(Registration).one()
    assert registration.phone == "+46812345678"
    assert [d.diet for d in registration.diets] == [Diet.GLUTEN_FREE]

    # Hand the place to a colleague.
    page.get_by_role("link", name="Hand your place to a colleague").click()
    page.get_by_label("First name").fill("Kim")
    page.get_by_label("Last name").fill("Kollega")
    page.get_by_label("Email").fill("kim.kollega@example.org")
    page.get_by_label("Phone").fill("070-765 43 21")
    page.get_by_label("Organisation, authority or company").fill("Föreningen Gemenskap Stockholm")
    page.get_by_label("Civil-society organisations", exact=True).check()
    page.get_by_label("Type of organisation").select_option("civil_society_org")
    page.get_by_role("button", name="Hand over the place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The place has been handed over")

    page.goto(first_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link is no longer valid")

    _deliver(live_server)
    text, _files = _mail_to(smtp, "kim.kollega@example.org", "Registration confirmed")
    colleague_link = _personal_link(text)
    _mail_to(smtp, "alva@example.org", "Your place was handed over")

    # Time passes: the cancellation deadline is behind us when the colleague cancels.
    conference.cancellation_deadline = today() - timedelta(days=1)
    db.session.commit()

    page.goto(colleague_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    page.get_by_role("link", name="Cancel your registration").click()
    expect(page.locator("main")).to_contain_text("SEK 400")
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.locator(".status-box")).to_contain_text("Your registration is cancelled")
    expect(page.locator(".status-box")).to_contain_text("SEK 400")

    db.session.expire_all()
    registration = db.session.query(Registration).one()
    assert registration.email == "kim.kollega@example.org"
    assert registration.status is RegistrationStatus.CANCELLED
    assert registration.late_cancellation is True
    assert registration.cancellation_fee_ore == 40000


def test_organiser_pages_pass_axe(live_server, page, axe_check, make_user, make_conference):
    """The organiser's add, edit and waiting-list pages, signed in for real."""
    from playwright.sync_api import expect

    from tests.conftest import PASSWORD

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=0)
    base = live_server.url
    page.goto(f"{base}/language/en?next=/login")
    page.get_by_label("Email").fill(organiser.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/staff/konferenser/{conference.id}/anmalningar/ny")
    axe_check(page)
    page.get_by_label("First name").fill("Vera")
    page.get_by_label("Last name").fill("Väntare")
    page.get_by_label("Email").fill("vera@example.org")
    page.get_by_label("Organisation, authority or company").fill("Exempelstads kommun")
    page.get_by_label("Public sector", exact=True).check()
    page.get_by_label("Type of organisation").select_option("municipality")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".flash-warning")).to_contain_text("waiting list")
    axe_check(page)

    page.goto(f"{base}/staff/konferenser/{conference.id}/vantelista")
    expect(page.get_by_role("table")).to_contain_text("Vera Väntare")
    axe_check(page)
    page.get_by_label("Over capacity").check()
    page.get_by_role("button", name="Give Vera Väntare a place").click()
    expect(page.locator(".flash-success")).to_contain_text("now has a place")
