"""The outbox's record stays true when workers race, outlive their leases, lose the SMTP server
or the database, or meet a permanent refusal: each case reproduced with a real aiosmtpd server
(a handler that can hold a mail in flight, or refuse recipients) and real workers."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.mail.services import send_due_mails
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def _mail(mail_id: int) -> OutboxMail:
    db.session.expire_all()
    return db.session.get(OutboxMail, mail_id)


def _in_thread(worker_app, name: str):
    """Run one send_due_mails in a thread (a second worker); (thread, results, errors)."""
    results, errors = [], []

    def run():
        try:
            with worker_app.app_context():
                results.append(send_due_mails(worker=name))
                db.session.remove()
        except Exception as error:  # reported by the test
            errors.append(error)

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, results, errors


def test_a_worker_that_outlived_its_lease_neither_marks_nor_miscounts(
    make_app, queue, controlled, caplog
):
    """A lease shorter than one send: the second worker sends the mail again (the one
    at-least-once case), the first one's late "sent" changes nothing and is logged, and the
    attempts show both sends."""
    handler = controlled.handler_obj
    handler.hold_first = True
    first, second = queue("first@example.org"), queue("second@example.org")
    db.session.commit()
    workers = make_app(MAIL_PORT=controlled.port, OUTBOX_LEASE_SECONDS=1)

    with caplog.at_level("WARNING", logger="okconf.mail"):
        thread, results_a, errors = _in_thread(workers, "A")
        assert handler.held.wait(20), "worker A never reached the SMTP server"
        time.sleep(1.3)  # A's leases (on both mails) run out while the first is in flight
        with workers.app_context():
            assert send_due_mails(worker="B") == {"sent": 2, "failed": 0}
        handler.release.set()
        thread.join(30)
    assert not errors and results_a == [{"sent": 1, "failed": 0}]

    assert handler.recipients() == ["first@example.org", "first@example.org", "second@example.org"]
    held_twice, once = _mail(first.id), _mail(second.id)
    assert held_twice.status is MailStatus.SENT and held_twice.attempts == 2
    assert once.status is MailStatus.SENT and once.attempts == 1  # A never sent it: lease lost
    assert held_twice.lease_token is None and once.lease_token is None
    assert any(
        "lease had passed to another worker; not marked sent" in r.getMessage()
        for r in caplog.records
    )
    with workers.app_context():
        assert send_due_mails() == {"sent": 0, "failed": 0}
    assert len(handler.messages) == 3


def test_a_failed_reconnect_leaves_alone_the_mails_another_worker_sent(make_app, queue, controlled):
    """Worker A holds a batch, loses it to B, then loses the server: its failure bookkeeping
    must not put B's sent mails back to waiting (they would go out a second time)."""
    handler = controlled.handler_obj
    handler.hold_first = True
    first, second = queue("first@example.org"), queue("second@example.org")
    db.session.commit()
    workers = make_app(MAIL_PORT=controlled.port, OUTBOX_LEASE_SECONDS=1)

    thread, results_a, errors = _in_thread(workers, "A")
    assert handler.held.wait(20)
    time.sleep(1.3)
    with workers.app_context():
        assert send_due_mails(worker="B") == {"sent": 2, "failed": 0}
    controlled.stop()  # A's send breaks off and its reconnect for the second mail fails
    thread.join(30)
    assert not errors and results_a == [{"sent": 0, "failed": 0}]

    assert handler.recipients() == ["first@example.org", "second@example.org"]
    for mail_id in (first.id, second.id):
        mail = _mail(mail_id)
        assert mail.status is MailStatus.SENT and mail.last_error is None
    assert _mail(second.id).attempts == 1
    assert _mail(first.id).attempts == 2  # A's broken-off attempt counted, B's too


def test_a_permanent_refusal_stops_after_the_configured_tries(
    make_app, queue, controlled, make_user, login
):
    handler = controlled.handler_obj
    handler.refuse = {
        "gone@example.org": "550 5.1.1 Mailbox unavailable",
        "full@example.org": "452 4.2.2 Mailbox full, try later",
    }
    gone, full = queue("gone@example.org"), queue("full@example.org")
    good = queue("good@example.org")
    db.session.commit()
    workers = make_app(MAIL_PORT=controlled.port, OUTBOX_MAX_REFUSALS=3)

    def run_when_due():
        db.session.execute(
            OutboxMail.__table__.update()
            .where(OutboxMail.status == MailStatus.PENDING)
            .values(next_attempt_at=utcnow() - timedelta(seconds=1))
        )
        db.session.commit()
        with workers.app_context():
            return send_due_mails()

    assert run_when_due() == {"sent": 1, "failed": 2}
    assert run_when_due() == {"sent": 0, "failed": 2}
    assert _mail(gone.id).status is MailStatus.PENDING
    assert run_when_due() == {"sent": 0, "failed": 2}
    refused = _mail(gone.id)
    assert refused.status is MailStatus.FAILED and refused.attempts == 3
    assert "550" in refused.last_error and refused.lease_token is None
    assert run_when_due() == {"sent": 0, "failed": 1}  # only the full mailbox is tried again
    waiting = _mail(full.id)
    assert waiting.status is MailStatus.PENDING and waiting.attempts == 4  # 4xx: not permanent
    assert handler.recipients() == ["good@example.org"]
    assert _mail(good.id).status is MailStatus.SENT

    # Shown to admins, who may try once more (e.g. after the address was fixed).
    client = workers.test_client()
    login(make_user("admin"), the_client=client)
    page = client.get("/staff/admin/utkorg/?status=failed").get_data(as_text=True)
    assert "gone@example.org" in page and "Failed (1)" in page and "Retry now" in page
    assert client.post(f"/staff/admin/utkorg/{gone.id}/retry").status_code == 302
    assert _mail(gone.id).status is MailStatus.PENDING
    handler.refuse.pop("gone@example.org")
    with workers.app_context():
        assert send_due_mails()["sent"] == 1
    assert "gone@example.org" in handler.recipients()


class Proxy:
    """A TCP proxy on loopback that can be cut (every connection closed, new ones refused) and
    restored: the database going away and coming back, as a worker sees it."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        with contextlib.suppress(OSError):  # wakes the accept() thread; close alone would not
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                    sock.close()
            self.sockets.clear()


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_loop_survives_a_lost_database(app, backend, queue, smtp, tmp_path):
    """`send-mail --loop` against PostgreSQL through a proxy that is cut and restored."""
    if backend != "postgresql":
        pytest.skip("a database server that goes away is a PostgreSQL matter")
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    proxy = Proxy(url.port or 5432)
    proxy.start()
    env = {
        **os.environ,
        "OKCONF_DATABASE_URL": url.set(port=proxy.port).render_as_string(hide_password=False),
        "OKCONF_SECRET_KEY": "test-secret-key-not-for-production",
        "OKCONF_MAIL_BACKEND": "smtp",
        "OKCONF_MAIL_SERVER": "127.0.0.1",
        "OKCONF_MAIL_PORT": str(smtp.port),
        "OKCONF_BASE_URL": "http://localhost",
        "OKCONF_ALLOW_HTTP_BASE_URL": "true",
        "OKCONF_SQLALCHEMY_ENGINE_OPTIONS": '{"pool_pre_ping": true, "connect_args": '
        '{"connect_timeout": 2}}',
    }
    stderr = (tmp_path / "worker.err").open("w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flask",
            "--app",
            "okconf",
            "okconf",
            "send-mail",
            "--loop",
            "--interval",
            "0.3",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )
    try:
        before = queue("before@example.org")
        db.session.commit()
        assert _wait_for(lambda: _mail(before.id).status is MailStatus.SENT, 60), "nothing sent"
        proxy.cut()  # (cut between a send and its record, the mail would go out again later)
        queue("during@example.org")
        db.session.commit()
        assert _wait_for(lambda: "retrying" in Path(stderr.name).read_text(), 20), Path(
            stderr.name
        ).read_text()
        assert worker.poll() is None  # still running
        proxy.start()  # the database is back, at the same address
        assert _wait_for(lambda: len(smtp.messages) == 2, 30), Path(stderr.name).read_text()
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(10)
        proxy.cut()
    assert sorted(m["To"] for m in smtp.messages) == ["before@example.org", "during@example.org"]
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(select(OutboxMail))} == {MailStatus.SENT}
