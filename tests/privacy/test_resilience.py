"""Nothing is lost when the database restarts under a running app."""

import pytest
from sqlalchemy import create_engine, select, text

from okconf.accounts.models import User
from okconf.extensions import db


def terminate_connections(app):
    """Kill every connection to the test database, as a PostgreSQL restart does."""
    url = db.engine.url
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": url.database},
        )
    admin.dispose()


def test_app_recovers_after_database_connections_are_cut(app, client, backend, make_user, login):
    if backend != "postgresql":
        pytest.skip("a server restart is a PostgreSQL matter")
    user = make_user("admin")
    user_id, email = user.id, user.email
    login(user)
    assert client.get("/healthz").status_code == 200
    db.session.remove()
    terminate_connections(app)
    # The pool's pre-ping notices dead connections: the next requests work and see the data.
    assert client.get("/healthz").json["database"] == "ok"
    assert client.get("/staff").status_code == 200
    assert db.session.scalar(select(User.email).where(User.id == user_id)) == email
