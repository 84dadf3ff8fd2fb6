"""The mail worker on the registration's deferred mails: render (texts, calendar file, QR code)
and send to a local SMTP server (aiosmtpd), to compare with the rate registrations arrive.

The first MAILS confirmations are sent by one thread (send_due_mails, batches of
OUTBOX_BATCH_SIZE), the next MAILS by THREADS sending threads in the one process
(okconf.mail.worker.send_due, as `flask okconf send-mail --threads 4` on PostgreSQL): mails per
wall second and per CPU second of the worker's process, the figure a busy machine changes
least. On PostgreSQL a third MAILS are then sent as the README's production section deploys
the worker: PROCESSES worker processes of their own (each what `send-mail --loop` runs: its
default threads, batches of OUTBOX_BATCH_SIZE, until nothing is due), started and warmed (one
mail rendered, not sent) before the clock starts, as long-running workers are: mails per wall
second of the pair and per CPU second of the two processes together ("2_processes_…"). The
SMTP server (aiosmtpd, discarding what it gets) runs in a process of its own, as a real one
does. Set OKCONF_BENCH_DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as clock

from okconf.extensions import db

MAILS = 300
THREADS = 4
PROCESSES = 2
SINK = "aiosmtpd.handlers.Sink"


def bench_outbox_render_and_send(app):
    """Register 2 × MAILS people (3 × on PostgreSQL; untimed), then time the worker rendering
    and sending their confirmations: MAILS with one thread, MAILS with THREADS threads (and
    MAILS by PROCESSES worker processes, on PostgreSQL)."""
    from okconf.conferences.models import Conference, ConferenceState
    from okconf.registration import rules, services
    from okconf.vocabulary import OrganisationType, Party

    day = date.today() + timedelta(days=30)
    conference = Conference(
        slug="bench-outbox",
        title="Benchmark",
        state=ConferenceState.PUBLISHED,
        date=day,
        start_time=clock(9),
        end_time=clock(16),
        venue_name="Folkets hus",
        town="Sundsvall",
        registration_deadline=day - timedelta(days=7),
        capacity=None,
    )
    db.session.add(conference)
    db.session.commit()
    postgresql = db.engine.dialect.name == "postgresql"
    for n in range((3 if postgresql else 2) * MAILS):
        services.register(
            conference,
            rules.ParticipantData(
                first_name=f"P{n}",
                last_name="Bench",
                email=f"p{n}@example.org",
                phone="",
                organisation_name="Föreningen",
                party=Party.CIVIL_SOCIETY,
                org_type=OrganisationType.CIVIL_SOCIETY_ORG,
                locale="sv",
            ),
        )
        db.session.commit()
    server, port = _smtp_server()
    try:
        from okconf.mail.smtp import mail_settings

        settings = mail_settings(app)
        settings.server, settings.port = "127.0.0.1", port
        from okconf.mail.worker import settle_heap

        settle_heap()  # as send-mail does when it starts, before the clock
        figures = {}
        # SQLite has one writer at a time: the threads are a PostgreSQL matter.
        many = THREADS if postgresql else 1
        for name, threads in (("one_thread", 1), (f"{THREADS}_threads", many)):
            figures[name] = _send(MAILS, threads)
        if postgresql:
            figures["processes"] = _send_by_processes(app, MAILS, port)
    finally:
        server.terminate()
        server.wait(10)
    assert all(f["mails"] == MAILS for f in figures.values()), figures
    one, many = figures["one_thread"], figures[f"{THREADS}_threads"]
    result = {
        "mails": sum(f["mails"] for f in figures.values()),
        "rendered_and_sent_per_s": one["per_second"],
        "per_cpu_s": one["per_cpu_second"],
        f"{THREADS}_threads_per_s": many["per_second"],
        f"{THREADS}_threads_per_cpu_s": many["per_cpu_second"],
    }
    if postgresql:
        pair = figures["processes"]
        result[f"{PROCESSES}_processes_x_{pair['threads']}_threads_per_s"] = pair["per_second"]
        result[f"{PROCESSES}_processes_per_cpu_s"] = pair["per_cpu_second"]
    return result


def _smtp_server() -> tuple[subprocess.Popen, int]:
    """aiosmtpd's Sink in a process of its own, as a real mail server is: its CPU is not the
    worker's, nor does it take the worker's interpreter lock. (The process and its port.)"""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", SINK],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.1)


def _send(count: int, threads: int) -> dict:
    """Send `count` due mails with `threads` threads; mails per wall and per CPU second."""
    from okconf.mail.worker import send_due

    sent = 0
    cpu, started = time.process_time(), time.perf_counter()
    while sent < count:
        batch = min(50, -(-(count - sent) // threads))
        result = send_due(batch, "bench", threads)
        assert not result["failed"], result
        if not result["sent"]:
            break
        sent += result["sent"]
        db.session.remove()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "mails": sent,
        "per_second": round(sent / seconds, 1),
        "per_cpu_second": round(sent / cpu, 1),
    }


# The settings a worker process needs to reach the benchmark's database and SMTP server.
_SHARED_SETTINGS = (
    "SECRET_KEY",
    "ALLOW_HTTP_BASE_URL",
    "SQLALCHEMY_DATABASE_URI",
    "WTF_CSRF_ENABLED",
    "RATELIMIT_ENABLED",
    "MAIL_BACKEND",
    "UPLOAD_FOLDER",
)


def _send_by_processes(app, count: int, port: int) -> dict:
    """Send `count` due mails with PROCESSES worker processes (`worker_process`), each ready
    (app created, libraries imported) before the clock starts; mails per wall second of the
    pair and per CPU second of the two processes together."""
    settings = {key: app.config[key] for key in _SHARED_SETTINGS}
    settings.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    env = {**os.environ, "OKCONF_BENCH_WORKER_SETTINGS": json.dumps(settings)}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    command = [sys.executable, "-c", "from benchmarks.bench_outbox import worker_process as w; w()"]
    workers = [
        subprocess.Popen(command, cwd=root, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    try:
        for worker in workers:
            assert worker.stdout.readline().strip() == b"ready"
        started = time.perf_counter()
        for worker in workers:
            worker.stdin.write(b"go\n")
            worker.stdin.flush()
        reports = [json.loads(worker.stdout.readline()) for worker in workers]
        seconds = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.stdin.close()
            worker.stdout.close()
            if worker.wait(60) != 0:
                raise RuntimeError(f"a worker process ended with {worker.returncode}")
    sent = sum(report["sent"] for report in reports)
    assert sent == count, reports
    return {
        "mails": sent,
        "threads": reports[0]["threads"],
        "per_second": round(sent / seconds, 1),
        "per_cpu_second": round(sent / sum(report["cpu"] for report in reports), 1),
    }


def worker_process() -> None:
    """One mail worker process as `flask okconf send-mail --loop` runs it (send_due with the
    command's default threads and OUTBOX_BATCH_SIZE) until nothing is due; started by
    _send_by_processes. It says "ready", waits for "go", then prints what it sent and the CPU
    seconds it took, as JSON."""
    from sqlalchemy import select

    from okconf import create_app
    from okconf.cli import DEFAULT_MAIL_THREADS
    from okconf.mail.models import MailStatus, OutboxMail
    from okconf.mail.rendering import render
    from okconf.mail.smtp import mail_settings
    from okconf.mail.worker import send_due, settle_heap

    app = create_app(json.loads(os.environ["OKCONF_BENCH_WORKER_SETTINGS"]))
    with app.app_context():
        mail_settings(app)  # Flask-Mail, imported when a worker first sends
        # Warm, as a long-running worker is after its first mail (the renderer's libraries
        # imported, the templates compiled, the calendar file built): one due mail rendered
        # and not sent, no state changed.
        first = db.session.scalars(
            select(OutboxMail).where(OutboxMail.status == MailStatus.PENDING).limit(1)
        ).first()
        if first is not None:
            render(first)
        db.session.rollback()
        settle_heap()
        print("ready", flush=True)
        sys.stdin.readline()
        sent, cpu = 0, time.process_time()
        while True:
            result = send_due(None, f"bench-{os.getpid()}", DEFAULT_MAIL_THREADS)
            assert not result["failed"], result
            db.session.remove()
            if not result["sent"]:
                break
            sent += result["sent"]
        cpu = time.process_time() - cpu
    print(json.dumps({"sent": sent, "cpu": cpu, "threads": DEFAULT_MAIL_THREADS}), flush=True)
