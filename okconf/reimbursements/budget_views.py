"""Staff routes: the budget dashboard and administration, payments and exports."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.clock import today
from okconf.conferences.models import Conference, Series
from okconf.db import as_id
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.reimbursements import budget as budget_services
from okconf.reimbursements import exports, review, services, sie
from okconf.reimbursements.blueprint import bp
from okconf.reimbursements.forms import (
    AllocationForm,
    BudgetForm,
    PaymentForm,
)
from okconf.reimbursements.models import Budget, Claim, ClaimState


@bp.route("/staff/ersattning/budget", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.READER)
def budgets():
    """The budget dashboard; administrators create budgets and set allocations."""
    budget_form = BudgetForm(prefix="budget")
    series = db.session.scalars(select(Series).order_by(Series.name)).all()
    budget_form.series_id.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(s.id), s.name) for s in series
    ]
    if request.method == "POST":
        if not current_user.has_role(Role.ADMIN):
            abort(403)
        if budget_form.validate_on_submit():
            try:
                budget = budget_services.save_budget(
                    None,
                    name=budget_form.name.data,
                    year=budget_form.year.data,
                    series_id=int(budget_form.series_id.data)
                    if budget_form.series_id.data
                    else None,
                    total_ore=budget_form.total.ore or 0,
                )
                audit.record("reimbursement.budget_created", budget, total_ore=budget.total_ore)
            except DomainError as error:
                db.session.rollback()
                apply_to_form(budget_form, error)
            else:
                db.session.commit()
                flash(_("The budget is created."), "success")
                return redirect(url_for(".budgets"))
    boards = [
        (b, *budget_services.dashboard(b))
        for b in db.session.scalars(select(Budget).order_by(Budget.year, Budget.name))
    ]
    return render_template(
        "reimbursements/budgets.html",
        boards=boards,
        budget_form=budget_form,
        is_admin=current_user.has_role(Role.ADMIN),
    ), (422 if budget_form.errors or budget_form.form_errors else 200)


@bp.route("/staff/ersattning/budget/<int:budget_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_budget(budget_id: int):
    """An administrator raises (or lowers) a budget and sets conferences' allocations."""
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        abort(404)
    form = BudgetForm(prefix="budget", obj=None)
    series = db.session.scalars(select(Series).order_by(Series.name)).all()
    form.series_id.choices = [SelectChoice("", _("None"))] + [
        SelectChoice(str(s.id), s.name) for s in series
    ]
    allocation_form = AllocationForm(prefix="alloc")
    conferences = db.session.scalars(select(Conference).order_by(Conference.date)).all()
    allocation_form.conference_id.choices = [SelectChoice(c.id, c.title) for c in conferences]
    if request.method == "GET":
        form.name.data, form.year.data = budget.name, budget.year
        form.series_id.data = str(budget.series_id or "")
        form.total.set_ore(budget.total_ore)
    elif "alloc-amount" in request.form:
        if allocation_form.validate_on_submit():
            conference = db.session.get(Conference, allocation_form.conference_id.data)
            before = {a.conference_id: a.amount_ore for a in budget.allocations}
            try:
                budget_services.set_allocation(budget, conference, allocation_form.amount.ore or 0)
            except DomainError as error:
                db.session.rollback()
                apply_to_form(allocation_form, error)
            else:
                audit.record(
                    "reimbursement.allocation_set",
                    budget,
                    conference_id=conference.id,
                    before=before.get(conference.id),
                    after=allocation_form.amount.ore,
                )
                db.session.commit()
                flash(_("The allocation is saved."), "success")
                return redirect(url_for(".edit_budget", budget_id=budget_id))
    elif form.validate_on_submit():
        before = budget.total_ore
        try:
            budget_services.save_budget(
                budget,
                name=form.name.data,
                year=form.year.data,
                series_id=int(form.series_id.data) if form.series_id.data else None,
                total_ore=form.total.ore or 0,
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            audit.record(
                "reimbursement.budget_changed", budget, before=before, after=budget.total_ore
            )
            db.session.commit()
            flash(_("The budget is saved."), "success")
            return redirect(url_for(".budgets"))
    return render_template(
        "reimbursements/budget_edit.html", budget=budget, form=form, allocation_form=allocation_form
    ), (422 if request.method == "POST" else 200)


def _payable():
    return db.session.scalars(
        select(Claim)
        .options(selectinload(Claim.registration), selectinload(Claim.conference))
        .where(Claim.state.in_((ClaimState.APPROVED, ClaimState.PAID)))
        .order_by(Claim.state, Claim.paid_on, Claim.id)
    ).all()


@bp.route("/staff/ersattning/utbetalning", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def payments():
    """Approved claims to pay, marked paid in batches; exports."""
    form = PaymentForm()
    if form.validate_on_submit():
        ids = [i for i in map(as_id, request.form.getlist("claim_ids")) if i is not None]
        chosen = [c for c in (db.session.get(Claim, i) for i in ids) if c is not None]
        done, _count = submit(
            form,
            lambda: review.mark_paid(
                chosen, current_user, paid_on=form.paid_on.data, reference=form.reference.data
            ),
            lambda count: ngettext(
                "%(num)d claim marked paid.", "%(num)d claims marked paid.", count
            ),
        )
        if done:
            return redirect(url_for(".payments"))
    claims = _payable()
    years = sorted({c.paid_on.year for c in claims if c.paid_on}, reverse=True)
    return render_template(
        "reimbursements/payments.html",
        form=form,
        claims=claims,
        years=years,
        state_label=services.state_label,
    ), (422 if form.errors or form.form_errors else 200)


@bp.route("/staff/ersattning/utbetalning/lista.<fmt>")
@roles_required(Role.REVIEWER)
def export_list(fmt: str):
    """The payment list of approved and paid claims as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    claims = _payable()
    audit.record("reimbursement.payment_list_exported", None, format=fmt, count=len(claims))
    db.session.commit()
    if fmt == "csv":
        data, mime = exports.to_csv(claims), "text/csv; charset=utf-8"
    else:
        data = exports.to_xlsx(claims)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    import io

    return send_file(
        io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=f"utbetalningar.{fmt}"
    )


@bp.route("/staff/ersattning/utbetalning/sie/<int:year>")
@roles_required(Role.REVIEWER)
def export_sie(year: int):
    """The paid claims of a year as a SIE 4 file for the bookkeeping program."""
    import io

    claims = [c for c in _payable() if c.paid_on and c.paid_on.year == year]
    audit.record("reimbursement.sie_exported", None, year=year, count=len(claims))
    db.session.commit()
    data = sie.export(claims, year=year, generated=today())
    return send_file(
        io.BytesIO(data),
        mimetype="text/plain; charset=cp437",
        as_attachment=True,
        download_name=f"ersattningar-{year}-{today():%Y%m%d}.se",
    )
