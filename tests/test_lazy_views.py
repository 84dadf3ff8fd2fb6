"""The features' views load on first use (okconf/lazyviews.py) from okconf/views_index.json.

The index must say what the views say: an app made from it has the URL map, the access marks,
the menus and the template names of an app that registers the blueprints themselves, and a
request reaches the real view with its decorators (access, rate limits, CSRF).
"""

from __future__ import annotations

import pytest

from okconf import create_app
from okconf.features import FEATURES
from okconf.lazyviews import INDEX, LazyCallable, LazyContextProcessor, LazyView
from okconf.viewsindex import build_index, dump
from tests.conftest import base_config
from tests.support import fresh_interpreter


def test_the_index_is_up_to_date():
    """okconf/views_index.json is what `make views-index` writes from the views today."""
    assert INDEX.read_text(encoding="utf-8") == dump(build_index()), (
        "okconf/views_index.json is out of date: run `make views-index`"
    )


@pytest.fixture(scope="module")
def apps():
    """(an app made from the index, an app that registers every feature's blueprints)."""
    lazy = create_app(base_config("sqlite://"))
    patch = pytest.MonkeyPatch()
    patch.setattr("okconf.features.EAGER", FEATURES)
    try:
        eager = create_app(base_config("sqlite://"))
    finally:
        patch.undo()
    return lazy, eager


def _rules(app) -> list[tuple]:
    return [
        (
            rule.rule,
            rule.endpoint,
            sorted(rule.methods or ()),
            rule.defaults or None,
            rule.strict_slashes,
            getattr(rule, "provide_automatic_options", None),
            rule.redirect_to is not None,
        )
        for rule in app.url_map.iter_rules()
    ]


def test_the_url_map_is_the_blueprints_one(apps):
    lazy, eager = apps
    assert _rules(lazy) == _rules(eager)
    assert any(isinstance(view, LazyView) for view in lazy.view_functions.values())


def test_every_view_has_the_blueprints_marks(apps):
    """What the menus and the staff layout read without importing the view (its roles, public)."""
    lazy, eager = apps
    assert set(lazy.view_functions) == set(eager.view_functions)
    for endpoint, real in eager.view_functions.items():
        stand_in = lazy.view_functions[endpoint]
        for mark in ("public", "required_roles"):
            assert getattr(stand_in, mark, None) == getattr(real, mark, None), (endpoint, mark)


def _menu(entries) -> list[tuple]:
    return [(entry[0], str(entry[1]), *entry[2:]) for entry in entries]


def test_the_menus_and_sections_are_the_blueprints_ones(apps):
    lazy, eager = apps
    for key in ("okconf_nav", "okconf_conference_nav"):
        assert _menu(lazy.extensions[key]) == _menu(eager.extensions[key])
    for key in ("okconf_participant_sections", "okconf_staff_registration_sections"):
        assert lazy.extensions[key] == eager.extensions[key]


def test_the_template_names_are_the_blueprints_ones(apps):
    """Template globals, filters and what the context processors provide."""
    lazy, eager = apps
    assert set(lazy.jinja_env.globals) == set(eager.jinja_env.globals)
    assert set(lazy.jinja_env.filters) == set(eager.jinja_env.filters)

    def provided(app) -> set[str]:
        names = set()
        with app.test_request_context():
            for processor in app.template_context_processors[None]:
                names |= set(processor())
        return names

    assert provided(lazy) == provided(eager)
    stand_ins = [
        *lazy.jinja_env.globals.values(),
        *lazy.template_context_processors[None],
    ]
    assert any(isinstance(value, LazyCallable) for value in stand_ins)
    assert any(isinstance(value, LazyContextProcessor) for value in stand_ins)


FIRST_REQUEST = """
import json, sys
from okconf import create_app
from okconf.extensions import db
app = create_app({
    "SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://", "ALLOW_HTTP_BASE_URL": True,
})
with app.app_context():
    db.create_all()
client = app.test_client()
seen = ["okconf.accounts.views" in sys.modules, type(app.view_functions["accounts.login"]).__name__]
page = client.get("/login")
seen += [page.status_code, "okconf.accounts.views" in sys.modules]
seen += [type(app.view_functions["accounts.login"]).__name__]
# a staff page still sends an anonymous visitor to sign in, without importing its feature's forms
seen += [client.get("/staff/admin/anvandare").status_code]
# a form posted without its CSRF token is refused by the real view's protection
seen += [client.post("/login", data={"email": "a@example.org", "password": "x"}).status_code]
print(json.dumps(seen))
"""


def test_a_view_is_imported_by_its_first_request():
    """In a fresh interpreter (the test process has imported every view): the app starts
    without the sign-in page's module, the first request imports it and the real view then
    stands in app.view_functions."""
    assert fresh_interpreter(FIRST_REQUEST) == [False, "LazyView", 200, True, "function", 302, 400]
