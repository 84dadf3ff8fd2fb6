"""Registration throughput on PostgreSQL under gunicorn (issue 4, item 10).

A conference of 2,000 places; 50 client threads register 5,000 distinct people at once, and
then send the same number of requests to a bare endpoint that only inserts one row, in the
same run against the same server. Printed: registrations per second, p50 and p95 latency of
each, the ratio registration/bare (the figure we track), and oversold = confirmed - capacity,
which must be 0.

What is measured: when the registration feature's public form (endpoint
`registration.register`, `/konferens/<slug>/anmalan`) exists, each client first GETs the form
once (session cookie and CSRF token, not timed) and then POSTs the real form for every person:
validation, the capacity lock, the duplicate check, the outbox mail with its calendar file.
Without that feature (this branch alone), clients POST to `/bench/register/<id>`, which applies
the same locked capacity rule (benchmarks.server.locked_register); the output says which.

Everything runs on loopback; every loop is bounded. `--quick` registers 1,000 people on 400
places with 20 clients. Needs OKCONF_BENCH_DATABASE_URL or the local okconf_bench database.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks._attendees import (
    Timer,
    database_url,
    ensure_database,
    free_port,
    make_app,
    make_conference,
    percentile,
    print_table,
)

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    """One keep-alive HTTP connection with its own cookies."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookie = ""

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Cookie": self.cookie} if self.cookie else {}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            self.cookie = value.split(";", 1)[0]
        return response.status, payload


def person(n: int) -> dict:
    """The form fields of the n-th invented person."""
    return {
        "first_name": f"Bänk{n}",
        "last_name": "Testsson",
        "email": f"bench{n}@example.org",
        "phone": "070-123 45 67",
        "organisation_name": f"Föreningen {n % 300}",
        "party": "civil_society",
        "org_type": "civil_society_org",
        "consent": "y",
    }


def run_load(port: int, paths, people: int, clients: int, prepare=None, ok=200):
    """Send `people` POSTs from `clients` threads; return (seconds, latencies, failures).

    A response other than `ok` is a failure (the real form answers a success with a
    redirect, and a form with errors with 200).
    """
    latencies: list[float] = []
    failures: list[int] = []
    lock = threading.Lock()
    counter = iter(range(people))

    def worker():
        client = Client(port)
        extra = prepare(client) if prepare else {}
        mine, bad = [], []
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            start = time.perf_counter()
            status, _ = client.request("POST", paths, {**person(n), **extra})
            mine.append(time.perf_counter() - start)
            if status != ok:
                bad.append(status)
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    with Timer() as timer:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=600)
    return timer.seconds, latencies, failures


def form_prepare(slug: str):
    """Each client gets its session and CSRF token from the form page once (not timed)."""

    def prepare(client: Client) -> dict:
        _status, page = client.request("GET", f"/konferens/{slug}/anmalan")
        match = CSRF_RE.search(page.decode("utf-8", "replace"))
        return {"csrf_token": match.group(1)} if match else {}

    return prepare


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    """gunicorn with the benchmark's own app (its endpoints) on loopback, rate limits off."""
    env = dict(
        os.environ,
        OKCONF_DATABASE_URL=url,
        OKCONF_ALLOW_HTTP_BASE_URL="true",
        OKCONF_RATELIMIT_ENABLED="false",
        OKCONF_SECRET_KEY="benchmark-secret-key",
        OKCONF_MAIL_BACKEND="log",
        OKCONF_BASE_URL=f"http://127.0.0.1:{port}",
    )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "benchmarks.server:create_bench_app()",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _ = Client(port).request("GET", "/healthz")
            if status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before it served /healthz")
        time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table; non-zero when places were oversold."""
    quick = "--quick" in argv
    people, capacity, clients = (1000, 400, 20) if quick else (5000, 2000, 50)
    workers = max(2, (os.cpu_count() or 2) * 2)
    url = database_url()
    ensure_database(url)
    app = make_app(url)
    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationStatus

    with app.app_context():
        conference = make_conference("bench-anmalan", capacity)
        bare = make_conference("bench-bare", None)
        conference_id, slug, bare_id = conference.id, conference.slug, bare.id
        db.engine.dispose()
    real_form = "registration.register" in app.view_functions
    port = free_port()
    server = start_server(url, port, workers)
    try:
        if real_form:
            target, prepare = f"/konferens/{slug}/anmalan", form_prepare(slug)
        else:
            target, prepare = f"/bench/register/{conference_id}", None
        reg = run_load(port, target, people, clients, prepare, ok=302 if real_form else 200)
        base = run_load(port, f"/bench/bare/{bare_id}", people, clients)
    finally:
        server.terminate()
        server.wait(timeout=30)

    with app.app_context():
        counts = dict(
            db.session.execute(
                db.select(Registration.status, db.func.count())
                .where(Registration.conference_id == conference_id)
                .group_by(Registration.status)
            ).all()
        )
        db.engine.dispose()
    confirmed = counts.get(RegistrationStatus.CONFIRMED, 0)
    waiting = counts.get(RegistrationStatus.WAITING, 0)
    oversold = confirmed - capacity

    def row(name, result):
        seconds, latencies, failures = result
        return [
            name,
            len(latencies),
            len(failures),
            f"{len(latencies) / seconds:.1f}",
            f"{percentile(latencies, 50) * 1000:.1f}",
            f"{percentile(latencies, 95) * 1000:.1f}",
        ]

    what = "real form POST" if real_form else "/bench/register (same locked rule)"
    print_table(
        f"Registration throughput: gunicorn {workers} workers x 4 threads, {clients} clients, "
        f"{people} people, {capacity} places, PostgreSQL",
        ["endpoint", "requests", "failed", "req/s", "p50 ms", "p95 ms"],
        [row(f"registration ({what})", reg), row("bare insert", base)],
    )
    p50_ratio = percentile(reg[1], 50) / percentile(base[1], 50)
    reg_rate = len(reg[1]) / reg[0]
    bare_rate = len(base[1]) / base[0]
    print_table(
        "Outcome",
        ["figure", "value"],
        [
            ["ratio registration/bare (throughput)", f"{reg_rate / bare_rate:.2f}"],
            [
                "ratio p50 latency registration/bare",
                f"{p50_ratio:.2f}",
            ],
            ["confirmed", confirmed],
            ["waiting list", waiting],
            ["oversold (confirmed - capacity, must be 0)", max(oversold, 0)],
        ],
    )
    failed = bool(reg[2]) or bool(base[2])
    if failed:
        print(f"failed responses: registration {sorted(set(reg[2]))}, bare {sorted(set(base[2]))}")
    return 1 if oversold > 0 or confirmed + waiting != people - len(reg[2]) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
