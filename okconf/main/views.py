"""Front page, staff dashboard, language switch and /healthz."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import text

from okconf.accounts.access import public, staff_required
from okconf.extensions import db

bp = Blueprint("main", __name__)


@bp.route("/")
@public
def index():
    """The public front page: what okconf is, and the conferences."""
    from okconf.conferences.services import public_conferences

    upcoming, past = public_conferences()
    return render_template("main/index.html", upcoming=upcoming, past=past)


@bp.route("/staff")
@staff_required
def dashboard():
    """The staff start page: what this role can do."""
    return render_template("main/dashboard.html")


@bp.route("/language/<code>")
@public
def set_language(code: str):
    """Switch the interface language and go back where the user was."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(_local(request.args.get("next") or "") or url_for("main.index"))


def _local(target: str) -> str | None:
    """The target when it is a path on this site, else None.

    Browsers drop tabs and newlines in URLs and read a backslash as a slash, so a slash and a
    backslash, or a slash, a tab and a slash, lead to another site just as "//evil.org" does.
    """
    cleaned = "".join(ch for ch in target if ch.isprintable()).replace("\\", "/")
    if not cleaned.startswith("/") or cleaned.startswith("//"):
        return None
    return cleaned


@bp.route("/healthz")
@public
def healthz():
    """Liveness and the database's state, as JSON."""
    try:
        db.session.execute(text("SELECT 1"))
        database = "ok"
    except Exception as error:
        current_app.logger.warning("health check: database unavailable: %s", error)
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(
        status="ok" if status == 200 else "degraded",
        database=database,
        database_backend=db.engine.dialect.name,
    ), status
