"""The triggers that keep conference_places (capacity and confirmed count) true.

Two pools: a registration with attendance 'on_site' counts in `confirmed` (against
`capacity`), an 'online' one in `online_confirmed` (against `online_capacity`); a change of
attendance moves it from one to the other. An on-site registration counts 1 +
companion_places: its companions who take a place of their own (see okconf/companions) are
counted with it, in the same statement; an online one counts 1 (companions come on site).

A trigger, rather than code in each service, because every way a registration's status can
change must move the counter in the same transaction: the registration form, promotions from
the waiting list, hand-overs, cancellations, organisers' removals, walk-ins, demo data, test
factories and bulk statements alike. The counter is then one row to lock and read instead of a
`count(*)` that grows with every registration, and its CHECK (confirmed >= 0) catches a
trigger that ever went wrong. tests/registration/test_places.py compares it with the live
count after each of those operations.

The migration installs the triggers with `install(connection)`; `db.create_all()` (tests,
benchmarks) installs them through the metadata's after_create event.

PostgreSQL also has `take_place(...)` (TAKE_PLACE below, migrations 5f1c2e8d9a40 and
9b4e7d2c1a05): a new registration is written as a queue place before the lock, with all that
refers to it written for the status the places last committed suggest; then this one function
locks the places row, decides the status by the same rule as services._over (room in the
registration's pool for it and a companion who takes a place), confirms it (the trigger above
counts it) or sets its place in the queue, and puts right what was written for a wrong guess.
Its caller sends the commit in the same round trip (locking.take_place_and_commit): under the
lock there is this function and the commit's flush, and no wait for the app.
"""

from __future__ import annotations

from sqlalchemy import event

from okconf.extensions import db

SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS conferences_places_insert AFTER INSERT ON conferences
    BEGIN
        INSERT INTO conference_places (conference_id, capacity, online_capacity, confirmed)
        VALUES (NEW.id, NEW.capacity, NEW.online_capacity, 0);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS conferences_places_capacity
    AFTER UPDATE OF capacity, online_capacity ON conferences
    WHEN OLD.capacity IS NOT NEW.capacity OR OLD.online_capacity IS NOT NEW.online_capacity
    BEGIN
        UPDATE conference_places SET capacity = NEW.capacity,
            online_capacity = NEW.online_capacity
        WHERE conference_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_insert AFTER INSERT ON registrations
    WHEN NEW.status = 'confirmed'
    BEGIN
        UPDATE conference_places SET confirmed = confirmed + 1 + NEW.companion_places
        WHERE conference_id = NEW.conference_id AND NEW.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed + 1
        WHERE conference_id = NEW.conference_id AND NEW.attendance = 'online';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_update
    AFTER UPDATE OF status, conference_id, attendance, companion_places ON registrations
    WHEN OLD.status IS NOT NEW.status OR OLD.conference_id IS NOT NEW.conference_id
        OR OLD.attendance IS NOT NEW.attendance
        OR OLD.companion_places IS NOT NEW.companion_places
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed'
            AND OLD.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed - 1
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed'
            AND OLD.attendance = 'online';
        UPDATE conference_places SET confirmed = confirmed + 1 + NEW.companion_places
        WHERE conference_id = NEW.conference_id AND NEW.status = 'confirmed'
            AND NEW.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed + 1
        WHERE conference_id = NEW.conference_id AND NEW.status = 'confirmed'
            AND NEW.attendance = 'online';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_delete AFTER DELETE ON registrations
    WHEN OLD.status = 'confirmed'
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
        WHERE conference_id = OLD.conference_id AND OLD.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed - 1
        WHERE conference_id = OLD.conference_id AND OLD.attendance = 'online';
    END
    """,
]

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION conferences_places() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO conference_places (conference_id, capacity, online_capacity, confirmed)
            VALUES (NEW.id, NEW.capacity, NEW.online_capacity, 0);
        ELSE
            UPDATE conference_places SET capacity = NEW.capacity,
                online_capacity = NEW.online_capacity
            WHERE conference_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION registrations_places() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF OLD.status = 'confirmed' AND OLD.attendance = 'online' THEN
                UPDATE conference_places SET online_confirmed = online_confirmed - 1
                WHERE conference_id = OLD.conference_id;
            ELSIF OLD.status = 'confirmed' THEN
                UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
                WHERE conference_id = OLD.conference_id;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.status = 'confirmed' AND NEW.attendance = 'online' THEN
                UPDATE conference_places SET online_confirmed = online_confirmed + 1
                WHERE conference_id = NEW.conference_id;
            ELSIF NEW.status = 'confirmed' THEN
                UPDATE conference_places SET confirmed = confirmed + 1 + NEW.companion_places
                WHERE conference_id = NEW.conference_id;
            END IF;
        END IF;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS conferences_places_insert ON conferences",
    """
    CREATE TRIGGER conferences_places_insert AFTER INSERT ON conferences
    FOR EACH ROW EXECUTE FUNCTION conferences_places()
    """,
    "DROP TRIGGER IF EXISTS conferences_places_capacity ON conferences",
    """
    CREATE TRIGGER conferences_places_capacity
    AFTER UPDATE OF capacity, online_capacity ON conferences
    FOR EACH ROW WHEN (OLD.capacity IS DISTINCT FROM NEW.capacity
                       OR OLD.online_capacity IS DISTINCT FROM NEW.online_capacity)
    EXECUTE FUNCTION conferences_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_insert ON registrations",
    """
    CREATE TRIGGER registrations_places_insert AFTER INSERT ON registrations
    FOR EACH ROW WHEN (NEW.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_update ON registrations",
    """
    CREATE TRIGGER registrations_places_update
    AFTER UPDATE OF status, conference_id, attendance, companion_places ON registrations
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.conference_id IS DISTINCT FROM NEW.conference_id
          OR OLD.attendance IS DISTINCT FROM NEW.attendance
          OR OLD.companion_places IS DISTINCT FROM NEW.companion_places)
    EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_delete ON registrations",
    """
    CREATE TRIGGER registrations_places_delete AFTER DELETE ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
]

# take_place(registration, override, the status guessed before the lock ('confirmed' or
# 'waiting'), the confirmation's outbox id, that confirmation's subject and params for the
# other status, the audit entry of the registration, whether it said over capacity, the moment
# of okconf.clock.as_of or NULL for the database's clock) -> the status decided,
# waiting_since, the position in the pool's queue (1 = first), whether the registration was
# over its pool's capacity (so confirmed only by an override) and when the lock was granted
# (the database's clock).
#
# Everything was written before the lock for the guessed status. Under it, this function
# decides and puts right what the guess got wrong, so that nothing is left for the caller
# to do but commit, and the commit goes in the same round trip (locking.take_place_and_commit):
# - a queue place's waiting_since is set here: the queue's order is the lock's;
# - the confirmation says the status decided (swapped for the other one on a wrong guess) and,
#   for a queue place, its position, counted here;
# - the audit entry's status and over_capacity (mails.py and services._created_details wrote
#   them for the guess);
# - the registration.created webhook deliveries' status and waiting_since (events.py wrote them
#   for the guess; `iso` below writes a time as Python's isoformat() does), replaced in the
#   JSON text as events.body wrote it, so that every delivery's body has the same form.
TAKE_PLACE = """
    CREATE OR REPLACE FUNCTION take_place(
        new_id integer, override boolean, guessed varchar, mail_id integer,
        other_subject varchar, other_params json, entry_id integer, over_guess boolean,
        frozen_now timestamp
    ) RETURNS TABLE (
        decided varchar, queued_at timestamp, queue_position integer, over_capacity boolean,
        locked_at timestamptz
    ) LANGUAGE plpgsql AS $$
    DECLARE
        r record;
        p record;
        pool_capacity integer;
        pool_used integer;
        needed integer;
        iso text;
    BEGIN
        SELECT reg.conference_id, reg.attendance, reg.companion_places INTO STRICT r
        FROM registrations reg WHERE reg.id = new_id;
        SELECT places.capacity, places.confirmed, places.online_capacity,
               places.online_confirmed INTO STRICT p
        FROM conference_places places WHERE places.conference_id = r.conference_id
        FOR NO KEY UPDATE;
        locked_at := clock_timestamp();  -- the lock granted (the benchmark times from here)
        IF current_setting('transaction_isolation') <> 'read committed' THEN
            -- a snapshot older than the lock would count stale places and oversell
            RAISE EXCEPTION 'capacity lock needs READ COMMITTED';
        END IF;
        IF r.attendance = 'online' THEN
            pool_capacity := coalesce(p.online_capacity, 0);  -- none: not offered, no room
            pool_used := p.online_confirmed;
            needed := 1;
        ELSE
            pool_capacity := p.capacity;  -- none: no limit
            pool_used := p.confirmed;
            needed := 1 + r.companion_places;
        END IF;
        over_capacity := pool_capacity IS NOT NULL AND pool_used + needed > pool_capacity;
        IF over_capacity AND NOT override THEN
            decided := 'waiting';
            queued_at := coalesce(frozen_now, clock_timestamp() AT TIME ZONE 'UTC');
            UPDATE registrations SET waiting_since = queued_at WHERE id = new_id;
            -- a range of ix_registrations_queue
            SELECT count(*) + 1 INTO queue_position FROM registrations q
            WHERE q.conference_id = r.conference_id AND q.status = 'waiting'
              AND q.attendance = r.attendance
              AND (q.waiting_since, q.id) < (queued_at, new_id);
        ELSE
            decided := 'confirmed';
            UPDATE registrations SET status = 'confirmed', waiting_since = NULL
            WHERE id = new_id;
        END IF;
        IF decided <> guessed OR decided = 'waiting' THEN
            UPDATE outbox_mails SET
                subject = CASE WHEN decided <> guessed THEN other_subject ELSE subject END,
                params = CASE WHEN decided = 'waiting' THEN jsonb_set(
                    (CASE WHEN decided <> guessed THEN other_params ELSE params END)::jsonb,
                    '{context,position}', to_jsonb(queue_position))::json
                    ELSE other_params END
            WHERE id = mail_id;
        END IF;
        IF decided <> guessed OR (override AND over_capacity) <> over_guess THEN
            UPDATE audit_entries SET details = (details::jsonb || jsonb_build_object(
                'status', decided, 'over_capacity', override AND over_capacity))::json
            WHERE id = entry_id;
        END IF;
        IF decided <> guessed OR decided = 'waiting' THEN  -- (none without webhooks)
            iso := to_char(queued_at, 'YYYY-MM-DD"T"HH24:MI:SS')
                || CASE WHEN mod(extract(microseconds FROM queued_at)::bigint, 1000000) = 0
                        THEN '' ELSE to_char(queued_at, '.US') END
                || '+00:00';
            -- the two values replaced in events.body's compact text, which keeps its form
            -- and order (a quote inside a string is escaped there, so these match only keys)
            UPDATE webhook_deliveries SET payload = regexp_replace(regexp_replace(payload,
                '("registration":[{]"id":' || new_id || ',"status":)"[a-z_]*"',
                '\\1"' || decided || '"'),
                '"waiting_since":(null|"[^"]*")',
                '"waiting_since":' || coalesce('"' || iso || '"', 'null'))
            WHERE registration_id = new_id AND event = 'registration.created';
        END IF;
        RETURN NEXT;
    END $$
"""
# The first take_place's signature (take_place_v1.py) and this one's.
DROP_TAKE_PLACE = [
    "DROP FUNCTION IF EXISTS take_place(integer, boolean, integer, timestamp)",
    "DROP FUNCTION IF EXISTS take_place(integer, boolean, varchar, integer, varchar, json, "
    "integer, boolean, timestamp)",
]


def install_take_place(connection) -> None:
    """Create (or replace) take_place() on PostgreSQL; nothing on SQLite, whose writers take
    the database's lock up front (locking._lock_sqlite)."""
    if connection.dialect.name == "postgresql":
        # dropped first: CREATE OR REPLACE cannot change the columns a function returns
        for statement in DROP_TAKE_PLACE:
            connection.exec_driver_sql(statement)
        connection.exec_driver_sql(TAKE_PLACE)


# Existing conferences get their row, counted once (the migration runs this after install).
BACKFILL = """
    INSERT INTO conference_places (conference_id, capacity, online_capacity, confirmed,
                                   online_confirmed)
    SELECT c.id, c.capacity, c.online_capacity,
           (SELECT coalesce(sum(1 + r.companion_places), 0) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed'
              AND r.attendance = 'on_site'),
           (SELECT count(*) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed'
              AND r.attendance = 'online')
    FROM conferences c
    WHERE NOT EXISTS (SELECT 1 FROM conference_places p WHERE p.conference_id = c.id)
"""

# Every conference's row put right (the companions migration, after it replaced the triggers).
RECOUNT = """
    UPDATE conference_places SET
        confirmed = (SELECT coalesce(sum(1 + r.companion_places), 0) FROM registrations r
                     WHERE r.conference_id = conference_places.conference_id
                       AND r.status = 'confirmed' AND r.attendance = 'on_site'),
        online_confirmed = (SELECT count(*) FROM registrations r
                            WHERE r.conference_id = conference_places.conference_id
                              AND r.status = 'confirmed' AND r.attendance = 'online')
"""

DROP = {
    "sqlite": [
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "conferences_places_insert",
            "conferences_places_capacity",
            "registrations_places_insert",
            "registrations_places_update",
            "registrations_places_delete",
        )
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS conferences_places_insert ON conferences",
        "DROP TRIGGER IF EXISTS conferences_places_capacity ON conferences",
        "DROP TRIGGER IF EXISTS registrations_places_insert ON registrations",
        "DROP TRIGGER IF EXISTS registrations_places_update ON registrations",
        "DROP TRIGGER IF EXISTS registrations_places_delete ON registrations",
        "DROP FUNCTION IF EXISTS conferences_places()",
        "DROP FUNCTION IF EXISTS registrations_places()",
    ],
}


def statements(dialect: str) -> list[str]:
    """The statements that create the triggers on this backend."""
    if dialect == "postgresql":
        return POSTGRESQL
    if dialect == "sqlite":
        return SQLITE
    raise RuntimeError(f"no conference_places triggers for the {dialect} backend")


def install(connection) -> None:
    """Create (or replace) the triggers on this connection's database."""
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def uninstall(connection) -> None:
    """Drop the triggers (the migration's downgrade)."""
    for statement in DROP[connection.dialect.name]:
        connection.exec_driver_sql(statement)


@event.listens_for(db.metadata, "after_create")
def _after_create(_metadata, connection, **_kw) -> None:
    """create_all() builds the tables: add the triggers, as the migration does."""
    tables = _kw.get("tables")
    if tables is not None and not {t.name for t in tables} >= {"conference_places"}:
        return
    install(connection)
    install_take_place(connection)
