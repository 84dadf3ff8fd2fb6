"""The migrations build the schema from an empty database, and agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from okconf import create_app
from okconf.extensions import db
from tests.conftest import base_config


def test_upgrade_from_empty_matches_the_models(fresh_database_uri, backend):
    app = create_app(base_config(fresh_database_uri))
    with app.app_context():
        try:
            assert inspect(db.engine).get_table_names() == []
            upgrade()  # what `flask db upgrade` does
            tables = set(inspect(db.engine).get_table_names())
            assert set(db.metadata.tables) <= tables
            assert "alembic_version" in tables

            with db.engine.connect() as connection:
                context = MigrationContext.configure(
                    connection,
                    # the options migrations/env.py gets from Flask-Migrate
                    opts={"compare_type": True, "render_as_batch": True},
                )
                differences = compare_metadata(context, db.metadata)
            # Nothing ignored: any table, column, type, nullability, index, unique constraint
            # or foreign key the models have and the migrations lack (or the other way round)
            # shows up here. Run `make migration` after changing models.
            assert differences == [], "models and migrations differ:\n" + "\n".join(
                map(str, differences)
            )
        finally:
            db.session.remove()
            db.engine.dispose()


def test_upgrade_twice_is_harmless(fresh_database_uri):
    app = create_app(base_config(fresh_database_uri))
    with app.app_context():
        try:
            upgrade()
            upgrade()
            with db.engine.connect() as connection:
                assert MigrationContext.configure(connection).get_current_revision() is not None
        finally:
            db.engine.dispose()


def test_upgrade_keeps_what_a_table_rebuild_can_drop(fresh_database_uri, backend):
    """The unique expression index (one active registration per address) and the places
    triggers survive every migration, also SQLite's batch table copies, which drop both."""
    app = create_app(base_config(fresh_database_uri))
    with app.app_context():
        try:
            upgrade()
            with db.engine.connect() as connection:
                if backend == "postgresql":
                    indexes = connection.exec_driver_sql(
                        "SELECT indexname FROM pg_indexes WHERE tablename = 'registrations'"
                    ).scalars()
                    triggers = connection.exec_driver_sql(
                        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                    ).scalars()
                else:
                    indexes = connection.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type = 'index'"
                    ).scalars()
                    triggers = connection.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    ).scalars()
                assert "uq_registrations_active_email" in set(indexes)
                assert {
                    "conferences_places_insert",
                    "conferences_places_capacity",
                    "registrations_places_insert",
                    "registrations_places_update",
                    "registrations_places_delete",
                } <= set(triggers)
        finally:
            db.engine.dispose()
