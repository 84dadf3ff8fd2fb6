"""The demo budget: 900 000 kr for 2011, allocations to the 2011 conferences that exist."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from okconf.clock import today as stockholm_today
from okconf.demo import DemoContext
from okconf.extensions import db
from okconf.reimbursements import demo
from okconf.reimbursements.budget import budget_for
from okconf.reimbursements.models import Budget, BudgetAllocation


def test_demo_budget_is_idempotent_and_skips_missing_conferences(make_conference):
    sundsvall = make_conference(slug="sundsvall-2011", date=date(2011, 12, 15))
    ctx = DemoContext(objects={"conference:sundsvall-2011": sundsvall})
    demo.load(ctx)
    demo.load(ctx)
    db.session.commit()
    budget = db.session.scalar(select(Budget))
    assert budget.total_ore == 90_000_000 and budget.year == 2011
    assert db.session.scalar(select(func.count()).select_from(BudgetAllocation)) == 1
    assert budget_for(sundsvall).id == budget.id


def test_the_demo_gives_the_reviewers_claims_in_every_state_and_the_budget_adds_up(
    app, client, login
):
    """Read from the demo itself, as the reviewer sees it: claims wait for a decision, and the
    budget's committed and paid sums are those of the demo claims' approved and paid amounts."""
    from okconf.accounts.services import find_user
    from okconf.demo import load_demo
    from okconf.reimbursements import budget as budgets
    from okconf.reimbursements.models import Claim, ClaimState
    from okconf.reimbursements.retention import due_claims

    load_demo()
    db.session.commit()
    claims = db.session.scalars(select(Claim)).all()
    states = {state: [c for c in claims if c.state is state] for state in ClaimState}
    assert len(states[ClaimState.SUBMITTED]) >= 3
    assert len(states[ClaimState.RETURNED]) == 1 and len(states[ClaimState.REJECTED]) == 1
    assert len(states[ClaimState.APPROVED]) >= 2 and len(states[ClaimState.PAID]) >= 2
    assert len({c.payment_reference for c in states[ClaimState.PAID]}) == 1  # one batch
    # Car-pooling, a train ticket and lost earnings are all there.
    legs = [leg for c in claims for leg in c.legs]
    assert any(leg.passengers for leg in legs) and any(leg.cost_ore for leg in legs)
    assert any(c.claimed_lost_ore for c in claims)

    # The reviewer's queue lists the claims waiting for a decision.
    reviewer = find_user("reviewer@example.org")
    login(reviewer, password="demo-reviewer-2011")
    page = client.get("/staff/ersattning").get_data(as_text=True)
    waiting = states[ClaimState.SUBMITTED]
    assert f"{len(waiting)} requests and claims" in page, page[:2000]
    for claim in waiting:
        assert claim.registration.full_name in page

    # The budget: committed = approved + paid, and paid = the paid claims' amounts.
    budget = db.session.scalar(select(Budget).where(Budget.year == 2011))
    total, _rows = budgets.dashboard(budget)
    approved = sum(c.approved_ore for c in states[ClaimState.APPROVED])
    paid = sum(c.approved_ore for c in states[ClaimState.PAID])
    assert paid > 0 and total.paid == paid
    assert total.approved == approved and total.committed == approved + paid
    # The reviewer's budget page shows the same sums.
    from okconf.formatting import money

    page = client.get("/staff/ersattning/budget").get_data(as_text=True)
    with app.test_request_context():
        remaining = money(budget.total_ore - approved - paid, True)
        shown_paid, shown_approved = money(paid, True), money(approved, True)
    assert f'id="budget-remaining-{budget.id}">{remaining}<' in page
    assert f">{shown_paid}<" in page and f">{shown_approved}<" in page

    # Retention: nothing the purge would erase today is left, and the paid claims have no
    # bank details, payee or receipts; a claim waiting for a decision keeps its own.
    assert due_claims(stockholm_today()) == []
    for claim in states[ClaimState.PAID] + states[ClaimState.REJECTED]:
        assert (claim.account_number, claim.clearing_number, claim.payee_name) == ("", "", "")
        assert claim.receipts == [] and claim.decided_at is not None  # the decision stays
    assert all(c.account_number and c.receipts for c in waiting if c.claimed_lost_ore)

    # Loading again (make run's `okconf demo --if-empty`, or without it) adds nothing.
    load_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Claim)) == len(claims)
