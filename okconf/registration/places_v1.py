"""The places triggers as migration 02b74753ab20 installed them (each registration counted 1).

Frozen here so that the old migration still runs on a database that does not yet have
`registrations.companion_places`, which places.py's current triggers read; migration
7c1e5a0d2b3f (companions) replaces them with places.py's.
"""

from __future__ import annotations

SQLITE = [
    """
    CREATE TRIGGER IF NOT EXISTS conferences_places_insert AFTER INSERT ON conferences
    BEGIN
        INSERT INTO conference_places (conference_id, capacity, confirmed)
        VALUES (NEW.id, NEW.capacity, 0);
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS conferences_places_capacity AFTER UPDATE OF capacity
    ON conferences WHEN OLD.capacity IS NOT NEW.capacity
    BEGIN
        UPDATE conference_places SET capacity = NEW.capacity WHERE conference_id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_insert AFTER INSERT ON registrations
    WHEN NEW.status = 'confirmed'
    BEGIN
        UPDATE conference_places SET confirmed = confirmed + 1
        WHERE conference_id = NEW.conference_id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_update
    AFTER UPDATE OF status, conference_id ON registrations
    WHEN OLD.status IS NOT NEW.status OR OLD.conference_id IS NOT NEW.conference_id
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed';
        UPDATE conference_places SET confirmed = confirmed + 1
        WHERE conference_id = NEW.conference_id AND NEW.status = 'confirmed';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_delete AFTER DELETE ON registrations
    WHEN OLD.status = 'confirmed'
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1
        WHERE conference_id = OLD.conference_id;
    END
    """,
]

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION conferences_places() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO conference_places (conference_id, capacity, confirmed)
            VALUES (NEW.id, NEW.capacity, 0);
        ELSE
            UPDATE conference_places SET capacity = NEW.capacity WHERE conference_id = NEW.id;
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION registrations_places() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            IF OLD.status = 'confirmed' THEN
                UPDATE conference_places SET confirmed = confirmed - 1
                WHERE conference_id = OLD.conference_id;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.status = 'confirmed' THEN
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
    CREATE TRIGGER conferences_places_capacity AFTER UPDATE OF capacity ON conferences
    FOR EACH ROW WHEN (OLD.capacity IS DISTINCT FROM NEW.capacity)
    EXECUTE FUNCTION conferences_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_insert ON registrations",
    """
    CREATE TRIGGER registrations_places_insert AFTER INSERT ON registrations
    FOR EACH ROW WHEN (NEW.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_update ON registrations",
    """
    CREATE TRIGGER registrations_places_update AFTER UPDATE OF status, conference_id
    ON registrations FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.conference_id IS DISTINCT FROM NEW.conference_id)
    EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_delete ON registrations",
    """
    CREATE TRIGGER registrations_places_delete AFTER DELETE ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
]

BACKFILL = """
    INSERT INTO conference_places (conference_id, capacity, confirmed)
    SELECT c.id, c.capacity,
           (SELECT count(*) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed')
    FROM conferences c
    WHERE NOT EXISTS (SELECT 1 FROM conference_places p WHERE p.conference_id = c.id)
"""


def install(connection) -> None:
    """Create the first version of the triggers on this connection's database."""
    for statement in POSTGRESQL if connection.dialect.name == "postgresql" else SQLITE:
        connection.exec_driver_sql(statement)
