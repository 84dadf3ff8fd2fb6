"""Password hashing and participants' signed links."""

from __future__ import annotations

import time

from argon2 import PasswordHasher

from okconf.accounts import services
from okconf.accounts.links import make_token, read_token
from okconf.extensions import db
from tests.conftest import PASSWORD


def test_passwords_are_hashed_with_argon2id(make_user):
    user = make_user("reader")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_an_outdated_hash_is_upgraded_at_sign_in(make_user):
    user = make_user("reader")
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(PASSWORD)
    user.password_hash = old
    db.session.commit()
    assert services.authenticate(user.email, PASSWORD) is user
    assert user.password_hash != old
    assert not services._hasher.check_needs_rehash(user.password_hash)


def test_authenticate_refuses_wrong_password_and_unknown_email(make_user):
    user = make_user("reader")
    assert services.authenticate(user.email, "wrong-password") is None
    assert services.authenticate("nobody@example.org", PASSWORD) is None
    assert services.authenticate(f"  {user.email.upper()} ", PASSWORD) is user


def test_link_token_round_trip_and_tampering(app):
    token = make_token("registration", 42, 3)
    assert read_token("registration", token) == (42, 3)
    assert read_token("invitation", token) is None  # another purpose
    assert read_token("registration", token[:-2] + "xx") is None
    assert read_token("registration", "not-a-token") is None


def test_link_token_expires(app, monkeypatch):
    token = make_token("registration", 7)
    later = time.time() + 3 * 86400
    monkeypatch.setattr(time, "time", lambda: later)
    assert read_token("registration", token, max_age_days=2) is None
    assert read_token("registration", token, max_age_days=4) == (7, 1)


def test_link_token_depends_on_the_secret_key(make_app):
    first = make_app()
    with first.app_context():
        token = make_token("registration", 1)
    other = make_app(SECRET_KEY="another-secret")
    with other.app_context():
        assert read_token("registration", token) is None
