"""The admins' outbox in a real browser: waiting, failed and not-sent mails, a mail the worker
will render, and one that cannot be rendered; all accessible, the retry button works."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from okconf.accounts.models import Role
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from tests.e2e.test_foundation import sign_in

pytestmark = pytest.mark.e2e
SCREENSHOTS = os.environ.get("OKCONF_SCREENSHOTS")  # a folder: also save what the pages look like


def _shoot(page, name: str) -> None:
    if not SCREENSHOTS:
        return
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_outbox_shows_failed_and_unsent_mails_and_retries(
    live_server, page, axe_check, make_conference, make_registration
):
    from okconf.registration import mails

    registration = make_registration(make_conference(title="Umeå 2013"))
    deferred = mails.send_confirmation(registration)
    broken = mails.send_link(registration)
    db.session.flush()
    broken.params = {**broken.params, "template": "no-such-template"}
    broken.last_error = (
        "Rendering failed: TemplateNotFound: registration/email/no-such-template.txt"
    )
    broken.attempts = 1
    refused = mails.send_cancelled(registration)
    refused.status, refused.attempts = MailStatus.FAILED, 5
    refused.last_error = "SMTPRecipientsRefused: {'a@example.org': (550, b'Mailbox unavailable')}"
    db.session.add(
        OutboxMail(
            recipient="",
            subject="Anmälan bekräftad: Umeå 2013",
            kind="confirmation",
            status=MailStatus.DROPPED,
            last_error="the registration was erased before the mail was sent",
        )
    )
    db.session.commit()

    sign_in(live_server, page, Role.ADMIN, "alva@example.org")
    page.goto(live_server.url + "/staff/admin/utkorg/")
    expect(page.get_by_role("cell", name="Failed", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Not sent", exact=True)).to_be_visible()
    axe_check(page)
    _shoot(page, "outbox")

    page.goto(f"{live_server.url}/staff/admin/utkorg/{deferred.id}")
    expect(page.locator("main pre.mail-body")).to_contain_text("Umeå 2013")
    expect(page.locator("main")).to_contain_text("checkin-qr.png")
    axe_check(page)
    _shoot(page, "outbox-deferred")

    page.goto(f"{live_server.url}/staff/admin/utkorg/{broken.id}")
    expect(page.locator("main [role=alert]")).to_contain_text("TemplateNotFound")
    axe_check(page)
    _shoot(page, "outbox-broken")

    page.goto(live_server.url + "/staff/admin/utkorg?status=failed")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff/admin/utkorg/")
    db.session.expire_all()
    assert db.session.get(OutboxMail, refused.id).status is MailStatus.PENDING
