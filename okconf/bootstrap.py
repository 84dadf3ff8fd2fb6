"""Binding the extensions to the app: database, login, languages, rate limits (the mail
worker binds Flask-Mail itself, okconf.mail.smtp)."""

from __future__ import annotations

import os

from flask import current_app, g, has_request_context, request, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter

from okconf.db import MAX_ID
from okconf.extensions import babel, csrf, db, init_migrate, limiter, login_manager
from okconf.formdata import guard_form_data


def select_locale() -> str:
    """Swedish unless the visitor chose English (or another configured language)."""
    languages = current_app.config["LANGUAGES"]
    if has_request_context() and request.blueprint == "api":
        # API clients have no session: they ask with Accept-Language (the API's page, a
        # page like any other, follows the language switch).
        best = request.accept_languages.best_match(languages)
        return best or current_app.config["BABEL_DEFAULT_LOCALE"]
    # g.lang: a page that takes its language from its address (the embedded form's ?lang=).
    chosen = (g.get("lang") or session.get("lang")) if request else None
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def load_user(user_id: str):
    """Load the signed-in user from 'id:session_version'."""
    from okconf.accounts.models import User

    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.scalar(select(User).where(User.id == uid))
    if user is None or user.session_version != version or not user.active:
        return None
    return user


@sa_event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, _record):
    """SQLite enforces foreign keys (and so ON DELETE CASCADE) only when asked to."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


class IdConverter(IntegerConverter):
    """`<int:...>` in URLs, capped at a 64-bit integer: a bigger number is a 404, not a
    database overflow (a 500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def init_extensions(app) -> None:
    """Initialise every extension on the app."""
    import okconf.models  # noqa: F401 - every model on the metadata

    # Before any blueprint adds its rules, so every <int:...> is bounded.
    app.url_map.converters["int"] = IdConverter
    guard_form_data()

    db.init_app(app)
    init_migrate(
        app,
        db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)

    from okconf.features import group_conference_nav
    from okconf.formatting import FILTERS

    app.jinja_env.filters.update(FILTERS)

    @app.context_processor
    def inject_layout():
        from flask_babel import get_locale

        # Mails are rendered outside requests too (commands, the worker): no user there.
        user = current_user if has_request_context() else None
        signed_in = user is not None and user.is_authenticated
        nav = [
            entry
            for entry in app.extensions.get("okconf_nav", [])
            if signed_in and user.has_role(*entry[2])
        ]
        conference_entries = [
            entry
            for entry in app.extensions.get("okconf_conference_nav", [])
            if signed_in and user.has_role(*entry[2])
        ]
        return {
            "staff_nav": nav,
            # (endpoint, label, roles), as templates have always unpacked it
            "conference_nav": [entry[:3] for entry in conference_entries],
            "conference_nav_groups": group_conference_nav(conference_entries),
            "participant_sections": app.extensions.get("okconf_participant_sections", []),
            "staff_registration_sections": app.extensions.get(
                "okconf_staff_registration_sections", []
            ),
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "site_name": app.config["SITE_NAME"],
        }
