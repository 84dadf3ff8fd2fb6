"""The features' views are imported on their first request, not when the app starts.

A web worker that imported every feature's views, with the forms and services they import,
held 3.2 MB more after start (README, "Memory of a web worker"), and most workers serve a few
of those pages in their life.
So the app starts from okconf/views_index.json, written from the views themselves by
`make views-index` (`python -m okconf.viewsindex`): for each feature's views module, its URL
rules (path, endpoint, methods, options), each endpoint's access marks (`public`,
`required_roles`), its menu entries (NAV, CONFERENCE_NAV and the page sections) and the
template globals, filters and context processors its blueprints add to the app. Every rule is
added with a `LazyView` that imports the module on its first call; `url_for`, the menus and
the access checks read the index and import nothing.

Before a request's `before_request` hooks run (Flask-Limiter and CSRFProtect find a view's
limits and exemption by the view function), a URL value preprocessor puts the real view in
`app.view_functions` in place of its `LazyView`. The template globals and context processors
are stand-ins that import their module when a template calls them.

EAGER features are imported when the app is made: `main` (/healthz, the staff layout's context
processor) and `api` (its token pages and its own loader, okconf/api/lazy.py).
tests/test_lazy_views.py checks that the index matches the views and that an app made from it
has the same URL map, marks, menus and template names as one made from the blueprints.
"""

from __future__ import annotations

import importlib
import json
import threading
from pathlib import Path

EAGER = ("main", "api")
INDEX = Path(__file__).resolve().with_name("views_index.json")
NAV_PARTS = ("NAV", "CONFERENCE_NAV", "PARTICIPANT_SECTIONS", "STAFF_REGISTRATION_SECTIONS")

_lock = threading.RLock()
_views: dict[str, dict] = {}


def blueprints_of(module) -> list:
    """The blueprints a views module defines (`blueprints`, or `bp`)."""
    return getattr(module, "blueprints", None) or [module.bp]


class _Recorder:
    """Stands in for the app while a blueprint's deferred rules are replayed: keeps the views."""

    def __init__(self) -> None:
        self.views: dict = {}

    def add_url_rule(self, rule, endpoint=None, view_func=None, **options) -> None:
        self.views[endpoint] = view_func


def views_of(module_name: str) -> dict:
    """{endpoint: view function} of a views module, importing it the first time (once, while
    other threads wait)."""
    found = _views.get(module_name)
    if found is None:
        with _lock:
            found = _views.get(module_name)
            if found is None:
                recorder = _Recorder()
                for blueprint in blueprints_of(importlib.import_module(module_name)):
                    state = blueprint.make_setup_state(recorder, {}, first_registration=False)
                    for deferred in blueprint.deferred_functions:
                        deferred(state)  # only rules: record_once parts skip a later state
                found = _views[module_name] = recorder.views
    return found


def _attribute(module_name: str, qualname: str):
    value = importlib.import_module(module_name)
    for part in qualname.split("."):
        value = getattr(value, part)
    return value


class LazyView:
    """A view function's stand-in: the access marks from the index; the view when called."""

    def __init__(self, module: str, endpoint: str, public: bool, roles) -> None:
        from okconf.accounts.models import Role

        self.module = module
        self.endpoint = endpoint
        self.__name__ = endpoint.rpartition(".")[2]
        if public:
            self.public = True
        if roles is not None:
            self.required_roles = tuple(Role(role) for role in roles)

    def resolve(self):
        """The real view function (its module imported now if it was not yet)."""
        return views_of(self.module)[self.endpoint]

    @property
    def __wrapped__(self):
        """The real view: code that looks through decorators (the access tests) finds it and
        its own marks (imported now)."""
        return self.resolve()

    def __call__(self, *args, **kwargs):
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<LazyView {self.endpoint} in {self.module}>"


class LazyCallable:
    """A template global's, filter's or context processor value's stand-in: imports its module
    when first called. `key`: the value is the one the context processor `qualname` returns
    under that name."""

    __slots__ = ("key", "module", "qualname", "target")

    def __init__(self, module: str, qualname: str, key: str | None = None) -> None:
        self.module, self.qualname, self.key, self.target = module, qualname, key, None

    def __call__(self, *args, **kwargs):
        if self.target is None:
            target = _attribute(self.module, self.qualname)
            self.target = target()[self.key] if self.key is not None else target
        return self.target(*args, **kwargs)


class LazyContextProcessor:
    """A context processor's stand-in: the names it provides, each a LazyCallable."""

    def __init__(self, module: str, qualname: str, keys: list[str]) -> None:
        self.values = {key: LazyCallable(module, qualname, key) for key in keys}

    def __call__(self) -> dict:
        return self.values


def resolve_view(endpoint: str | None, _values) -> None:
    """URL value preprocessor: the matched endpoint's real view replaces its LazyView."""
    from flask import current_app

    view = current_app.view_functions.get(endpoint or "")
    if isinstance(view, LazyView):
        current_app.view_functions[endpoint] = view.resolve()


def load_index() -> dict:
    """okconf/views_index.json (read for each app made, and let go: it is not kept)."""
    return json.loads(INDEX.read_text(encoding="utf-8"))


def _nav_entry(entry: list):
    from flask_babel import lazy_gettext

    from okconf.accounts.models import Role

    endpoint, label, roles, *phase = entry
    return (endpoint, lazy_gettext(label), tuple(Role(role) for role in roles), *phase)


def register_lazy(app, feature: str, entry: dict) -> dict[str, list]:
    """Add a feature's rules, template parts and processors from its entry in the index; its
    menu parts."""
    module = f"okconf.{feature}.views"
    if resolve_view not in app.url_value_preprocessors.get(None, ()):
        app.url_value_preprocessors.setdefault(None, []).insert(0, resolve_view)
    views = {
        endpoint: LazyView(module, endpoint, marks["public"], marks["roles"])
        for endpoint, marks in entry["views"].items()
    }
    for rule, endpoint, methods, options in entry["rules"]:
        app.add_url_rule(
            rule, endpoint=endpoint, view_func=views[endpoint], methods=methods, **options
        )
    for name, (where, qualname) in entry["globals"].items():
        app.jinja_env.globals[name] = LazyCallable(where, qualname)
    for name, (where, qualname) in entry["filters"].items():
        app.jinja_env.filters[name] = LazyCallable(where, qualname)
    for where, qualname, keys in entry["context_processors"]:
        app.template_context_processors[None].append(LazyContextProcessor(where, qualname, keys))
    return {
        "NAV": [_nav_entry(item) for item in entry["NAV"]],
        "CONFERENCE_NAV": [_nav_entry(item) for item in entry["CONFERENCE_NAV"]],
        "PARTICIPANT_SECTIONS": list(entry["PARTICIPANT_SECTIONS"]),
        "STAFF_REGISTRATION_SECTIONS": list(entry["STAFF_REGISTRATION_SECTIONS"]),
    }
