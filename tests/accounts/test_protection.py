"""CSRF and rate limits on sign-in (both are off in other tests)."""

from __future__ import annotations

import re

from tests.conftest import PASSWORD


def test_sign_in_without_csrf_token_is_refused_readably(make_app, make_user):
    user = make_user("organiser")
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The form has expired" in page
    assert "Go back, reload and try again." in page
    assert client.get("/staff").status_code == 302

    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    assert client.get("/staff").status_code == 200


def test_sign_out_without_csrf_token_gets_the_expired_form_page(make_app, make_user, login):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/logout")
    assert response.status_code == 400
    assert "The form has expired" in response.get_data(as_text=True)


def test_sign_in_attempts_are_rate_limited(make_app, make_user):
    user = make_user("organiser")
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    for n in range(10):  # ten addresses from one client: the per-address limit is not hit
        response = client.post(
            "/login", data={"email": f"guess{n}@example.org", "password": "wrong-pass"}
        )
        assert response.status_code == 200
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0
    assert client.get("/login").status_code == 200  # reading the form is not limited
