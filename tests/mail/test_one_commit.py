"""The worker's one commit per mail: a mail's "sent" is committed with the next mail's attempt,
before that mail goes out. What makes it safe is checked where it matters, in the database as
the SMTP server sees it at each mail, and by killing a real worker in the middle of a send; and
what a batch reads once (okconf.mail.batch) reaches the next batch when it changes."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, update

from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.batch import once_per_batch, rendering_batch
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.services import send_due_mails
from tests.mail.conftest import ControlledHandler
from tests.mail.test_exactly_once import _mail, _wait_for

ROOT = Path(__file__).resolve().parents[2]


class Inspecting(ControlledHandler):
    """Reads the outbox (on a connection of its own) each time a mail arrives, before saying
    it was accepted: what the database says while that mail is in flight."""

    def __init__(self, url: str):
        super().__init__()
        self.engine = create_engine(url)
        self.seen: list[dict[str, tuple[str, int]]] = []

    async def handle_DATA(self, server, session, envelope):
        table = OutboxMail.__table__
        with self.engine.connect() as connection:
            rows = connection.execute(select(table.c.recipient, table.c.status, table.c.attempts))
            self.seen.append({r.recipient: (MailStatus(r.status), r.attempts) for r in rows})
        return await super().handle_DATA(server, session, envelope)


def test_each_mail_is_recorded_sent_before_the_next_goes_out(app, make_app, queue, controlled):
    """In one batch: when mail n reaches the server, mails 1 … n-1 are SENT in the database
    (committed: another connection sees them) and mail n's attempt is already counted."""
    handler = Inspecting(app.config["SQLALCHEMY_DATABASE_URI"])
    controlled.handler = handler  # aiosmtpd asks the controller's handler for each session
    recipients = [f"p{n}@example.org" for n in range(4)]
    for recipient in recipients:
        queue(recipient)
    db.session.commit()
    workers = make_app(MAIL_PORT=controlled.port)
    with workers.app_context():
        assert send_due_mails(limit=10) == {"sent": 4, "failed": 0}
    handler.engine.dispose()

    assert len(handler.seen) == 4
    for n, seen in enumerate(handler.seen):
        for before in recipients[:n]:
            assert seen[before] == (MailStatus.SENT, 1), (n, before)
        assert seen[recipients[n]] == (MailStatus.SENDING, 1), n  # counted before it went out
        for after in recipients[n + 1 :]:
            assert seen[after] == (MailStatus.SENDING, 0), (n, after)
    db.session.expire_all()
    assert {(m.status, m.attempts) for m in db.session.scalars(select(OutboxMail))} == {
        (MailStatus.SENT, 1)
    }


def test_a_killed_worker_sends_again_only_the_mail_it_had_in_flight(
    app, make_app, queue, controlled
):
    """`send-mail` in its own process is killed (SIGKILL) while the third mail of its batch is
    in flight. When the lease has run out, another worker sends what is left: the first two
    went out once, the third twice (the one at-least-once case), the rest once."""
    handler = controlled.handler_obj
    recipients = [f"k{n}@example.org" for n in range(5)]
    for recipient in recipients:
        queue(recipient)
    db.session.commit()
    arrived = []

    async def hold_the_third(server, session, envelope):
        arrived.append(envelope)
        if len(arrived) == 3:
            handler.held.set()
            while not handler.release.is_set():
                await asyncio.sleep(0.02)
        return "250 OK"

    handler.handle_DATA = hold_the_third
    env = {
        **os.environ,
        "OKCONF_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "OKCONF_SECRET_KEY": "test-secret-key-not-for-production",
        "OKCONF_MAIL_BACKEND": "smtp",
        "OKCONF_MAIL_SERVER": "127.0.0.1",
        "OKCONF_MAIL_PORT": str(controlled.port),
        "OKCONF_BASE_URL": "http://localhost",
        "OKCONF_ALLOW_HTTP_BASE_URL": "true",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "okconf", "okconf", "send-mail"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert handler.held.wait(60), "the worker never reached the third mail"
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    handler.release.set()
    assert _wait_for(lambda: len(arrived) == 3, 10)

    held = {m.recipient: m for m in db.session.scalars(select(OutboxMail))}
    db.session.expire_all()
    states = {r: (_mail(m.id).status, _mail(m.id).attempts) for r, m in held.items()}
    assert states == {
        "k0@example.org": (MailStatus.SENT, 1),
        "k1@example.org": (MailStatus.SENT, 1),
        "k2@example.org": (MailStatus.SENDING, 1),  # in flight: counted, not known to be sent
        "k3@example.org": (MailStatus.SENDING, 0),
        "k4@example.org": (MailStatus.SENDING, 0),
    }
    db.session.execute(  # the dead worker's lease runs out
        update(OutboxMail).values(lease_until=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()
    with make_app(MAIL_PORT=controlled.port).app_context():
        assert send_due_mails() == {"sent": 3, "failed": 0}
    assert sorted(rcpt for e in arrived for rcpt in e.rcpt_tos) == sorted(
        [*recipients, "k2@example.org"]
    )
    db.session.expire_all()
    assert {
        (m.recipient, m.status, m.attempts) for m in db.session.scalars(select(OutboxMail))
    } == {
        ("k0@example.org", MailStatus.SENT, 1),
        ("k1@example.org", MailStatus.SENT, 1),
        ("k2@example.org", MailStatus.SENT, 2),
        ("k3@example.org", MailStatus.SENT, 1),
        ("k4@example.org", MailStatus.SENT, 1),
    }


def test_a_value_is_read_once_per_batch_and_anew_in_the_next(app):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert once_per_batch("key", compute) == 1  # outside a batch: every time
    assert once_per_batch("key", compute) == 2
    with rendering_batch():
        assert once_per_batch("key", compute) == 3
        assert once_per_batch("key", compute) == 3
        assert once_per_batch("other", compute) == 4
    with rendering_batch():
        assert once_per_batch("key", compute) == 5


def test_an_edited_introduction_reaches_the_next_batch(app, make_conference, smtp):
    """The introduction is read once per batch: a batch sent after the edit has it."""
    from okconf.mailtexts import services as mailtexts
    from okconf.mailtexts.models import IntroducedMail
    from okconf.registration import services as registration
    from okconf.registration.services import ParticipantData
    from okconf.vocabulary import OrganisationType, Party

    conference = make_conference(title="Köping 2026")

    def register(n: int) -> None:
        data = ParticipantData(
            first_name=f"D{n}",
            last_name="E",
            email=f"d{n}@example.org",
            phone="",
            organisation_name="Föreningen",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
            locale="sv",
        )
        registration.register(conference, data)
        db.session.commit()

    mailtexts.save(conference, {IntroducedMail.CONFIRMATION: ("Första texten.", "")})
    register(1)
    register(2)
    db.session.commit()
    assert send_due_mails()["sent"] == 2
    mailtexts.save(conference, {IntroducedMail.CONFIRMATION: ("Andra texten.", "")})
    register(3)
    db.session.commit()
    assert send_due_mails()["sent"] == 1
    texts = {m["To"]: str(m.get_body(("plain",)).get_content()) for m in _parsed(smtp)}
    assert (
        "Första texten." in texts["d1@example.org"] and "Första texten." in texts["d2@example.org"]
    )
    assert "Andra texten." in texts["d3@example.org"]


def _parsed(smtp):
    import email
    import email.policy

    return [
        email.message_from_bytes(m.as_bytes(), policy=email.policy.default) for m in smtp.messages
    ]
