"""Shared fixtures: an app per database backend, a real SMTP server, factories, sign-in.

The suite runs on SQLite always, and on PostgreSQL too when OKCONF_TEST_DATABASE_URL is set:
every test that uses `app` runs once per backend.

Tests speak English (the msgids) unless they ask for Swedish, the product's default, with
make_app(BABEL_DEFAULT_LOCALE="sv").

Each request of the test client runs in its own app context, as in production (its own
database session, its own `g`), while the test itself works in the app fixture's context.
Before a request the test's session is committed; after it, the test's objects are expired,
so the test sees what the request committed, and only that.
"""

from __future__ import annotations

import email
import email.policy
import itertools
import os
from datetime import time, timedelta

import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError

from okconf import create_app
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from tests.openapi_contract import check_response
from tests.reuse import SharedTemplateCache, share_url_builders

PASSWORD = "correct-horse-battery"
PG_URL = os.environ.get("OKCONF_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])

# Every app of this process compiles a URL rule's builders and a template once (tests/reuse.py):
# pure work, the same for every app; no database or request state is shared.
share_url_builders()
TEMPLATES = SharedTemplateCache()


def pytest_sessionstart(session):
    """Compile the translation catalogs when they are missing or older than their sources."""
    from tests.support import compile_catalogs

    compile_catalogs()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """Argon2id with the smallest cost in tests: the same code paths, a hundred times faster
    (the production cost takes about 0.3 s a hash, which every sign-in of every test pays)."""
    from argon2 import PasswordHasher

    from okconf.accounts import services

    original = services._hasher, services._DUMMY_HASH
    services._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    services._DUMMY_HASH = services._hasher.hash("not-a-real-password")
    yield
    services._hasher, services._DUMMY_HASH = original


@pytest.fixture(scope="session", autouse=True)
def choices_in_the_current_form():
    """WTForms 3.3 warns about tuple choices only when a field is built with them; choices set
    later (form.field.choices = ...) are held to the same rule here, and setup.cfg makes the
    warning an error, so tuples cannot come back before WTForms 3.4 removes them."""
    from wtforms.fields.choices import SelectField, SelectFieldBase

    original = SelectField.choices

    def checked(field, value):
        if value is not None and not callable(value):
            SelectFieldBase._warn_legacy_choices(value)
        original.fset(field, value)

    SelectField.choices = property(original.fget, checked, doc=original.__doc__)
    yield
    SelectField.choices = original


# --- databases ------------------------------------------------------------------------------


def sqlalchemy_url(url: str) -> str:
    """A PostgreSQL URL with the psycopg 3 driver."""
    from okconf.config import database_uri

    return database_uri(url, None)


def worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets its own PostgreSQL database (created when missing),
    so workers never empty each other's tables."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def database_uris(tmp_path_factory):
    """The test database of each backend, with every table created once."""
    uris = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"}
    if PG_URL:
        uris["postgresql"] = worker_database(sqlalchemy_url(PG_URL))
    created = set()

    def get(backend: str) -> str:
        uri = uris[backend]
        if backend not in created:
            app = create_app(base_config(uri))
            with app.app_context():
                db.drop_all()
                db.create_all()
                db.engine.dispose()
            created.add(backend)
        return uri

    return get


@sa_event.listens_for(Engine, "connect")
def _commits_without_waiting_for_the_disk(dbapi_connection, _record):
    """The test databases are thrown away: a commit need not wait until the disk has it.

    SQLite's `synchronous = OFF` and PostgreSQL's `synchronous_commit = off` change only what
    a crash of the machine would lose; what a commit makes visible, locks and isolation stay
    the same. A commit waited 4 ms (PostgreSQL) and 10-14 ms (SQLite) for the disk here, and
    a test commits some twenty times.
    """
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        dbapi_connection.execute("PRAGMA synchronous = OFF")
    elif module.startswith("psycopg"):
        dbapi_connection.execute("SET synchronous_commit = off")
        dbapi_connection.commit()


def empty_all_tables() -> None:
    """Delete every row, leaving the schema (fast between tests).

    On PostgreSQL a DELETE of each table and the sequences set back to 1, in one round trip,
    with triggers and foreign-key checks off for the transaction (`session_replication_role`),
    so neither the order nor the places triggers matter: TRUNCATE of some seventy tables gives
    each a new file on disk, 0.8 s per test on a slow disk against 0.03 s for the DELETEs of
    the few rows a test writes. Should the DELETEs fail, TRUNCATE still empties everything.
    """
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        try:
            db.session.execute(text("SET LOCAL session_replication_role = replica"))
            db.session.execute(text("; ".join(f'DELETE FROM "{t.name}"' for t in tables)))
            db.session.execute(
                text("SELECT setval(c.oid, 1, false) FROM pg_class c WHERE c.relkind = 'S'")
            )
            db.session.commit()
            return
        except DBAPIError:
            db.session.rollback()
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def fresh_database_uri(backend, tmp_path):
    """An empty database of the test's backend (for migration and backup tests)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    admin_url = make_url(sqlalchemy_url(PG_URL)).set(database="postgres")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"okconf_fresh_{os.getpid()}_{next(_counter)}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(sqlalchemy_url(PG_URL)).set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


_counter = itertools.count()


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- mail -----------------------------------------------------------------------------------


class SMTPRecorder:
    """An aiosmtpd handler that keeps every delivered message, parsed as a mail program reads
    it (email.policy.default: a header's encoded words decoded)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on loopback for the whole session."""
    from aiosmtpd.controller import Controller

    handler = SMTPRecorder()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.handler_obj = handler
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server):
    """The session's SMTP server with an empty mailbox; `.messages` holds what arrived
    (parsed), `.envelopes` the SMTP envelopes (`mail_from`, `rcpt_tos`)."""
    smtp_server.handler_obj.messages.clear()
    smtp_server.handler_obj.envelopes.clear()
    smtp_server.messages = smtp_server.handler_obj.messages
    smtp_server.envelopes = smtp_server.handler_obj.envelopes
    return smtp_server


# --- Redis ----------------------------------------------------------------------------------

# One database of the test Redis is shared by every test run on the machine (several branches,
# their xdist workers, CI): a run keeps to keys under its own prefix and never empties the
# database (FLUSHDB would reset another run's rate-limit counts in the middle of its test).
REDIS_URL = os.environ.get("OKCONF_TEST_REDIS_URL", "redis://127.0.0.1:6379/8")


class RedisRun:
    """This test run's share of the test Redis: the URL, a key prefix of its own (for
    RATELIMIT_KEY_PREFIX), its keys, and how to delete them (and nothing else)."""

    def __init__(self, client, url: str, prefix: str):
        self.client, self.url, self.prefix = client, url, prefix

    def keys(self) -> list[bytes]:
        """The keys this run wrote (Flask-Limiter puts the prefix inside each of its keys)."""
        return list(self.client.scan_iter(match=f"*{self.prefix}*", count=1000))

    def clear(self) -> None:
        """Delete this run's keys only."""
        for key in self.keys():
            self.client.delete(key)


@pytest.fixture(scope="session")
def redis_run():
    """The test Redis under a prefix unique to this process (a run, or one xdist worker)."""
    import uuid

    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    run = RedisRun(client, REDIS_URL, f"okconf-test-{worker}-{uuid.uuid4().hex}")
    yield run
    run.clear()
    client.close()


@pytest.fixture
def redis_limits(redis_run):
    """Rate limits kept in Redis under this run's prefix, none left before or after the test."""
    redis_run.clear()
    yield redis_run
    redis_run.clear()


# --- the app --------------------------------------------------------------------------------


def base_config(uri: str, **overrides) -> dict:
    """The configuration every test app starts from."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": uri,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": 25,
        "MAIL_SUPPRESS_SEND": False,
        "BASE_URL": "http://localhost",
        # Tests assert on the English source strings; the Swedish default is tested explicitly
        # with make_app(BABEL_DEFAULT_LOCALE="sv"), and the catalog's completeness by its test.
        "BABEL_DEFAULT_LOCALE": "en",
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production."""

    def open(self, *args, **kwargs):
        outer = _cv_app.get(None)
        if outer is not None:
            db.session.commit()
        token = _cv_app.set(None)
        try:
            response = super().open(*args, **kwargs)
            # Every API response is held to the OpenAPI document (tests/openapi_contract.py).
            check_response(self.application, response)
            return response
        finally:
            _cv_app.reset(token)
            if outer is not None:
                db.session.expire_all()


@pytest.fixture(params=BACKENDS)
def backend(request):
    """The database backend of this run of the test."""
    return request.param


@pytest.fixture
def make_app(backend, database_uris, smtp_server, tmp_path):
    """Build an app on this test's backend, with configuration overrides."""
    apps = []

    def build(**overrides):
        settings = {"MAIL_PORT": smtp_server.port, "UPLOAD_FOLDER": str(tmp_path / "uploads")}
        settings.update(overrides)
        config = base_config(database_uris(backend), **settings)
        application = create_app(config)
        application.jinja_env.bytecode_cache = TEMPLATES
        application.test_client_class = IsolatedClient
        apps.append(application)
        return application

    yield build
    for application in apps:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    """The app on this test's backend, with an app context pushed for the test's own work."""
    application = make_app()
    with application.app_context():
        yield application
        db.session.rollback()
        empty_all_tables()
        db.session.remove()


@pytest.fixture
def client(app):
    """A test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner."""
    return app.test_cli_runner()


# --- factories ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def password_hash():
    """The test password hashed once: Argon2 is slow on purpose, tests need not pay it often."""
    from okconf.accounts.services import hash_password

    return hash_password(PASSWORD)


@pytest.fixture
def make_user(app, password_hash):
    """Create a staff user whose password is PASSWORD."""
    from okconf.accounts.models import Role, User

    seq = itertools.count(1)

    def make(role: Role | str = "organiser", email: str | None = None, name: str | None = None):
        role = Role(role)
        n = next(seq)
        user = User(
            email=(email or f"{role.value}{n}@example.org").lower(),
            name=name or f"Test {role.value} {n}",
            role=role,
            password_hash=password_hash,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """Sign a user in through the real sign-in form."""

    def do(user, password: str = PASSWORD, the_client=None):
        response = (the_client or client).post(
            "/login", data={"email": user.email, "password": password}
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    return do


@pytest.fixture
def make_organisation(app):
    """Create an organisation in the registry."""
    from okconf.organisations.models import Organisation
    from okconf.vocabulary import OrganisationType

    seq = itertools.count(1)

    def make(name: str | None = None, org_type="civil_society_org", **fields):
        org_type = OrganisationType(org_type)
        org = Organisation(
            name=name or f"Föreningen {next(seq)}",
            org_type=org_type,
            party=fields.pop("party", org_type.party),
            town=fields.pop("town", "Sundsvall"),
            **fields,
        )
        db.session.add(org)
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_conference(app):
    """Create a published conference a month ahead, with sensible invitation fields."""
    from okconf.conferences.models import Conference, ConferenceState

    seq = itertools.count(1)

    def make(organisers=(), **fields):
        n = next(seq)
        day = fields.pop("date", stockholm_today() + timedelta(days=30))
        values = {
            "slug": f"konferens-{n}",
            "title": f"Regional konferens {n}",
            "state": ConferenceState.PUBLISHED,
            "date": day,
            "start_time": time(9, 0),
            "end_time": time(16, 0),
            "venue_name": "Folkets hus",
            "street_address": "Storgatan 1",
            "town": "Sundsvall",
            "registration_deadline": day - timedelta(days=7),
            "cancellation_deadline": day - timedelta(days=7),
            "late_cancellation_fee_ore": 40000,
            "capacity": 100,
            "contact_name": "Kim Kontakt",
            "contact_email": "kontakt@example.org",
        }
        values.update(fields)
        conference = Conference(**values)
        conference.organisers.extend(organisers)
        db.session.add(conference)
        db.session.commit()
        return conference

    return make


@pytest.fixture
def make_registration(app):
    """Create a registration directly (not through the form)."""
    from okconf.registration.models import Registration, RegistrationStatus
    from okconf.vocabulary import OrganisationType, Party

    seq = itertools.count(1)

    def make(conference, **fields):
        n = next(seq)
        values = {
            "conference_id": conference.id,
            "first_name": f"Deltagare{n}",
            "last_name": "Testsson",
            "email": f"deltagare{n}@example.org",
            "phone": "070-123 45 67",
            "organisation_name": "Röda Korset Sundsvall",
            "party": Party.CIVIL_SOCIETY,
            "org_type": OrganisationType.CIVIL_SOCIETY_ORG,
            "status": RegistrationStatus.CONFIRMED,
        }
        values.update(fields)
        if values["status"] == RegistrationStatus.WAITING and "waiting_since" not in values:
            from okconf.db import utcnow

            values["waiting_since"] = utcnow()
        registration = Registration(**values)
        db.session.add(registration)
        db.session.commit()
        return registration

    return make
