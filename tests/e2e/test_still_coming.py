"""'Kommer du fortfarande?' in a real Chromium: ten places and three on the waiting list; the
question goes out, two people answer "Nej" from their mails, and the first two on the waiting
list get the places and their mails at once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

pytestmark = pytest.mark.e2e


def _text(message) -> str:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return part.get_payload(decode=True).decode(part.get_content_charset())


@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")
def test_two_say_no_and_the_first_two_waiting_get_their_places(
    live_server, page, axe_check, smtp, make_conference, make_registration
):
    from playwright.sync_api import expect

    from okconf.conferences.services import today
    from okconf.extensions import db
    from okconf.mail.services import send_due_mails
    from okconf.registration.models import RegistrationStatus
    from okconf.stillcoming import services

    conference = make_conference(title="Köping 2026", date=today() + timedelta(days=4), capacity=10)
    placed = [
        make_registration(conference, first_name=f"Deltagare{n}", email=f"d{n}@example.org")
        for n in range(10)
    ]
    waiting = [
        make_registration(
            conference,
            first_name=f"Väntande{n}",
            email=f"v{n}@example.org",
            status=RegistrationStatus.WAITING,
        )
        for n in range(3)
    ]
    services.save_settings(conference, enabled=True, days_before=5)
    db.session.commit()
    assert list(services.ask_due().values()) == [10]
    with live_server.app.app_context():
        assert send_due_mails()["failed"] == 0
    questions = {m["To"]: _text(m) for m in smtp.messages}
    assert len(questions) == 10
    smtp.messages.clear()

    for person in placed[:2]:
        no_link = re.search(r"http\S+/kommer/nej", questions[person.email]).group(0)
        page.goto(no_link)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe_check(page)
        page.get_by_role("button", name="Ge min plats till någon annan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Tack för att du hörde av dig")
    axe_check(page)

    yes_link = re.search(r"http\S+/kommer/ja", questions[placed[2].email]).group(0)
    page.goto(yes_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, vi ses!")

    db.session.expire_all()
    assert [p.status for p in placed[:3]] == [
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CANCELLED,
        RegistrationStatus.CONFIRMED,
    ]
    assert [w.status for w in waiting] == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]
    with live_server.app.app_context():
        assert send_due_mails()["failed"] == 0
    promoted = sorted(m["To"] for m in smtp.messages if m["To"].startswith("v"))
    assert promoted == ["v0@example.org", "v1@example.org"]
