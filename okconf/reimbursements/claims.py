"""The participant's claim after the conference: legs, costs, lost earnings, payee, submit."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from okconf import audit
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.reimbursements import bank
from okconf.reimbursements import rules as amount_rules
from okconf.reimbursements.models import (
    AccountKind,
    Claim,
    Expense,
    LegPassenger,
    PayeeKind,
    ReceiptKind,
    TravelLeg,
)
from okconf.reimbursements.receipts import delete_receipt, store_receipt
from okconf.reimbursements.rules import TravelMode
from okconf.reimbursements.services import (
    LIVE,
    S,
    claim_deadline,
    effective_rules,
    ensure_editable,
    ensure_eligible,
    find_passenger,
    notify,
    same_route,
    today,
    transition,
)


def add_leg(
    claim: Claim,
    *,
    travel_date: date,
    from_place: str,
    to_place: str,
    mode: TravelMode,
    distance_km: int,
    cost_ore: int = 0,
    passenger_emails: list[str] = (),
    receipt=None,
) -> TravelLeg:
    """Add a travel leg; tickets need their cost and a receipt, cars may carry passengers."""
    ensure_editable(claim)
    if distance_km <= 0:
        raise DomainError(_("Give the distance in whole kilometres."), field="distance_km")
    if mode is TravelMode.CAR:
        cost_ore = 0
    else:
        if cost_ore <= 0:
            raise DomainError(_("Give what the ticket cost."), field="cost")
        if receipt is None:
            raise DomainError(_("Attach the ticket or its receipt."), field="receipt")
        if passenger_emails:
            raise DomainError(_("Only a car has passengers."), field="passengers")
    leg = TravelLeg(
        claim=claim,
        travel_date=travel_date,
        from_place=from_place.strip(),
        to_place=to_place.strip(),
        mode=mode,
        distance_km=distance_km,
        cost_ore=cost_ore,
    )
    db.session.add(leg)
    seen = set()
    for email in passenger_emails:
        passenger = find_passenger(claim, email)
        if passenger.id not in seen:
            seen.add(passenger.id)
            leg.passengers.append(LegPassenger(registration_id=passenger.id))
    if receipt is not None:
        leg.receipt = store_receipt(claim, receipt, ReceiptKind.TICKET)
    db.session.flush()
    return leg


def remove_leg(claim: Claim, leg_id: int) -> None:
    """Remove one of the claim's legs."""
    ensure_editable(claim)
    leg = next((leg for leg in claim.legs if leg.id == leg_id), None)
    if leg is None:
        raise DomainError(_("That leg is not part of your claim."))
    _forget_receipt(claim, leg.receipt)
    claim.legs.remove(leg)
    db.session.flush()


def _forget_receipt(claim: Claim, receipt) -> None:
    """Drop the receipt of a removed leg or cost, so reviewers do not see stray files."""
    if receipt is None:
        return
    claim.receipts.remove(receipt)
    delete_receipt(receipt)  # the file goes once the removal is committed


def add_expense(claim: Claim, *, description: str, amount_ore: int, receipt) -> Expense:
    """Add another travel cost (parking, toll) with its receipt."""
    ensure_editable(claim)
    if amount_ore <= 0:
        raise DomainError(_("Give the amount."), field="amount")
    if receipt is None:
        raise DomainError(_("Attach the receipt."), field="receipt")
    expense = Expense(claim=claim, description=description.strip(), amount_ore=amount_ore)
    db.session.add(expense)
    expense.receipt = store_receipt(claim, receipt, ReceiptKind.EXPENSE)
    db.session.flush()
    return expense


def remove_expense(claim: Claim, expense_id: int) -> None:
    """Remove one of the claim's other costs."""
    ensure_editable(claim)
    expense = next((e for e in claim.expenses if e.id == expense_id), None)
    if expense is None:
        raise DomainError(_("That cost is not part of your claim."))
    _forget_receipt(claim, expense.receipt)
    claim.expenses.remove(expense)
    db.session.flush()


def save_lost_earnings(claim: Claim, *, wanted: bool, minutes: int, document=None) -> None:
    """Claim (or stop claiming) lost earnings, with the document the rules ask for."""
    ensure_editable(claim)
    claim.wants_lost_earnings = wanted
    claim.lost_minutes = minutes if wanted else 0
    if wanted and minutes <= 0:
        raise DomainError(_("Give the hours of work you lost."), field="hours")
    if document is not None:
        store_receipt(claim, document, ReceiptKind.LOST_EARNINGS)
    db.session.flush()


def save_payee(
    claim: Claim,
    *,
    payee_kind: PayeeKind,
    payee_name: str,
    account_kind: AccountKind,
    clearing: str = "",
    account: str = "",
) -> None:
    """Who is paid and to which account; the number is checked before it is saved."""
    ensure_editable(claim)
    if not payee_name.strip():
        raise DomainError(_("Give the name of the payee."), field="payee_name")
    try:
        if account_kind is AccountKind.SE_ACCOUNT:
            checked = bank.validate_account(clearing, account)
            clearing, account = checked.clearing, checked.account
        elif account_kind is AccountKind.BANKGIRO:
            clearing, account = "", bank.validate_bankgiro(account)
        elif account_kind is AccountKind.PLUSGIRO:
            clearing, account = "", bank.validate_plusgiro(account)
        else:
            clearing, account = "", bank.validate_iban(account)
    except bank.BankError as error:
        field = "clearing" if "clearing" in str(error).lower() else "account"
        raise DomainError(str(error), field=field) from error
    claim.payee_kind = payee_kind
    claim.payee_name = payee_name.strip()
    claim.account_kind = account_kind
    claim.clearing_number = clearing
    claim.account_number = account
    db.session.flush()


def compute_claim(claim: Claim) -> amount_rules.Computation:
    """The claim's amounts under the conference's rules."""
    legs = [
        amount_rules.Leg(leg.mode, leg.distance_km, leg.cost_ore, len(leg.passengers))
        for leg in claim.legs
    ]
    return amount_rules.compute(
        effective_rules(claim.conference),
        legs,
        [e.amount_ore for e in claim.expenses],
        claim.lost_minutes,
        claim.wants_lost_earnings,
    )


def passenger_conflicts(claim: Claim) -> list[str]:
    """Why the claim double-counts a shared car trip (empty when it does not)."""
    from okconf.registration.models import Registration

    problems = []
    # The claimant rode in someone else's car on the same trip.
    rides = db.session.scalars(
        select(TravelLeg)
        .join(LegPassenger)
        .join(Claim, TravelLeg.claim_id == Claim.id)
        .where(
            LegPassenger.registration_id == claim.registration_id,
            Claim.id != claim.id,
            Claim.state.in_(LIVE),
        )
    ).all()
    for ride in rides:
        for leg in claim.legs:
            if leg.travel_date == ride.travel_date and same_route(
                leg.from_place, leg.to_place, ride.from_place, ride.to_place
            ):
                problems.append(
                    _(
                        "You are listed as a passenger in %(driver)s's car from %(a)s to %(b)s "
                        "on that date; a passenger cannot claim the same trip.",
                        driver=ride.claim.registration.full_name,
                        a=ride.from_place,
                        b=ride.to_place,
                    )
                )
    # A passenger of the claimant's car claims the same trip themself.
    for leg in claim.legs:
        for passenger in leg.passengers:
            theirs = db.session.scalars(
                select(TravelLeg)
                .join(Claim, TravelLeg.claim_id == Claim.id)
                .where(
                    Claim.registration_id == passenger.registration_id,
                    Claim.state.in_(LIVE),
                    TravelLeg.travel_date == leg.travel_date,
                )
            ).all()
            if any(
                same_route(leg.from_place, leg.to_place, t.from_place, t.to_place) for t in theirs
            ):
                person = db.session.get(Registration, passenger.registration_id)
                problems.append(
                    _(
                        "%(name)s is listed as your passenger but claims the same trip; "
                        "only one of you can claim it.",
                        name=person.full_name,
                    )
                )
    return problems


def submit_claim(claim: Claim, *, declared: bool, carpool_explanation: str = "") -> None:
    """Send the claim to the reviewers after checking it is complete and true."""
    registration = claim.registration
    ensure_eligible(registration)
    if claim.state not in (S.DRAFT, S.PRE_APPROVED, S.RETURNED):
        transition(claim, S.SUBMITTED)  # raises with the state's reason
    conference = claim.conference
    if conference.date is None or today() < conference.date:
        raise Conflict(_("A claim can be sent after the conference."))
    deadline = claim_deadline(conference)
    if deadline is not None and today() > deadline and claim.state is not S.RETURNED:
        raise Conflict(_("The deadline for claims has passed."))
    if not declared:
        raise DomainError(
            _("Confirm that the information is true and complete."), field="declaration"
        )
    if not claim.legs and not claim.expenses and not claim.wants_lost_earnings:
        raise DomainError(_("Add your travel or your lost earnings first."))
    if claim.account_kind is None:
        raise DomainError(_("Give the payee and the account the money goes to."))
    problems = passenger_conflicts(claim)
    if problems:
        raise NotAllowed(" ".join(problems))
    result = compute_claim(claim)
    rules = effective_rules(conference)
    has_document = any(r.kind is ReceiptKind.LOST_EARNINGS for r in claim.receipts)
    if claim.wants_lost_earnings and rules.lost_earnings_document_required and not has_document:
        raise DomainError(
            _("Attach a document showing your lost earnings (e.g. from your employer)."),
            field="document",
        )
    if result.needs_carpool_explanation and result.travel_ore and not carpool_explanation.strip():
        raise DomainError(
            _("Car-pooling is expected: explain why nobody rode with you."),
            field="carpool_explanation",
        )
    if result.total_ore <= 0:
        raise NotAllowed(" ".join(result.not_eligible) or _("Nothing in the claim can be paid."))
    claim.carpool_explanation = carpool_explanation.strip()
    claim.claimed_ore = result.total_ore
    claim.claimed_travel_ore = result.travel_ore
    claim.claimed_lost_ore = result.lost_earnings_ore
    claim.declared_at = claim.submitted_at = utcnow()
    claim.first_approval_by_id = None
    claim.first_approval_ore = None
    transition(claim, S.SUBMITTED)
    audit.record(
        "reimbursement.submitted",
        claim,
        actor=f"participant:{registration.id}",
        claimed_ore=claim.claimed_ore,
        travel_ore=result.travel_ore,
        lost_earnings_ore=result.lost_earnings_ore,
    )
    notify(claim, "claim_submitted", _l("We have received your reimbursement claim"))
    db.session.flush()
