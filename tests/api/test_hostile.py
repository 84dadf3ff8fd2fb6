"""Hostile input to the API: readable 4xx answers in JSON, never a 500."""

from __future__ import annotations

import json

import pytest

from okconf.registration.models import Registration

GOOD = {
    "first_name": "Alva",
    "last_name": "Ek",
    "email": "alva.ek@example.org",
    "organisation_name": "Föreningen Gemenskap",
    "party": "civil_society",
    "org_type": "civil_society_org",
}

BODIES = {
    "malformed JSON": ("{not json", 400),
    "a JSON list": ("[1, 2]", 422),
    "a JSON string": ('"hello"', 422),
    "JSON null": ("null", 422),
    "empty object": ("{}", 422),
    "wrong types": (json.dumps({**GOOD, "first_name": 5, "is_volunteer": "yes"}), 422),
    "unknown field": (json.dumps({**GOOD, "is_admin": True}), 422),
    "huge number": (json.dumps({**GOOD, "workshop_wishes": {"1": [10**30]}}), 422),
    "float id": (json.dumps({**GOOD, "workshop_wishes": {"1": [1.5]}}), 422),
    "NUL character": (json.dumps({**GOOD, "first_name": "A\u0000B"}), 422),
    "too long": (json.dumps({**GOOD, "last_name": "x" * 101}), 422),
    "blank name": (json.dumps({**GOOD, "first_name": "   "}), 422),
    "bad email": (json.dumps({**GOOD, "email": "not-an-address"}), 422),
    "unknown choice": (json.dumps({**GOOD, "party": "government_x"}), 422),
    "nested junk": (json.dumps({**GOOD, "diets": [{"a": 1}], "workshop_wishes": [1]}), 422),
    "too many wishes": (json.dumps({**GOOD, "workshop_wishes": {"1": [1, 2, 3, 4]}}), 422),
    "unknown workshop": (json.dumps({**GOOD, "workshop_wishes": {"1": [1]}}), 422),
    "deep nesting": ("[" * 5000 + "]" * 5000, 400),
}


@pytest.mark.parametrize("name", BODIES)
def test_bad_bodies_get_readable_answers(app, api, make_user, make_token, make_conference, name):
    body, status = BODIES[name]
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    response = api(
        "POST",
        f"/api/v1/conferences/{conference.id}/registrations",
        make_token(organiser),
        data=body,
        content_type="application/json",
    )
    assert response.status_code == status, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["error"] and answer["message"]
    if status == 422 and name not in ("a JSON list", "a JSON string", "JSON null"):
        assert answer["errors"], answer
    assert Registration.query.count() == 0


def test_field_messages_are_the_forms(app, api, make_user, make_token, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    response = api(
        "POST",
        f"/api/v1/conferences/{conference.id}/registrations",
        make_token(organiser),
        json={**GOOD, "first_name": " ", "last_name": "x" * 101, "bogus": 1, "party": 3},
    )
    assert response.get_json()["errors"] == {
        "first_name": ["Enter the first name."],
        "last_name": ["At most 100 characters."],
        "bogus": ["Unknown field."],
        "party": ["Not a valid string."],
    }


def test_form_data_and_other_types_are_refused(app, api, make_user, make_token, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    token = make_token(organiser)
    url = f"/api/v1/conferences/{conference.id}/registrations"
    for kwargs in ({"data": GOOD}, {"data": "x", "content_type": "text/plain"}, {}):
        response = api("POST", url, token, **kwargs)
        assert 400 <= response.status_code < 500, kwargs
        assert response.is_json
    assert Registration.query.count() == 0


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=501",
        "limit=99999999999999999999999",
        "limit=abc",
        "cursor=%00%01",
        "cursor=bm9wZQ",
        "cursor=" + "A" * 300,
        "updated_since=yesterday",
        "updated_since=2026-11-30T10:00:00",
        "updated_since=99999-01-01T00:00:00Z",
        "status=lost",
        "unknown=1",
    ],
)
def test_bad_query_arguments(app, api, make_user, make_token, make_conference, query):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    response = api(
        "GET", f"/api/v1/conferences/{conference.id}/registrations?{query}", make_token(organiser)
    )
    if "%00" in query:  # refused for every page before it reaches the API (security.py)
        assert response.status_code == 400 and response.is_json
        return
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.get_json()["errors"]


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/conferences/{2**64}",
        f"/api/v1/registrations/{2**63}/check-in",
        "/api/v1/claims?conference_id=99999999999999999999999",
        "/api/v1/conferences/-1",
        "/api/v1/nothing-here",
    ],
)
def test_huge_and_strange_ids(app, api, make_user, make_token, url):
    response = api("GET", url, make_token(make_user("admin")))
    assert response.status_code in (404, 405, 422), response.get_data(as_text=True)
    assert response.is_json


def test_status_change_with_nonsense(
    app, api, make_user, make_token, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    person = make_registration(conference)
    token = make_token(organiser)
    for body in ({"status": "waiting"}, {"status": None}, {}, {"status": "cancelled", "x": 1}):
        response = api("POST", f"/api/v1/registrations/{person.id}/status", token, json=body)
        assert response.status_code == 422, body
    response = api(
        "POST", f"/api/v1/registrations/{person.id}/status", token, json={"status": "waiting"}
    )
    assert response.get_json()["errors"] == {"status": ["Choose one of: confirmed, cancelled."]}
