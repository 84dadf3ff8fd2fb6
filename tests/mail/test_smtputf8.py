"""An address with letters outside ASCII before the @ (jörgen@example.org) needs SMTPUTF8, which
okconf does not send (Flask-Mail writes ASCII addresses only) and many servers do not take: a
permanent failure the admins see at once, not days of retries of what can never go out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.services import send_due_mails
from tests.conftest import SMTPRecorder, free_port

WIDE = "jörgen.åberg@example.org"


@pytest.fixture
def ascii_smtp(app):
    """A second real SMTP server, this one without SMTPUTF8, and the app sending to it."""
    from aiosmtpd.controller import Controller

    handler = SMTPRecorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=False)
    controller.start()
    handler.port = controller.port
    from okconf.mail.smtp import mail_settings

    state = mail_settings(app)
    port, state.port = state.port, controller.port
    try:
        yield handler
    finally:
        state.port = port
        controller.stop()


def _ehlo(port: int) -> str:
    import smtplib

    with smtplib.SMTP("127.0.0.1", port, timeout=10) as server:
        return server.ehlo()[1].decode().lower()


def test_without_smtputf8_the_mail_fails_at_once_and_says_why(
    queue, ascii_smtp, client, login, make_user
):
    smtp = ascii_smtp
    assert "smtputf8" not in _ehlo(smtp.port)
    wide = queue(WIDE)
    plain = queue("anna@example.org")
    db.session.commit()

    assert send_due_mails() == {"sent": 1, "failed": 1}
    assert [m["To"] for m in smtp.messages] == ["anna@example.org"]
    db.session.expire_all()
    wide = db.session.get(OutboxMail, wide.id)
    assert db.session.get(OutboxMail, plain.id).status is MailStatus.SENT
    assert wide.status is MailStatus.FAILED  # at the first attempt: it can never go out
    assert wide.attempts == 1
    assert "SMTPUTF8" in wide.last_error and "Correct the address" in wide.last_error

    login(make_user("admin"))
    page = client.get("/staff/admin/utkorg/?status=failed").get_data(as_text=True)
    assert WIDE in page
    shown = client.get(f"/staff/admin/utkorg/{wide.id}").get_data(as_text=True)
    assert "Correct the address" in shown


def test_a_wide_domain_alone_needs_no_smtputf8(queue, ascii_smtp):
    """Only the part before the @ does: the domain goes out as IDNA (xn--)."""
    smtp = ascii_smtp
    queue("anna@exempel-åäö.se")
    db.session.commit()
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert smtp.envelopes[0].rcpt_tos == ["anna@" + "exempel-åäö.se".encode("idna").decode()]
    assert db.session.scalars(select(OutboxMail.status)).one() is MailStatus.SENT
