"""The demo budget: 900 000 kr for 2011, allocations to the 2011 conferences that exist."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

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
