"""Personal API tokens: made and revoked on the staff page, stored hashed, expiring."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from okconf.api.models import ApiToken
from okconf.api.tokens import hash_token
from okconf.extensions import db


def _make_on_page(client, name="Länsstyrelsens deltagarlista", scopes=("read",), days="30"):
    return client.post(
        "/staff/konto/api-nycklar", data={"name": name, "scopes": list(scopes), "days": days}
    )


def test_a_token_is_shown_once_and_stored_only_as_its_hash(
    app, client, login, make_user, make_conference, api
):
    organiser = make_user("organiser")
    make_conference(organisers=[organiser])
    login(organiser)
    page = _make_on_page(client)
    assert page.status_code == 200
    secret = re.search(r'value="(okc_[A-Za-z0-9_\-]+)"', page.get_data(as_text=True)).group(1)
    assert len(secret) >= 40
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hash_token(secret) and secret not in token.token_hash
    assert token.scopes == "read" and token.prefix == secret[:12]
    assert timedelta(days=29) < token.expires_at - token.created_at <= timedelta(days=30)
    again = client.get("/staff/konto/api-nycklar").get_data(as_text=True)
    assert secret not in again and token.prefix in again
    assert api("GET", "/api/v1/conferences", secret).status_code == 200
    db.session.refresh(token)
    assert token.last_used_at is not None


def test_the_page_refuses_a_token_without_name_or_permission(app, client, login, make_user):
    login(make_user("organiser"))
    page = _make_on_page(client, name=" ", scopes=())
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Give the token a name" in text and "Choose at least one permission." in text
    page = _make_on_page(client, days="10000")
    assert "Choose one of the options in the list." in page.get_data(as_text=True)
    assert db.session.scalar(select(ApiToken)) is None


def test_a_revoked_token_stops_working_at_once(app, client, login, make_user, make_token, api):
    organiser = make_user("organiser")
    secret = make_token(organiser)
    token = db.session.scalar(select(ApiToken))
    login(organiser)
    confirm = client.get(f"/staff/konto/api-nycklar/{token.id}/aterkalla")
    assert confirm.status_code == 200 and "Revoke the token" in confirm.get_data(as_text=True)
    done = client.post(f"/staff/konto/api-nycklar/{token.id}/aterkalla")
    assert done.status_code == 302
    response = api("GET", "/api/v1/conferences", secret)
    assert response.status_code == 401
    assert response.get_json()["message"] == "The API token is unknown, expired or revoked."
    assert "Revoked" in client.get("/staff/konto/api-nycklar").get_data(as_text=True)


def test_nobody_revokes_another_users_token(app, client, login, make_user, make_token, api):
    owner, other = make_user("organiser"), make_user("organiser")
    secret = make_token(owner)
    token = db.session.scalar(select(ApiToken))
    login(other)
    assert client.get(f"/staff/konto/api-nycklar/{token.id}/aterkalla").status_code == 404
    client.post(f"/staff/konto/api-nycklar/{token.id}/aterkalla")
    assert api("GET", "/api/v1/conferences", secret).status_code == 200


def test_an_expired_token_is_refused(app, make_user, make_token, api):
    secret = make_token(make_user("organiser"))
    token = db.session.scalar(select(ApiToken))
    token.created_at -= timedelta(days=31)
    token.expires_at -= timedelta(days=31)
    db.session.commit()
    assert api("GET", "/api/v1/conferences", secret).status_code == 401


def test_a_deactivated_users_token_is_refused(app, make_user, make_token, api):
    user = make_user("organiser")
    secret = make_token(user)
    user.active = False
    db.session.commit()
    assert api("GET", "/api/v1/conferences", secret).status_code == 401


def test_malformed_and_unknown_tokens_are_refused(app, client, make_user, make_token):
    secret = make_token(make_user("admin"))
    for header in (
        "",
        "Bearer",
        f"Basic {secret}",
        f"Bearer {secret}x",
        f"Bearer {secret[:-1]}",
        "Bearer " + "a" * 5000,
        "Bearer okc_\u00e5\u00e4\u00f6",
    ):
        response = client.get("/api/v1/conferences", headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    ok = client.get("/api/v1/conferences", headers={"Authorization": f"bearer  {secret} "})
    assert ok.status_code == 200


def test_readers_get_no_tokens(app, make_user):
    import pytest

    from okconf.api import tokens
    from okconf.errors import NotAllowed

    with pytest.raises(NotAllowed):
        tokens.create_token(make_user("reader"), "x", ["read"], 30)


def test_api_answers_do_not_vary_on_the_cookie(app, client, login, make_user, make_token, api):
    """The API reads the token, never the session cookie, so a cache may share its answers
    across cookies: no `Vary: Cookie` (Flask-Login's remember hook looked at the session and
    made Flask add one), and no cookie set, whether the caller sends a cookie or not."""
    admin = make_user("admin")
    token = make_token(admin)
    for signed_in in (False, True):
        if signed_in:
            login(admin)  # the same client now sends a staff session cookie too
            staff = client.get("/staff")
            assert "cookie" in staff.headers.get("Vary", "").lower()  # pages do depend on it
        for response in (
            api("GET", "/api/v1/conferences", token),
            api("GET", "/api/v1/conferences/999999", token),
            api("GET", "/api/v1/conferences"),
            api("POST", "/api/v1/conferences/999999/registrations", token, json={}),
        ):
            assert response.status_code in (200, 401, 404, 422), response.text
            assert "cookie" not in response.headers.get("Vary", "").lower(), response.headers
            assert "Set-Cookie" not in response.headers
