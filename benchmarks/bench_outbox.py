"""The mail worker on the registration's deferred mails: render (texts, calendar file, QR code)
and send to a local SMTP server (aiosmtpd), to compare with the rate registrations arrive.

The first MAILS confirmations are sent by one thread (send_due_mails, batches of
OUTBOX_BATCH_SIZE), the next MAILS by THREADS sending threads in the one process
(okconf.mail.worker.send_due, as `flask okconf send-mail --threads 4` on PostgreSQL): mails per
wall second and per CPU second of the worker's process, the figure a busy machine changes
least. The SMTP server (aiosmtpd, discarding what it gets) runs in a process of its own, as a
real one does. Set OKCONF_BENCH_DATABASE_URL for PostgreSQL.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import date, timedelta
from datetime import time as clock

from okconf.extensions import db

MAILS = 300
THREADS = 4
SINK = "aiosmtpd.handlers.Sink"


def bench_outbox_render_and_send(app):
    """Register 2 × MAILS people (untimed), then time the worker rendering and sending their
    confirmations: MAILS with one thread, MAILS with THREADS threads."""
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
    for n in range(2 * MAILS):
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
        figures = {}
        # SQLite has one writer at a time: the threads are a PostgreSQL matter.
        many = THREADS if db.engine.dialect.name == "postgresql" else 1
        for name, threads in (("one_thread", 1), (f"{THREADS}_threads", many)):
            figures[name] = _send(MAILS, threads)
    finally:
        server.terminate()
        server.wait(10)
    assert all(f["mails"] == MAILS for f in figures.values()), figures
    one, many = figures["one_thread"], figures[f"{THREADS}_threads"]
    return {
        "mails": sum(f["mails"] for f in figures.values()),
        "rendered_and_sent_per_s": one["per_second"],
        "per_cpu_s": one["per_cpu_second"],
        f"{THREADS}_threads_per_s": many["per_second"],
        f"{THREADS}_threads_per_cpu_s": many["per_cpu_second"],
    }


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
