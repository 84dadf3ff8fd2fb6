"""The steering group's editions of the joint report: create, edit, review, publish, history."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import act_and_go, submit
from okconf.conferences.models import Series
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.reports import editions
from okconf.reports.edition_models import ReportEdition, edition_sections
from okconf.reports.forms import EditionForm, NewEditionForm

bp = Blueprint("editions", __name__)


def _edition(edition_id: int) -> ReportEdition:
    return db.session.get(ReportEdition, edition_id) or abort(404)


def _series_choices() -> list[SelectChoice]:
    series = db.session.scalars(select(Series).order_by(Series.year, Series.name))
    return [SelectChoice(str(s.id), s.name) for s in series if s.conferences]


@bp.route("/staff/rapporter/utgavor", methods=["GET", "POST"])
@roles_required(Role.READER)
def index():
    """The editions of the joint report, and a new one over a series."""
    form = NewEditionForm()
    form.series.choices = _series_choices()
    if form.validate_on_submit():
        series = db.session.get(Series, int(form.series.data)) or abort(404)
        done, edition = submit(
            form,
            lambda: editions.create_edition(
                list(series.conferences),
                title=form.title.data,
                season=form.season.data or "",
                series=series,
                editor=current_user,
                signed_by=_("The steering group for the follow-up of the Agreement"),
            ),
            _("The edition was drafted from the summaries and figures."),
        )
        if done:
            return redirect(url_for("editions.show", edition_id=edition.id))
    rows = db.session.scalars(select(ReportEdition).order_by(ReportEdition.created_at.desc()))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("reports/editions.html", editions=list(rows), form=form), status


@bp.route("/staff/rapporter/utgavor/<int:edition_id>", methods=["GET", "POST"])
@roles_required(Role.READER)
def show(edition_id: int):
    """An edition: its state, editor and sections; the editor edits a draft here."""
    edition = _edition(edition_id)
    editable = editions.may_edit(edition, current_user)
    form = EditionForm(obj=edition)
    keys = [key for key, _label in edition_sections()]
    if request.method == "GET":
        for key in keys:
            getattr(form, key).data = edition.text(key)
    if request.method == "POST":
        if not editable:
            abort(403)
        if form.validate_on_submit():
            try:
                version = editions.save_sections(
                    edition,
                    current_user,
                    {key: getattr(form, key).data for key in keys},
                    note=form.note.data or "",
                    title=form.title.data,
                    season=form.season.data,
                    signed_place_date=form.signed_place_date.data,
                    signed_by=form.signed_by.data,
                )
            except DomainError as error:
                db.session.rollback()
                apply_to_form(form, error)
            else:
                db.session.commit()
                flash(
                    _("Saved as version %(n)s.", n=version.number)
                    if version
                    else _("Nothing had changed."),
                    "success",
                )
                return redirect(url_for("editions.show", edition_id=edition.id))
    actions = [
        action for action, (source, _t) in editions.TRANSITIONS.items() if edition.state is source
    ]
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "reports/edition.html",
        edition=edition,
        form=form,
        editable=editable,
        actions=actions,
        sections=edition_sections(),
    ), status


@bp.route(
    "/staff/rapporter/utgavor/<int:edition_id>"
    "/<any(submit, return, approve, reopen, publish):action>",
    methods=["POST"],
)
@roles_required(Role.READER)
def change_state(edition_id: int, action: str):
    """Submit for review, return, approve, reopen or publish an edition."""
    edition = _edition(edition_id)
    return act_and_go(
        lambda: editions.transition(edition, action, current_user),
        lambda _done: _("The edition is now: %(state)s.", state=edition.state.label.lower()),
        url_for("editions.show", edition_id=edition.id),
    )


@bp.route("/staff/rapporter/utgavor/<int:edition_id>/historik")
@roles_required(Role.READER)
def history(edition_id: int):
    """Every version of the edition, newest first, with what it changed."""
    edition = _edition(edition_id)
    versions = edition.versions
    entries = [
        (v, editions.changes(versions[i - 1] if i else None, v)) for i, v in enumerate(versions)
    ]
    return render_template(
        "reports/edition_history.html", edition=edition, entries=list(reversed(entries))
    )


@bp.route("/staff/rapporter/utgavor/<int:edition_id>/rapport")
@roles_required(Role.READER)
def document(edition_id: int):
    """The edition as the report reads (frozen once published)."""
    edition = _edition(edition_id)
    return render_template(
        "reports/document.html",
        doc=editions.build_document(edition),
        pdf_url=url_for("editions.document_file", edition_id=edition.id, extension="pdf"),
        docx_url=url_for("editions.document_file", edition_id=edition.id, extension="docx"),
        back_url=None,
        edition=edition,
    )


@bp.route("/staff/rapporter/utgavor/<int:edition_id>/rapport.<any(pdf, docx):extension>")
@roles_required(Role.READER)
def document_file(edition_id: int, extension: str):
    """The edition as PDF or DOCX."""
    from okconf.reports.views import download

    return download(editions.build_document(_edition(edition_id)), extension)
