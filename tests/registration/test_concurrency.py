"""Never more confirmed places than capacity, even when many register at the same moment.

Each thread has its own app context, session and database connection, and they wait on a
barrier so that they send their registrations together. The control test switches the lock
off and shows that the same race then oversells (PostgreSQL), so the lock is what holds.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.registration import locking, services
from okconf.registration.models import RegistrationStatus
from okconf.registration.rules import ParticipantData
from okconf.vocabulary import OrganisationType, Party

PEOPLE = 20
CAPACITY = 5
POOL = {"pool_size": PEOPLE + 5, "max_overflow": 0, "pool_pre_ping": True}


def _data(n: int) -> ParticipantData:
    return ParticipantData(
        first_name=f"Samtidig{n}",
        last_name="Exempel",
        email=f"samtidig{n}@example.org",
        phone="070-123 45 67",
        organisation_name="Föreningen Kö",
        party=Party.CIVIL_SOCIETY,
        org_type=OrganisationType.CIVIL_SOCIETY_ORG,
    )


def race(application, conference_id: int, people: int = PEOPLE) -> tuple[Counter, list]:
    """Register `people` at once from as many threads; return their statuses and errors."""
    barrier = threading.Barrier(people)
    statuses: Counter = Counter()
    errors: list = []
    guard = threading.Lock()

    def worker(n: int):
        with application.app_context():
            try:
                conference = db.session.get(Conference, conference_id)
                db.session.commit()  # start the race from a clean transaction, like a request
                barrier.wait(timeout=30)
                registration = services.register(conference, _data(n))
                db.session.commit()
                with guard:
                    statuses[registration.status] += 1
            except Exception as error:
                db.session.rollback()
                with guard:
                    errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses, errors


@pytest.fixture
def slow_count():
    """Widen the window between the live count and the insert."""
    locking.after_count_hook = lambda: time.sleep(0.05)
    yield
    locking.after_count_hook = None


def _counts(conference_id: int) -> Counter:
    rows = db.session.execute(
        text("SELECT status, count(*) FROM registrations WHERE conference_id = :c GROUP BY status"),
        {"c": conference_id},
    ).all()
    return Counter({RegistrationStatus(s): n for s, n in rows})


def test_concurrent_registrations_never_oversell(make_app, make_conference):
    conference = make_conference(capacity=CAPACITY)
    racing = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL)
    statuses, errors = race(racing, conference.id)
    assert errors == []
    assert statuses == {RegistrationStatus.CONFIRMED: CAPACITY, RegistrationStatus.WAITING: 15}
    assert _counts(conference.id) == statuses


def test_each_queue_place_is_told_its_own_position(make_app, make_conference):
    """The confirmations of a race's queue places say 1, 2, 3 ... in the queue's order, each
    once: the position is counted under the lock (on PostgreSQL by take_place, which writes
    it into the mail written before the lock for a guessed position)."""
    from okconf.mail.models import OutboxMail
    from okconf.registration.models import Registration

    conference = make_conference(capacity=CAPACITY)
    racing = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL)
    statuses, errors = race(racing, conference.id, people=12)
    assert errors == [] and statuses[RegistrationStatus.CONFIRMED] == CAPACITY
    queue = db.session.scalars(
        db.select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.WAITING,
        )
        .order_by(Registration.waiting_since, Registration.id)
    ).all()
    told = {
        mail.recipient: mail.params["context"]["position"]
        for mail in db.session.scalars(
            db.select(OutboxMail).where(
                OutboxMail.kind == "confirmation",
                OutboxMail.recipient.in_([r.email for r in queue]),
            )
        )
    }
    assert [told[r.email] for r in queue] == list(range(1, 12 - CAPACITY + 1))


def test_the_lock_holds_even_with_a_wide_race_window(make_app, make_conference, slow_count):
    """On PostgreSQL the window is between the look ahead (the places as last committed) and
    take_place: most guesses are wrong, and each mail and audit entry must still say the
    status the registration got."""
    from okconf.audit.models import AuditEntry
    from okconf.mail.models import OutboxMail
    from okconf.registration.models import Registration

    conference = make_conference(capacity=CAPACITY)
    racing = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL)
    statuses, errors = race(racing, conference.id, people=12)
    assert errors == []
    assert statuses[RegistrationStatus.CONFIRMED] == CAPACITY
    assert _counts(conference.id)[RegistrationStatus.CONFIRMED] == CAPACITY
    registrations = db.session.scalars(
        db.select(Registration).where(Registration.conference_id == conference.id)
    ).all()
    mails = {
        mail.recipient: mail
        for mail in db.session.scalars(
            db.select(OutboxMail).where(OutboxMail.kind == "confirmation")
        )
    }
    entries = {
        entry.object_id: entry
        for entry in db.session.scalars(
            db.select(AuditEntry).where(AuditEntry.action == "registration.created")
        )
    }
    for registration in registrations:
        confirmed = registration.status is RegistrationStatus.CONFIRMED
        mail = mails[registration.email]
        assert mail.params["qr"] is confirmed
        assert (mail.params["context"]["position"] is None) is confirmed
        assert entries[registration.id].details["status"] == registration.status.value


def test_control_without_the_lock_the_race_oversells(
    backend, make_app, make_conference, slow_count
):
    if backend != "postgresql":
        pytest.skip("the unlocked race is shown on PostgreSQL (SQLite's writers fail instead)")
    conference = make_conference(capacity=CAPACITY)
    racing = make_app(SQLALCHEMY_ENGINE_OPTIONS=POOL, REGISTRATION_CAPACITY_LOCK=False)
    statuses, errors = race(racing, conference.id)
    assert errors == []
    assert statuses[RegistrationStatus.CONFIRMED] > CAPACITY
    assert _counts(conference.id)[RegistrationStatus.CONFIRMED] > CAPACITY


@pytest.fixture
def lock_held_elsewhere(backend, app, make_conference):
    """A conference whose places another connection has locked (and keeps locked)."""
    conference = make_conference(capacity=CAPACITY)
    url = db.engine.url
    if backend == "postgresql":
        engine = create_engine(url)
        connection = engine.connect()
        connection.execute(
            text("SELECT 1 FROM conference_places WHERE conference_id = :id FOR NO KEY UPDATE"),
            {"id": conference.id},
        )
        yield conference
        connection.rollback()
        connection.close()
        engine.dispose()
    else:
        connection = sqlite3.connect(url.database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        yield conference
        connection.rollback()
        connection.close()


def test_lock_timeout_is_a_readable_error(make_app, lock_held_elsewhere):
    waiting = make_app(REGISTRATION_LOCK_TIMEOUT_MS=200)
    with waiting.app_context():
        conference = db.session.get(Conference, lock_held_elsewhere.id)
        started = time.monotonic()
        with pytest.raises(locking.Busy) as caught:
            services.register(conference, _data(1))
        db.session.rollback()
        assert time.monotonic() - started < 3
        assert caught.value.message == locking.busy_error().message


def test_lock_timeout_in_the_form_is_not_a_500(make_app, lock_held_elsewhere, form_data):
    waiting = make_app(REGISTRATION_LOCK_TIMEOUT_MS=200)
    client = waiting.test_client()
    client.get("/language/en")
    response = client.post(f"/konferens/{lock_held_elsewhere.slug}/anmalan", data=form_data())
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "Many people are registering right now" in page
    assert 'value="alva@example.org"' in page


def test_postgresql_lock_refuses_a_stale_snapshot(backend, make_app, make_conference):
    if backend != "postgresql":
        pytest.skip("isolation levels are PostgreSQL's")
    conference = make_conference(capacity=CAPACITY)
    strict = make_app(SQLALCHEMY_ENGINE_OPTIONS={"isolation_level": "REPEATABLE READ"})
    with strict.app_context():
        conference = db.session.get(Conference, conference.id)
        with pytest.raises(RuntimeError, match="READ COMMITTED"):
            services.register(conference, _data(1))
        db.session.rollback()


def test_the_default_engine_runs_read_committed(backend, app):
    if backend != "postgresql":
        pytest.skip("isolation levels are PostgreSQL's")
    level = db.session.execute(text("SELECT current_setting('transaction_isolation')")).scalar()
    assert level == "read committed"


def test_organisers_edit_the_conference_while_a_registration_holds_the_lock(
    backend, app, make_app, make_conference
):
    """The lock is on the conference's places row, not on the conference: an organiser's
    edit of the conference completes at once while its places are locked (as take_place
    locks them for a registration, or a cancellation to give the freed place on); only a
    capacity change (a change of places) waits for it."""
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time, by design")
    conference = make_conference(capacity=CAPACITY)
    holder = make_app()
    engine = create_engine(db.engine.url)
    try:
        with holder.app_context():
            mine = db.session.get(Conference, conference.id)
            registration = services.register(mine, _data(1))  # (committed)
            assert registration.status is RegistrationStatus.CONFIRMED
            locking.lock_conference(mine.id)  # FOR NO KEY UPDATE, as take_place's; held
            with engine.connect() as organiser:
                organiser.execute(text("SET lock_timeout = '2s'"))
                started = time.monotonic()
                organiser.execute(
                    text(
                        "UPDATE conferences SET title = 'Ny titel', town = 'Boden' WHERE id = :id"
                    ),
                    {"id": conference.id},
                )
                organiser.commit()
                assert time.monotonic() - started < 1
            with engine.connect() as organiser:
                organiser.execute(text("SET lock_timeout = '300ms'"))
                with pytest.raises(OperationalError, match="lock timeout"):
                    organiser.execute(
                        text("UPDATE conferences SET capacity = 9 WHERE id = :id"),
                        {"id": conference.id},
                    )
                organiser.rollback()
            db.session.commit()
    finally:
        engine.dispose()
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).title == "Ny titel"
    assert _counts(conference.id) == {RegistrationStatus.CONFIRMED: 1}
