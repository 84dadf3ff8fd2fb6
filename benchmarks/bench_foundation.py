"""The foundation's hot paths: the front page, sign-in, and the outbox."""

from __future__ import annotations

import socket

from okconf.extensions import db

MAILS = 200
REQUESTS = 200


def bench_front_page(app):
    """Serve the public front page (empty database) many times."""
    client = app.test_client()
    for _ in range(REQUESTS):
        assert client.get("/").status_code == 200
    return {"requests": REQUESTS}


def bench_healthz(app):
    """The health check, which load balancers call often."""
    client = app.test_client()
    for _ in range(REQUESTS):
        assert client.get("/healthz").status_code == 200
    return {"requests": REQUESTS}


def bench_sign_in(app):
    """Sign in through the form with the production Argon2 cost."""
    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user

    create_user("bench@example.org", "Bench", Role.ADMIN, "benchmark-password")
    db.session.commit()
    rounds = 10
    for _ in range(rounds):
        client = app.test_client()
        response = client.post(
            "/login", data={"email": "bench@example.org", "password": "benchmark-password"}
        )
        assert response.status_code == 302
    return {"sign_ins": rounds}


def bench_outbox_send(app):
    """Write mails to the outbox and deliver them to a local SMTP server (aiosmtpd)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink
    from jinja2 import ChoiceLoader, DictLoader

    from okconf.mail.services import queue_mail, send_due_mails

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        from okconf.mail.smtp import mail_settings

        settings = mail_settings(app)
        settings.server, settings.port = "127.0.0.1", port
        app.jinja_loader = ChoiceLoader(
            [app.jinja_loader, DictLoader({"bench.txt": "Hej {{ name }}!"})]
        )
        for n in range(MAILS):
            queue_mail(f"p{n}@example.org", "bench", subject="Bench", name=f"P{n}")
        db.session.commit()
        sent = 0
        while result := send_due_mails()["sent"]:
            sent += result
    finally:
        controller.stop()
    assert sent == MAILS
    return {"mails": sent}
