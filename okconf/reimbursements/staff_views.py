"""Staff routes: the review queue, decisions and receipts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import submit
from okconf.conferences.access import can_manage
from okconf.conferences.models import Conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.reimbursements import budget, review, services
from okconf.reimbursements import claims as claim_services
from okconf.reimbursements.blueprint import bp
from okconf.reimbursements.forms import (
    DecisionForm,
    QueueFilterForm,
    RequestDecisionForm,
)
from okconf.reimbursements.models import Claim, ClaimState, Receipt
from okconf.reimbursements.receipts import download_name, receipt_path


def _claim(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        abort(404)
    return claim


@bp.route("/staff/ersattning")
@roles_required(Role.REVIEWER)
def queue():
    """The review queue, filtered by conference, state and amount."""
    form = QueueFilterForm(request.args)
    conferences = db.session.scalars(select(Conference).order_by(Conference.date)).all()
    form.conference.choices = [SelectChoice("", _("All"))] + [
        SelectChoice(str(c.id), c.title) for c in conferences
    ]
    form.state.choices = [SelectChoice("", _("Waiting for a decision"))] + [
        SelectChoice(s.value, services.state_label(s)) for s in ClaimState
    ]
    form.validate()
    # Each row shows the claimant and the conference: load them with the claims (no N+1).
    query = (
        select(Claim)
        .options(selectinload(Claim.registration), selectinload(Claim.conference))
        .order_by(Claim.updated_at)
    )
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
    threshold = services.config("REIMBURSEMENT_SECOND_APPROVAL_ORE")
    return render_template(
        "reimbursements/show.html",
        claim=claim,
        registration=claim.registration,
        computation=claim_services.compute_claim(claim),
        request_form=request_form,
        decision_form=decision_form,
        threshold=threshold,
        standing=budget.standing(claim.conference, exclude_claim_id=claim.id),
        can_see_log=can_manage(current_user, claim.conference),
        own=current_user.email.lower() == claim.registration.email.lower(),
        state_label=services.state_label,
    ), status


@bp.route("/staff/ersattning/<int:claim_id>")
@roles_required(Role.REVIEWER)
def show(claim_id: int):
    """One request or claim with its legs, receipts and the decision forms."""
    return _show(_claim(claim_id))


@bp.route("/staff/ersattning/<int:claim_id>/forhandsbesked", methods=["POST"])
@roles_required(Role.REVIEWER)
def decide_request(claim_id: int):
    """Pre-approve or decline a request."""
    claim = _claim(claim_id)
    form = RequestDecisionForm()
    if (
        form.validate_on_submit()
        and submit(
            form,
            lambda: review.decide_request(
                claim,
                current_user,
                approve=form.action.data == "approve",
                amount_ore=form.amount.ore or 0,
                reason=form.reason.data or "",
            ),
            _("The decision is saved and the participant is told by email."),
        )[0]
    ):
        return redirect(url_for(".show", claim_id=claim_id))
    return _show(_claim(claim_id), request_form=form, status=422)


@bp.route("/staff/ersattning/<int:claim_id>/beslut", methods=["POST"])
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


@bp.route("/staff/ersattning/kvitto/<int:receipt_id>")
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
