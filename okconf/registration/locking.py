"""Serialising changes to a conference's places, as pretix does.

PostgreSQL: inside the transaction, `SET LOCAL lock_timeout`, then `SELECT ... FOR UPDATE` on
the conference row, under READ COMMITTED, so that the count that follows sees every place
committed before the lock was granted. SQLite: `BEGIN IMMEDIATE` takes the database's write
lock up front, so no other writer can commit between our count and our insert.

The lock can be switched off (config REGISTRATION_CAPACITY_LOCK=False) only so that a test can
show the race it prevents.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import exc, text

from okconf.errors import Conflict
from okconf.extensions import db

# Called between the live count and the insert (tests widen the race window with it).
after_count_hook = None


class Busy(Conflict):
    """The conference's places are locked by other registrations for longer than we wait."""


def busy_error() -> Busy:
    """The message people see when the lock could not be had in time."""
    return Busy(
        _(
            "Many people are registering right now, so we could not save your registration. "
            "Wait a moment and send the form again."
        )
    )


def lock_enabled() -> bool:
    """Whether capacity changes take the lock (always, outside the control test)."""
    return bool(current_app.config.get("REGISTRATION_CAPACITY_LOCK", True))


def _timeout_ms() -> int:
    return int(current_app.config.get("REGISTRATION_LOCK_TIMEOUT_MS", 5000))


def lock_conference(conference_id: int) -> int | None:
    """Lock the conference's places for this transaction; return its capacity, read fresh.

    Raises Busy when the lock is not granted within REGISTRATION_LOCK_TIMEOUT_MS; the caller's
    transaction must then be rolled back.
    """
    session = db.session
    if not lock_enabled():
        return session.execute(
            text("SELECT capacity FROM conferences WHERE id = :id"), {"id": conference_id}
        ).scalar_one()
    dialect = db.engine.dialect.name
    try:
        if dialect == "postgresql":
            return _lock_postgresql(session, conference_id)
        if dialect == "sqlite":
            return _lock_sqlite(session, conference_id)
    except exc.OperationalError as error:
        if _is_lock_failure(error):
            raise busy_error() from error
        raise
    raise RuntimeError(f"no capacity lock for the {dialect} backend")


def _lock_postgresql(session, conference_id: int) -> int | None:
    session.execute(text(f"SET LOCAL lock_timeout = '{_timeout_ms():d}ms'"))
    row = session.execute(
        text(
            "SELECT capacity, current_setting('transaction_isolation') AS isolation "
            "FROM conferences WHERE id = :id FOR UPDATE"
        ),
        {"id": conference_id},
    ).one()
    if row.isolation != "read committed":
        # A snapshot older than the lock would count stale places and oversell.
        raise RuntimeError(f"capacity lock needs READ COMMITTED, not {row.isolation}")
    return row.capacity


def _lock_sqlite(session, conference_id: int) -> int | None:
    connection = session.connection()
    driver = connection.connection.driver_connection
    if not driver.in_transaction:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {_timeout_ms():d}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    # Otherwise this transaction has written already and so holds SQLite's write lock.
    return session.execute(
        text("SELECT capacity FROM conferences WHERE id = :id"), {"id": conference_id}
    ).scalar_one()


def _is_lock_failure(error: exc.OperationalError) -> bool:
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    return "database is locked" in str(orig)
