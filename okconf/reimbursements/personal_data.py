"""A participant's claims in their data download, and what erasure does to them."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.reimbursements.models import Claim, ClaimState
from okconf.reimbursements.receipts import delete_receipt

# Approved and paid claims are accounting material that the law requires us to keep.
KEPT_FOR_ACCOUNTING = (ClaimState.APPROVED, ClaimState.PAID)


def _claims(registration) -> list[Claim]:
    return list(db.session.scalars(select(Claim).where(Claim.registration_id == registration.id)))


def collect(registration) -> dict:
    """The person's requests and claims, with their legs, costs and bank details."""
    claims = []
    for claim in _claims(registration):
        claims.append(
            {
                "id": claim.id,
                "state": claim.state.value,
                "payee_name": claim.payee_name,
                "account_kind": claim.account_kind.value if claim.account_kind else None,
                "clearing_number": claim.clearing_number,
                "account_number": claim.account_number,
                "claimed_ore": claim.claimed_ore,
                "approved_ore": claim.approved_ore,
                "paid_on": claim.paid_on.isoformat() if claim.paid_on else None,
                "travel_legs": [
                    {
                        "date": leg.travel_date.isoformat(),
                        "from": leg.from_place,
                        "to": leg.to_place,
                        "mode": leg.mode.value,
                        "distance_km": leg.distance_km,
                        "cost_ore": leg.cost_ore,
                    }
                    for leg in claim.legs
                ],
                "other_costs": [
                    {"description": e.description, "amount_ore": e.amount_ore}
                    for e in claim.expenses
                ],
                "receipts": [r.original_name for r in claim.receipts],
            }
        )
    return {"reimbursement_claims": claims}


def erase(registration) -> str:
    """Delete claims the law does not need and keep approved and paid ones.

    Returns what was kept, for the organiser's record of the erasure.
    """
    kept = []
    for claim in _claims(registration):
        if claim.state in KEPT_FOR_ACCOUNTING:
            # Receipts are vouchers and the bank details part of the payment record: the
            # retention purge erases them when the accounting period has passed.
            kept.append(str(claim.id))
            continue
        for receipt in list(claim.receipts):
            claim.receipts.remove(receipt)
            delete_receipt(receipt)
        db.session.delete(claim)
    db.session.flush()
    if kept:
        return f"Claim(s) {', '.join(kept)} kept as accounting records (Bokföringslagen)."
    return ""
