"""More than one server, as the README's production section runs it: two gunicorn instances on
their own ports (as two machines would be) and two mail workers, against one PostgreSQL and
one Redis, all on loopback. Concurrent registrations and cancellations (which promote from the
waiting list) go through both instances; then nothing is oversold, every mail reaches the real
SMTP server exactly once, and a rate limit counts across both instances."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from email.header import decode_header, make_header
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from sqlalchemy import func, select

from okconf.extensions import db
from tests.conftest import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
CAPACITY = 5
PEOPLE = 14


class Visitor:
    """One person's browser: keeps cookies, fetches forms, posts them with their CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def submit(self, path: str, data: dict) -> tuple[int, str]:
        """Fetch the form and send it; once more after a "busy, try again" (503), as a person
        would (the capacity lock's timeout can pass on a loaded machine)."""
        for _attempt in range(2):
            status, page = self.request(path)
            assert status == 200, (path, status, page[:300])
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
            status, page = self.request(path, {**data, "csrf_token": token})
            if status != 503:
                break
        return status, page


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


@pytest.fixture
def servers(app, backend, smtp, tmp_path, request):
    """Two gunicorn instances and two mail workers on this test's PostgreSQL database, with
    their rate limits in Redis under this test run's own key prefix (tests/conftest.py)."""
    if backend != "postgresql":
        pytest.skip("several servers share one PostgreSQL (SQLite is one machine's file)")
    redis_limits = request.getfixturevalue("redis_limits")
    env = {
        **os.environ,
        "OKCONF_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "OKCONF_SECRET_KEY": app.config["SECRET_KEY"],
        "OKCONF_BASE_URL": "http://127.0.0.1",
        "OKCONF_ALLOW_HTTP_BASE_URL": "true",
        "OKCONF_REDIS_URL": redis_limits.url,
        "OKCONF_RATELIMIT_KEY_PREFIX": redis_limits.prefix,
        "OKCONF_MAIL_BACKEND": "smtp",
        "OKCONF_MAIL_SERVER": "127.0.0.1",
        "OKCONF_MAIL_PORT": str(smtp.port),
        "OKCONF_UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }
    ports = [free_port(), free_port()]
    commands = [
        # sync workers, as the production section runs them (-w 4 there; 2 on the test's cores)
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"]
        for port in ports
    ] + [
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
            "0.2",
        ]
    ] * 2
    logs, processes = [], []
    for n, command in enumerate(commands):
        logs.append((tmp_path / f"process{n}.log").open("w+"))
        processes.append(
            subprocess.Popen(command, cwd=ROOT, env=env, stdout=logs[-1], stderr=logs[-1])
        )
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_for(lambda base=base: _answers(base + "/healthz"), 60, f"{base}/healthz")
        yield bases
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; ends the workers too
        for process in processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        for n, log in enumerate(logs):
            log.seek(0)
            print(f"--- process {n}: {commands[n][2:5]}\n{log.read()[-3000:]}")


def test_two_servers_and_two_mail_workers(app, servers, make_conference, smtp, redis_limits):
    from okconf.mail.models import MailStatus, OutboxMail
    from okconf.registration.mails import personal_token
    from okconf.registration.models import Registration, RegistrationStatus

    conference = make_conference(capacity=CAPACITY)
    form = f"/konferens/{conference.slug}/anmalan"

    def register(n: int) -> int:
        visitor = Visitor(servers[n % 2])
        status, _page = visitor.submit(
            form,
            {
                "first_name": f"Person{n}",
                "last_name": "Exempelsson",
                "email": f"person{n}@example.org",
                "phone": "070-123 45 67",
                "organisation_name": "Föreningen Gemenskap",
                "party": "civil_society",
                "org_type": "civil_society_org",
                "consent": "y",
            },
        )
        return status

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(register, range(PEOPLE))) == [200] * PEOPLE

    def by_status(status) -> list[Registration]:
        db.session.expire_all()
        return db.session.scalars(
            select(Registration)
            .where(Registration.conference_id == conference.id, Registration.status == status)
            .order_by(Registration.waiting_since, Registration.id)
        ).all()

    confirmed, waiting = (
        by_status(RegistrationStatus.CONFIRMED),
        by_status(RegistrationStatus.WAITING),
    )
    assert (len(confirmed), len(waiting)) == (CAPACITY, PEOPLE - CAPACITY)

    # Three confirmed and two queued cancel at once, through both instances: the first three
    # still waiting move up.
    leaving = confirmed[:3] + waiting[-2:]
    moving_up = {r.id for r in waiting[:3]}
    tokens = [personal_token(r) for r in leaving]

    def cancel(n: int) -> int:
        visitor = Visitor(servers[n % 2])
        return visitor.submit(f"/anmalan/{tokens[n]}/avanmal", {})[0]

    with ThreadPoolExecutor(5) as pool:
        assert list(pool.map(cancel, range(len(leaving)))) == [200] * len(leaving)
    now_confirmed = by_status(RegistrationStatus.CONFIRMED)
    assert len(now_confirmed) == CAPACITY  # 0 oversold, no place left empty
    assert moving_up <= {r.id for r in now_confirmed}
    assert len(by_status(RegistrationStatus.CANCELLED)) == len(leaving)

    # One rate limit across both instances: 5 lost-link requests a minute from one address.
    answers = [
        Visitor(servers[n % 2]).submit("/anmalan/ny-lank", {"email": f"nobody{n}@example.org"})[0]
        for n in range(6)
    ]
    assert answers == [200] * 5 + [429]
    assert redis_limits.keys()  # counted under this run's prefix, apart from other runs

    # Every mail the outbox holds reaches the SMTP server exactly once.
    expected = PEOPLE + len(leaving) + len(moving_up)  # confirmations, receipts, promotions

    def delivered() -> bool:
        db.session.expire_all()
        pending = db.session.scalar(
            select(func.count()).select_from(OutboxMail).where(OutboxMail.status != MailStatus.SENT)
        )
        return pending == 0 and len(smtp.messages) >= expected

    _wait_for(delivered, 40, "the mail workers to deliver the outbox")
    time.sleep(1)  # a duplicate would arrive now
    mails = db.session.scalars(select(OutboxMail)).all()
    assert len(mails) == expected
    assert {m.attempts for m in mails} == {1}
    assert Counter((m["To"], _subject(m)) for m in smtp.messages) == Counter(
        (m.recipient, m.subject) for m in mails
    )
    assert len(smtp.messages) == expected
