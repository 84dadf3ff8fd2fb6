"""Staff decisions: pre-approve or decline requests, approve/reject/return claims, pay."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf import audit, signals
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.reimbursements import budget
from okconf.reimbursements.models import Claim
from okconf.reimbursements.services import S, config, notify, state_label, transition


def ensure_not_own(claim: Claim, user) -> None:
    """Nobody decides their own claim (matched on the email address)."""
    if user.email.strip().lower() == claim.registration.email.strip().lower():
        raise NotAllowed(_("You cannot decide your own claim; another reviewer must."))


def _amounts(claim: Claim) -> dict:
    return {
        "estimate_ore": claim.estimate_ore,
        "preapproved_ore": claim.preapproved_ore,
        "claimed_ore": claim.claimed_ore,
        "approved_ore": claim.approved_ore,
    }


def decide_request(claim: Claim, user, *, approve: bool, amount_ore: int, reason: str) -> None:
    """Pre-approve (up to an amount, within the budget) or decline a request."""
    ensure_not_own(claim, user)
    if claim.state is not S.REQUESTED:
        raise Conflict(_("Only a request waiting for a decision can be decided."))
    before = _amounts(claim)
    if approve:
        if amount_ore <= 0:
            raise DomainError(_("Give the amount to pre-approve."), field="amount")
        budget.reserve(claim.conference, amount_ore, claim)
        claim.preapproved_ore = amount_ore
        transition(claim, S.PRE_APPROVED)
    else:
        if not reason.strip():
            raise DomainError(_("Say why the request is declined."), field="reason")
        transition(claim, S.DECLINED)
    claim.request_reason = reason.strip()
    audit.record(
        "reimbursement.request_" + ("pre_approved" if approve else "declined"),
        claim,
        before=before,
        after=_amounts(claim),
        reason=claim.request_reason,
    )
    notify(
        claim,
        "request_decided",
        _l("Your reimbursement request: %(state)s", state=state_label(claim.state).lower()),
    )
    db.session.flush()
    signals.claim_decided.send(claim)


def approve_claim(
    claim: Claim,
    user,
    *,
    travel_ore: int,
    lost_ore: int,
    reason: str = "",
    attendance_override: str = "",
) -> bool:
    """Approve a submitted claim; returns False when a second reviewer must still approve.

    A lower amount needs a reason; someone not checked in needs an override with a reason;
    above REIMBURSEMENT_SECOND_APPROVAL_ORE two different reviewers must approve.
    """
    ensure_not_own(claim, user)
    if claim.state is not S.SUBMITTED:
        raise Conflict(_("Only a submitted claim can be approved."))
    if travel_ore < 0 or lost_ore < 0:
        raise DomainError(_("The amount cannot be negative."), field="travel")
    if travel_ore > claim.claimed_travel_ore or lost_ore > claim.claimed_lost_ore:
        raise DomainError(_("You cannot approve more than was claimed."), field="travel")
    amount = travel_ore + lost_ore
    if amount <= 0:
        raise DomainError(_("To pay nothing, reject the claim instead."), field="travel")
    if amount < claim.claimed_ore and not reason.strip():
        raise DomainError(_("Say why a lower amount is approved."), field="reason")
    if claim.registration.checked_in_at is None:
        if not attendance_override.strip():
            raise DomainError(
                _(
                    "The claimant is not marked as attended. Confirm that they attended and "
                    "say how you know."
                ),
                field="attendance_override",
            )
        claim.attendance_override = attendance_override.strip()
    before = _amounts(claim)
    threshold = config("REIMBURSEMENT_SECOND_APPROVAL_ORE")
    if amount > threshold and claim.first_approval_by_id is None:
        budget.reserve(claim.conference, amount, claim)  # refuse early if it cannot fit
        claim.first_approval_by_id = user.id
        claim.first_approval_ore = amount
        claim.decision_reason = reason.strip()
        audit.record(
            "reimbursement.first_approval",
            claim,
            before=before,
            after={**before, "first_approval_ore": amount},
            reason=reason.strip(),
            attendance_override=claim.attendance_override,
        )
        db.session.flush()
        return False
    if claim.first_approval_by_id == user.id:
        raise NotAllowed(_("A second, different reviewer must approve this amount."))
    budget.reserve(claim.conference, amount, claim)
    claim.approved_travel_ore = travel_ore
    claim.approved_lost_ore = lost_ore
    claim.approved_ore = amount
    claim.decision_reason = reason.strip() or claim.decision_reason
    claim.decided_by_id = user.id
    claim.decided_at = utcnow()
    transition(claim, S.APPROVED)
    audit.record(
        "reimbursement.approved",
        claim,
        before=before,
        after=_amounts(claim),
        reason=claim.decision_reason,
        first_approval_by=claim.first_approval_by_id,
        attendance_override=claim.attendance_override,
    )
    notify(claim, "claim_approved", _l("Your reimbursement claim is approved"))
    db.session.flush()
    signals.claim_decided.send(claim)
    return True


def reject_claim(claim: Claim, user, *, reason: str) -> None:
    """Reject a submitted claim, with a reason the claimant reads."""
    _close(claim, user, S.REJECTED, reason, "claim_rejected", _l("Your claim was rejected"))


def return_claim(claim: Claim, user, *, reason: str) -> None:
    """Send a claim back for completion; the claimant can change it and send it again."""
    _close(claim, user, S.RETURNED, reason, "claim_returned", _l("Your claim needs completing"))
    claim.first_approval_by_id = None
    claim.first_approval_ore = None


def _close(claim: Claim, user, target, reason: str, template: str, subject) -> None:
    ensure_not_own(claim, user)
    if claim.state is not S.SUBMITTED:
        raise Conflict(_("Only a submitted claim can be decided."))
    if not reason.strip():
        raise DomainError(_("Give the reason; the claimant will read it."), field="reason")
    before = _amounts(claim)
    transition(claim, target)
    claim.decision_reason = reason.strip()
    claim.decided_by_id = user.id
    claim.decided_at = utcnow()
    audit.record(
        f"reimbursement.{target.value}",
        claim,
        before=before,
        after=_amounts(claim),
        reason=claim.decision_reason,
    )
    notify(claim, template, subject)
    db.session.flush()
    signals.claim_decided.send(claim)


def mark_paid(claims: list[Claim], user, *, paid_on: date, reference: str) -> int:
    """Mark a batch of approved claims paid; all or none."""
    if not claims:
        raise DomainError(_("Choose the claims that were paid."), field="claim_ids")
    if not reference.strip():
        raise DomainError(_("Give the payment reference."), field="reference")
    for claim in claims:
        if claim.state is not S.APPROVED:
            raise Conflict(_("Claim %(id)s is not approved; nothing was marked paid.", id=claim.id))
    for claim in claims:
        transition(claim, S.PAID)
        claim.paid_on = paid_on
        claim.payment_reference = reference.strip()
        audit.record(
            "reimbursement.paid",
            claim,
            amount_ore=claim.approved_ore,
            paid_on=paid_on,
            reference=claim.payment_reference,
        )
        notify(claim, "claim_paid", _l("Your reimbursement has been paid"))
    db.session.flush()
    for claim in claims:
        signals.claim_paid.send(claim)
    return len(claims)
