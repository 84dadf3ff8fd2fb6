"""take_place() as migration 5f1c2e8d9a40 installed it: the status decided, the queue's
position written into a waiting confirmation, the rest left to the caller.

Frozen here so that this migration still installs what it installed; 9b4e7d2c1a05 replaces
it with places.py's, which also puts right what was written for a wrong guess, so that the
commit can be sent with it (locking.take_place_and_commit), and whose downgrade puts this
one back.
"""

from __future__ import annotations

# (registration, override, the outbox id of a confirmation written for a queue place or NULL,
# the moment of okconf.clock.as_of or NULL for the database's clock) -> the status decided,
# waiting_since, the position in the pool's queue (1 = first), whether the registration
# was over its pool's capacity (so confirmed only by an override) and when the lock was
# granted (the database's clock). The queue's order is when
# the lock was granted, as waiting_since set under the lock in Python was.
TAKE_PLACE = """
    CREATE OR REPLACE FUNCTION take_place(
        new_id integer, override boolean, queue_mail integer, frozen_now timestamp
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
            IF queue_mail IS NOT NULL THEN
                UPDATE outbox_mails SET params = jsonb_set(
                    params::jsonb, '{context,position}', to_jsonb(queue_position))::json
                WHERE id = queue_mail;
            END IF;
        ELSE
            decided := 'confirmed';
            UPDATE registrations SET status = 'confirmed', waiting_since = NULL
            WHERE id = new_id;
        END IF;
        RETURN NEXT;
    END $$
"""
DROP_TAKE_PLACE = "DROP FUNCTION IF EXISTS take_place(integer, boolean, integer, timestamp)"


def install(connection) -> None:
    """Create this take_place() on PostgreSQL (nothing on SQLite)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(DROP_TAKE_PLACE)
        connection.exec_driver_sql(TAKE_PLACE)
