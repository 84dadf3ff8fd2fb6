"""Writing mails to the outbox, and sending what is due."""

from __future__ import annotations

import contextlib
import logging
import smtplib
from contextlib import nullcontext
from datetime import timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_mail import Message
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from okconf.db import utcnow
from okconf.extensions import db, mail
from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail

log = logging.getLogger("okconf.mail")


def queue_mail(
    recipient: str,
    template: str,
    *,
    subject: str | None = None,
    locale: str | None = None,
    kind: str = "",
    conference_id: int | None = None,
    attachments: list[tuple[str, str, bytes]] = (),
    **context,
) -> OutboxMail:
    """Render `templates/<template>.txt` (and `.html` if present) into an outbox mail.

    The mail is added to the current transaction: it exists if and only if the change that
    caused it is committed. `subject` may be given, or taken from a `{% block subject %}`-less
    template variable `subject` set in the context. Attachments are (filename, type, bytes).
    """
    locale = locale or current_app.config["BABEL_DEFAULT_LOCALE"]
    # Commands and workers have no request: render as if visiting BASE_URL, so that links
    # built with url_for(_external=True) point at the public address.
    request_ctx = (
        nullcontext()
        if has_request_context()
        else current_app.test_request_context(base_url=current_app.config["BASE_URL"])
    )
    with request_ctx, force_locale(locale):
        text = render_template(f"{template}.txt", **context)
        html = None
        try:
            html = render_template(f"{template}.html", **context)
        except Exception as error:
            if type(error).__name__ != "TemplateNotFound":
                raise
        if subject is None:
            subject = context.get("subject", "")
    outgoing = OutboxMail(
        recipient=recipient,
        subject=str(subject)[:300],
        body_text=text,
        body_html=html,
        kind=kind,
        conference_id=conference_id,
    )
    for filename, content_type, data in attachments:
        outgoing.attachments.append(
            OutboxAttachment(filename=filename, content_type=content_type, data=data)
        )
    db.session.add(outgoing)
    db.session.flush()
    db.session.info.setdefault("okconf_queued_mails", []).append(outgoing.id)
    return outgoing


@event.listens_for(Session, "after_commit")
def _log_committed_mails(session):
    """In the log backend, say which mails were committed to the outbox."""
    ids = session.info.pop("okconf_queued_mails", None)
    if ids:
        try:
            if current_app.config.get("MAIL_BACKEND") == "log":
                log.info(
                    "Mail(s) %s written to the outbox (MAIL_BACKEND=log keeps them there)", ids
                )
        except RuntimeError:
            pass


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_mails(session):
    session.info.pop("okconf_queued_mails", None)


def claim_due_mails(limit: int, worker: str = "") -> list[int]:
    """Claim up to `limit` due mails for this worker and commit the claim.

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several workers claim at once without
    taking the same mail; a claim lasts OUTBOX_LEASE_SECONDS, after which a mail whose
    worker died is due again.
    """
    now = utcnow()
    query = (
        select(OutboxMail)
        .where(
            or_(
                (OutboxMail.status == MailStatus.PENDING) & (OutboxMail.next_attempt_at <= now),
                (OutboxMail.status == MailStatus.SENDING) & (OutboxMail.lease_until < now),
            )
        )
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    mails = db.session.scalars(query).all()
    lease = now + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    for outgoing in mails:
        outgoing.status = MailStatus.SENDING
        outgoing.lease_until = lease
    ids = [m.id for m in mails]
    db.session.commit()
    return ids


def _message(outgoing: OutboxMail) -> Message:
    msg = Message(
        subject=outgoing.subject,
        recipients=[outgoing.recipient],
        body=outgoing.body_text,
        html=outgoing.body_html,
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    for attachment in outgoing.attachments:
        msg.attach(attachment.filename, attachment.content_type, attachment.data)
    return msg


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 … minutes between attempts, up to OUTBOX_MAX_BACKOFF_SECONDS."""
    seconds = min(60 * 2 ** max(attempts - 1, 0), current_app.config["OUTBOX_MAX_BACKOFF_SECONDS"])
    return timedelta(seconds=seconds)


def send_due_mails(limit: int | None = None, worker: str = "") -> dict[str, int]:
    """Send the due mails over SMTP; failures are recorded and retried later, never dropped."""
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    ids = claim_due_mails(limit, worker)
    result = {"sent": 0, "failed": 0}
    if not ids:
        return result
    try:
        connection = mail.connect()
        connection.__enter__()
    except (OSError, smtplib.SMTPException) as error:
        _record_failures(ids, f"SMTP server unreachable: {error}")
        result["failed"] = len(ids)
        return result
    try:
        for mail_id in ids:
            outgoing = db.session.get(OutboxMail, mail_id)
            try:
                connection.send(_message(outgoing))
            except (TimeoutError, OSError, smtplib.SMTPException) as error:
                _fail(outgoing, str(error))
                result["failed"] += 1
            else:
                outgoing.status = MailStatus.SENT
                outgoing.sent_at = utcnow()
                outgoing.attempts += 1
                outgoing.lease_until = None
                outgoing.last_error = None
                result["sent"] += 1
            db.session.commit()
    finally:
        with contextlib.suppress(OSError, smtplib.SMTPException):
            connection.__exit__(None, None, None)
    return result


def _fail(outgoing: OutboxMail, error: str) -> None:
    outgoing.attempts += 1
    outgoing.status = MailStatus.PENDING
    outgoing.lease_until = None
    outgoing.last_error = error[:2000]
    outgoing.next_attempt_at = utcnow() + backoff(outgoing.attempts)
    log.warning(
        "Mail %s to %s not sent (attempt %s): %s",
        outgoing.id,
        outgoing.recipient,
        outgoing.attempts,
        error,
    )


def _record_failures(ids: list[int], error: str) -> None:
    for mail_id in ids:
        _fail(db.session.get(OutboxMail, mail_id), error)
    db.session.commit()


def retry_now(outgoing: OutboxMail) -> None:
    """Make a waiting mail due at once (an admin's button)."""
    if outgoing.status is MailStatus.PENDING:
        outgoing.next_attempt_at = utcnow()
