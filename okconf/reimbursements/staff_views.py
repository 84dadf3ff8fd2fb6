"""Staff routes: review queue and decisions, receipts, budget, payments, exports, rules."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Conference, Series
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.reimbursements import budget as budget_services
from okconf.reimbursements import claims as claim_services
from okconf.reimbursements import exports, review, services, sie
from okconf.reimbursements.forms import (
    AllocationForm,
    BudgetForm,
    DecisionForm,
    PaymentForm,
    QueueFilterForm,
    RequestDecisionForm,
    RulesForm,
)
from okconf.reimbursements.models import Budget, Claim, ClaimState, Receipt, ReimbursementRules
from okconf.reimbursements.receipts import download_name, receipt_path
from okconf.reimbursements.rules import LostEarningsMode
from okconf.reimbursements.views import bp


def _claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        abort(404)
    return claim


@bp.route("/ersattning")
@roles_required(Role.REVIEWER)
def queue():
    """The review queue, filtered by conference, state and amount."""
    form = QueueFilterForm(request.args)
    conferences = db.session.scalars(select(Conference).order_by(Conference.date)).all()
    form.conference.choices = [("", _("All"))] + [(str(c.id), c.title) for c in conferences]
    form.state.choices = [("", _("Waiting for a decision"))] + [
        (s.value, services.state_label(s)) for s in ClaimState
    ]
    form.validate()
    query = select(Claim).order_by(Claim.updated_at)
    if form.conference.data and not form.conference.errors:
        query = query.where(Claim.conference_id == int(form.conference.data))
    if form.state.data and not form.state.errors:
        query = query.where(Claim.state == ClaimState(form.state.data))
    else:
        query = query.where(Claim.state.in_((ClaimState.REQUESTED, ClaimState.SUBMITTED)))
    claims = db.session.scalars(query).all()
    low, high = form.min_amount.ore, form.max_amount.ore

    def shown_amount(claim):
        return claim.approved_ore or claim.claimed_ore or claim.estimate_ore

    claims = [
        c
        for c in claims
        if (low is None or shown_amount(c) >= low) and (high is None or shown_amount(c) <= high)
    ]
    return render_template(
        "reimbursements/queue.html",
        form=form,
        claims=claims,
        amount=shown_amount,
        state_label=services.state_label,
    )


def _show(claim, request_form=None, decision_form=None, status=200):
    if decision_form is None:
        decision_form = DecisionForm(formdata=None)
        decision_form.travel.set_ore(claim.claimed_travel_ore)
        decision_form.lost.set_ore(claim.claimed_lost_ore)
    if request_form is None:
        request_form = RequestDecisionForm(formdata=None)
        request_form.amount.set_ore(claim.estimate_ore)
    threshold = services.config(
        "REIMBURSEMENT_SECOND_APPROVAL_ORE", review.SECOND_APPROVAL_DEFAULT_ORE
    )
    return render_template(
        "reimbursements/show.html",
        claim=claim,
        registration=claim.registration,
        computation=claim_services.compute_claim(claim),
        request_form=request_form,
        decision_form=decision_form,
        threshold=threshold,
        own=current_user.email.lower() == claim.registration.email.lower(),
        state_label=services.state_label,
    ), status


@bp.route("/ersattning/<int:claim_id>")
@roles_required(Role.REVIEWER)
def show(claim_id: int):
    """One request or claim with its legs, receipts and the decision forms."""
    return _show(_claim(claim_id))


@bp.route("/ersattning/<int:claim_id>/forhandsbesked", methods=["POST"])
@roles_required(Role.REVIEWER)
def decide_request(claim_id: int):
    """Pre-approve or decline a request."""
    claim = _claim(claim_id)
    form = RequestDecisionForm()
    if form.validate_on_submit():
        try:
            review.decide_request(
                claim,
                current_user,
                approve=form.action.data == "approve",
                amount_ore=form.amount.ore or 0,
                reason=form.reason.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The decision is saved and the participant is told by email."), "success")
            return redirect(url_for(".show", claim_id=claim_id))
    return _show(_claim(claim_id), request_form=form, status=422)


@bp.route("/ersattning/<int:claim_id>/beslut", methods=["POST"])
@roles_required(Role.REVIEWER)
def decide(claim_id: int):
    """Approve (possibly lower), reject or return a submitted claim."""
    claim = _claim(claim_id)
    form = DecisionForm()
    if form.validate_on_submit():
        action = form.action.data
        try:
            if action == "approve":
                done = review.approve_claim(
                    claim,
                    current_user,
                    travel_ore=form.travel.ore or 0,
                    lost_ore=form.lost.ore or 0,
                    reason=form.reason.data or "",
                    attendance_override=form.attendance_override.data or "",
                )
                message = (
                    _("The claim is approved and the claimant is told by email.")
                    if done
                    else _("Your approval is recorded; a second reviewer must also approve.")
                )
            elif action == "reject":
                review.reject_claim(claim, current_user, reason=form.reason.data or "")
                message = _("The claim is rejected and the claimant is told by email.")
            elif action == "return":
                review.return_claim(claim, current_user, reason=form.reason.data or "")
                message = _("The claim is returned and the claimant is told by email.")
            else:
                abort(400)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for(".show", claim_id=claim_id))
    return _show(_claim(claim_id), decision_form=form, status=422)


@bp.route("/ersattning/kvitto/<int:receipt_id>")
@roles_required(Role.REVIEWER)
def receipt(receipt_id: int):
    """A receipt for a reviewer, as a download; the opening is audit-logged."""
    the_receipt = db.session.get(Receipt, receipt_id)
    if the_receipt is None:
        abort(404)
    audit.record(
        "reimbursement.receipt_opened",
        the_receipt.claim,
        conference_id=the_receipt.claim.conference_id,
        receipt_id=the_receipt.id,
    )
    db.session.commit()
    return send_file(
        receipt_path(the_receipt),
        mimetype=the_receipt.content_type,
        as_attachment=True,
        download_name=download_name(the_receipt),
    )


@bp.route("/ersattning/budget", methods=["GET", "POST"])
@roles_required(Role.REVIEWER, Role.READER)
def budgets():
    """The budget dashboard; administrators create budgets and set allocations."""
    budget_form = BudgetForm(prefix="budget")
    series = db.session.scalars(select(Series).order_by(Series.name)).all()
    budget_form.series_id.choices = [("", _("None"))] + [(str(s.id), s.name) for s in series]
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


@bp.route("/ersattning/budget/<int:budget_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_budget(budget_id: int):
    """An administrator raises (or lowers) a budget and sets conferences' allocations."""
    budget = db.session.get(Budget, budget_id)
    if budget is None:
        abort(404)
    form = BudgetForm(prefix="budget", obj=None)
    series = db.session.scalars(select(Series).order_by(Series.name)).all()
    form.series_id.choices = [("", _("None"))] + [(str(s.id), s.name) for s in series]
    allocation_form = AllocationForm(prefix="alloc")
    conferences = db.session.scalars(select(Conference).order_by(Conference.date)).all()
    allocation_form.conference_id.choices = [(c.id, c.title) for c in conferences]
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
        .where(Claim.state.in_((ClaimState.APPROVED, ClaimState.PAID)))
        .order_by(Claim.state, Claim.paid_on, Claim.id)
    ).all()


@bp.route("/ersattning/utbetalning", methods=["GET", "POST"])
@roles_required(Role.REVIEWER)
def payments():
    """Approved claims to pay, marked paid in batches; exports."""
    form = PaymentForm()
    if form.validate_on_submit():
        ids = [int(i) for i in request.form.getlist("claim_ids") if i.isdigit()]
        chosen = [c for c in (db.session.get(Claim, i) for i in ids) if c is not None]
        try:
            count = review.mark_paid(
                chosen, current_user, paid_on=form.paid_on.data, reference=form.reference.data
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("%(count)s claims marked paid.", count=count), "success")
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


@bp.route("/ersattning/utbetalning/lista.<fmt>")
@roles_required(Role.REVIEWER)
def export_list(fmt: str):
    """The payment list of approved and paid claims as CSV or XLSX."""
    claims = _payable()
    audit.record("reimbursement.payment_list_exported", None, format=fmt, count=len(claims))
    db.session.commit()
    if fmt == "csv":
        data, mime = exports.to_csv(claims), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        data = exports.to_xlsx(claims)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        abort(404)
    import io

    return send_file(
        io.BytesIO(data), mimetype=mime, as_attachment=True, download_name=f"utbetalningar.{fmt}"
    )


@bp.route("/ersattning/utbetalning/sie/<int:year>")
@roles_required(Role.REVIEWER)
def export_sie(year: int):
    """The paid claims of a year as a SIE 4 file for the bookkeeping program."""
    import io
    from datetime import date

    claims = [c for c in _payable() if c.paid_on and c.paid_on.year == year]
    audit.record("reimbursement.sie_exported", None, year=year, count=len(claims))
    db.session.commit()
    data = sie.export(claims, year=year, generated=services.today())
    return send_file(
        io.BytesIO(data),
        mimetype="text/plain; charset=cp437",
        as_attachment=True,
        download_name=f"ersattningar-{year}-{date.today():%Y%m%d}.se",
    )


@bp.route("/konferenser/<int:conference_id>/ersattningsregler", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def rules(conference_id: int):
    """The organiser sets the conference's reimbursement rules (defaults from the series)."""
    conference = get_managed_conference(conference_id)
    form = RulesForm()
    if request.method == "GET":
        effective = services.effective_rules(conference)
        form.offers_travel.data = conference.offers_travel_reimbursement
        form.offers_lost_earnings.data = conference.offers_lost_earnings
        form.request_deadline.data = conference.reimbursement_request_deadline
        form.min_round_trip_km.data = conference.min_round_trip_km
        form.car_rate.set_ore(effective.car_rate_ore_per_km)
        form.carpooling_expected.data = effective.carpooling_expected
        form.lost_earnings_mode.data = effective.lost_earnings_mode.value
        form.fixed.set_ore(effective.lost_earnings_fixed_ore)
        form.hourly.set_ore(effective.lost_earnings_hourly_ore)
        form.cap.set_ore(effective.lost_earnings_cap_ore)
        form.document_required.data = effective.lost_earnings_document_required
        deadline = services.claim_deadline(conference)
        form.claim_deadline_days.data = (
            (deadline - conference.date).days if deadline and conference.date else 30
        )
    elif form.validate_on_submit():
        conference.offers_travel_reimbursement = form.offers_travel.data
        conference.offers_lost_earnings = form.offers_lost_earnings.data
        conference.reimbursement_request_deadline = form.request_deadline.data
        try:
            services.save_rules(
                conference,
                None,
                min_round_trip_km=form.min_round_trip_km.data,
                car_rate_ore_per_km=form.car_rate.ore or 0,
                carpooling_expected=form.carpooling_expected.data,
                lost_earnings_mode=LostEarningsMode(form.lost_earnings_mode.data),
                lost_earnings_fixed_ore=form.fixed.ore or 0,
                lost_earnings_hourly_ore=form.hourly.ore or 0,
                lost_earnings_cap_ore=form.cap.ore or 0,
                lost_earnings_document_required=form.document_required.data,
                claim_deadline_days=form.claim_deadline_days.data,
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            audit.record(
                "reimbursement.rules_saved",
                conference,
                **{k: v for k, v in form.data.items() if k not in ("csrf_token",)},
            )
            db.session.commit()
            flash(_("The reimbursement rules are saved."), "success")
            return redirect(url_for(".rules", conference_id=conference_id))
    return render_template("reimbursements/rules.html", conference=conference, form=form), (
        422 if form.errors or form.form_errors else 200
    )


@bp.route("/ersattning/serie/<int:series_id>/regler", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def series_rules(series_id: int):
    """An administrator sets a series' default rules; its conferences use them unless they
    have their own. The minimum round trip, request deadline and offers stay per conference."""
    series = db.session.get(Series, series_id)
    if series is None:
        abort(404)
    form = RulesForm()
    for name in ("offers_travel", "offers_lost_earnings", "request_deadline", "min_round_trip_km"):
        delattr(form, name)
    row = db.session.scalar(
        select(ReimbursementRules).where(ReimbursementRules.series_id == series_id)
    )
    if request.method == "GET":
        defaults = row or ReimbursementRules(
            car_rate_ore_per_km=services.config("REIMBURSEMENT_CAR_RATE_ORE_PER_KM", 250),
            carpooling_expected=True,
            lost_earnings_mode=LostEarningsMode.NONE,
            lost_earnings_fixed_ore=0,
            lost_earnings_hourly_ore=0,
            lost_earnings_cap_ore=0,
            lost_earnings_document_required=True,
            claim_deadline_days=30,
        )
        form.car_rate.set_ore(defaults.car_rate_ore_per_km)
        form.carpooling_expected.data = defaults.carpooling_expected
        form.lost_earnings_mode.data = defaults.lost_earnings_mode.value
        form.fixed.set_ore(defaults.lost_earnings_fixed_ore)
        form.hourly.set_ore(defaults.lost_earnings_hourly_ore)
        form.cap.set_ore(defaults.lost_earnings_cap_ore)
        form.document_required.data = defaults.lost_earnings_document_required
        form.claim_deadline_days.data = defaults.claim_deadline_days
    elif form.validate_on_submit():
        try:
            services.save_rules(
                None,
                series_id,
                car_rate_ore_per_km=form.car_rate.ore or 0,
                carpooling_expected=form.carpooling_expected.data,
                lost_earnings_mode=LostEarningsMode(form.lost_earnings_mode.data),
                lost_earnings_fixed_ore=form.fixed.ore or 0,
                lost_earnings_hourly_ore=form.hourly.ore or 0,
                lost_earnings_cap_ore=form.cap.ore or 0,
                lost_earnings_document_required=form.document_required.data,
                claim_deadline_days=form.claim_deadline_days.data,
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            audit.record(
                "reimbursement.series_rules_saved",
                series,
                **{k: v for k, v in form.data.items() if k != "csrf_token"},
            )
            db.session.commit()
            flash(_("The series' reimbursement rules are saved."), "success")
            return redirect(url_for(".series_rules", series_id=series_id))
    return render_template(
        "reimbursements/rules.html", series=series, conference=None, form=form
    ), (422 if form.errors or form.form_errors else 200)
