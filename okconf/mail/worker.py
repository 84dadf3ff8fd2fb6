"""The mail worker: claims due mails under a lease, renders and sends them over SMTP.

Several workers (on several machines) may run at once: a claim takes due mails under a lease
on the database's clock, every state change checks the lease token (compare-and-set), and a
mail whose worker died is due again when its lease runs out. A mail is rendered here, at
sending time (deferred mails), and recorded as sent only by the worker that still holds it.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta
from functools import cache
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import select

from okconf.extensions import db
from okconf.mail.batch import rendering_batch
from okconf.mail.lease import (
    WentOut,
    change,
    claim,
    db_clock,
    db_now,
    held,
    mark_sent,
    start_attempt,
)
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.rendering import MailObsolete, mail_request_context, render

if TYPE_CHECKING:
    from okconf.mail.smtp import SMTPConnection

log = logging.getLogger("okconf.mail")


def claim_due_mails(limit: int, worker: str = "") -> list[int]:
    """Claim up to `limit` due mails for this worker and commit the claim; their ids."""
    return claim(limit)[0]


def backoff(attempts: int) -> timedelta:
    """Wait 1, 2, 4 … minutes between attempts, up to OUTBOX_MAX_BACKOFF_SECONDS."""
    seconds = min(60 * 2 ** max(attempts - 1, 0), current_app.config["OUTBOX_MAX_BACKOFF_SECONDS"])
    return timedelta(seconds=seconds)


class NoSMTPUTF8(smtplib.SMTPNotSupportedError):
    """The recipient's address needs SMTPUTF8, which okconf does not send: no retry helps."""


def send_due_mails(limit: int | None = None, worker: str = "") -> dict[str, int]:
    """Send the due mails over SMTP; failures are recorded and retried later, never dropped.

    One connection serves the batch. When a mail fails the connection is closed and the next
    mail opens a new one, so one broken connection does not fail the rest of the batch; when
    the server cannot be reached at all, every remaining mail of the batch that this worker
    still holds waits for the next attempt. Anything that goes wrong with one mail (rendering,
    a refused recipient, a header Flask-Mail rejects) is recorded on that mail, and the others
    are still sent. Every change to a mail checks the lease this run holds it by.
    """
    from okconf.mail.smtp import SMTPConnection

    limit = limit or current_app.config["OUTBOX_BATCH_SIZE"]
    ids, token = claim(limit)
    result = {"sent": 0, "failed": 0}
    if not ids:
        return result
    connection = SMTPConnection()
    try:
        # One request context (for links under BASE_URL) serves the batch's mails, each
        # rendered in its own language (force_locale), instead of one made for each mail.
        with rendering_batch(), mail_request_context():
            _send_batch(connection, ids, token, result)
    finally:
        connection.close()
    if result["sent"] or result["failed"]:
        log.info(
            "%s: sent %s, failed %s", worker or "send_due_mails", result["sent"], result["failed"]
        )
    return result


def _send_batch(connection: SMTPConnection, ids: list[int], token: str, result: dict) -> None:
    """Send the claimed mails one after the other on `connection`, counting into `result`."""
    went_out: WentOut | None = None  # the last mail sent, until it is marked so
    for index, mail_id in enumerate(ids):
        if connection.host is None:
            try:
                connection.open()
            except Exception as error:
                if went_out is not None:
                    mark_sent(went_out, token)
                    went_out = None
                for waiting_id in ids[index:]:
                    if _fail(waiting_id, token, _unreachable(error), count_attempt=True):
                        result["failed"] += 1
                break
        outcome, went_out = _send_one(connection, mail_id, token, went_out)
        if outcome:
            result[outcome] += 1
    if went_out is not None:
        mark_sent(went_out, token)


def _send_one(
    connection: SMTPConnection, mail_id: int, token: str, went_out: WentOut | None
) -> tuple[str | None, WentOut | None]:
    """Render and send one held mail, first marking `went_out` (the previous one) sent; the
    outcome ("sent", "failed" (recorded as such), or None: the lease was lost, or the mail
    dropped) and this mail if it went out (to be marked sent with the next change)."""
    outgoing = start_attempt(mail_id, token, went_out)
    if outgoing is None:
        log.info("Mail %s was taken over by another worker; not sent here", mail_id)
        return None, None
    try:
        rendered = render(outgoing)
    except MailObsolete as reason:
        db.session.rollback()
        log.info("Mail %s dropped: %s", mail_id, reason)
        change(mail_id, token, "dropped", status=MailStatus.DROPPED, last_error=str(reason))
        return None, None
    except Exception as error:
        db.session.rollback()
        log.exception("Mail %s could not be rendered", mail_id)
        error = f"Rendering failed: {type(error).__name__}: {error}"
        return ("failed" if _fail(mail_id, token, error) else None), None
    from okconf.mail.smtp import build_message

    try:
        connection.send(build_message(rendered))
    except Exception as error:
        connection.close()
        permanent = _permanent(error)
        recorded = _fail(
            mail_id,
            token,
            f"{type(error).__name__}: {error}",
            permanent=permanent,
            final=isinstance(error, NoSMTPUTF8),
        )
        return ("failed" if recorded else None), None
    # It went out: "sent" even when a stale lease keeps the record from saying so.
    return "sent", WentOut(mail_id, rendered, deferred=outgoing.renderer is not None)


def _permanent(error: Exception) -> bool:
    """A refusal the SMTP server says will not change on retry (a 5xx reply)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _unreachable(error: Exception) -> str:
    return f"SMTP server unreachable: {type(error).__name__}: {error}"


def _fail(
    mail_id: int,
    token: str,
    error: str,
    *,
    count_attempt: bool = False,
    permanent: bool = False,
    final: bool = False,
) -> bool:
    """Put a held mail back to wait (or, refused permanently often enough or `final`, to
    failed)."""
    attempts = db.session.scalar(select(OutboxMail.attempts).where(held(mail_id, token)))
    if attempts is None:
        db.session.rollback()
        log.warning("Mail %s: lease lost before its failure could be recorded: %s", mail_id, error)
        return False
    increment = 1 if count_attempt else 0
    attempts += increment
    failed = final or (permanent and attempts >= current_app.config["OUTBOX_MAX_REFUSALS"])
    changed = change(
        mail_id,
        token,
        "failed" if failed else "waiting",
        status=MailStatus.FAILED if failed else MailStatus.PENDING,
        attempts=OutboxMail.attempts + increment,
        last_error=error[:2000],
        next_attempt_at=db_clock(backoff(attempts)),
    )
    if changed:
        log.warning(
            "Mail %s not sent (attempt %s%s): %s",
            mail_id,
            attempts,
            ", refused permanently: given up" if failed else "",
            error,
        )
    return changed


def retry_now(outgoing: OutboxMail) -> None:
    """Make a waiting or failed mail due at once (an admin's button)."""
    if outgoing.status in (MailStatus.PENDING, MailStatus.FAILED):
        outgoing.status = MailStatus.PENDING
        outgoing.next_attempt_at = db_now()


@cache
def settle_heap() -> None:
    """Once per worker process (send-mail calls it at start, send_due before its first run):
    what is alive before the first send (the app, its templates,
    SQLAlchemy's mappers, Babel's data) is moved out of the garbage collector's way.

    The worker allocates a lot for each mail, so CPython's full collections ran every few
    hundred mails and each walked the whole app again (about 70 ms, 0.25-0.3 ms a mail in
    bench_outbox). `gc.freeze()` after a collection leaves those long-lived objects out of
    later collections; the garbage of each mail is still collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()


def send_due(limit: int | None = None, worker: str = "", threads: int = 1) -> dict[str, int]:
    """Send what is due with `threads` threads in this process, each claiming up to `limit`
    mails (default OUTBOX_BATCH_SIZE); the summed {"sent", "failed"}.

    Sending a mail is mostly waiting (for the database's round trips and the SMTP server), so
    threads keep one worker process from being capped by it: each has its own app context,
    database session and SMTP connection and claims its own batch, exactly as separate workers
    would (PostgreSQL's SKIP LOCKED, a lease token checked by every change). On SQLite, which
    has one writer at a time, one thread is the sensible choice. The first error of a thread is
    raised after all have finished (what it held comes back when its lease runs out).
    """
    import threading

    from flask import current_app

    settle_heap()
    if threads <= 1:
        return send_due_mails(limit, worker)
    app = current_app._get_current_object()
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(number: int) -> None:
        with app.app_context():
            try:
                result = send_due_mails(limit, f"{worker}/{number}")
            except BaseException as error:  # re-raised in the calling thread
                with lock:
                    errors.append(error)
                return
            finally:
                db.session.remove()
            with lock:
                results.append(result)

    workers = [threading.Thread(target=run, args=(n,), daemon=True) for n in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    if errors:
        raise errors[0]
    return {
        "sent": sum(r["sent"] for r in results),
        "failed": sum(r["failed"] for r in results),
    }
