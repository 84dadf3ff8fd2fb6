"""The admins' outbox page and the `flask okconf send-mail` command."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.services import send_due_mails


def test_outbox_lists_mails_and_filters_waiting_ones(client, make_user, login, queue, smtp):
    sent = queue("sent@example.org", subject="Redan skickat")
    db.session.commit()
    send_due_mails()
    queue("waiting@example.org", subject="Väntar på tur")
    db.session.commit()
    login(make_user("admin"))

    page = client.get("/staff/admin/utkorg/").get_data(as_text=True)
    assert "sent@example.org" in page
    assert "waiting@example.org" in page
    assert "Waiting (1)" in page

    page = client.get("/staff/admin/utkorg/?status=pending").get_data(as_text=True)
    assert "waiting@example.org" in page
    assert "sent@example.org" not in page
    assert f'href="/staff/admin/utkorg/{sent.id}"' not in page


def test_outbox_shows_one_mail(client, make_user, login, queue):
    mail = queue("anna@example.org", attachments=[("program.pdf", "application/pdf", b"%PDF")])
    db.session.commit()
    login(make_user("admin"))
    page = client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True)
    assert "<h1>Välkommen</h1>" in page
    assert "anna@example.org" in page
    assert "Hello Anna!" in page
    assert "program.pdf" in page
    assert client.get("/staff/admin/utkorg/999999").status_code == 404


def test_retry_makes_a_waiting_mail_due_and_is_audited(client, make_user, login, queue, smtp):
    mail = queue()
    mail.next_attempt_at = utcnow() + timedelta(hours=2)
    mail.attempts, mail.last_error = 3, "SMTP server unreachable"
    db.session.commit()
    admin = make_user("admin")
    login(admin)
    page = client.get("/staff/admin/utkorg/").get_data(as_text=True)
    assert f'action="/staff/admin/utkorg/{mail.id}/retry"' in page
    assert "SMTP server unreachable" in page

    response = client.post(f"/staff/admin/utkorg/{mail.id}/retry")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/admin/utkorg/"
    assert db.session.get(OutboxMail, mail.id).next_attempt_at <= utcnow()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "mail.retry"))
    assert (entry.user_id, entry.object_type, entry.object_id) == (admin.id, "OutboxMail", mail.id)
    assert send_due_mails()["sent"] == 1


def test_retry_leaves_a_sent_mail_alone(client, make_user, login, queue, smtp):
    mail = queue()
    db.session.commit()
    send_due_mails()
    sent_at = db.session.get(OutboxMail, mail.id).sent_at
    login(make_user("admin"))
    client.post(f"/staff/admin/utkorg/{mail.id}/retry")
    mail = db.session.get(OutboxMail, mail.id)
    assert mail.status is MailStatus.SENT
    assert mail.sent_at == sent_at
    assert send_due_mails()["sent"] == 0
    assert len(smtp.messages) == 1


def test_send_mail_command_refuses_without_the_smtp_backend(make_app, mail_templates, queue, smtp):
    queue()
    db.session.commit()
    log_app = make_app(MAIL_BACKEND="log")
    with log_app.app_context():  # the command runs in this app's context, not the test's
        result = log_app.test_cli_runner().invoke(args=["okconf", "send-mail"])
    db.session.expire_all()
    assert result.exit_code != 0
    assert "MAIL_BACKEND is not 'smtp'" in result.output
    assert smtp.messages == []
    assert db.session.scalar(select(OutboxMail)).status is MailStatus.PENDING


def test_send_mail_command_delivers_with_the_smtp_backend(runner, queue, smtp):
    queue("anna@example.org")
    queue("bo@example.org", name="Bo")
    db.session.commit()
    result = runner.invoke(args=["okconf", "send-mail"])
    assert result.exit_code == 0, result.output
    assert "sent 2, failed 0" in result.output
    assert sorted(m["To"] for m in smtp.messages) == ["anna@example.org", "bo@example.org"]
    statuses = set(db.session.scalars(select(OutboxMail.status)))
    assert statuses == {MailStatus.SENT}
