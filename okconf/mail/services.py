"""Writing mails to the outbox, and sending what is due."""

from __future__ import annotations

import logging
import smtplib
from contextlib import nullcontext
from datetime import datetime, timedelta

from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_mail import Connection, Message
from jinja2 import TemplateNotFound
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from okconf.db import utcnow
from okconf.extensions import db
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
            html_template = current_app.jinja_env.get_template(f"{template}.html")
        except TemplateNotFound as error:
            if error.name != f"{template}.html":  # the HTML exists but includes a missing file
                raise
        else:
            html = render_template(html_template, **context)
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
    """Claim up to `limit` due mails for this worker and commit the claim; their ids."""
    return _claim(limit)[0]


def _claim(limit: int) -> tuple[list[int], datetime]:
    """Claim due mails; (their ids, the lease they are held until).

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
    return ids, lease


def _renew_lease(mail_id: int, lease: datetime) -> datetime | None:
    """Extend this worker's hold on a mail just before sending it; None if it was lost.

    A batch on a slow SMTP server can outlast the lease, and another worker may then have
    claimed the mail: compare-and-set on the lease makes sure only one of them sends it.
    """
    renewed = utcnow() + timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    result = db.session.execute(
        update(OutboxMail)
        .where(
            OutboxMail.id == mail_id,
            OutboxMail.status == MailStatus.SENDING,
            OutboxMail.lease_until == lease,
        )
        .values(lease_until=renewed)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return renewed if result.rowcount == 1 else None


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


class SMTPConnection(Connection):
    """Flask-Mail's SMTP connection, with three fixes for a worker that must not hang or lose mail.

    - It always connects: Flask-Mail's `MAIL_SUPPRESS_SEND` (on whenever TESTING is) would make
      `send()` a silent no-op, and the outbox would then mark undelivered mails as sent.
      Whether mail leaves is decided by MAIL_BACKEND, before a worker runs.
    - It connects with MAIL_TIMEOUT_SECONDS, so a server that accepts and then stalls cannot
      hold a worker forever (Flask-Mail passes no timeout to smtplib).
    - A connection whose STARTTLS or login fails is closed instead of leaked.
    """

    def open(self) -> SMTPConnection:
        """Connect (and log in) to the SMTP server."""
        self.host = self.configure_host()
        self.num_emails = 0
        return self

    def configure_host(self) -> smtplib.SMTP:
        """An SMTP (or SMTP over SSL) connection with the configured timeout."""
        timeout = current_app.config["MAIL_TIMEOUT_SECONDS"]
        smtp_class = smtplib.SMTP_SSL if self.mail.use_ssl else smtplib.SMTP
        host = smtp_class(self.mail.server, self.mail.port, timeout=timeout)
        try:
            if self.mail.use_tls:
                host.starttls()
            if self.mail.username and self.mail.password:
                host.login(self.mail.username, self.mail.password)
        except BaseException:
            host.close()
            raise
        return host

    def close(self) -> None:
        """Say QUIT when the server still listens; close the socket in any case."""
        if self.host is None:
            return
        try:
            self.host.quit()
        except (OSError, smtplib.SMTPException):
            self.host.close()
        self.host = None


def send_due_mails(limit: int | None = None, worker: str = "") -> dict[str, int]:
    """Send the due mails over SMTP; failures are recorded and retried later, never dropped.

    One connection serves the batch. When a mail fails the connection is closed and the next
    mail opens a new one, so one broken connection does not fail the rest of the batch; when
    the server cannot be reached at all, every remaining mail of the batch waits for the next
    attempt. Anything that goes wrong with one mail (a refused recipient, a header Flask-Mail
    rejects) is recorded on that mail, and the others are still sent.
    """
    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    ids, lease = _claim(limit)
    result = {"sent": 0, "failed": 0}
    connection = SMTPConnection(current_app.extensions["mail"])
    try:
        for index, mail_id in enumerate(ids):
            if connection.host is None:
                try:
                    connection.open()
                except Exception as error:
                    for waiting_id in ids[index:]:
                        _fail(db.session.get(OutboxMail, waiting_id), _unreachable(error))
                    db.session.commit()
                    result["failed"] += len(ids) - index
                    break
            if _renew_lease(mail_id, lease) is None:
                log.info("Mail %s was taken over by another worker; not sent here", mail_id)
                continue
            outgoing = db.session.get(OutboxMail, mail_id)
            try:
                connection.send(_message(outgoing))
            except Exception as error:
                connection.close()
                _fail(outgoing, f"{type(error).__name__}: {error}")
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
        connection.close()
    if result["sent"] or result["failed"]:
        log.info(
            "%s: sent %s, failed %s", worker or "send_due_mails", result["sent"], result["failed"]
        )
    return result


def _unreachable(error: Exception) -> str:
    return f"SMTP server unreachable: {type(error).__name__}: {error}"


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


def retry_now(outgoing: OutboxMail) -> None:
    """Make a waiting mail due at once (an admin's button)."""
    if outgoing.status is MailStatus.PENDING:
        outgoing.next_attempt_at = utcnow()
