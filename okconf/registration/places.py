"""The triggers that keep conference_places (capacity and confirmed count) true.

A confirmed registration counts 1 + companion_places: its companions who take a place of
their own (see okconf/companions) are counted with it, in the same statement.

A trigger, rather than code in each service, because every way a registration's status can
change must move the counter in the same transaction: the registration form, promotions from
the waiting list, hand-overs, cancellations, organisers' removals, walk-ins, demo data, test
factories and bulk statements alike. The counter is then one row to lock and read instead of a
`count(*)` that grows with every registration, and its CHECK (confirmed >= 0) catches a
trigger that ever went wrong. tests/registration/test_places.py compares it with the live
count after each of those operations.

The migration installs the triggers with `install(connection)`; `db.create_all()` (tests,
benchmarks) installs them through the metadata's after_create event.
"""

from __future__ import annotations

from sqlalchemy import event

from okconf.extensions import db

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
        UPDATE conference_places SET confirmed = confirmed + 1 + NEW.companion_places
        WHERE conference_id = NEW.conference_id;
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_update
    AFTER UPDATE OF status, conference_id, companion_places ON registrations
    WHEN OLD.status IS NOT NEW.status OR OLD.conference_id IS NOT NEW.conference_id
        OR OLD.companion_places IS NOT NEW.companion_places
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
        WHERE conference_id = OLD.conference_id AND OLD.status = 'confirmed';
        UPDATE conference_places SET confirmed = confirmed + 1 + NEW.companion_places
        WHERE conference_id = NEW.conference_id AND NEW.status = 'confirmed';
    END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS registrations_places_delete AFTER DELETE ON registrations
    WHEN OLD.status = 'confirmed'
    BEGIN
        UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
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
                UPDATE conference_places SET confirmed = confirmed - 1 - OLD.companion_places
                WHERE conference_id = OLD.conference_id;
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF NEW.status = 'confirmed' THEN
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
    CREATE TRIGGER registrations_places_update
    AFTER UPDATE OF status, conference_id, companion_places ON registrations FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.conference_id IS DISTINCT FROM NEW.conference_id
          OR OLD.companion_places IS DISTINCT FROM NEW.companion_places)
    EXECUTE FUNCTION registrations_places()
    """,
    "DROP TRIGGER IF EXISTS registrations_places_delete ON registrations",
    """
    CREATE TRIGGER registrations_places_delete AFTER DELETE ON registrations
    FOR EACH ROW WHEN (OLD.status = 'confirmed') EXECUTE FUNCTION registrations_places()
    """,
]

# Existing conferences get their row, counted once (the migration runs this after install);
# RECOUNT puts every row right (the companions migration, after it replaced the triggers).
BACKFILL = """
    INSERT INTO conference_places (conference_id, capacity, confirmed)
    SELECT c.id, c.capacity,
           (SELECT coalesce(sum(1 + r.companion_places), 0) FROM registrations r
            WHERE r.conference_id = c.id AND r.status = 'confirmed')
    FROM conferences c
    WHERE NOT EXISTS (SELECT 1 FROM conference_places p WHERE p.conference_id = c.id)
"""

RECOUNT = """
    UPDATE conference_places SET confirmed =
        (SELECT coalesce(sum(1 + r.companion_places), 0) FROM registrations r
         WHERE r.conference_id = conference_places.conference_id AND r.status = 'confirmed')
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
