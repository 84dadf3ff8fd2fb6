"""What one registration says to the database, statement by statement, so it cannot grow back.

Counted with a SQLAlchemy event listener on the engine (every statement sent, in order). The
outbox's statements are left out: what the confirmation mail writes is the mail feature's
business (okconf/registration/mails.py), and it changes independently.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.registration import services
from okconf.vocabulary import Diet

OUTBOX = re.compile(r"\boutbox_\w+")


def shape(statement: str) -> str:
    """'INSERT registrations', 'SELECT conference_places', 'SAVEPOINT' ..."""
    words = statement.split()
    verb = words[0].upper()
    if verb in ("SAVEPOINT", "RELEASE", "BEGIN", "PRAGMA", "SET"):
        return " ".join(words[:2]) if verb == "RELEASE" else verb
    match = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", statement, re.IGNORECASE)
    return f"{verb} {match.group(1) if match else '?'}"


@pytest.fixture
def statements(app):
    """The statements the engine sends while the test registers, in order."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(db.engine, "before_cursor_execute", listen)


def register(conference_id: int, data, statements: list[str]) -> tuple[list[str], object]:
    """Register as the form does (the conference loaded first), commit; return the shapes."""
    db.session.expire_all()
    conference = db.session.get(Conference, conference_id)
    statements.clear()
    registration = services.register(conference, data)
    db.session.commit()
    return [shape(s) for s in statements if not OUTBOX.search(s)], registration


def test_one_registration_sends_only_what_it_needs(
    backend, make_conference, participant, statements
):
    conference = make_conference(capacity=10)
    # The first registration of this version of the conference reads what validation needs
    # of it (registration/formsetup.py), once per process; whether it has a participant list
    # or questions is the form's parts' business (asked when the form is built)
    first, _registration = register(
        conference.id, participant(email="forst@example.org"), statements
    )
    assert first[:3] == [
        "SELECT programme_items",
        "SELECT workshops",
        "SELECT reimbursement_rules",
    ]
    shapes, registration = register(
        conference.id, participant(diets=[Diet.GLUTEN_FREE]), statements
    )
    # nothing before the places (no invitation lookup: whether the conference has
    # invitations is kept with its version, and it has none); on SQLite the organisation's
    # match, on PostgreSQL the look ahead reads it
    if backend == "postgresql":
        assert shapes == [
            # no webhooks: whether the conference has any is kept with its version; where it
            # has, they are read here, before the lock (webhooks.services.prefetch)
            # the look ahead (the places as committed, the new id, the lock timeout, the
            # organisation of that name), then the registration as a queue place (its insert
            # takes no lock) and all that refers to it: its diets, the audit entry (and the
            # confirmation's outbox row, left out)
            "SELECT conference_places",
            "INSERT audit_entries",
            "INSERT registrations",
            "INSERT registration_diets",
            # under the lock: take_place (the places row locked, the status decided) and
            # the commit, sent together; nothing else, no savepoint
            "SELECT take_place",
        ]
    else:
        # SQLite: every write takes the database's write lock, so it is taken first
        assert shapes == [
            "SELECT organisations",
            "PRAGMA",
            "BEGIN",
            "SELECT conference_places",
            "INSERT registrations",
            "INSERT registration_diets",
            "INSERT audit_entries",
        ]
    assert registration.organisation_id is None
    # the organisation's match reads its id alone, not the row as an object
    (match,) = [s for s in statements if "FROM organisations" in s]
    if backend == "postgresql":
        assert "nextval(" in match and "FROM organisations WHERE lower(name)" in match
    else:
        assert match.split("FROM")[0].split() == ["SELECT", "organisations.id"]
    # no count(*) of the places, no lookups of rows a new registration cannot have, no
    # insert followed by an update of the same row
    sql = "\n".join(statements).lower()
    assert "count(" not in sql
    assert "update registrations" not in sql
    assert "savepoint" not in sql


def test_under_the_lock_only_the_insert_on_postgresql(
    backend, make_conference, participant, statements
):
    """Everything the statement listener sees after the places are locked, outbox included:
    nothing; take_place locked them and confirmed the registration, and the commit went with
    it, in one round trip."""
    if backend != "postgresql":
        pytest.skip("the look ahead before the lock is PostgreSQL's")
    conference = make_conference(capacity=10)
    register(conference.id, participant(), statements)
    register(conference.id, participant(), statements)  # the version's setup read already
    locked = next(i for i, s in enumerate(statements) if "take_place(" in s)
    assert statements[locked + 1 :] == []
    assert statements[locked].rstrip().endswith("; COMMIT")
    before = [shape(s) for s in statements[:locked]]
    assert before.count("INSERT outbox_mails") == 1 and before.count("INSERT registrations") == 1


def test_a_wrong_guess_before_the_lock_is_put_right_under_it(
    backend, make_conference, make_user, participant, statements, monkeypatch
):
    """The look ahead saw a free place, but others took it before the lock was granted: the
    registration waits, and its mail, audit entry and webhook delivery say so (written for a
    place before; on PostgreSQL take_place puts them right, with the commit sent with it)."""
    import json

    from okconf.accounts.models import Role
    from okconf.audit.models import AuditEntry
    from okconf.mail.models import OutboxMail
    from okconf.registration import locking
    from okconf.registration.models import Registration
    from okconf.webhooks import events
    from okconf.webhooks.models import Webhook, WebhookDelivery

    def delivered(registration) -> dict:
        """The registration as its registration.created delivery has it, and as it is."""
        delivery = db.session.scalars(
            db.select(WebhookDelivery).where(WebhookDelivery.registration_id == registration.id)
        ).one()
        db.session.expire_all()
        now = events.registration_part(db.session.get(Registration, registration.id))
        document = json.loads(delivery.payload)
        # the body keeps events.body's compact form and order, as every other delivery's
        assert delivery.payload == json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        return document["registration"], now

    conference = make_conference(capacity=1)
    db.session.add(
        Webhook(
            owner_id=make_user(role=Role.ADMIN).id,
            url="https://example.org/hook",
            events=["registration.created"],
            secret="whsec_test",
            active=True,
        )
    )
    db.session.commit()
    register(conference.id, participant(email="forst@example.org"), statements)
    real = locking.look_ahead

    def stale(conference_id, *args):
        ahead = real(conference_id, *args)
        return ahead and ahead._replace(places=locking.Places(1, 0))

    monkeypatch.setattr(locking, "look_ahead", stale)
    _shapes, second = register(conference.id, participant(email="andra@example.org"), statements)
    assert second.status.value == "waiting"
    mail = db.session.scalars(
        db.select(OutboxMail).where(OutboxMail.recipient == "andra@example.org")
    ).one()
    assert mail.subject.startswith(("Väntelista", "Waiting list"))
    assert mail.params["qr"] is False and mail.params["context"]["position"] == 1
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_id == second.id)).one()
    assert entry.details["status"] == "waiting"
    said, now = delivered(second)
    assert now["status"] == "waiting" and now["waiting_since"] is not None
    assert said == now  # the status and the time it joined the queue, as Python writes them
    # and the other way: the look ahead saw the queue, but a place was freed
    monkeypatch.setattr(
        locking,
        "look_ahead",
        lambda cid, *args: (a := real(cid, *args)) and a._replace(places=locking.Places(1, 1)),
    )
    db.session.execute(
        db.update(conference.__class__)
        .where(conference.__class__.id == conference.id)
        .values(capacity=5)
    )
    db.session.commit()
    _shapes, third = register(conference.id, participant(email="tredje@example.org"), statements)
    assert third.status.value == "confirmed"
    mail = db.session.scalars(
        db.select(OutboxMail).where(OutboxMail.recipient == "tredje@example.org")
    ).one()
    assert mail.params["qr"] is True and mail.params["context"]["position"] is None
    assert mail.subject.startswith(("Anmälan bekräftad", "Registration confirmed"))
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.object_id == third.id)).one()
    assert entry.details["status"] == "confirmed"
    said, now = delivered(third)
    assert now["status"] == "confirmed" and now["waiting_since"] is None
    assert said == now


def test_a_matched_organisation_and_wishes_add_only_their_inserts(
    make_conference, make_organisation, participant, statements
):
    from okconf.conferences.models import Workshop

    organisation = make_organisation("Föreningen Gemenskap")
    conference = make_conference(capacity=10)
    workshop = Workshop(conference_id=conference.id, title="Språk")
    db.session.add(workshop)
    db.session.commit()
    shapes, registration = register(
        conference.id, participant(workshop_wishes={"0": [workshop.id]}), statements
    )
    assert registration.organisation_id == organisation.id
    inserts = [s for s in shapes if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    # (the audit entry comes before the lock on PostgreSQL, after it on SQLite)
    assert sorted(inserts) == [
        "INSERT audit_entries",
        "INSERT registrations",
        "INSERT workshop_preferences",
    ]
    assert not any(s.startswith("SELECT workshop_preferences") for s in shapes)


def test_the_waiting_list_adds_only_the_position(backend, make_conference, participant, statements):
    conference = make_conference(capacity=0)
    shapes, registration = register(conference.id, participant(), statements)
    # the queue position for the mail is the one count left, and only for the waiting list;
    # on PostgreSQL take_place counts it under the lock, in the same round trip
    assert shapes.count("SELECT registrations") == (0 if backend == "postgresql" else 1)
    if backend == "postgresql":
        locked = next(i for i, s in enumerate(statements) if "take_place(" in s)
        assert statements[locked + 1 :] == []
    assert registration.status.value == "waiting"


def test_the_benchmark_hook_times_the_lock_until_the_commit(
    backend, make_conference, participant, monkeypatch
):
    """locking.lock_held (the benchmark's sink) hears once per registration, when it has
    committed: on PostgreSQL from the grant inside take_place to the end of the commit sent
    with it (both on the database's clock), with the moment the worker read the answer."""
    from okconf.registration import locking

    heard: list[tuple] = []
    monkeypatch.setattr(
        locking, "lock_held", lambda wall, cpu, seen=None: heard.append((wall, cpu, seen))
    )
    conference = make_conference(capacity=10)
    services.register(conference, participant())
    assert len(heard) == 1 and heard[0][0] > 0 and heard[0][1] >= 0
    if backend == "postgresql":
        # the commit's flush is part of the time held; the answer comes after the release
        assert heard[0][2] is not None and heard[0][2] > 0
    services.register(conference, participant())
    db.session.commit()  # (nothing left to commit: register() did)
    assert len(heard) == 2


def test_a_webhook_is_read_before_the_lock_and_still_gets_the_event(
    backend, make_conference, make_user, participant, statements
):
    """With a hook that wants registration.created, the hooks are read before the lock (the
    look ahead's signal), and their delivery is written in the same transaction: on
    PostgreSQL before the lock too."""
    from okconf.accounts.models import Role
    from okconf.webhooks.models import Webhook, WebhookDelivery

    owner = make_user(role=Role.ADMIN)
    conference = make_conference(capacity=10)
    db.session.add(
        Webhook(
            owner_id=owner.id,
            url="https://example.org/hook",
            events=["registration.created"],
            secret="whsec_test",
            active=True,
        )
    )
    db.session.commit()
    _shapes, registration = register(conference.id, participant(), statements)
    sent = list(statements)  # (before this test's own reads)
    delivery = db.session.scalars(
        db.select(WebhookDelivery).where(WebhookDelivery.registration_id == registration.id)
    ).one()
    assert delivery.event == "registration.created"
    if backend == "postgresql":
        # written before the lock too, for the status guessed (take_place puts it right)
        locked = next(i for i, s in enumerate(sent) if "take_place(" in s)
        assert sent[locked + 1 :] == []
        assert "INSERT webhook_deliveries" in [shape(s) for s in sent[:locked]]
    # a read ahead is used once: the next transaction reads the hooks again
    assert "okconf_webhooks_prefetched" not in db.session.info
