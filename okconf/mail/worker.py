"""The mail worker: claims due mails under a lease, renders and sends them over SMTP.

Several workers (on several machines) may run at once: a claim takes due mails under a lease
on the database's clock, every state change checks the lease token (compare-and-set), and a
mail whose worker died is due again when its lease runs out. A mail is rendered here, at
sending time (deferred mails), and recorded as sent only by the worker that still holds it.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import func, or_, select, update

from okconf.extensions import db
from okconf.mail.batch import rendering_batch
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.rendering import MailObsolete, RenderedMail, render

if TYPE_CHECKING:
    from okconf.mail.smtp import SMTPConnection

log = logging.getLogger("okconf.mail")


def db_now() -> datetime:
    """The database's clock, as an aware UTC datetime.

    Leases are compared by several workers on several machines: they all read the one clock
    of the database, never their own. SQLite is a file on this machine, so its clock is this
    machine's, read here with microseconds: SQLite's own 'now' has milliseconds only, and a
    mail queued (with the application's microseconds) in the same millisecond as the claim
    would not yet be due.
    """
    if db.engine.dialect.name == "postgresql":
        return db.session.scalar(select(func.now())).astimezone(UTC)
    return datetime.now(UTC)


def db_clock(offset: timedelta | None = None):
    """The database's clock (plus `offset`) for a value in a statement.

    PostgreSQL: the SQL expression itself (UTC, as the columns store it), so reading the clock
    costs no round trip of its own. SQLite: read first with db_now() (in-process, no network).
    """
    if db.engine.dialect.name == "postgresql":
        now = func.timezone("UTC", func.now(), type_=sa.DateTime)
        return now + offset if offset is not None else now
    now = db_now()
    return now + offset if offset is not None else now


def _lease_seconds() -> timedelta:
    return timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def claim_due_mails(limit: int, worker: str = "") -> list[int]:
    """Claim up to `limit` due mails for this worker and commit the claim; their ids."""
    return _claim(limit)[0]


def _claim(limit: int) -> tuple[list[int], str]:
    """Claim due mails; (their ids, the lease token this claim holds them by).

    On PostgreSQL `FOR UPDATE SKIP LOCKED` lets several workers claim at once without
    taking the same mail; a claim lasts OUTBOX_LEASE_SECONDS (on the database's clock), after
    which a mail whose worker died is due again and the next claim gets a new token.
    """
    now = db_now()
    due = or_(
        (OutboxMail.status == MailStatus.PENDING) & (OutboxMail.next_attempt_at <= now),
        (OutboxMail.status == MailStatus.SENDING) & (OutboxMail.lease_until < now),
    )
    query = (
        select(OutboxMail.id)
        .where(due)
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    )
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = db.session.scalars(query).all()
    token = secrets.token_hex(16)
    if ids:
        # Due again in the UPDATE: on SQLite (no row locks) a second worker's claim of the same
        # rows then takes nothing, instead of silently taking them over.
        claimed = set(
            db.session.scalars(
                update(OutboxMail)
                .where(OutboxMail.id.in_(ids), due)
                .values(
                    status=MailStatus.SENDING, lease_until=now + _lease_seconds(), lease_token=token
                )
                .returning(OutboxMail.id)
                .execution_options(synchronize_session=False)
            ).all()
        )
        ids = [i for i in ids if i in claimed]
    db.session.commit()
    return ids, token


def _held(mail_id: int, token: str):
    """The condition of every state change a worker makes: it still holds the mail."""
    return (OutboxMail.id == mail_id) & (OutboxMail.lease_token == token)


def _start_attempt(mail_id: int, token: str, went_out: WentOut | None = None) -> OutboxMail | None:
    """Renew this worker's lease on a mail just before sending it, count the attempt and
    commit; the mail (read back by the same UPDATE), or None when the lease was lost.

    A batch on a slow SMTP server can outlast the lease, another worker may then have claimed
    the mail, and compare-and-set on the token makes sure only one of them goes on. The attempt
    is counted in the database before the mail goes out, so a worker that dies mid-send still
    leaves it counted, and no worker overwrites the count with a value it read earlier.

    `went_out`, the batch's previous mail, which the SMTP server has just accepted, is marked
    sent in the same transaction: one commit per mail instead of two. Nothing happens between
    that mail's send and this commit (the next mail is rendered after it), so the mail in
    flight when a worker is killed is still the only one that can go out twice. The mail is
    read by the same UPDATE (RETURNING), as an object outside the session (see `_copy`; a
    renderer reads its columns, never its relationships).
    """
    if went_out is not None:
        _record_sent(went_out, token)
    statements = _statements(db.engine.dialect.name == "postgresql")
    row = db.session.execute(
        statements.start, {"mail_id": mail_id, "token": token, **_lease_values()}
    ).one_or_none()
    db.session.commit()
    if went_out is not None:
        _log_lost_sent(went_out)
    return None if row is None else _copy(row)


@dataclass(frozen=True)
class _Statements:
    """The statements every mail costs (count the attempt; mark sent), built once: building
    them anew for each mail took twice the CPU of sending them (SQLAlchemy's expression
    objects). The same compare-and-set on the lease token, on the database's clock."""

    start: sa.Update
    sent: sa.Update
    sent_with_body: sa.Update


@cache
def _statements(postgresql: bool) -> _Statements:
    table = OutboxMail.__table__
    held = (table.c.id == sa.bindparam("mail_id")) & (table.c.lease_token == sa.bindparam("token"))
    if postgresql:  # the database's clock, in the statement (see db_clock)
        now = func.timezone("UTC", func.now(), type_=sa.DateTime)
        lease_until = now + sa.bindparam("lease", type_=sa.Interval())
    else:  # SQLite: db_now(), passed in
        now = sa.bindparam("now", type_=table.c.sent_at.type)
        lease_until = sa.bindparam("lease_until", type_=table.c.lease_until.type)
    start = (
        table.update()
        .where(held, table.c.status == MailStatus.SENDING)
        .values(lease_until=lease_until, attempts=table.c.attempts + 1)
        .returning(*table.columns)
    )
    sent = (
        table.update()
        .where(held)
        .values(
            status=MailStatus.SENT, sent_at=now, last_error=None, lease_until=None, lease_token=None
        )
    )
    with_body = sent.values(
        body_text=sa.bindparam("body_text"), body_html=sa.bindparam("body_html")
    )
    return _Statements(start, sent, with_body)


def _lease_values() -> dict:
    """The parameters of the new lease's end for _Statements.start."""
    if db.engine.dialect.name == "postgresql":
        return {"lease": _lease_seconds()}
    return {"lease_until": db_now() + _lease_seconds()}


def _copy(row) -> OutboxMail:
    """The mail as the row says, outside the session (transient): the commit that follows the
    read does not expire it, and an object the session already holds is left alone."""
    columns = sa.inspect(OutboxMail).column_attrs
    return OutboxMail(**{attr.key: row._mapping[attr.columns[0]] for attr in columns})


def _change(mail_id: int, token: str, what: str, **values) -> bool:
    """Change a held mail and release it; False (and a log line) when the lease was lost."""
    changed = _release(mail_id, token, **values)
    db.session.commit()
    if not changed:
        _log_lost(mail_id, what)
    return changed


def _release(mail_id: int, token: str, **values) -> bool:
    """Change a held mail and release it, in the current transaction (compare-and-set)."""
    result = db.session.execute(
        update(OutboxMail)
        .where(_held(mail_id, token))
        .values(lease_until=None, lease_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _log_lost(mail_id: int, what: str) -> None:
    log.warning(
        "Mail %s: this worker's lease had passed to another worker; not marked %s here",
        mail_id,
        what,
    )


@dataclass
class WentOut:
    """A mail the SMTP server accepted, to be marked sent with the next database change."""

    mail_id: int
    rendered: RenderedMail
    deferred: bool
    recorded: bool | None = None  # True: marked sent; False: the lease had passed on


def _record_sent(went_out: WentOut, token: str) -> None:
    """Mark a mail that went out as sent, in the current transaction (committed by the
    caller before anything else is sent)."""
    statements = _statements(db.engine.dialect.name == "postgresql")
    values = {"mail_id": went_out.mail_id, "token": token}
    if db.engine.dialect.name != "postgresql":
        values["now"] = db_now()
    if went_out.deferred:  # keep what was sent, for the admins' outbox page
        rendered = went_out.rendered
        values.update(body_text=rendered.body_text, body_html=rendered.body_html)
        result = db.session.execute(statements.sent_with_body, values)
    else:
        result = db.session.execute(statements.sent, values)
    went_out.recorded = result.rowcount == 1


def _log_lost_sent(went_out: WentOut) -> None:
    if went_out.recorded is False:
        _log_lost(went_out.mail_id, "sent")


def _mark_sent(went_out: WentOut, token: str) -> bool:
    """Mark the batch's last mail that went out as sent, on its own."""
    _record_sent(went_out, token)
    db.session.commit()
    _log_lost_sent(went_out)
    return bool(went_out.recorded)


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
    ids, token = _claim(limit)
    result = {"sent": 0, "failed": 0}
    if not ids:
        return result
    connection = SMTPConnection()
    try:
        with rendering_batch():
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
                    _mark_sent(went_out, token)
                    went_out = None
                for waiting_id in ids[index:]:
                    if _fail(waiting_id, token, _unreachable(error), count_attempt=True):
                        result["failed"] += 1
                break
        outcome, went_out = _send_one(connection, mail_id, token, went_out)
        if outcome:
            result[outcome] += 1
    if went_out is not None:
        _mark_sent(went_out, token)


def _send_one(
    connection: SMTPConnection, mail_id: int, token: str, went_out: WentOut | None
) -> tuple[str | None, WentOut | None]:
    """Render and send one held mail, first marking `went_out` (the previous one) sent; the
    outcome ("sent", "failed" (recorded as such), or None: the lease was lost, or the mail
    dropped) and this mail if it went out (to be marked sent with the next change)."""
    outgoing = _start_attempt(mail_id, token, went_out)
    if outgoing is None:
        log.info("Mail %s was taken over by another worker; not sent here", mail_id)
        return None, None
    try:
        rendered = render(outgoing)
    except MailObsolete as reason:
        db.session.rollback()
        log.info("Mail %s dropped: %s", mail_id, reason)
        _change(mail_id, token, "dropped", status=MailStatus.DROPPED, last_error=str(reason))
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
    attempts = db.session.scalar(select(OutboxMail.attempts).where(_held(mail_id, token)))
    if attempts is None:
        db.session.rollback()
        log.warning("Mail %s: lease lost before its failure could be recorded: %s", mail_id, error)
        return False
    increment = 1 if count_attempt else 0
    attempts += increment
    failed = final or (permanent and attempts >= current_app.config["OUTBOX_MAX_REFUSALS"])
    changed = _change(
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
