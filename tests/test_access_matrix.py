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
    """Every rule of the app: (endpoint, rule, method, url, public, required roles)."""
    app = create_app(base_config("sqlite://"))
    routes = []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
            if rule.endpoint == "static":
                continue
            public, roles = marks(app.view_functions[rule.endpoint])
            methods = sorted((rule.methods or set()) - IGNORED_METHODS)
            method = "GET" if "GET" in methods else methods[0]
            values = {name: dummy_value(converter) for name, converter in rule._converters.items()}
            url = url_for(rule.endpoint, **values)
            routes.append((rule.endpoint, rule.rule, method, url, public, roles))
    return routes


ROUTES = _routes()


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
        if public == (roles is not None)
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


# A door volunteer's check-in link (okconf/volunteers) opens these and nothing else.
VOLUNTEER_ENDPOINTS = {
    "attendees.checkin",
    "attendees.checkin_counts",
    "attendees.checkin_scan",
    "attendees.checkin_person",
    "attendees.checkin_undo",
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
    make_registration(other)
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
