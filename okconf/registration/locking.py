"""Serialising changes to a conference's places, as pretix does.

PostgreSQL: inside the transaction, `SET LOCAL lock_timeout`, then `SELECT ... FOR NO KEY
UPDATE` on the conference's conference_places row (its capacity and confirmed count, kept by
triggers, see places.py), under READ COMMITTED, so the count read is the one every earlier
place committed. The lock is on that row, not on the conference: organisers editing the
conference during a burst of registrations do not wait behind it (only a change of capacity,
which is a change of places, does). A new registration on PostgreSQL takes the same lock
inside take_place() (places.TAKE_PLACE), which also decides its status, sent with the COMMIT
in one round trip (take_place_and_commit; see services._register_ahead). SQLite: `BEGIN
IMMEDIATE` takes the database's write lock up front, so no other writer can commit between
our read and our insert.

The lock can be switched off (config REGISTRATION_CAPACITY_LOCK=False) only so that a test can
show the race it prevents. `lock_held` (when set, by the benchmark) is told how long each
transaction held the lock.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import NamedTuple

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event, exc, text
from sqlalchemy.orm import Session

from okconf import clock, signals
from okconf.errors import Conflict
from okconf.extensions import db

# Called between the count and the insert (tests widen the race window with it).
after_count_hook = None


class Places(NamedTuple):
    """A conference's capacity (None: no limit) and confirmed places, read under the lock.

    `full` and `free` are the venue's; `pool(attendance)` is one pool's, on site or online
    (online_capacity None: not offered, so no room online).
    """

    capacity: int | None
    confirmed: int
    online_capacity: int | None = None
    online_confirmed: int = 0

    def pool(self, attendance) -> Places:
        """The places of one pool ('on_site' or 'online'), as a Places of its own."""
        if str(attendance) != "online":
            return Places(self.capacity, self.confirmed)
        return Places(self.online_capacity or 0, self.online_confirmed)

    @property
    def full(self) -> bool:
        """No free place left."""
        return self.capacity is not None and self.confirmed >= self.capacity

    def has_room(self, places: int = 1) -> bool:
        """Room for this many places (a participant with a companion who takes one: 2)."""
        return self.capacity is None or self.confirmed + places <= self.capacity

    @property
    def free(self) -> int | None:
        """How many places are free (None: no limit)."""
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)


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


_READ = (
    "SELECT capacity, confirmed, online_capacity, online_confirmed "
    "FROM conference_places WHERE conference_id = :id"
)


def _places(row) -> Places:
    return Places(row.capacity, row.confirmed, row.online_capacity, row.online_confirmed)


class Ahead(NamedTuple):
    """What a new registration learns before it takes the lock (PostgreSQL)."""

    places: Places  # as last committed: a guess, read again under the lock
    next_id: int  # the new registration's id, taken from its sequence
    # The registry's organisation of exactly the name given (any case), if just one
    # (rules.match_organisation's answer, read in the same round trip).
    organisation_id: int | None = None


# One statement, built once. The organisation's match is a join with a one-row derived table,
# so that the places stay the statement's first table (tests/registration/test_statements.py
# reads each statement's first FROM).
_LOOK_AHEAD = text(
    "SELECT capacity, confirmed, online_capacity, online_confirmed, "
    "nextval(pg_get_serial_sequence('registrations', 'id')) AS next_id, "
    "set_config('lock_timeout', :timeout, true) AS lock_timeout, "
    "matched.organisation_id "
    "FROM conference_places, "
    "(SELECT CASE WHEN min(found.id) = max(found.id) THEN min(found.id) END "
    "AS organisation_id "
    "FROM (SELECT id FROM organisations WHERE lower(name) = :organisation LIMIT 2) AS found"
    ") AS matched "
    "WHERE conference_id = :id"
)


def look_ahead(conference_id: int, organisation_name: str = "") -> Ahead | None:
    """PostgreSQL: in one round trip and without a lock, the conference's places as last
    committed, a new registration id from the sequence, this transaction's lock_timeout
    (which take_place's lock then waits for at most), and the registry's
    organisation of that name (as rules.match_organisation finds it; it was a round trip and
    an ORM query of its own).

    With the id known, everything that refers to the new registration but does not depend on
    the places can be written before the lock. None on SQLite, where every write takes the
    database's write lock anyway. On both, `signals.registration_creating` is sent first, so
    that its receivers (the webhooks' lookup) read what they need before the lock, not under it.
    """
    signals.registration_creating.send(conference_id)
    if db.engine.dialect.name != "postgresql" or not lock_enabled():
        return None  # (without the lock, the control test's race runs the path it shows)
    row = db.session.execute(
        _LOOK_AHEAD,
        {
            "id": conference_id,
            "timeout": f"{_timeout_ms():d}ms",
            "organisation": (organisation_name or "").strip().lower(),
        },
    ).one()
    return Ahead(_places(row), row.next_id, row.organisation_id)


class Guess(NamedTuple):
    """What was written before the lock for the status the places last committed suggest,
    for take_place() to put right when the guess was wrong."""

    status: str  # 'confirmed' or 'waiting'
    mail_id: int  # the confirmation written for it
    other_subject: str  # that confirmation's subject and params for the other status
    other_params: dict
    entry_id: int  # the audit entry, and whether it said over capacity
    over_capacity: bool


class Taken(NamedTuple):
    """What take_place() decided for a new registration under the lock."""

    status: str  # 'confirmed' or 'waiting'
    waiting_since: datetime | None  # (aware) for a queue place
    # (the queue position and over_capacity take_place writes into the mail and the entry)


# One message, the commit included: the server runs the COMMIT as soon as take_place() has
# answered, without waiting for the app to read the answer and send it. (A simple query: the
# values are written in as literals, quoted by psycopg, since the extended protocol takes one
# statement at a time.)
_TAKE_PLACE = (
    "SELECT decided, queued_at, locked_at "
    "FROM take_place({}, {}, {}, {}, {}, {}::json, {}, {}, {}::timestamp); COMMIT"
)
# The benchmark's third statement: the time just after the commit released the lock.
_RELEASED = "; SELECT clock_timestamp()"


def take_place_and_commit(registration_id: int, guess: Guess, *, override: bool = False) -> Taken:
    """PostgreSQL, after look_ahead() and everything written for `guess`: in one round trip,
    take_place() (places.TAKE_PLACE) locks the conference's places row, decides the status by
    services._over's rule (confirmed regardless when `override`), sets a queue place's
    position in the queue and puts right what was written for a wrong guess; then the COMMIT,
    which releases the lock. The lock is held for the function and the commit's flush, and
    never waits for this process to get a core back.

    This commits the session's transaction (the one exception to "the view commits": see
    services.register). Raises Busy as lock_conference does; the transaction is then rolled
    back by the caller, as after any error."""
    from psycopg import sql as pgsql  # the PostgreSQL driver, loaded where it is used

    session = db.session
    session.flush()
    connection = session.connection()
    frozen = clock.frozen()
    values = (
        registration_id,
        override,
        guess.status,
        guess.mail_id,
        guess.other_subject,
        json.dumps(guess.other_params, ensure_ascii=False),
        guess.entry_id,
        guess.over_capacity,
        frozen and frozen.replace(tzinfo=None),
    )
    timed = lock_held is not None
    query = (
        pgsql.SQL(_TAKE_PLACE + (_RELEASED if timed else ""))
        .format(*(pgsql.Literal(value) for value in values))
        .as_string(connection.connection.driver_connection)
    )
    cpu = time.thread_time()
    try:
        result = connection.exec_driver_sql(query, execution_options={"no_parameters": True})
    except exc.OperationalError as error:
        if is_lock_failure(error):
            raise busy_error() from error
        raise
    except exc.ProgrammingError as error:
        if getattr(error.orig, "sqlstate", None) == "P0001":  # take_place's own refusal
            raise RuntimeError(str(error.orig).splitlines()[0]) from error
        raise
    row = result.fetchone()
    if timed:
        # on the database's clock, from the grant to the commit's end (the lock's release);
        # and on this machine's (the benchmark runs the database here), to the answer read
        seen = max(time.time() - row.locked_at.timestamp(), 0.0)
        cursor = result.context.cursor
        cursor.nextset()  # the COMMIT
        cursor.nextset()
        released = cursor.fetchone()[0]
        lock_held((released - row.locked_at).total_seconds(), time.thread_time() - cpu, seen=seen)
    result.close()
    # The database has committed; the session's commit sends nothing more (the driver knows
    # the transaction ended) but ends the session's transaction and runs its listeners.
    session.commit()
    waiting_since = row.queued_at and row.queued_at.replace(tzinfo=UTC)
    return Taken(row.decided, waiting_since)


def lock_conference(conference_id: int) -> Places:
    """Lock the conference's places for this transaction; return them, read fresh.

    May be called again in the same transaction (after a status change) to read the count
    anew. Raises Busy when the lock is not granted within REGISTRATION_LOCK_TIMEOUT_MS; the
    caller's transaction must then be rolled back.
    """
    session = db.session
    if not lock_enabled():
        row = session.execute(text(_READ), {"id": conference_id}).one()
        return _places(row)
    dialect = db.engine.dialect.name
    try:
        if dialect == "postgresql":
            places = _lock_postgresql(session, conference_id)
        elif dialect == "sqlite":
            places = _lock_sqlite(session, conference_id)
        else:
            raise RuntimeError(f"no capacity lock for the {dialect} backend")
    except exc.OperationalError as error:
        if is_lock_failure(error):
            raise busy_error() from error
        raise
    _start_timing(session)
    return places


def _lock_postgresql(session, conference_id: int) -> Places:
    session.execute(text(f"SET LOCAL lock_timeout = '{_timeout_ms():d}ms'"))
    row = session.execute(
        text(
            "SELECT capacity, confirmed, online_capacity, online_confirmed, "
            "current_setting('transaction_isolation') AS isolation "
            "FROM conference_places WHERE conference_id = :id FOR NO KEY UPDATE"
        ),
        {"id": conference_id},
    ).one()
    if row.isolation != "read committed":
        # A snapshot older than the lock would count stale places and oversell.
        raise RuntimeError(f"capacity lock needs READ COMMITTED, not {row.isolation}")
    return _places(row)


def _lock_sqlite(session, conference_id: int) -> Places:
    connection = session.connection()
    driver = connection.connection.driver_connection
    if not driver.in_transaction:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {_timeout_ms():d}")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    # Otherwise this transaction has written already and so holds SQLite's write lock.
    row = session.execute(text(_READ), {"id": conference_id}).one()
    return _places(row)


# --- how long the lock is held (the benchmark's sink) -----------------------------------------

# When set (benchmarks only), called for every transaction that took the lock with the seconds
# between the lock being granted and its release, and the CPU seconds this thread spent
# meanwhile (on a busy machine the first grows with waiting for a core, the second not).
# take_place_and_commit reads both ends on the database's clock, and passes `seen`: the
# seconds from the grant until this process read the answer (the release came before).
# lock_conference's holders are timed from the lock's answer to the commit seen here.
lock_held = None


def _start_timing(session) -> None:
    if lock_held is None or "capacity_lock_at" in session.info:
        return
    session.info["capacity_lock_at"] = (time.perf_counter(), time.thread_time())


def _stop_timing(session, transaction=None) -> None:
    if transaction is not None and transaction.parent is not None:
        return  # a savepoint's end: the lock is still held
    started = session.info.pop("capacity_lock_at", None)
    if started is not None and lock_held is not None:
        lock_held(time.perf_counter() - started[0], time.thread_time() - started[1])


# As soon as the database has committed (the lock is released then): first among the session's
# after_commit listeners, so that what they do afterwards (the outbox's log line, a receipt's
# file) is not counted as time under the lock. After a ROLLBACK: at the transaction's end.
event.listen(Session, "after_commit", _stop_timing, insert=True)
event.listen(Session, "after_transaction_end", _stop_timing)


def is_lock_failure(error: exc.OperationalError) -> bool:
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "55P03":  # PostgreSQL lock_not_available
        return True
    return "database is locked" in str(orig)
