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
