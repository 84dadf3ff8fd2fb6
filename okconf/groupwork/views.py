"""Posting notes by the conference's short link, the Open Space wall, and feedback."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from okconf.accounts.access import public
from okconf.errors import Conflict, DomainError, NotFound, apply_to_form
from okconf.extensions import db, limiter
from okconf.groupwork import services
from okconf.groupwork.forms import FeedbackForm, NoteForm
from okconf.groupwork.models import NoteKind
from okconf.vocabulary import Principle, Theme

bp = Blueprint("groupwork", __name__)


def _conference_or_404(token: str):
    conference = services.conference_for_token(token)
    if conference is None:
        abort(404)
    return conference


@bp.route("/anteckna/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute; 200 per hour", methods=["POST"])
def post(token: str):
    """The public form for posting a note from a workshop or table."""
    conference = _conference_or_404(token)
    form = NoteForm(workshops=[w for w in conference.workshops if not w.cancelled])
    posted = False
    if form.validate_on_submit():
        try:
            services.post_note(
                conference,
                kind=NoteKind(form.kind.data),
                theme=Theme(form.theme.data),
                text=form.text.data,
                principle=Principle(form.principle.data) if form.principle.data else None,
                group_label=form.group_label.data,
                workshop_id=form.workshop_id.data,
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            posted = True
            group_label, workshop_id = form.group_label.data, form.workshop_id.data
            form = NoteForm(
                formdata=None,
                workshops=[w for w in conference.workshops if not w.cancelled],
                group_label=group_label,
                workshop_id=workshop_id,
            )
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "groupwork/post.html", conference=conference, form=form, token=token, posted=posted
    ), status


@bp.route("/anteckna/<token>/vagg")
@public
def wall(token: str):
    """The Open Space wall for a screen in the room."""
    conference = _conference_or_404(token)
    return render_template(
        "groupwork/wall.html",
        conference=conference,
        groups=services.grouped(conference),
        data_url=request.path + ".json",
        post_token=token,
    )


@bp.route("/anteckna/<token>/skarm")
@public
def wall_display(token: str):
    """The wall as a display for the big screen: no menus, large type in columns, the QR code
    and the short link to join, new notes appearing as they come."""
    conference = _conference_or_404(token)
    join_url = url_for("groupwork.post", token=token, _external=True)
    return render_template(
        "groupwork/wall_display.html",
        conference=conference,
        groups=services.grouped(conference),
        data_url=url_for("groupwork.wall_data", token=token),
        join_url=join_url,
        short_link=join_url.split("://", 1)[-1],
        qr_svg=Markup(services.qr_svg(join_url)),  # noqa: S704 - qrcode's own path markup
    )


@bp.route("/anteckna/<token>/vagg.json")
@public
def wall_data(token: str):
    """The wall's notes as JSON, fetched every few seconds by the wall page."""
    return jsonify(services.wall_json(_conference_or_404(token)))


@bp.route("/aterkoppling/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def feedback(token: str):
    """A participant's personal feedback form (one answer per registration)."""
    try:
        registration = services.registration_for_feedback(token)
    except NotFound:
        abort(404)
    conference = registration.conference
    if services.has_answered(registration):
        return render_template("groupwork/feedback_done.html", conference=conference, again=True)
    form = FeedbackForm()
    if form.validate_on_submit():
        try:
            services.answer_feedback(
                registration,
                knowledge_before=form.knowledge_before.data,
                knowledge_after=form.knowledge_after.data,
                principles=[Principle(p) for p in form.principles.data or []],
                next_steps=form.next_steps.data,
                free_text=form.free_text.data,
            )
        except Conflict:
            db.session.rollback()
            return render_template(
                "groupwork/feedback_done.html", conference=conference, again=True
            ), 409
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return render_template("groupwork/feedback_done.html", conference=conference)
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "groupwork/feedback.html", conference=conference, form=form, title=_("Feedback")
    ), status


from okconf.groupwork import staff_views  # noqa: E402

blueprints = [bp, staff_views.bp]
CONFERENCE_NAV = staff_views.CONFERENCE_NAV
