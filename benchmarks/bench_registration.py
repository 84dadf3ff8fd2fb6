"""Registration throughput on PostgreSQL under gunicorn (issue 4, item 10; issue 12, item 7).

A conference of 2,000 places; 50 client threads register 5,000 distinct people at once, and
then send the same number of requests to a bare endpoint that only inserts one row, in the
same run against the same server. Printed: registrations per second, p50 and p95 latency of
each, the ratio registration/bare (the figure we track), and oversold = confirmed - capacity,
which must be 0. Measured inside the server (benchmarks/_gunicorn_probe.py, a gunicorn config
used only here): how long each registration held the capacity lock (from its grant to the end
of the commit that released it, on the database's clock; and to the answer read, p50/p95)
and how many SQL statements each registration request sent. Also: each gunicorn worker's
memory (RSS) after start and after the run, and the mail worker's rate: the
outbox's mails sent by okconf.mail.services.send_due_mails (rendering them too, where the
outbox renders at sending time) to a local SMTP server (aiosmtpd), in mails per second.
The figures are written to benchmarks/results/registration-<time>.json.

What is measured: when the registration feature's public form (endpoint
`registration.register`, `/konferens/<slug>/anmalan`) exists, each client first GETs the form
once (session cookie and CSRF token, not timed) and then POSTs the real form for every person:
validation, the capacity lock, the duplicate check, the outbox mail with its calendar file.
Without that feature (this branch alone), clients POST to `/bench/register/<id>`, which applies
the same locked capacity rule (benchmarks.server.locked_register); the output says which.

Everything runs on loopback; every loop is bounded. `--quick` registers 1,000 people on 400
places with 20 clients; `--workers=N` sets gunicorn's workers (default 2 per CPU, at least 2),
`--threads=N` each worker's threads (default 1: gunicorn's sync workers, as the README's
production section runs them; N > 1 runs gthread workers, whose threads make the lock's holder
wait for the interpreter lock between its round trips).
Needs OKCONF_BENCH_DATABASE_URL or the local okconf_bench database.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from datetime import UTC, datetime
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


def start_server(
    url: str, port: int, workers: int, probe_dir: str, threads: int = 1
) -> subprocess.Popen:
    """gunicorn with the benchmark's own app (its endpoints) on loopback, rate limits off."""
    env = dict(
        os.environ,
        OKCONF_BENCH_PROBE_DIR=probe_dir,
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
        str(threads),
        "--worker-class",
        "gthread" if threads > 1 else "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
        "--config",
        str(ROOT / "benchmarks" / "_gunicorn_probe.py"),
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


def worker_rss_mb(server: subprocess.Popen) -> list[float]:
    """Resident memory of each gunicorn worker (the master's children), in MB."""
    import psutil

    children = psutil.Process(server.pid).children()
    return sorted(round(child.memory_info().rss / 2**20, 1) for child in children)


def workers_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU seconds (user + system) the gunicorn workers have used so far."""
    import psutil

    total = 0.0
    for child in psutil.Process(server.pid).children():
        times = child.cpu_times()
        total += times.user + times.system
    return total


def probe_figures(probe_dir: str, name: str, seen: dict | None = None) -> list[float]:
    """The numbers the server's workers wrote to <name>-<pid>.txt since the last call with
    the same `seen` (which remembers how many lines of each file were read)."""
    seen = {} if seen is None else seen
    values: list[float] = []
    for path in sorted(Path(probe_dir).glob(f"{name}-*.txt")):
        lines = path.read_text().split()
        values.extend(float(line) for line in lines[seen.get(path, 0) :])
        seen[path] = len(lines)
    return values


def mail_worker_rate(url: str, limit: int, threads: int = 4) -> dict:
    """Send the outbox's mails to a local SMTP server (aiosmtpd in a process of its own, as a
    real server is), in three parts: `limit` // 3 with one thread
    (okconf.mail.worker.send_due, batches of 50), as many with `threads` sending threads in the
    one worker process, and the rest by two worker processes as the README's production section runs
    them (`send-mail --loop` twice; benchmarks.bench_outbox._send_by_processes, each warmed
    before the clock starts); mails per wall second of each, and per CPU second of the
    worker processes (the figure a busy machine changes least).

    Whatever send_due does per mail (rendering too: the outbox renders at sending time) is
    what is timed.
    """
    from benchmarks._attendees import sqlalchemy_url
    from benchmarks.bench_outbox import _send_by_processes, _smtp_server
    from okconf import create_app
    from okconf.extensions import db

    try:
        from okconf.mail.worker import send_due, settle_heap
    except ImportError:
        return {"mails": 0, "note": "no mail worker in this version"}

    server, port = _smtp_server()
    app = create_app(
        {
            "SECRET_KEY": "benchmark-secret-key",
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
            "MAIL_BACKEND": "smtp",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_SUPPRESS_SEND": False,
            "BASE_URL": "http://127.0.0.1",
            "ALLOW_HTTP_BASE_URL": True,
        }
    )
    part = limit // 3
    figures = {}
    try:
        with app.app_context():
            settle_heap()  # as send-mail does when it starts
            for name, n_threads in (("one_thread", 1), (f"{threads}_threads", threads)):
                sent = failed = 0
                cpu = time.process_time()
                with Timer() as timer:
                    while sent + failed < part:
                        batch = min(50, -(-(part - sent - failed) // n_threads))
                        result = send_due(batch, "bench", n_threads)
                        if not result["sent"] and not result["failed"]:
                            break
                        sent, failed = sent + result["sent"], failed + result["failed"]
                        db.session.remove()
                cpu = time.process_time() - cpu
                figures[name] = {
                    "mails": sent,
                    "failed": failed,
                    "seconds": round(timer.seconds, 3),
                    "per_second": round(sent / timer.seconds, 1) if timer.seconds else 0,
                    "per_cpu_second": round(sent / cpu, 1) if cpu else 0,
                }
            from okconf.mail.models import MailStatus, OutboxMail

            # the processes send what is due until nothing is (as `send-mail --loop` would)
            rest = db.session.scalar(
                db.select(db.func.count()).where(OutboxMail.status == MailStatus.PENDING)
            )
            db.session.remove()
            db.engine.dispose()
            pair = _send_by_processes(app, rest, port)
            figures["2_processes"] = {
                "mails": pair["mails"],
                "failed": 0,
                "threads_each": pair["threads"],
                "per_second": pair["per_second"],
                "per_cpu_second": pair["per_cpu_second"],
            }
    finally:
        server.terminate()
        server.wait(10)
    one = figures["one_thread"]
    return {
        "mails": sum(f["mails"] for f in figures.values()),
        "failed": sum(f["failed"] for f in figures.values()),
        "seconds": one["seconds"],
        "per_second": one["per_second"],
        **figures,
    }


def main(argv: list[str]) -> int:
    """Run the benchmark and print its table; non-zero when places were oversold."""
    quick = "--quick" in argv
    people, capacity, clients = (1000, 400, 20) if quick else (5000, 2000, 50)
    workers = max(2, (os.cpu_count() or 2) * 2)
    threads = 1
    for option in argv:
        name, _, value = option.partition("=")
        if name == "--workers":
            workers = int(value)
        elif name == "--threads":
            threads = int(value)
        elif name == "--clients":
            clients = int(value)
        elif name == "--people":
            people, capacity = int(value), int(value) * 2 // 5
    solo = 50  # registrations sent one at a time first: the lock's cost without queueing
    load_before = os.getloadavg()
    url = database_url()
    ensure_database(url)
    app = make_app(url)
    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationStatus

    with app.app_context():
        conference = make_conference("bench-anmalan", capacity)
        bare = make_conference("bench-bare", None)
        alone = make_conference("bench-alone", None)
        conference_id, slug, bare_id = conference.id, conference.slug, bare.id
        alone_slug = alone.slug
        db.engine.dispose()
    real_form = "registration.register" in app.view_functions
    port = free_port()
    probe_dir = tempfile.mkdtemp(prefix="okconf-bench-")
    server = start_server(url, port, workers, probe_dir, threads)
    try:
        time.sleep(2)  # every worker has created its app (only one answered /healthz)
        rss_start = worker_rss_mb(server)
        seen_lock: dict = {}
        seen_cpu: dict = {}
        seen_answer: dict = {}
        seen_statements: dict = {}
        if real_form:
            run_load(
                port, f"/konferens/{alone_slug}/anmalan", solo, 1, form_prepare(alone_slug), 302
            )
        lock_alone = probe_figures(probe_dir, "lock", seen_lock)
        cpu_alone = probe_figures(probe_dir, "lockcpu", seen_cpu)
        answer_alone = probe_figures(probe_dir, "lockseen", seen_answer)
        probe_figures(probe_dir, "statements", seen_statements)
        if real_form:
            target, prepare = f"/konferens/{slug}/anmalan", form_prepare(slug)
        else:
            target, prepare = f"/bench/register/{conference_id}", None
        cpu_start = workers_cpu_seconds(server)
        reg = run_load(port, target, people, clients, prepare, ok=302 if real_form else 200)
        cpu_reg = workers_cpu_seconds(server)
        base = run_load(port, f"/bench/bare/{bare_id}", people, clients)
        cpu_bare = workers_cpu_seconds(server) - cpu_reg
        cpu_reg -= cpu_start
        rss_end = worker_rss_mb(server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    lock_held = probe_figures(probe_dir, "lock", seen_lock)
    lock_cpu = probe_figures(probe_dir, "lockcpu", seen_cpu)
    lock_answer = probe_figures(probe_dir, "lockseen", seen_answer)
    statements = probe_figures(probe_dir, "statements", seen_statements)
    load_after = os.getloadavg()
    mails = mail_worker_rate(url, people)

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
        f"Registration throughput: gunicorn {workers} workers x {threads} threads, "
        f"{clients} clients, {people} people, {capacity} places, PostgreSQL",
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
    ms = 1000
    inside = [
        ["lock held per registration p50 (ms)", _pct(lock_held, 50, ms)],
        ["lock held per registration p95 (ms)", _pct(lock_held, 95, ms)],
        ["app CPU from take_place sent to its answer read p50 (ms)", _pct(lock_cpu, 50, ms)],
        [
            "grant to the answer read by the worker (after the release) p50 / p95 (ms)",
            f"{_pct(lock_answer, 50, ms)} / {_pct(lock_answer, 95, ms)}",
        ],
        ["lock-held samples", len(lock_held)],
        [
            "lock busy: share of the registrations' run it was held",
            f"{sum(lock_held) / reg[0]:.2f}" if lock_held else "n/a",
        ],
        [f"lock held, {solo} registrations one at a time, p50 (ms)", _pct(lock_alone, 50, ms)],
        [f"lock held, {solo} registrations one at a time, p95 (ms)", _pct(lock_alone, 95, ms)],
        [f"lock held, {solo} one at a time: app CPU p50 (ms)", _pct(cpu_alone, 50, ms)],
        [f"grant to answer read, {solo} one at a time, p50 (ms)", _pct(answer_alone, 50, ms)],
        [
            "web workers' CPU per request: registration / bare (ms)",
            f"{cpu_reg / people * 1000:.1f} / {cpu_bare / people * 1000:.1f}",
        ],
        ["SQL statements per registration p50", _pct(statements, 50)],
        ["SQL statements per registration max", max(statements) if statements else "n/a"],
        ["web worker RSS after start (MB)", ", ".join(map(str, rss_start))],
        ["web worker RSS after the run (MB)", ", ".join(map(str, rss_end))],
        ["mail worker: mails sent to local SMTP", mails.get("mails", 0)],
        ["mail worker, one thread: mails/s (registrations/s above)", _mails(mails, "one_thread")],
        ["mail worker, 4 threads: mails/s", _mails(mails, "4_threads")],
        [
            "two mail workers (processes) x 4 threads, as deployed: mails/s",
            _mails(mails, "2_processes"),
        ],
        [
            "machine load average before / after (1 min)",
            f"{load_before[0]:.1f} / {load_after[0]:.1f}",
        ],
    ]
    print_table("Inside the server", ["figure", "value"], inside)
    failed = bool(reg[2]) or bool(base[2])
    if failed:
        print(f"failed responses: registration {sorted(set(reg[2]))}, bare {sorted(set(base[2]))}")
    _save(
        {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "quick": quick,
            "workers": workers,
            "threads": threads,
            "clients": clients,
            "people": people,
            "capacity": capacity,
            "cpus": os.cpu_count(),
            "registration": _summary(reg),
            "bare": _summary(base),
            "ratio_throughput": round(reg_rate / bare_rate, 3),
            "ratio_p50": round(p50_ratio, 3),
            "lock_held_ms": {"p50": _pct(lock_held, 50, ms), "p95": _pct(lock_held, 95, ms)},
            "lock_busy_share": round(sum(lock_held) / reg[0], 3) if lock_held else None,
            "lock_held_cpu_ms": {"p50": _pct(lock_cpu, 50, ms), "p95": _pct(lock_cpu, 95, ms)},
            # from the grant until the worker read take_place's answer, which comes after the
            # commit (sent with it) released the lock: the earlier sessions' measure
            "lock_grant_to_answer_ms": {
                "p50": _pct(lock_answer, 50, ms),
                "p95": _pct(lock_answer, 95, ms),
                "alone_p50": _pct(answer_alone, 50, ms),
            },
            "lock_held_alone_ms": {
                "registrations": len(lock_alone),
                "p50": _pct(lock_alone, 50, ms),
                "p95": _pct(lock_alone, 95, ms),
                "cpu_p50": _pct(cpu_alone, 50, ms),
            },
            "load_average_1min": {"before": load_before[0], "after": load_after[0]},
            "web_workers_cpu_ms_per_request": {
                "registration": round(cpu_reg / people * 1000, 2),
                "bare": round(cpu_bare / people * 1000, 2),
            },
            "statements_per_registration": {
                "p50": _pct(statements, 50),
                "max": max(statements) if statements else None,
            },
            "worker_rss_mb": {"after_start": rss_start, "after_run": rss_end},
            "mail_worker": mails,
            "confirmed": confirmed,
            "waiting": waiting,
            "oversold": max(oversold, 0),
            "failed": {"registration": len(reg[2]), "bare": len(base[2])},
        }
    )
    return 1 if oversold > 0 or confirmed + waiting != people - len(reg[2]) else 0


def _mails(mails: dict, name: str) -> str:
    figures = mails.get(name)
    if not figures:
        return str(mails.get("per_second", "n/a"))
    return f"{figures['per_second']} ({figures['per_cpu_second']} per CPU second)"


def _pct(values: list[float], pct: float, scale: float = 1):
    return round(percentile(values, pct) * scale, 2) if values else None


def _summary(result) -> dict:
    seconds, latencies, failures = result
    return {
        "requests": len(latencies),
        "failed": len(failures),
        "per_second": round(len(latencies) / seconds, 1),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1),
        "p95_ms": round(percentile(latencies, 95) * 1000, 1),
    }


def _save(figures: dict) -> None:
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"registration-{stamp}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
