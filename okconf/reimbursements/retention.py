"""Retention of claims: bank details and receipts go once the law no longer needs them.

A paid claim is accounting material (bokföringslagen): its bank details and receipts are kept
for RETENTION_ACCOUNTING_YEARS after payment, then erased; the amounts stay. A claim that was
never paid (rejected, declined, withdrawn) has no accounting use: its bank details and
receipts go RETENTION_SENSITIVE_DAYS after it ended.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import or_, select

from okconf.extensions import db
from okconf.registration.models import Registration
from okconf.reimbursements.models import Claim, ClaimState
from okconf.reimbursements.receipts import delete_receipt

ENDED_UNPAID = (ClaimState.REJECTED, ClaimState.DECLINED, ClaimState.WITHDRAWN)


# Free text the participant or a reviewer wrote about the person's circumstances; erased with
# the bank details (the amounts and decisions stay).
PERSONAL_TEXT = (
    "payee_name",
    "request_note",
    "request_reason",
    "carpool_explanation",
    "decision_reason",
    "attendance_override",
)


def _has_bank_details_or_receipts():
    return or_(
        Claim.clearing_number != "",
        Claim.account_number != "",
        Claim.receipts.any(),
        *(getattr(Claim, name) != "" for name in PERSONAL_TEXT),
    )


def due_claims(on: date) -> list[Claim]:
    """Claims whose bank details and receipts may now be erased."""
    config = current_app.config
    years = config["RETENTION_ACCOUNTING_YEARS"]
    try:
        paid_before = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        paid_before = on.replace(year=on.year - years, day=28)
    ended_before = datetime.combine(
        on - timedelta(days=config["RETENTION_SENSITIVE_DAYS"]),
        time(),
        ZoneInfo("Europe/Stockholm"),
    )
    paid = (Claim.state == ClaimState.PAID) & (Claim.paid_on < paid_before)
    unpaid = Claim.state.in_(ENDED_UNPAID) & (Claim.updated_at < ended_before)
    # A request or claim that never ended, of a registration since anonymised.
    abandoned = Claim.state.not_in(
        (ClaimState.APPROVED, ClaimState.PAID)
    ) & Claim.registration_id.in_(
        select(Registration.id).where(Registration.anonymised_at.is_not(None))
    )
    return list(
        db.session.scalars(
            select(Claim).where(paid | unpaid | abandoned, _has_bank_details_or_receipts())
        )
    )


def erase_bank_details_and_receipts(claim: Claim) -> None:
    """Blank the claim's payee, bank details and notes, delete its receipts; amounts and
    decisions stay."""
    for name in PERSONAL_TEXT:
        setattr(claim, name, "")
    claim.clearing_number = ""
    claim.account_number = ""
    claim.account_kind = None
    for leg in claim.legs:
        leg.receipt = None
    for expense in claim.expenses:
        expense.receipt = None
    for receipt in list(claim.receipts):
        claim.receipts.remove(receipt)
        delete_receipt(receipt)


def purge_claims(on: date, dry_run: bool) -> tuple[str, int]:
    """The purge step (see okconf.privacy.retention): how many claims were (or would be) erased."""
    claims = due_claims(on)
    if not dry_run:
        for claim in claims:
            erase_bank_details_and_receipts(claim)
        db.session.flush()
    return "claims: bank details and receipts", len(claims)


PURGE_STEPS = [purge_claims]
