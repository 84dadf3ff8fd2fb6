"""Personal-link tokens carry no id in clear and have one spelling."""

import base64
import re
import time

from itsdangerous import URLSafeTimedSerializer

from okconf.accounts.links import make_token, read_token


def test_the_token_hides_the_id_and_version(app):
    token = make_token("registration", 4242, 7)
    assert re.fullmatch(r"[A-Za-z0-9_-]{48}", token)
    raw = base64.urlsafe_b64decode(token)
    for secret in (b"4242", (4242).to_bytes(8, "big"), (4242).to_bytes(4, "big")):
        assert secret not in raw
    assert "4242" not in token
    assert read_token("registration", token) == (4242, 7)


def test_two_tokens_for_the_same_link_differ_only_by_time(app, monkeypatch):
    first = make_token("registration", 1, 1)
    later = time.time() + 5
    monkeypatch.setattr(time, "time", lambda: later)
    second = make_token("registration", 1, 1)
    assert first != second
    assert read_token("registration", first) == read_token("registration", second) == (1, 1)


def test_every_other_spelling_is_refused(app):
    token = make_token("registration", 42, 3)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for position in range(len(token)):
        for char in alphabet:
            if char == token[position]:
                continue
            changed = token[:position] + char + token[position + 1 :]
            assert read_token("registration", changed) is None, (position, char)
    for variant in (token + "=", token + "==", token.replace("-", "+"), " " + token, token + "."):
        if variant != token:
            assert read_token("registration", variant) is None
    assert read_token("registration", token) == (42, 3)


def test_an_earlier_link_still_works_in_its_one_spelling(app):
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="okconf-link-registration").dumps(
        [42, 31]
    )
    assert read_token("registration", old) == (42, 31)
    assert read_token("invitation", old) is None
    payload = old.split(".")[0]  # 7 bytes: the last character has spare bits
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    variants = []
    for char in alphabet:
        other = payload[:-1] + char
        if other != payload and base64.urlsafe_b64decode(other + "==") == raw:
            variants.append(old.replace(payload, other, 1))
    assert variants  # itsdangerous itself accepts these
    for variant in variants:
        assert read_token("registration", variant) is None
