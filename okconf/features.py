"""The features of okconf, in dependency order, and how the app finds their parts.

Each feature is a package `okconf/<name>/` with any of:
  models.py  SQLAlchemy models (imported so metadata and migrations see them)
  views.py   `bp` (a Blueprint) or `blueprints` (a list), and optionally `NAV`,
             a list of (endpoint, label, roles) for the staff menu
  cli.py     `commands`, a list of click commands added under `flask okconf`
  demo.py    `load(ctx)`, which adds the feature's demo data (run in this order)
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

FEATURES = (
    "main",
    "accounts",
    "audit",
    "mail",
    "organisations",
    "steering",
    "conferences",
    "registration",
    "reimbursements",
    "workshops",
    "reports",
    "privacy",
)


def feature_modules(part: str) -> list[ModuleType]:
    """Import `okconf.<feature>.<part>` for every feature that has one, in order."""
    modules = []
    for feature in FEATURES:
        name = f"okconf.{feature}.{part}"
        if importlib.util.find_spec(f"okconf.{feature}") is None:
            continue
        if importlib.util.find_spec(name) is None:
            continue
        modules.append(importlib.import_module(name))
    return modules


def import_models() -> None:
    """Import every feature's models so they are registered on the metadata."""
    feature_modules("models")


def register_blueprints(app) -> None:
    """Register every feature's blueprints and collect the staff menu."""
    nav = []
    for module in feature_modules("views"):
        for blueprint in getattr(module, "blueprints", None) or [module.bp]:
            app.register_blueprint(blueprint)
        nav.extend(getattr(module, "NAV", []))
    app.extensions["okconf_nav"] = nav
