"""Behind a proxy: the client's real address keys the rate limits, its https makes the cookie
Secure and the links https; with no proxy trusted, X-Forwarded-* headers change nothing. A
rate-limited form comes back with what was typed."""

from __future__ import annotations

import pytest
from flask import request, url_for

from okconf.accounts.access import public

LIMIT = 5  # the lost-link form: 5 per minute


def probe(app):
    """A page that tells what the app believes about the request (this test's app only)."""

    @public
    def view():
        from flask import session

        session["probe"] = True
        return {
            "remote_addr": request.remote_addr,
            "scheme": request.scheme,
            "host": request.host,
            "link": url_for("main.index", _external=True),
        }

    app.add_url_rule("/probe", "probe", view)
    return app


def ask_for_link(client, ip: str, email: str = "kim@example.org"):
    return client.post(
        "/anmalan/ny-lank",
        data={"email": email},
        headers={"X-Forwarded-For": ip},
        environ_base={"REMOTE_ADDR": "10.0.0.1"},  # the proxy
    )


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(make_app):
    app = probe(make_app(RATELIMIT_ENABLED=True))
    client = app.test_client()
    seen = client.get(
        "/probe",
        headers={
            "X-Forwarded-For": "203.0.113.9",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "evil.example",
        },
    ).json
    assert seen["remote_addr"] == "127.0.0.1"
    assert seen["scheme"] == "http" and seen["link"] == "http://localhost/"
    # A client cannot get a fresh limit by inventing addresses.
    for n in range(LIMIT):
        assert ask_for_link(client, f"198.51.100.{n}").status_code == 200
    assert ask_for_link(client, "198.51.100.99").status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PROXY_FIX_X_FOR=1)
    client = app.test_client()
    for _ in range(LIMIT):
        assert ask_for_link(client, "203.0.113.1").status_code == 200
    assert ask_for_link(client, "203.0.113.1").status_code == 429
    # Another participant behind the same proxy is not affected.
    assert ask_for_link(client, "203.0.113.2").status_code == 200


def test_only_the_trusted_hops_are_believed(make_app):
    """With one proxy trusted, an address the client put in front of the list is ignored."""
    app = probe(make_app(PROXY_FIX_X_FOR=1))
    seen = (
        app.test_client()
        .get(
            "/probe",
            headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.7"},
            environ_base={"REMOTE_ADDR": "10.0.0.1"},
        )
        .json
    )
    assert seen["remote_addr"] == "203.0.113.7"


def test_https_at_the_proxy_gives_secure_cookies_and_https_links(make_app):
    app = probe(make_app(PROXY_FIX_X_PROTO=1, PROXY_FIX_X_HOST=1, BASE_URL="http://localhost"))
    response = app.test_client().get(
        "/probe",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "konferens.example.org"},
    )
    assert response.json["link"] == "https://konferens.example.org/"
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "Strict-Transport-Security" in response.headers


@pytest.mark.parametrize("proto", ["http", None])
def test_plain_http_keeps_the_cookie_usable(make_app, proto):
    app = probe(make_app(PROXY_FIX_X_PROTO=1, BASE_URL="http://localhost"))
    headers = {"X-Forwarded-Proto": proto} if proto else {}
    response = app.test_client().get("/probe", headers=headers)
    assert "Secure" not in response.headers["Set-Cookie"]


def test_a_rate_limited_form_keeps_what_was_typed(make_app):
    app = make_app(RATELIMIT_ENABLED=True, BABEL_DEFAULT_LOCALE="sv")
    client = app.test_client()
    for _ in range(LIMIT):
        ask_for_link(client, "-", email="kim@example.org")
    response = ask_for_link(client, "-", email="anna.andersson@example.org")
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert 'value="anna.andersson@example.org"' in body
    assert "För många försök" in body
    assert response.headers.get("Retry-After")


def test_a_rate_limited_sign_in_keeps_the_address_not_the_password(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    for _ in range(5):
        client.post("/login", data={"email": "kim@example.org", "password": "fel-lösenord"})
    response = client.post("/login", data={"email": "kim@example.org", "password": "hemligt-123"})
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert 'value="kim@example.org"' in body and "hemligt-123" not in body
    assert "Too many attempts" in body
