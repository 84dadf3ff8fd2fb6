"""Participant routes under the personal link /anmalan/<token>/ersattning…: request and claim."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _

from okconf.accounts.access import public
from okconf.actions import act_and_go, submit
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.registration.services import current_registration_or_404
from okconf.reimbursements import claims as claim_services
from okconf.reimbursements import services
from okconf.reimbursements.blueprint import bp
from okconf.reimbursements.forms import (
    ExpenseForm,
    LegForm,
    LostEarningsForm,
    PayeeForm,
    RequestForm,
    SubmitForm,
)
from okconf.reimbursements.models import AccountKind, PayeeKind, Receipt
from okconf.reimbursements.receipts import download_name, receipt_path
from okconf.reimbursements.rules import TravelMode

BASE = "/anmalan/<token>/ersattning"


def _files(field):
    """The uploaded file of a FileField, or None when nothing was chosen."""
    data = field.data
    return data if data is not None and getattr(data, "filename", "") else None


@bp.route(BASE, methods=["GET", "POST"])
@public
def participant(token: str):
    """The participant's reimbursement page: eligibility, state and the request form."""
    registration = current_registration_or_404(token)
    claim = services.claim_for(registration)
    problems = services.eligibility_problems(registration)
    form = RequestForm()
    if not problems and form.validate_on_submit():
        done, _outcome = submit(
            form,
            lambda: services.submit_request(
                registration,
                wants_travel=form.wants_travel.data,
                from_town=form.from_town.data or "",
                est_mode=TravelMode(form.est_mode.data) if form.est_mode.data else None,
                est_round_trip_km=form.est_round_trip_km.data or 0,
                est_passengers=form.est_passengers.data or 0,
                est_ticket_ore=form.est_ticket.ore or 0,
                wants_lost_earnings=form.wants_lost_earnings.data,
                est_lost_minutes=form.est_hours.minutes,
                request_note=form.request_note.data or "",
            ),
            _("Your request is sent. You will hear from us by email."),
        )
        if done:
            return redirect(url_for(".participant", token=token))
    return render_template(
        "reimbursements/participant.html",
        registration=registration,
        claim=claim,
        problems=problems,
        form=form,
        token=token,
        rules=services.effective_rules(registration.conference),
        request_deadline=services.request_deadline(registration.conference),
        claim_deadline=services.claim_deadline(registration.conference),
        state_label=services.state_label,
    )


@bp.route(BASE + "/aterkalla", methods=["POST"])
@public
def withdraw(token: str):
    """Withdraw the request or claim."""
    registration = current_registration_or_404(token)
    claim = services.claim_for(registration)
    if claim is None:
        abort(404)
    return act_and_go(
        lambda: services.withdraw(claim),
        _("Your request or claim is withdrawn."),
        url_for(".participant", token=token),
    )


def _claim_page(token, registration, claim, status=200, **forms):
    """Render the claim page with fresh forms except those given (with their errors)."""
    payee = forms.get("payee_form") or PayeeForm(formdata=None)
    if "payee_form" not in forms and claim.account_kind is not None:
        payee.payee_kind.data = claim.payee_kind.value
        payee.payee_name.data = claim.payee_name
        payee.account_kind.data = claim.account_kind.value
        payee.clearing.data = claim.clearing_number
        payee.account.data = claim.account_number
    lost = forms.get("lost_form") or LostEarningsForm(formdata=None)
    if "lost_form" not in forms:
        lost.wanted.data = claim.wants_lost_earnings
        from okconf.reimbursements.rules import format_hours

        lost.hours.data = format_hours(claim.lost_minutes) if claim.lost_minutes else ""
    leg_form = forms.get("leg_form") or LegForm(formdata=None)
    if "leg_form" not in forms and leg_form.travel_date.data is None:
        leg_form.travel_date.data = registration.conference.date
    return render_template(
        "reimbursements/claim.html",
        registration=registration,
        claim=claim,
        token=token,
        editable=claim.state in services.EDITABLE,
        rules=services.effective_rules(registration.conference),
        computation=claim_services.compute_claim(claim),
        leg_form=leg_form,
        expense_form=forms.get("expense_form") or ExpenseForm(formdata=None),
        lost_form=lost,
        payee_form=payee,
        state_label=services.state_label,
    ), status


def _load_claim(token: str):
    registration = current_registration_or_404(token)
    if services.eligibility_problems(registration):
        return registration, None  # the overview page says why
    claim = services.start_claim(registration)
    db.session.commit()
    return registration, claim


@bp.route(BASE + "/redovisning")
@public
def claim(token: str):
    """The claim after the conference: legs, other costs, lost earnings, payee."""
    registration, the_claim = _load_claim(token)
    if the_claim is None:
        return redirect(url_for(".participant", token=token))
    return _claim_page(token, registration, the_claim)[0]


def _edit(token: str, form_name: str, form, action):
    """Validate one of the claim page's forms and run its service, or re-render with errors."""
    registration, the_claim = _load_claim(token)
    if the_claim is None:
        return redirect(url_for(".participant", token=token))
    if form.validate_on_submit() and submit(form, lambda: action(the_claim), _("Saved."))[0]:
        return redirect(url_for(".claim", token=token))
    the_claim = services.claim_for(registration)
    return _claim_page(token, registration, the_claim, status=422, **{form_name: form})


@bp.route(BASE + "/redovisning/resa", methods=["POST"])
@public
def add_leg(token: str):
    """Add a travel leg."""
    form = LegForm()
    return _edit(
        token,
        "leg_form",
        form,
        lambda c: claim_services.add_leg(
            c,
            travel_date=form.travel_date.data,
            from_place=form.from_place.data,
            to_place=form.to_place.data,
            mode=TravelMode(form.mode.data),
            distance_km=form.distance_km.data,
            cost_ore=form.cost.ore or 0,
            passenger_emails=[e for e in (form.passengers.data or "").split() if e.strip()],
            receipt=_files(form.receipt),
        ),
    )


@bp.route(BASE + "/redovisning/resa/<int:leg_id>/ta-bort", methods=["POST"])
@public
def remove_leg(token: str, leg_id: int):
    """Remove a travel leg."""
    return _remove(token, lambda claim: claim_services.remove_leg(claim, leg_id))


def _remove(token: str, remove):
    """Remove a part of the participant's claim and go back to it."""
    _reg, the_claim = _load_claim(token)
    if the_claim is None:
        abort(404)
    return act_and_go(lambda: remove(the_claim), None, url_for(".claim", token=token))


@bp.route(BASE + "/redovisning/kostnad", methods=["POST"])
@public
def add_expense(token: str):
    """Add another travel cost with its receipt."""
    form = ExpenseForm()
    return _edit(
        token,
        "expense_form",
        form,
        lambda c: claim_services.add_expense(
            c,
            description=form.description.data,
            amount_ore=form.amount.ore or 0,
            receipt=_files(form.receipt),
        ),
    )


@bp.route(BASE + "/redovisning/kostnad/<int:expense_id>/ta-bort", methods=["POST"])
@public
def remove_expense(token: str, expense_id: int):
    """Remove another travel cost."""
    return _remove(token, lambda claim: claim_services.remove_expense(claim, expense_id))


@bp.route(BASE + "/redovisning/arvode", methods=["POST"])
@public
def save_lost_earnings(token: str):
    """Claim lost earnings, with a document."""
    form = LostEarningsForm()
    return _edit(
        token,
        "lost_form",
        form,
        lambda c: claim_services.save_lost_earnings(
            c, wanted=form.wanted.data, minutes=form.hours.minutes, document=_files(form.document)
        ),
    )


@bp.route(BASE + "/redovisning/betalning", methods=["POST"])
@public
def save_payee(token: str):
    """Who is paid and to which account."""
    form = PayeeForm()
    return _edit(
        token,
        "payee_form",
        form,
        lambda c: claim_services.save_payee(
            c,
            payee_kind=PayeeKind(form.payee_kind.data),
            payee_name=form.payee_name.data,
            account_kind=AccountKind(form.account_kind.data),
            clearing=form.clearing.data or "",
            account=form.account.data or "",
        ),
    )


@bp.route(BASE + "/redovisning/granska", methods=["GET", "POST"])
@public
def review_claim(token: str):
    """The review step: the computed amounts, the declaration and the submit."""
    registration, the_claim = _load_claim(token)
    if the_claim is None:
        return redirect(url_for(".participant", token=token))
    form = SubmitForm()
    if form.validate_on_submit():
        try:
            claim_services.submit_claim(
                the_claim,
                declared=form.declaration.data,
                carpool_explanation=form.carpool_explanation.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
            the_claim = services.claim_for(registration)
        else:
            db.session.commit()
            flash(_("Your claim is sent to the reviewers."), "success")
            return redirect(url_for(".participant", token=token))
    elif not form.is_submitted():
        form.carpool_explanation.data = the_claim.carpool_explanation
    return render_template(
        "reimbursements/claim_review.html",
        registration=registration,
        claim=the_claim,
        token=token,
        form=form,
        computation=claim_services.compute_claim(the_claim),
        state_label=services.state_label,
    ), (422 if form.errors or form.form_errors else 200)


@bp.route(BASE + "/kvitto/<int:receipt_id>")
@public
def participant_receipt(token: str, receipt_id: int):
    """One of the claimant's own receipts, as a download."""
    registration = current_registration_or_404(token)
    receipt = db.session.get(Receipt, receipt_id)
    if receipt is None or receipt.claim.registration_id != registration.id:
        abort(404)
    return send_file(
        receipt_path(receipt),
        mimetype=receipt.content_type,
        as_attachment=True,
        download_name=download_name(receipt),
    )
