"""The OpenAPI document, its page, the contract check itself, rate limits, CSRF, languages."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

from tests import openapi_contract


def test_the_document_is_valid_openapi_3_1_and_lists_every_endpoint(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises on an invalid document
    rules = {
        rule.rule.replace("<int:", "{").replace(">", "}")
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert rules == set(spec["paths"])
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["security"] and operation["x-okconf-scope"], (method, path)
            assert "default" in operation["responses"]


def test_the_page_shows_every_operation_without_scripts(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    page = client.get("/api/v1/docs")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    for path, item in spec["paths"].items():
        for method in item:
            if method != "parameters":
                assert f"{method.upper()} {path}" in text
    assert "<script" not in text.split("</main>")[0].split("<main")[1]
    assert "registrations:write" in text


def test_the_contract_check_catches_a_wrong_response(
    app, api, make_user, make_token, make_conference
):
    """The check that holds every API response to the document can fail: a response that
    breaks it raises."""
    token = make_token(make_user("admin"))
    conference = make_conference()
    checked_before = len(openapi_contract.checked)
    response = api("GET", f"/api/v1/conferences/{conference.id}", token)
    assert len(openapi_contract.checked) == checked_before + 1
    body = response.get_json()
    del body["title"]
    response.set_data(__import__("json").dumps(body))
    with pytest.raises(Exception, match="title"):
        openapi_contract.check_response(app, response)


def test_rate_limits_count_per_token(make_app, make_user, password_hash):
    from okconf.accounts.models import Role, User
    from okconf.api import tokens
    from okconf.extensions import db

    application = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    with application.app_context():
        users = [
            User(email=f"rl{n}@example.org", name="R", role=Role.ADMIN, password_hash="x")
            for n in (1, 2)
        ]
        db.session.add_all(users)
        db.session.flush()
        first = tokens.create_token(users[0], "a", ["read"], 30)[1]
        second = tokens.create_token(users[1], "b", ["read"], 30)[1]
        db.session.commit()
    client = application.test_client()
    for _ in range(3):
        ok = client.get("/api/v1/conferences", headers={"Authorization": f"Bearer {first}"})
        assert ok.status_code == 200
    limited = client.get("/api/v1/conferences", headers={"Authorization": f"Bearer {first}"})
    assert limited.status_code == 429
    assert limited.get_json()["error"] == "Too many attempts"
    assert int(limited.headers["Retry-After"]) > 0
    other = client.get("/api/v1/conferences", headers={"Authorization": f"Bearer {second}"})
    assert other.status_code == 200
    # Made-up tokens share their address's count: each guess gets no fresh one.
    guesses = [
        client.get("/api/v1/conferences", headers={"Authorization": f"Bearer okc_guess{n}"})
        for n in range(4)
    ]
    assert [g.status_code for g in guesses] == [401, 401, 401, 429]
    with application.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()


def test_no_csrf_token_is_needed_and_a_cookie_gets_nothing(make_app, make_user, password_hash):
    """With CSRF protection on, a token's post goes through without a CSRF token; a signed-in
    browser's cookie gets 401, so another site cannot make the browser use the API."""
    from okconf.accounts.models import Role, User
    from okconf.api import tokens
    from okconf.conferences.models import Conference, ConferenceState
    from okconf.extensions import db

    application = make_app(WTF_CSRF_ENABLED=True)
    with application.app_context():
        user = User(email="csrf@example.org", name="C", role=Role.ADMIN, password_hash="x")
        conference = Conference(slug="c", title="C", state=ConferenceState.PUBLISHED)
        db.session.add_all([user, conference])
        db.session.flush()
        secret = tokens.create_token(user, "a", ["registrations:write"], 30)[1]
        ids = user.get_id(), conference.id
        db.session.commit()
    client = application.test_client()
    body = {
        "first_name": "A",
        "last_name": "B",
        "email": "ab@example.org",
        "organisation_name": "X",
        "party": "civil_society",
        "org_type": "civil_society_org",
        "override_deadline": True,
    }
    url = f"/api/v1/conferences/{ids[1]}/registrations"
    made = client.post(url, json=body, headers={"Authorization": f"Bearer {secret}"})
    assert made.status_code == 201, made.get_json()
    with client.session_transaction() as session:
        session["_user_id"] = ids[0]
        session["_fresh"] = True
    cookie_only = client.post(url, json={**body, "email": "cd@example.org"})
    assert cookie_only.status_code == 401
    with application.app_context():
        from tests.conftest import empty_all_tables

        empty_all_tables()


def test_messages_follow_accept_language(app, api, make_user, make_token, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    token = make_token(organiser)
    url = f"/api/v1/conferences/{conference.id}/registrations"
    english = api("POST", url, token, json={"bogus": 1}, headers={"Accept-Language": "en"})
    swedish = api("POST", url, token, json={"bogus": 1}, headers={"Accept-Language": "sv"})
    assert english.get_json()["errors"]["bogus"] == ["Unknown field."]
    assert swedish.get_json()["errors"]["bogus"] == ["Okänt fält."]
    assert swedish.get_json()["errors"]["email"] == ["Uppgiften måste fyllas i."]
    none = api("GET", "/api/v1/conferences", headers={"Accept-Language": "sv-SE,sv;q=0.9"})
    assert none.get_json()["error"] == "En API-nyckel behövs"
