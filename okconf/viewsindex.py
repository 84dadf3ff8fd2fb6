"""Writes okconf/views_index.json from the views (`make views-index`): see okconf/lazyviews.py.

Run it after adding, moving or changing a route, a menu entry or a template global of a
feature's views; tests/test_lazy_views.py says when the index is out of date.
"""

from __future__ import annotations

import importlib
import json

from okconf.features import FEATURES, NAV_PARTS, _present
from okconf.lazyviews import EAGER, INDEX, _attribute, blueprints_of

# What a lazy feature's blueprints may do when registered: add rules, and template globals,
# filters and context processors (the index reproduces those); anything else (a record_once
# of its own) would be lost.
KNOWN_SETUP = {
    "Blueprint.add_url_rule.<locals>.<lambda>",
    "Blueprint.add_app_template_global.<locals>.register_template",
    "Blueprint.add_app_template_filter.<locals>.register_template",
    "Blueprint.app_context_processor.<locals>.<lambda>",
}


def _name_of(value) -> list[str]:
    """[module, qualname] of a function, checked to be importable by that name and not a
    Jinja function that wants the context (a stand-in would not pass it)."""
    where, qualname = value.__module__, value.__qualname__
    if _attribute(where, qualname) is not value or hasattr(value, "jinja_pass_arg"):
        raise ValueError(f"{where}.{qualname} cannot be loaded lazily")
    return [where, qualname]


def _label(label) -> str:
    from flask_babel import gettext
    from flask_babel.speaklater import LazyString

    if not isinstance(label, LazyString) or label._func is not gettext or label._kwargs:
        raise ValueError(f"menu label {label!r} is not a plain lazy_gettext")
    return label._args[0]


def _menu(module, part: str) -> list:
    entries = list(getattr(module, part, []))
    if part in ("NAV", "CONFERENCE_NAV"):
        return [
            [endpoint, _label(label), [role.value for role in roles], *rest]
            for endpoint, label, roles, *rest in entries
        ]
    return entries


def index_entry(feature: str) -> dict:
    """What the index holds for one feature's views module (imported here)."""
    from flask import Flask

    module = importlib.import_module(f"okconf.{feature}.views")
    probe = Flask("okconf_views_index", static_folder=None)
    globals_before, filters_before = dict(probe.jinja_env.globals), dict(probe.jinja_env.filters)
    processors_before = list(probe.template_context_processors[None])
    for blueprint in blueprints_of(module):
        for deferred in blueprint.deferred_functions:
            setup = getattr(deferred, "__wrapped__", deferred).__qualname__
            if setup not in KNOWN_SETUP:
                raise ValueError(f"{blueprint.name}: {setup} cannot be loaded lazily")
        if blueprint._blueprints:
            raise ValueError(f"{blueprint.name}: nested blueprints cannot be loaded lazily")
        probe.register_blueprint(blueprint)
    hooks = (
        probe.before_request_funcs,
        probe.after_request_funcs,
        probe.teardown_request_funcs,
        probe.url_value_preprocessors,
        probe.url_default_functions,
        probe.error_handler_spec,
    )
    default = probe.template_context_processors[None][0]  # Flask's own (g, request, session)
    if any(any(value for value in hook.values()) for hook in hooks) or any(
        key is not None and set(value) - {default}
        for key, value in probe.template_context_processors.items()
    ):
        raise ValueError(f"{module.__name__}: request hooks cannot be loaded lazily")
    rules, views = [], {}
    for rule in probe.url_map.iter_rules():
        if rule.host or rule.subdomain or rule.build_only or rule.redirect_to or rule.alias:
            raise ValueError(f"{rule.rule}: this kind of rule cannot be loaded lazily")
        automatic = bool(getattr(rule, "provide_automatic_options", False))
        methods = set(rule.methods or ()) - ({"OPTIONS"} if automatic else set())
        if "GET" in methods:
            methods.discard("HEAD")
        options: dict = {} if automatic else {"provide_automatic_options": False}
        if rule.defaults:
            options["defaults"] = rule.defaults
        if rule.strict_slashes is False:
            options["strict_slashes"] = False
        rules.append([rule.rule, rule.endpoint, sorted(methods), options])
        view = probe.view_functions[rule.endpoint]
        roles = getattr(view, "required_roles", None)
        views[rule.endpoint] = {
            "public": bool(getattr(view, "public", False)),
            "roles": None if roles is None else [role.value for role in roles],
        }
    processors = []
    for processor in probe.template_context_processors[None][len(processors_before) :]:
        with probe.test_request_context():
            provided = processor()
        if not all(callable(value) for value in provided.values()):
            raise ValueError(f"{processor.__qualname__}: its values must be functions")
        processors.append([*_name_of(processor), sorted(provided)])
    return {
        "rules": rules,
        "views": views,
        "globals": {
            name: _name_of(value)
            for name, value in probe.jinja_env.globals.items()
            if globals_before.get(name) is not value
        },
        "filters": {
            name: _name_of(value)
            for name, value in probe.jinja_env.filters.items()
            if filters_before.get(name) is not value
        },
        "context_processors": processors,
        **{part: _menu(module, part) for part in NAV_PARTS},
    }


def lazy_features() -> list[str]:
    """The features whose views load on first use (those that have views, less EAGER)."""
    return [
        feature
        for feature in FEATURES
        if feature not in EAGER and _present(f"okconf.{feature}.views")
    ]


def build_index() -> dict:
    """The whole index, from the views modules (all imported)."""
    return {feature: index_entry(feature) for feature in lazy_features()}


def dump(index: dict) -> str:
    """The index as written to okconf/views_index.json: a line for each rule, view and entry."""

    def line(value) -> str:
        return json.dumps(value, ensure_ascii=False)

    def block(value, indent: str) -> str:
        if isinstance(value, dict) and value:
            items = (f"{indent} {line(key)}: {line(item)}" for key, item in value.items())
        elif isinstance(value, list) and value:
            items = (f"{indent} {line(item)}" for item in value)
        else:
            return line(value)
        opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
        return opening + "\n" + ",\n".join(items) + f"\n{indent}{closing}"

    features = []
    for feature, entry in index.items():
        parts = ",\n".join(f"  {line(key)}: {block(value, '  ')}" for key, value in entry.items())
        features.append(f" {line(feature)}: {{\n{parts}\n }}")
    return "{\n" + ",\n".join(features) + "\n}\n"


if __name__ == "__main__":
    INDEX.write_text(dump(build_index()), encoding="utf-8")
    print(f"wrote {INDEX}")
