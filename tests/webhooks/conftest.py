"""A real HTTP receiver on loopback, and apps that may call it."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from okconf.extensions import db


@dataclass
class Receiver:
    """What the receiving system saw: every request, and what it accepted."""

    port: int = 0
    fail_first: int = 0  # answer 500 to this many requests, then 200
    always_fail: bool = False
    secret: str = ""
    requests: list[dict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/okconf/hook"

    @property
    def accepted(self) -> list[dict]:
        return [r for r in self.requests if r["answer"] == 200]

    def verify(self, request: dict, tolerance: int = 300) -> bool:
        """What the README tells a receiver to do: HMAC over "<timestamp>.<body>", a fresh
        timestamp, a constant-time comparison."""
        timestamp = request["headers"]["Okconf-Timestamp"]
        if abs(time.time() - int(timestamp)) > tolerance:
            return False
        expected = hmac.new(
            self.secret.encode(), timestamp.encode() + b"." + request["raw"], hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest("v1=" + expected, request["headers"]["Okconf-Signature"])


@pytest.fixture
def receiver():
    """An http.server on 127.0.0.1 in a thread; fails the first `fail_first` requests."""
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with state.lock:
                failing = state.always_fail or len(state.requests) < state.fail_first
                answer = 500 if failing else 200
                state.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers.items()),
                        "raw": raw,
                        "body": json.loads(raw),
                        "answer": answer,
                    }
                )
            reply = b"temporarily broken" if failing else b'{"ok":true}'
            self.send_response(answer)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def app(make_app):
    """The app, with loopback webhooks allowed."""
    from tests.conftest import empty_all_tables

    application = make_app(WEBHOOK_ALLOW_LOOPBACK=True)
    with application.app_context():
        yield application
        db.session.rollback()
        empty_all_tables()
        db.session.remove()


class Clock:
    """The worker's view of the database clock, moved forward by the test instead of sleeping."""

    def __init__(self, monkeypatch):
        from okconf.mail.services import db_now

        self.offset = 0.0
        self._real = db_now
        monkeypatch.setattr("okconf.webhooks.sender.db_now", self.now)

    def now(self):
        from datetime import timedelta

        return self._real() + timedelta(seconds=self.offset)

    def forward(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture
def clock(monkeypatch):
    """Move the worker's clock forward with clock.forward(seconds)."""
    return Clock(monkeypatch)
