"""Helpers for the registration tests: valid form data and the mails that went out."""

from __future__ import annotations

import pytest

from okconf.vocabulary import Diet, OrganisationType, Party


@pytest.fixture
def form_data():
    """Valid form data for the public registration form, with overrides."""

    def make(**overrides):
        data = {
            "first_name": "Alva",
            "last_name": "Exempelsson",
            "email": "alva@example.org",
            "phone": "070-123 45 67",
            "organisation_name": "Föreningen Gemenskap",
            "party": Party.CIVIL_SOCIETY.value,
            "org_type": OrganisationType.CIVIL_SOCIETY_ORG.value,
            "diets": [Diet.GLUTEN_FREE.value],
            "consent": "y",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return make


@pytest.fixture
def participant():
    """ParticipantData for the services, with overrides."""
    from okconf.registration.rules import ParticipantData

    counter = iter(range(1, 10_000))

    def make(**overrides):
        n = next(counter)
        values = {
            "first_name": f"Person{n}",
            "last_name": "Exempelsson",
            "email": f"person{n}@example.org",
            "phone": "070-123 45 67",
            "organisation_name": "Föreningen Gemenskap",
            "party": Party.CIVIL_SOCIETY,
            "org_type": OrganisationType.CIVIL_SOCIETY_ORG,
            "locale": "en",
        }
        values.update(overrides)
        return ParticipantData(**values)

    return make


def outbox(kind: str | None = None, recipient: str | None = None):
    """Mails in the outbox, optionally of one kind or to one recipient, as they will go out
    (the registration's mails are rendered by the worker: this renders them the same way)."""
    from sqlalchemy import select

    from okconf.extensions import db
    from okconf.mail.models import OutboxMail
    from okconf.mail.services import render

    query = select(OutboxMail).order_by(OutboxMail.id)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    if recipient:
        query = query.where(OutboxMail.recipient == recipient)
    return [render(mail) for mail in db.session.scalars(query).all()]


@pytest.fixture(autouse=True)
def english(request):
    """Tests read the English msgids: switch the test client to English (Swedish is default)."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").get("/language/en")


def link_token(body: str) -> str:
    """The token of the personal link in a mail's text (links carry a timestamp, so
    compare what they point at, not their text)."""
    import re

    match = re.search(r"/anmalan/([A-Za-z0-9_.\-]+)", body)
    assert match, "no personal link in the mail"
    return match.group(1)


def assert_current_link(body: str, registration) -> None:
    """The mail holds a working personal link to this registration."""
    from okconf.registration.services import registration_from_token

    assert registration_from_token(link_token(body)) == (registration, True)


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Real Argon2id, with the cheapest parameters: these tests sign in, they do not test
    password strength (the hash records its parameters, so verifying still works)."""
    from argon2 import PasswordHasher

    from okconf.accounts import services as account_services

    monkeypatch.setattr(
        account_services, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )
