"""Administering the steering group and the parties' measures (admins)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.extensions import db
from okconf.steering import services
from okconf.steering.forms import MeasureForm, MemberForm, ProgressForm
from okconf.steering.models import AgreementParty, Measure, Office, SteeringMember

bp = Blueprint("steering", __name__)

NAV = [("steering.index", _l("Steering group and measures"), (Role.ADMIN,))]


@bp.route("/staff/styrgrupp", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def index():
    """The steering group year by year, with a form to seat a member."""
    form = MemberForm()
    if form.validate_on_submit():

        def add():
            member = services.add_member(
                form.year.data,
                form.name.data,
                AgreementParty(form.party.data),
                organisation_name=form.organisation_name.data or "",
                email=form.email.data or "",
                is_substitute=form.is_substitute.data,
                office=Office(form.office.data),
                note=form.note.data or "",
            )
            audit.record("steering.member_added", member, year=member.year, party=member.party)
            return member

        done, _member = submit(
            form,
            add,
            lambda member: _("%(name)s was added to the steering group.", name=member.name),
        )
        if done:
            return redirect(url_for("steering.index"))
    groups = [(y, services.members_of(y), services.problems(y)) for y in services.years()]
    status = 422 if form.errors or form.form_errors else 200
    return render_template("steering/index.html", form=form, groups=groups), status


@bp.route("/staff/styrgrupp/ledamot/<int:member_id>/ta-bort", methods=["POST"])
@roles_required(Role.ADMIN)
def remove(member_id: int):
    """Remove a seat."""
    member = db.session.get(SteeringMember, member_id) or abort(404)
    audit.record("steering.member_removed", member, year=member.year, name=member.name)
    services.remove_member(member)
    db.session.commit()
    flash(_("The member was removed."), "success")
    return redirect(url_for("steering.index"))


@bp.route("/staff/styrgrupp/atgarder", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def measures():
    """Each party's numbered measures, with a form to add one."""
    form = MeasureForm()
    if form.validate_on_submit():

        def add():
            measure = services.add_measure(
                AgreementParty(form.party.data),
                form.number.data,
                form.commitment.data,
                form.title.data or "",
            )
            audit.record("steering.measure_added", measure, number=measure.number)
            return measure

        done, measure = submit(form, add)
        if done:
            return redirect(url_for("steering.measure", measure_id=measure.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "steering/measures.html", form=form, measures=services.measures()
    ), status


@bp.route("/staff/styrgrupp/atgarder/<int:measure_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def measure(measure_id: int):
    """One measure and its progress reports, with a form to write a year's report."""
    item = db.session.get(Measure, measure_id) or abort(404)
    form = ProgressForm()
    if request.method == "GET" and item.reports:
        form.year.data = item.reports[-1].year
    if form.validate_on_submit():

        def report():
            saved = services.report_progress(item, form.year.data, form.text.data)
            audit.record("steering.progress_reported", item, year=saved.year)

        if submit(form, report, _("The progress report was saved."))[0]:
            return redirect(url_for("steering.measure", measure_id=item.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("steering/measure.html", measure=item, form=form), status
