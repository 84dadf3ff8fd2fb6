"""Demo data: the 2011 follow-up budget (900 000 kr) with allocations to the autumn conferences,
and claims of Boden's and Sundsvall's volunteers in every state (see demo_claims.py)."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.reimbursements.demo_claims import load_claims
from okconf.reimbursements.models import Budget, BudgetAllocation, ReimbursementRules
from okconf.reimbursements.rules import LostEarningsMode

AUTUMN_2011 = ("stockholm-2011", "goteborg-2011", "boden-2011", "sundsvall-2011")
ALLOCATION_ORE = 15_000_000  # 150 000 kr each; the rest stays unallocated in the budget


def load(ctx) -> None:
    """Create the 2011 budget once, and allocate to whichever 2011 conferences exist."""
    budget = db.session.scalar(select(Budget).where(Budget.year == 2011))
    if budget is None:
        budget = Budget(name="Uppföljningsbudget 2011", year=2011, total_ore=90_000_000)
        db.session.add(budget)
        db.session.flush()
    ctx.objects["budget:2011"] = budget
    for slug in AUTUMN_2011:
        conference = ctx.objects.get(f"conference:{slug}")
        if conference is None:
            continue  # the conferences' demo did not create it: nothing to allocate
        exists = db.session.scalar(
            select(BudgetAllocation).where(BudgetAllocation.conference_id == conference.id)
        )
        if exists is None:
            db.session.add(
                BudgetAllocation(
                    budget=budget, conference_id=conference.id, amount_ore=ALLOCATION_ORE
                )
            )
        rules = db.session.scalar(
            select(ReimbursementRules).where(ReimbursementRules.conference_id == conference.id)
        )
        if rules is None:
            # 2011's tax-free car allowance was 18,50 kr per Swedish mile: 185 öre per km.
            db.session.add(
                ReimbursementRules(
                    conference_id=conference.id,
                    car_rate_ore_per_km=185,
                    carpooling_expected=slug == "sundsvall-2011",
                    # The invitation offers an arvode: the rules say how much (invented).
                    lost_earnings_mode=(
                        LostEarningsMode.FIXED
                        if conference.offers_lost_earnings
                        else LostEarningsMode.NONE
                    ),
                    lost_earnings_fixed_ore=100_000 if conference.offers_lost_earnings else 0,
                )
            )
    db.session.flush()
    load_claims(ctx)
