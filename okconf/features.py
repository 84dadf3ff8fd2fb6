"""The features of okconf, in dependency order, and how the app finds their parts.

Each feature is a package `okconf/<name>/` with any of:
  models.py  SQLAlchemy models (imported so metadata and migrations see them)
  views.py   `bp` (a Blueprint) or `blueprints` (a list), and optionally:
             NAV: (endpoint, label, roles) entries for the staff menu;
             CONFERENCE_NAV: (endpoint, label, roles, phase) entries for one conference's staff
               pages, the endpoint taking `conference_id`; `phase` is one of PHASES and groups
               the entry in the conference menu and on its dashboard (entries without one are
               grouped under "registration");
             PARTICIPANT_SECTIONS: templates included on a participant's own registration page,
               rendered with `registration` and `token` in their context;
             STAFF_REGISTRATION_SECTIONS: templates included on the organiser's page of one
               registration, rendered with `registration` and `conference`
  personal_data.py  `collect(registration)` and `erase(registration)` for the privacy feature
  retention.py  PURGE_STEPS, run by the retention purge
  reminders.py  REMINDER_STEPS, run by the daily `flask okconf send-reminders`
  hooks.py   receivers connected to `okconf.signals` (imported once, when the app is made)
  cli.py     `commands`, a list of click commands added under `flask okconf`
  demo.py    `load(ctx)`, which adds the feature's demo data (run in this order)
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from okconf.lazyviews import EAGER, NAV_PARTS, load_index, register_lazy

FEATURES = (
    "main",
    "accounts",
    "audit",
    "mail",
    "organisations",
    "steering",
    "conferences",
    "invitations",
    "registration",
    "mailtexts",
    "questions",
    "companions",
    "attendees",
    "volunteers",
    "reimbursements",
    "workshops",
    "groupwork",
    "certificates",
    "stillcoming",
    "messages",
    "participantlist",
    "reports",
    "privacy",
    "webhooks",
    "api",
)


# The phases of a conference, in order, that group its staff pages (CONFERENCE_NAV).
PHASES = ("before", "registration", "day", "after")
DEFAULT_PHASE = "registration"

PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _present(name: str) -> bool:
    """True when the module exists inside this okconf package's own folder (remembered: the
    package's files do not change while it runs, and every app made asks the same).

    An editable install's import hook can find `okconf.<feature>` in the checkout it was
    installed from even when okconf itself is imported from another checkout (a worktree that
    shares the virtualenv); mixing two trees' code would test neither, so only this
    package's folder counts.
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return False
    return Path(spec.origin).resolve().is_relative_to(PACKAGE_DIR)


def feature_modules(part: str) -> list[ModuleType]:
    """Import `okconf.<feature>.<part>` for every feature that has one, in order."""
    modules = []
    for feature in FEATURES:
        name = f"okconf.{feature}.{part}"
        if not _present(f"okconf.{feature}") or not _present(name):
            continue
        modules.append(importlib.import_module(name))
    return modules


def import_models() -> None:
    """Import every feature's models so they are registered on the metadata."""
    feature_modules("models")


def connect_hooks() -> None:
    """Import every feature's hooks module, which connects its receivers to okconf.signals."""
    feature_modules("hooks")


def register_blueprints(app) -> None:
    """Register every feature's views and collect the staff menu: the EAGER features' blueprints
    now, the others' rules from okconf/views_index.json with views imported on first use
    (okconf/lazyviews.py)."""
    index = load_index()
    nav, conference_nav, participant_sections, staff_sections = [], [], [], []
    for feature in FEATURES:
        name = f"okconf.{feature}.views"
        if not _present(f"okconf.{feature}") or not _present(name):
            continue
        if feature in EAGER:
            module = importlib.import_module(name)
            for blueprint in getattr(module, "blueprints", None) or [module.bp]:
                app.register_blueprint(blueprint)
            parts = {part: getattr(module, part, []) for part in NAV_PARTS}
        else:
            parts = register_lazy(app, feature, index[feature])
        nav.extend(parts["NAV"])
        conference_nav.extend(
            entry if len(entry) == 4 else (*entry, DEFAULT_PHASE)
            for entry in parts["CONFERENCE_NAV"]
        )
        participant_sections.extend(parts["PARTICIPANT_SECTIONS"])
        staff_sections.extend(parts["STAFF_REGISTRATION_SECTIONS"])
    app.extensions["okconf_nav"] = nav
    app.extensions["okconf_conference_nav"] = conference_nav
    app.extensions["okconf_participant_sections"] = participant_sections
    app.extensions["okconf_staff_registration_sections"] = staff_sections


def phase_labels() -> dict[str, str]:
    """The phases' names as the menus show them."""
    from flask_babel import lazy_gettext as _l

    return {
        "before": _l("Before"),
        "registration": _l("Registration"),
        "day": _l("On the day"),
        "after": _l("After"),
    }


def group_conference_nav(entries) -> list[tuple[str, str, list[tuple]]]:
    """(phase, its label, its (endpoint, label, roles) entries) for every phase with entries."""
    labels = phase_labels()
    return [
        (phase, labels[phase], [entry[:3] for entry in entries if entry[3] == phase])
        for phase in PHASES
        if any(entry[3] == phase for entry in entries)
    ]
