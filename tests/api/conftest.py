"""Fixtures of the API tests: tokens, and calls with them."""

from __future__ import annotations

import pytest

from okconf.extensions import db

ALL_SCOPES = ("read", "registrations:write", "checkin")


@pytest.fixture
def make_token(app):
    """Make a token for a user through the token service; returns the secret."""
    from okconf.api import tokens

    def make(user, scopes=ALL_SCOPES, days: int = 30, name: str = "Test system") -> str:
        _token, secret = tokens.create_token(user, name, list(scopes), days)
        db.session.commit()
        return secret

    return make


@pytest.fixture
def api(client):
    """Call the API with a token: api("GET", "/api/v1/…", token, json=…)."""

    def call(method: str, url: str, token: str | None = None, **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return client.open(url, method=method, headers=headers, **kwargs)

    return call
