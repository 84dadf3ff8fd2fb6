"""Mail templates for the outbox tests (features ship their own; these are test-only), and an
SMTP server whose handler a test steers."""

from __future__ import annotations

import asyncio
import contextlib
import email
import threading

import pytest
from jinja2 import ChoiceLoader, DictLoader

from tests.conftest import free_port

TEMPLATES = {
    "testmail/email/hello.txt": "{{ _('Hello') }} {{ name }}!\nDin anmälan är mottagen.",
    "testmail/email/hello.html": "<p>{{ _('Hello') }} <b>{{ name }}</b>!</p>",
    "testmail/email/plain.txt": "Bara text till {{ name }}.",
    "testmail/email/broken.txt": "Text",
    "testmail/email/broken.html": "{% include 'testmail/missing.html' %}",
    "testmail/email/layout_probe.html": "<p>{{ name }}</p>",
}


def add_test_templates(app) -> None:
    """Add the test templates to an app's loader (real rendering, real Jinja)."""
    app.jinja_loader = ChoiceLoader([app.jinja_loader, DictLoader(TEMPLATES)])


@pytest.fixture
def mail_templates(app):
    """The test's app, with the test templates."""
    add_test_templates(app)
    return app


@pytest.fixture
def queue(mail_templates):
    """queue_mail with the test template."""
    from okconf.mail.services import queue_mail

    def do(recipient="anna@example.org", template="testmail/email/hello", **kwargs):
        kwargs.setdefault("subject", "Välkommen")
        kwargs.setdefault("name", "Anna")
        return queue_mail(recipient, template, **kwargs)

    return do


class ControlledHandler:
    """An aiosmtpd handler that keeps what arrives, can hold the first mail in flight until
    released, and refuses the recipients it is told to (with their reply)."""

    def __init__(self):
        self.messages: list[email.message.Message] = []
        self.hold_first = False
        self.held = threading.Event()
        self.release = threading.Event()
        self.refuse: dict[str, str] = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.hold_first and not self.held.is_set():
            self.held.set()
            while not self.release.is_set():  # awaits, so other sessions are served meanwhile
                await asyncio.sleep(0.02)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def recipients(self) -> list[str]:
        return sorted(m["To"] for m in self.messages)


@pytest.fixture
def controlled():
    """A real SMTP server on loopback whose handler the test steers."""
    from aiosmtpd.controller import Controller

    handler = ControlledHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    controller.handler_obj = handler
    yield controller
    handler.release.set()
    with contextlib.suppress(AssertionError, RuntimeError):  # already stopped by the test
        controller.stop()
