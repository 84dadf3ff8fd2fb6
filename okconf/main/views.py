"""Front page, staff dashboard, a conference's dashboard, language switch and /healthz."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from okconf.accounts.access import public, roles_required, staff_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.conferences.services import registration_state
from okconf.extensions import db
from okconf.main.dashboard import (
    conference_figures,
    current_phase,
    figures_for,
    next_tasks,
    staff_conferences,
)
from okconf.security import local_path

bp = Blueprint("main", __name__)


@bp.app_context_processor
def staff_layout():
    """`staff_page`: the request is a signed-in user's staff view (base.html then shows the
    conference menu on pages about one conference); `can_open(endpoint)`."""
    if not has_request_context():  # mails rendered by commands and the worker
        return {"staff_page": False, "can_open": lambda endpoint: False}
    view = current_app.view_functions.get(request.endpoint or "")
    staff = (
        view is not None
        and getattr(view, "required_roles", None) is not None
        and current_user.is_authenticated
    )
    return {"staff_page": staff, "can_open": can_open}


def can_open(endpoint: str) -> bool:
    """True when the signed-in user's role may open the staff view (to link it or not)."""
    view = current_app.view_functions.get(endpoint)
    roles = getattr(view, "required_roles", None)
    if view is None or not current_user.is_authenticated:
        return False
    return roles is None or current_user.has_role(*roles)


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
    """The staff start page: the user's conferences with their figures, upcoming first."""
    upcoming, past = [], []
    if current_user.has_role(Role.ORGANISER):
        upcoming, past = staff_conferences(current_user)
    return render_template(
        "main/dashboard.html",
        upcoming=upcoming,
        past=past,
        figures=figures_for(upcoming + past),
    )


@bp.route("/staff/konferenser/<int:conference_id>")
@roles_required(Role.ORGANISER)
def conference(conference_id: int):
    """The conference's dashboard: its figures, what needs doing next, the tasks by phase."""
    conference = get_managed_conference(conference_id)
    figures = conference_figures(conference)
    return render_template(
        "conferences/staff_show.html",
        conference=conference,
        state=registration_state(conference),
        figures=figures,
        tasks=next_tasks(conference, figures),
        phase=current_phase(conference),
    )


@bp.route("/language/<code>")
@public
def set_language(code: str):
    """Switch the interface language and go back where the user was."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    return redirect(local_path(request.args.get("next")) or url_for("main.index"))


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
