"""The places triggers as migration 7d3c1a9e5b21 (on site or online) installed them: two
pools, each registration counted 1.

Frozen here so that this migration still installs what its own schema has (places.py's
current triggers also read `registrations.companion_places`, added later by 7c1e5a0d2b3f,
companions, which replaces these with places.py's and whose downgrade puts these back).
"""

from __future__ import annotations

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
        UPDATE conference_places SET confirmed = confirmed + 1
        WHERE conference_id = NEW.conference_id AND NEW.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed + 1
        WHERE conference_id = NEW.conference_id AND NEW.attendance = 'online';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_update
    AFTER UPDATE OF status, conference_id, attendance ON registrations
    WHEN OLD.status IS NOT NEW.status OR OLD.conference_id IS NOT NEW.conference_id
        OR OLD.attendance IS NOT NEW.attendance
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed'
            AND OLD.attendance = 'on_site';
        UPDATE conference_places SET online_confirmed = online_confirmed - 1
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed'
            AND OLD.attendance = 'online';
        UPDATE conference_places SET confirmed = confirmed + 1
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
        UPDATE conference_places SET confirmed = confirmed - 1
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
                UPDATE conference_places SET confirmed = confirmed - 1
                WHERE conference_id = OLD.conference_id;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.status = 'confirmed' AND NEW.attendance = 'online' THEN
                UPDATE conference_places SET online_confirmed = online_confirmed + 1
                WHERE conference_id = NEW.conference_id;
            ELSIF NEW.status = 'confirmed' THEN
                UPDATE conference_places SET confirmed = confirmed + 1
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
    AFTER UPDATE OF status, conference_id, attendance ON registrations FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.conference_id IS DISTINCT FROM NEW.conference_id
          OR OLD.attendance IS DISTINCT FROM NEW.attendance)
    EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_delete ON registrations",
    """
    CREATE TRIGGER registrations_places_delete AFTER DELETE ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
]

# Existing conferences get their row, counted once (the migration runs this after install).
BACKFILL = """
    INSERT INTO conference_places (conference_id, capacity, online_capacity, confirmed,
                                   online_confirmed)
    SELECT c.id, c.capacity, c.online_capacity,
           (SELECT count(*) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed'
              AND r.attendance = 'on_site'),
           (SELECT count(*) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed'
              AND r.attendance = 'online')
    FROM conferences c
    WHERE NOT EXISTS (SELECT 1 FROM conference_places p WHERE p.conference_id = c.id)
"""

# Both pools counted afresh.
RECOUNT = """
    UPDATE conference_places SET
        confirmed = (SELECT count(*) FROM registrations r
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
