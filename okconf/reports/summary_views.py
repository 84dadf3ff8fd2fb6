"""Organisers write conference summaries and enter figures; the steering group approves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from okconf import audit
from okconf.accounts.access import roles_required, staff_required
from okconf.accounts.models import Role
from okconf.actions import act_and_go, submit
from okconf.conferences.access import can_manage, get_managed_conference
from okconf.conferences.models import Conference, conference_organisers
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.reports import services
from okconf.reports.forms import FiguresForm, SummaryForm
from okconf.reports.models import SECTIONS, EnteredFigures, Summary, SummaryState
from okconf.reports.statistics import counted, figures_for
from okconf.vocabulary import Principle

bp = Blueprint("summaries", __name__)

NAV = [("summaries.my_conferences", _l("Follow-up of my conferences"), (Role.ORGANISER,))]
CONFERENCE_NAV = [
    ("summaries.edit", _l("Summary"), (Role.ORGANISER,), "after"),
    ("summaries.figures", _l("Entered figures"), (Role.ORGANISER,), "after"),
]


@bp.route("/staff/uppfoljning")
@roles_required(Role.ORGANISER)
def my_conferences():
    """The conferences this organiser follows up (all, for admins)."""
    query = select(Conference).order_by(Conference.date.desc().nulls_first(), Conference.id)
    if current_user.role is not Role.ADMIN:
        query = query.join(conference_organisers).where(
            conference_organisers.c.user_id == current_user.id
        )
    conferences = list(db.session.scalars(query))
    # One query for every summary, not one per conference.
    by_conference = {
        s.conference_id: s
        for s in db.session.scalars(
            select(Summary).where(Summary.conference_id.in_([c.id for c in conferences]))
        )
    }
    return render_template(
        "reports/my_conferences.html",
        conferences=[(c, by_conference.get(c.id)) for c in conferences],
    )


@bp.route("/staff/konferenser/<int:conference_id>/sammanfattning", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(conference_id: int):
    """The structured summary editor, pre-filled from the conference's data."""
    conference = get_managed_conference(conference_id)
    summary = services.start_summary(conference)
    db.session.commit()
    if summary.state is not SummaryState.DRAFT:
        return redirect(url_for("summaries.show", summary_id=summary.id))
    form = SummaryForm(obj=summary)
    if request.method == "GET":
        form.principles.data = [p.value for p in summary.principles]
    if form.validate_on_submit():
        texts = {name: getattr(form, name).data for name, _label in SECTIONS}
        try:
            services.update_summary(
                summary, [Principle(p) for p in form.principles.data or []], **texts
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            audit.record("summary.saved", summary)
            if request.form.get("action") == "submit":
                services.transition(summary, "submit", current_user)
                flash(_("The summary was submitted to the steering group."), "success")
            else:
                flash(_("The summary was saved."), "success")
            db.session.commit()
            return redirect(url_for("summaries.edit", conference_id=conference.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "reports/summary_edit.html",
        conference=conference,
        summary=summary,
        form=form,
        figures=figures_for(conference),
    ), status


def _visible_summary(summary_id: int) -> Summary:
    summary = db.session.get(Summary, summary_id) or abort(404)
    if current_user.has_role(Role.READER):
        if summary.state is SummaryState.DRAFT and current_user.role is not Role.ADMIN:
            abort(404)
        return summary
    if not can_manage(current_user, summary.conference):
        abort(403)
    return summary


@bp.route("/staff/sammanfattning/<int:summary_id>")
@staff_required
def show(summary_id: int):
    """A summary, read-only, with the transitions the user may make."""
    summary = _visible_summary(summary_id)
    actions = [
        action
        for action, (source, _target, roles) in services.TRANSITIONS.items()
        if summary.state is source and current_user.has_role(*roles)
    ]
    return render_template(
        "reports/summary_show.html",
        summary=summary,
        conference=summary.conference,
        sections=SECTIONS,
        actions=actions,
        figures=figures_for(summary.conference),
    )


@bp.route(
    "/staff/sammanfattning/<int:summary_id>/<any(submit, approve, return, reopen):action>",
    methods=["POST"],
)
@staff_required
def change_state(summary_id: int, action: str):
    """Submit, approve, return or reopen a summary."""
    summary = _visible_summary(summary_id)
    done = {
        "submit": _("The summary was submitted to the steering group."),
        "approve": _("The summary was approved."),
        "return": _("The summary was returned to the organisers as a draft."),
        "reopen": _("The summary is a draft again."),
    }[action]
    return act_and_go(
        lambda: services.transition(summary, action, current_user),
        done,
        url_for("summaries.show", summary_id=summary.id),
    )


FIGURE_FIELDS = (
    "total",
    "civil_society",
    "public_sector",
    "business_other",
    "organisations",
    "municipalities",
    "agencies",
    "politicians",
    "note",
    "source",
)


@bp.route("/staff/konferenser/<int:conference_id>/siffror", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def figures(conference_id: int):
    """Enter figures for a conference, and choose which figures (entered or counted) reports use."""
    conference = get_managed_conference(conference_id)
    current = db.session.get(EnteredFigures, conference.id)
    form = FiguresForm(obj=current)
    if request.method == "GET" and current is not None:
        form.source.data = current.source.value
    if request.method == "POST" and request.form.get("action") == "clear":
        services.clear_entered_figures(conference)
        audit.record("figures.cleared", conference)
        db.session.commit()
        flash(_("The entered figures were removed."), "success")
        return redirect(url_for("summaries.figures", conference_id=conference.id))
    if form.validate_on_submit():

        def enter():
            entered = services.set_entered_figures(
                conference, **{name: getattr(form, name).data for name in FIGURE_FIELDS}
            )
            audit.record("figures.entered", conference, total=entered.total)

        if submit(form, enter, _("The figures were saved."))[0]:
            return redirect(url_for("summaries.figures", conference_id=conference.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "reports/figures.html",
        conference=conference,
        form=form,
        current=current,
        counted=counted(conference),
        shown=figures_for(conference),
    ), status
