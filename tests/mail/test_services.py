"""The outbox: mails exist only with their transaction, go out over real SMTP, and survive
an unreachable server."""

from __future__ import annotations

import email
import email.policy
import re
import threading
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail
from okconf.mail.services import backoff, retry_now, send_due_mails
from tests.conftest import free_port

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def subject(message) -> str:
    """The decoded Subject header."""
    return str(make_header(decode_header(message["Subject"])))


def count(model=OutboxMail) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_committed_mail_is_delivered_with_its_attachment(queue, smtp):
    mail = queue(
        "anna@example.org",
        kind="confirmation",
        attachments=[("konferens.ics", "text/calendar", ICS)],
    )
    db.session.commit()
    assert mail.status is MailStatus.PENDING

    assert send_due_mails() == {"sent": 1, "failed": 0}

    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "anna@example.org"
    assert subject(message) == "Välkommen"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "Hello Anna!" in parts["text/plain"].get_payload(decode=True).decode()
    assert "<b>Anna</b>" in parts["text/html"].get_payload(decode=True).decode()
    calendar = parts["text/calendar"]
    assert calendar.get_filename() == "konferens.ics"
    assert calendar.get_payload(decode=True) == ICS
    assert smtp.envelopes[0].rcpt_tos == ["anna@example.org"]

    sent = db.session.get(OutboxMail, mail.id)
    assert sent.status is MailStatus.SENT
    assert sent.attempts == 1
    assert sent.sent_at is not None
    assert sent.lease_until is None
    assert send_due_mails() == {"sent": 0, "failed": 0}  # never twice
    assert len(smtp.messages) == 1


def test_subject_and_body_keep_swedish_letters(queue, smtp):
    queue(subject="Bekräftelse: Köping", name="Åsa Öberg", template="testmail/email/plain")
    db.session.commit()
    send_due_mails()
    message = smtp.messages[0]
    assert subject(message) == "Bekräftelse: Köping"
    # A template written only as text still goes out with both parts, in the layout.
    alternative = [p for p in message.walk() if p.get_content_type() == "multipart/alternative"]
    assert len(alternative) == 1
    assert [p.get_content_type() for p in alternative[0].get_payload()] == [
        "text/plain",
        "text/html",
    ]
    parts = {part.get_content_type(): part for part in message.walk()}
    assert "Bara text till Åsa Öberg." in parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "Bara text till Åsa Öberg.</p>" in html and "<style" not in html  # inlined


def test_mail_of_a_rolled_back_transaction_does_not_exist(queue, smtp):
    queue(attachments=[("a.txt", "text/plain", b"a")])
    assert count() == 1  # flushed inside the transaction
    db.session.rollback()
    assert count() == 0
    assert count(OutboxAttachment) == 0
    assert send_due_mails() == {"sent": 0, "failed": 0}
    assert smtp.messages == []


def test_unreachable_server_delays_mail_without_losing_it(make_app, mail_templates, smtp):
    from okconf.mail.services import queue_mail

    queue_mail("bo@example.org", "testmail/email/plain", subject="Hej", name="Bo")
    db.session.commit()
    closed = make_app(MAIL_PORT=free_port())  # nothing listens there
    before = utcnow()
    with closed.app_context():
        assert send_due_mails() == {"sent": 0, "failed": 1}
    db.session.expire_all()
    mail = db.session.scalar(select(OutboxMail))
    assert mail.status is MailStatus.PENDING
    assert mail.attempts == 1
    assert "unreachable" in mail.last_error
    assert mail.next_attempt_at >= before + timedelta(seconds=60)
    assert mail.lease_until is None

    # Not due yet: even a working server does not get it before the pause is over.
    assert send_due_mails() == {"sent": 0, "failed": 0}
    assert smtp.messages == []

    mail.next_attempt_at = utcnow() - timedelta(seconds=1)  # the pause has passed
    db.session.commit()
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert send_due_mails() == {"sent": 0, "failed": 0}
    assert len(smtp.messages) == 1
    mail = db.session.get(OutboxMail, mail.id)
    assert mail.status is MailStatus.SENT
    assert mail.attempts == 2
    assert mail.last_error is None


def test_backoff_doubles_up_to_the_maximum(app):
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30).total_seconds() == app.config["OUTBOX_MAX_BACKOFF_SECONDS"]


def test_a_refused_mail_does_not_stop_the_others(queue, smtp):
    bad = queue("anna@example.org", subject="Rad ett\nBcc: smuggled@example.org")
    good = queue("bo@example.org", name="Bo")
    db.session.commit()
    assert send_due_mails() == {"sent": 1, "failed": 1}
    assert [m["To"] for m in smtp.messages] == ["bo@example.org"]
    bad, good = db.session.get(OutboxMail, bad.id), db.session.get(OutboxMail, good.id)
    assert good.status is MailStatus.SENT
    assert bad.status is MailStatus.PENDING
    assert "BadHeaderError" in bad.last_error


def test_a_mail_whose_worker_died_is_sent_after_its_lease(queue, smtp):
    mail = queue()
    mail.status = MailStatus.SENDING
    mail.lease_until = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert send_due_mails() == {"sent": 0, "failed": 0}  # still held by the other worker
    mail.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert len(smtp.messages) == 1


def test_retry_now_makes_a_waiting_mail_due(queue, smtp):
    mail = queue()
    mail.next_attempt_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert send_due_mails()["sent"] == 0
    retry_now(mail)
    db.session.commit()
    assert send_due_mails()["sent"] == 1


def test_testing_apps_still_send_for_real(make_app, mail_templates, smtp):
    """Flask-Mail suppresses sending when TESTING is on unless told otherwise; the outbox must
    never mark a mail sent that did not go out."""
    from okconf.mail.services import queue_mail

    queue_mail("cia@example.org", "testmail/email/plain", subject="Hej", name="Cia")
    db.session.commit()
    suppressed = make_app(MAIL_SUPPRESS_SEND=True)
    with suppressed.app_context():
        assert send_due_mails() == {"sent": 1, "failed": 0}
    assert [m["To"] for m in smtp.messages] == ["cia@example.org"]


def test_concurrent_workers_send_each_mail_exactly_once(app, backend, queue, smtp):
    if backend != "postgresql":
        pytest.skip("several workers at once are supported on PostgreSQL (SKIP LOCKED)")
    total = 30
    for n in range(total):
        queue(f"person{n}@example.org", name=f"Person {n}")
    db.session.commit()
    start = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            with app.app_context():
                start.wait()
                while (result := send_due_mails(limit=3, worker=threading.current_thread().name))[
                    "sent"
                ]:
                    results.append((threading.current_thread().name, result))
                db.session.remove()
        except Exception as error:  # reported below, so a thread's failure fails the test
            errors.append(error)

    threads = [threading.Thread(target=worker, name=f"w{i}") for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert sum(r["sent"] for _name, r in results) == total
    # Both did part of the work: SKIP LOCKED lets the second pass the first's locked rows
    # (with a plain SELECT the second worker's claims lose every lease and it sends nothing).
    per_worker = {name: sum(r["sent"] for n, r in results if n == name) for name in ("w0", "w1")}
    assert all(per_worker.values()), per_worker
    recipients = sorted(m["To"] for m in smtp.messages)
    assert recipients == sorted(f"person{n}@example.org" for n in range(total))
    db.session.expire_all()
    mails = db.session.scalars(select(OutboxMail)).all()
    assert {m.status for m in mails} == {MailStatus.SENT}
    assert {m.attempts for m in mails} == {1}


def test_a_worker_that_lost_its_lease_does_not_send(queue, smtp):
    """A batch that outlasts its lease: the mail was claimed again by another worker."""
    from okconf.mail.lease import claim, start_attempt

    mail = queue()
    db.session.commit()
    ids, token = claim(10)
    assert ids == [mail.id]
    expired = db.session.get(OutboxMail, mail.id)
    expired.lease_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    other_ids, other_token = claim(10)  # the other worker's claim
    assert other_ids == [mail.id] and other_token != token
    assert start_attempt(mail.id, token) is None
    assert start_attempt(mail.id, other_token).attempts == 1
    assert send_due_mails() == {"sent": 0, "failed": 0}  # held by the other worker
    assert smtp.messages == []


def test_log_backend_logs_committed_mails_only(app, make_app, caplog):  # app: cleans up
    from okconf.mail.services import queue_mail
    from tests.mail.conftest import add_test_templates

    log_app = make_app(MAIL_BACKEND="log")
    add_test_templates(log_app)
    with log_app.app_context(), caplog.at_level("INFO", logger="okconf.mail"):
        kept = queue_mail("a@example.org", "testmail/email/plain", subject="Hej", name="A").id
        db.session.commit()
        queue_mail("b@example.org", "testmail/email/plain", subject="Hej", name="B")
        db.session.rollback()
        db.session.remove()
    messages = [r.getMessage() for r in caplog.records if r.name == "okconf.mail"]
    assert messages == [
        f"Mail(s) [{kept}] written to the outbox (MAIL_BACKEND=log keeps them there)"
    ]


def test_an_html_template_with_a_missing_include_is_an_error_not_a_text_only_mail(queue):
    from jinja2 import TemplateNotFound

    with pytest.raises(TemplateNotFound):
        queue(template="testmail/email/broken")


def test_a_text_only_template_gives_both_parts_in_the_layout(queue):
    mail = queue(template="testmail/email/plain")
    assert mail.body_text.startswith("okconf\n\nBara text till Anna.\n")
    assert "<p>Bara text till Anna.</p>" in mail.body_html
    assert "<h1>okconf</h1>" in mail.body_html


def test_mails_render_outside_requests_when_features_have_menus(app, queue):
    """Commands and the worker queue mails with no request (and so no user) around."""
    from okconf.accounts.models import Role

    app.extensions["okconf_nav"].append(("main.dashboard", "Menu", (Role.ORGANISER,)))
    app.extensions["okconf_conference_nav"].append(("main.dashboard", "Menu", (Role.READER,)))
    mail = queue(template="testmail/email/plain")
    assert "Bara text till Anna." in mail.body_text


def test_one_worker_with_threads_sends_each_mail_exactly_once(app, backend, queue, smtp):
    """okconf.mail.worker.send_due with several threads: each claims its own batch."""
    from okconf.mail.worker import send_due

    if backend != "postgresql":
        pytest.skip("several sending threads at once are supported on PostgreSQL (SKIP LOCKED)")
    total = 24
    for n in range(total):
        queue(f"thread{n}@example.org", name=f"Person {n}")
    db.session.commit()
    sent = 0
    while (result := send_due(limit=4, worker="test", threads=3))["sent"]:
        sent += result["sent"]
        assert result["failed"] == 0
    assert sent == total
    assert sorted(m["To"] for m in smtp.messages) == sorted(
        f"thread{n}@example.org" for n in range(total)
    )
    db.session.expire_all()
    mails = db.session.scalars(select(OutboxMail)).all()
    assert {(m.status, m.attempts) for m in mails} == {(MailStatus.SENT, 1)}


def test_one_thread_is_the_plain_run(queue, smtp):
    from okconf.mail.worker import send_due

    queue()
    db.session.commit()
    assert send_due(worker="test") == {"sent": 1, "failed": 0}


def test_a_mail_is_due_the_moment_it_is_committed(queue, smtp):
    """A mail's due time comes from the application's clock (microseconds); the worker's "now"
    must never be behind it. SQLite's own clock has milliseconds only, so a worker that claimed
    in the same millisecond as the commit once found nothing due (a flaky CI run)."""
    sent = 0
    for _ in range(40):
        queue()
        db.session.commit()
        sent += send_due_mails()["sent"]
    assert sent == 40
    assert len(smtp.messages) == 40


def test_a_long_swedish_subject_is_folded_as_the_standards_say(queue, smtp):
    """The Subject starts on its own line, in encoded words of at most 75 characters (RFC 2047),
    and reads back as it was written. (A faster writer once put the whole subject, one long
    encoded word, on a line after an empty "Subject:".)"""
    subject_text = "Anmälan bekräftad: Överenskommelsen inom integrationsområdet i Västra Götaland"
    queue(subject=subject_text)
    db.session.commit()
    assert send_due_mails()["sent"] == 1
    raw = smtp.envelopes[0].content.decode("ascii")
    headers = raw.split("\r\n\r\n", 1)[0]
    line = next(line for line in headers.split("\r\n") if line.startswith("Subject:"))
    assert line.startswith("Subject: =?utf-8?"), line
    for word in re.findall(r"=\?[^?]+\?[qQbB]\?[^?]*\?=", headers):
        assert len(word) <= 75, word
    parsed = email.message_from_bytes(smtp.envelopes[0].content, policy=email.policy.default)
    assert parsed["Subject"] == subject_text
