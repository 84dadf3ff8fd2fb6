"""Mail templates for the outbox tests (features ship their own; these are test-only)."""

from __future__ import annotations

import pytest
from jinja2 import ChoiceLoader, DictLoader

TEMPLATES = {
    "testmail/email/hello.txt": "{{ _('Hello') }} {{ name }}!\nDin anmälan är mottagen.",
    "testmail/email/hello.html": "<p>{{ _('Hello') }} <b>{{ name }}</b>!</p>",
    "testmail/email/plain.txt": "Bara text till {{ name }}.",
    "testmail/email/broken.txt": "Text",
    "testmail/email/broken.html": "{% include 'testmail/missing.html' %}",
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
