"""The lease by which a mail worker holds the mails it claimed, and every change it makes to them.

A claim takes due mails under a lease on the database's clock and a token of its own; every
later change (count an attempt, mark sent, put back to wait, drop) is a compare-and-set on that
token, so a worker whose lease ran out and passed to another changes nothing. The worker's loop
is `okconf.mail.worker`.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import func, or_, select, update

from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.rendering import RenderedMail

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


def lease_seconds() -> timedelta:
    return timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])


def claim(limit: int) -> tuple[list[int], str]:
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
                    status=MailStatus.SENDING, lease_until=now + lease_seconds(), lease_token=token
                )
                .returning(OutboxMail.id)
                .execution_options(synchronize_session=False)
            ).all()
        )
        ids = [i for i in ids if i in claimed]
    db.session.commit()
    return ids, token


def held(mail_id: int, token: str):
    """The condition of every state change a worker makes: it still holds the mail."""
    return (OutboxMail.id == mail_id) & (OutboxMail.lease_token == token)


def start_attempt(mail_id: int, token: str, went_out: WentOut | None = None) -> OutboxMail | None:
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
        record_sent(went_out, token)
    statements = _statements(db.engine.dialect.name == "postgresql")
    row = db.session.execute(
        statements.start, {"mail_id": mail_id, "token": token, **_lease_values()}
    ).one_or_none()
    db.session.commit()
    if went_out is not None:
        log_lost_sent(went_out)
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
        return {"lease": lease_seconds()}
    return {"lease_until": db_now() + lease_seconds()}


def _copy(row) -> OutboxMail:
    """The mail as the row says, outside the session (transient): the commit that follows the
    read does not expire it, and an object the session already holds is left alone."""
    columns = sa.inspect(OutboxMail).column_attrs
    return OutboxMail(**{attr.key: row._mapping[attr.columns[0]] for attr in columns})


def change(mail_id: int, token: str, what: str, **values) -> bool:
    """Change a held mail and release it; False (and a log line) when the lease was lost."""
    changed = release(mail_id, token, **values)
    db.session.commit()
    if not changed:
        log_lost(mail_id, what)
    return changed


def release(mail_id: int, token: str, **values) -> bool:
    """Change a held mail and release it, in the current transaction (compare-and-set)."""
    result = db.session.execute(
        update(OutboxMail)
        .where(held(mail_id, token))
        .values(lease_until=None, lease_token=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def log_lost(mail_id: int, what: str) -> None:
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


def record_sent(went_out: WentOut, token: str) -> None:
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


def log_lost_sent(went_out: WentOut) -> None:
    if went_out.recorded is False:
        log_lost(went_out.mail_id, "sent")


def mark_sent(went_out: WentOut, token: str) -> bool:
    """Mark the batch's last mail that went out as sent, on its own."""
    record_sent(went_out, token)
    db.session.commit()
    log_lost_sent(went_out)
    return bool(went_out.recorded)
