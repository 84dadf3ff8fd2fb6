"""The role × route matrix: every staff page refuses anonymous visitors and the wrong roles.

The routes are read from the app's URL map, so every route a feature adds is checked without
this file changing. A view is either marked `@public` or carries `required_roles` (set by
`roles_required` / `staff_required`); anything else fails `test_every_endpoint_is_marked`.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

import pytest
from werkzeug.routing import AnyConverter, FloatConverter, IntegerConverter, UUIDConverter

from okconf import create_app
from okconf.accounts.models import Role, User
from okconf.extensions import db
from tests.conftest import base_config

ANONYMOUS = "anonymous"
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def marks(view) -> tuple[bool, tuple[Role, ...] | None]:
    """(is public, required roles) of a view, looking through decorators' wrappers."""
    public, roles = False, None
    while view is not None:
        public = public or bool(getattr(view, "public", False))
        if roles is None:
            roles = getattr(view, "required_roles", None)
        view = getattr(view, "__wrapped__", None)
    return public, roles


def api_marks(view) -> tuple[tuple[Role, ...] | None, str | None]:
    """(roles, scope) of an API view (`okconf.api.blueprint.api_access`): it is reached with
    a token, never a session, so it has its own matrix below."""
    while view is not None:
        if getattr(view, "api_roles", None) is not None:
            return view.api_roles, view.api_scope
        view = getattr(view, "__wrapped__", None)
    return None, None


def dummy_value(converter):
    """A value the converter accepts, to build a URL without real objects."""
    if isinstance(converter, IntegerConverter):
        return 1
    if isinstance(converter, FloatConverter):
        return 1.0
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return "x"


def _routes():
    """Every rule of the app: (endpoint, rule, method, url, public, required roles), and the
    API's: (endpoint, rule, method, url, roles, scope) for each of its methods."""
    from okconf.api.lazy import load_api

    app = create_app(base_config("sqlite://"))
    load_api(app)  # the API's routes are added on its first call (okconf/api/lazy.py)
    routes, api_routes = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
            if rule.endpoint == "static" or rule.redirect_to is not None:
                continue  # an old path's redirect has no view: tests/test_urls.py checks them
            view = app.view_functions[rule.endpoint]
            public, roles = marks(view)
            methods = sorted((rule.methods or set()) - IGNORED_METHODS)
            method = "GET" if "GET" in methods else methods[0]
            values = {name: dummy_value(converter) for name, converter in rule._converters.items()}
            url = url_for(rule.endpoint, **values)
            api_roles, scope = api_marks(view)
            if api_roles is not None:
                roles = api_roles
                for each in methods:
                    api_routes.append((rule.endpoint, rule.rule, each, url, api_roles, scope))
                routes.append((rule.endpoint, rule.rule, method, url, public, None))
                continue
            routes.append((rule.endpoint, rule.rule, method, url, public, roles))
    return routes, api_routes


ROUTES, API_ROUTES = _routes()
API_ENDPOINTS = {endpoint for endpoint, *_rest in API_ROUTES}


def _cases():
    cases = []
    for endpoint, rule, method, url, _public, roles in ROUTES:
        if roles is None:
            continue
        refused = [ANONYMOUS] + [
            role.value for role in Role if role is not Role.ADMIN and role not in roles
        ]
        for who in refused:
            cases.append(pytest.param(method, url, who, id=f"{endpoint}[{rule}]-{method}-{who}"))
    return cases


def test_every_endpoint_is_marked():
    offenders = [
        f"{endpoint} ({rule}): "
        + ("both @public and roles_required" if public else "neither @public nor roles_required")
        for endpoint, rule, _method, _url, public, roles in ROUTES
        if public == (roles is not None or endpoint in API_ENDPOINTS)
    ]
    assert not offenders, "Views must be @public or require roles:\n" + "\n".join(offenders)


def test_the_matrix_covers_the_staff_pages():
    """The walk finds the known staff routes (guards against an empty, vacuous matrix)."""
    endpoints = {endpoint for endpoint, *_rest, roles in ROUTES if roles is not None}
    assert {"main.dashboard", "accounts.users", "mail.outbox", "mail.retry"} <= endpoints


def sign_in_as(client, role: str) -> None:
    """Put a new user of the role into the client's session (the form is tested elsewhere)."""
    user = User(
        email=f"matrix-{role}@example.org",
        name=f"Matrix {role}",
        role=Role(role),
        password_hash="not-used",  # the matrix does not sign in through the form
    )
    db.session.add(user)
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True


@pytest.mark.parametrize(("method", "url", "who"), _cases())
def test_staff_route_refuses(client, method, url, who):
    if who != ANONYMOUS:
        sign_in_as(client, who)
        assert client.get("/staff").status_code == 200  # the session works
    response = client.open(url, method=method)
    if who == ANONYMOUS:
        if response.status_code == 302:
            assert urlsplit(response.headers["Location"]).path == "/login"
        else:
            assert response.status_code in (401, 403)
    else:
        assert response.status_code == 403


# --- the API: tokens, never sessions ----------------------------------------------------------


def test_the_api_matrix_covers_the_api():
    """Every /api/v1 route but the public document and its page is in the API matrix."""
    api_rules = {rule for _e, rule, *_rest in ROUTES if rule.startswith("/api/")}
    covered = {rule for _e, rule, *_rest in API_ROUTES}
    assert api_rules - covered == {"/api/v1/openapi.json", "/api/v1/docs"}
    assert {"api.list_registrations", "api.create_registration", "api.check_in"} <= API_ENDPOINTS


def _token(role: str, scopes: str) -> str:
    """A token of a new user of the role, made directly (the service refuses readers one:
    the matrix shows a reader's token would be refused anyway)."""
    from datetime import timedelta

    from okconf.api.models import ApiToken
    from okconf.api.tokens import hash_token
    from okconf.db import utcnow

    user = User(
        email=f"api-{role}-{uuid.uuid4().hex[:8]}@example.org",
        name=f"API {role}",
        role=Role(role),
        password_hash="not-used",
    )
    db.session.add(user)
    db.session.flush()
    secret = "okc_matrix_" + uuid.uuid4().hex
    now = utcnow()
    db.session.add(
        ApiToken(
            user_id=user.id,
            name="matrix",
            token_hash=hash_token(secret),
            prefix=secret[:12],
            scopes=scopes,
            created_at=now,
            expires_at=now + timedelta(days=1),
        )
    )
    db.session.commit()
    return secret


def _api_cases():
    cases = []
    for endpoint, rule, method, url, roles, scope in API_ROUTES:
        ident = f"{endpoint}[{rule}]-{method}"
        cases.append(pytest.param(method, url, ANONYMOUS, "", 401, id=f"{ident}-no-token"))
        cases.append(pytest.param(method, url, "session", "", 401, id=f"{ident}-admin-cookie"))
        for role in Role:
            if role is not Role.ADMIN and role not in roles:
                everything = "read registrations:write checkin"
                cases.append(
                    pytest.param(method, url, role.value, everything, 403, id=f"{ident}-{role}")
                )
        others = " ".join(s for s in ("read", "registrations:write", "checkin") if s != scope)
        cases.append(pytest.param(method, url, "admin", others, 403, id=f"{ident}-without-{scope}"))
    return cases


@pytest.mark.parametrize(("method", "url", "who", "scopes", "status"), _api_cases())
def test_api_route_refuses(client, method, url, who, scopes, status):
    headers = {}
    if who == "session":
        # A signed-in admin's cookie (and a CSRF-free post) gets nothing from the API.
        sign_in_as(client, "admin")
        assert client.get("/staff").status_code == 200
    elif who != ANONYMOUS:
        headers["Authorization"] = f"Bearer {_token(who, scopes)}"
    response = client.open(url, method=method, headers=headers, json={})
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    assert "Set-Cookie" not in response.headers


# A door volunteer's check-in link (okconf/volunteers) opens these and nothing else.
VOLUNTEER_ENDPOINTS = {
    "attendees.checkin",
    "attendees.checkin_counts",
    "attendees.checkin_scan",
    "attendees.checkin_person",
    "attendees.checkin_undo",
    # A participant's companion is checked in at the same desk, with their own button.
    "attendees.checkin_companion",
    "attendees.checkin_companion_undo",
    "workshop_desk.workshops",
    "workshop_desk.workshop",
}


def test_the_volunteer_endpoints_are_the_ones_marked_for_links():
    """The desk views accept a link; no other view does (a new one must be added here)."""
    app = create_app(base_config("sqlite://"))
    marked = set()
    for endpoint, view in app.view_functions.items():
        while view is not None:
            if getattr(view, "checkin_link_allowed", False):
                marked.add(endpoint)
                break
            view = getattr(view, "__wrapped__", None)
    assert marked == VOLUNTEER_ENDPOINTS


@pytest.fixture
def volunteer(client, make_conference, make_registration):
    """A client holding a usable check-in link of conference 1 (registration 1 and workshop 1
    are there); conference 2 with registration 2 and workshop 2 belongs to someone else."""
    from okconf.conferences.models import Workshop
    from okconf.volunteers import services

    mine = make_conference()
    other = make_conference()
    assert mine.id == 1
    assert make_registration(mine).id == 1
    other_registration = make_registration(other)
    # Both come with a companion (the desk's companion buttons answer for registration 1).
    from okconf.companions.models import Companion

    db.session.add_all(
        Companion(registration_id=r, name="Maja") for r in (1, other_registration.id)
    )
    for conference in (mine, other):
        db.session.add(Workshop(conference_id=conference.id, title="Workshop"))
    db.session.commit()
    _link, token = services.create_link(mine, label="Dörren", hours=4, show_needs=False)
    db.session.commit()
    assert client.get(f"/incheckning/{token}").status_code == 302
    return client


def test_a_volunteer_reaches_the_desk_of_its_conference_and_nothing_else(volunteer):
    """Every route of the app, walked with a volunteer's session: only the desk answers 2xx
    (or redirects back to the desk after a check-in); every other staff route sends to the
    sign-in page, as for anyone without an account."""
    answered, refused = {}, []
    for endpoint, rule, method, url, public, roles in ROUTES:
        if public or roles is None:
            continue
        response = volunteer.open(url, method=method)
        if endpoint in VOLUNTEER_ENDPOINTS:
            answered[endpoint] = response.status_code
            assert response.status_code in (200, 302), (endpoint, response.status_code)
            if response.status_code == 302:
                assert "/login" not in response.headers["Location"], endpoint
        elif response.status_code < 300 or (
            response.status_code in (301, 302, 303)
            and urlsplit(response.headers["Location"]).path != "/login"
        ):
            refused.append(f"{endpoint} ({rule}) {method}: {response.status_code}")
    assert not refused, "A check-in link opened:\n" + "\n".join(refused)
    assert set(answered) == VOLUNTEER_ENDPOINTS


def test_a_volunteer_cannot_use_another_conferences_desk(volunteer):
    from flask import url_for

    with volunteer.application.test_request_context():
        urls = [
            ("GET", url_for("attendees.checkin", conference_id=2)),
            ("GET", url_for("attendees.checkin_counts", conference_id=2)),
            ("GET", url_for("attendees.checkin_scan", conference_id=2)),
            ("GET", url_for("attendees.checkin_person", registration_id=2)),
            ("POST", url_for("attendees.checkin_person", registration_id=2)),
            ("POST", url_for("attendees.checkin_undo", registration_id=2)),
            ("GET", url_for("workshop_desk.workshops", conference_id=2)),
            ("GET", url_for("workshop_desk.workshop", conference_id=2, workshop_id=2)),
            ("POST", url_for("workshop_desk.workshop", conference_id=2, workshop_id=2)),
        ]
    for method, url in urls:
        assert volunteer.open(url, method=method).status_code == 403, url
