"""The mail worker on the registration's deferred mails: render (texts, calendar file, QR code)
and send to a local SMTP server (aiosmtpd), to compare with the rate registrations arrive."""

from __future__ import annotations

import socket
import time
from datetime import date, timedelta
from datetime import time as clock

from okconf.extensions import db

MAILS = 200


def bench_outbox_render_and_send(app):
    """Register MAILS people (untimed), then time the worker rendering and sending them."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    from okconf.conferences.models import Conference, ConferenceState
    from okconf.mail.services import send_due_mails
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
    for n in range(MAILS):
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
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        from okconf.mail.smtp import mail_settings

        settings = mail_settings(app)
        settings.server, settings.port = "127.0.0.1", port
        started = time.perf_counter()
        sent = 0
        while result := send_due_mails()["sent"]:
            sent += result
        seconds = time.perf_counter() - started
    finally:
        controller.stop()
    assert sent == MAILS
    return {"mails": sent, "rendered_and_sent_per_s": round(sent / seconds, 1)}
