"""The follow-up budget: which budget covers a conference, what is committed, and locking."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy import select

from okconf.conferences.models import Conference
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.formatting import money
from okconf.reimbursements.models import Budget, BudgetAllocation, Claim, ClaimState

# States whose pre-approval still reserves money until the claim is decided.
RESERVING = (ClaimState.PRE_APPROVED, ClaimState.SUBMITTED, ClaimState.RETURNED)


def budget_for(conference: Conference) -> Budget | None:
    """The budget that pays a conference: its allocation's, else its series', else its year's."""
    allocation = db.session.scalar(
        select(BudgetAllocation).where(BudgetAllocation.conference_id == conference.id)
    )
    if allocation is not None:
        return allocation.budget
    if conference.series_id is not None:
        budget = db.session.scalar(select(Budget).where(Budget.series_id == conference.series_id))
        if budget is not None:
            return budget
    if conference.date is not None:
        return db.session.scalar(select(Budget).where(Budget.year == conference.date.year))
    return None


def _paying_budget_ids() -> dict[int, int]:
    """Conference id -> the id of the budget that pays it, by budget_for()'s rules, in three
    queries (asking budget_for() conference by conference grew with the conferences)."""
    by_series: dict[int, int] = {}
    by_year: dict[int, int] = {}
    for budget_id, series_id, year in db.session.execute(
        select(Budget.id, Budget.series_id, Budget.year).order_by(Budget.id)
    ):
        if series_id is not None:
            by_series.setdefault(series_id, budget_id)
        if year is not None:
            by_year.setdefault(year, budget_id)
    allocated = dict(
        db.session.execute(select(BudgetAllocation.conference_id, BudgetAllocation.budget_id)).all()
    )
    paying = {}
    for conference_id, series_id, day in db.session.execute(
        select(Conference.id, Conference.series_id, Conference.date)
    ):
        budget_id = allocated.get(conference_id)
        if budget_id is None and series_id is not None:
            budget_id = by_series.get(series_id)
        if budget_id is None and day is not None:
            budget_id = by_year.get(day.year)
        if budget_id is not None:
            paying[conference_id] = budget_id
    return paying


def covered_conference_ids(budget: Budget) -> list[int]:
    """Every conference the budget pays for."""
    return [c for c, b in _paying_budget_ids().items() if b == budget.id]


def lock_budget(budget: Budget) -> Budget:
    """Lock the budget row for the rest of the transaction, so two deciders cannot overspend.

    PostgreSQL: SELECT … FOR UPDATE. SQLite has no row locks, so a no-op UPDATE takes the
    database's write lock before the amounts are read (the second writer waits or fails).
    """
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Budget.id).where(Budget.id == budget.id).with_for_update()).one()
    else:
        db.session.execute(
            sa.update(Budget).where(Budget.id == budget.id).values(total_ore=Budget.total_ore)
        )
    db.session.refresh(budget)
    return budget


@dataclass
class Figures:
    """Amounts of a budget or a conference, in öre."""

    requested: int = 0
    pre_approved: int = 0
    approved: int = 0
    paid: int = 0
    limit: int | None = None

    @property
    def committed(self) -> int:
        """What is promised: pre-approvals still open, approvals and payments."""
        return self.pre_approved + self.approved + self.paid

    @property
    def remaining(self) -> int | None:
        """What is left of the limit."""
        return None if self.limit is None else self.limit - self.committed


def figures(conference_ids: list[int], exclude_claim_id: int | None = None) -> Figures:
    """Add up the claims of the conferences (read live, after the lock)."""
    result = Figures()
    if not conference_ids:
        return result
    query = select(Claim).where(Claim.conference_id.in_(conference_ids))
    if exclude_claim_id is not None:
        query = query.where(Claim.id != exclude_claim_id)
    for claim in db.session.scalars(query.execution_options(populate_existing=True)):
        _add(result, claim)
    return result


def _add(result: Figures, claim: Claim) -> None:
    """Count one claim into the figures."""
    if claim.state is ClaimState.REQUESTED:
        result.requested += claim.estimate_ore
    if claim.state in (ClaimState.SUBMITTED, ClaimState.RETURNED):
        result.requested += claim.claimed_ore
    if claim.state in RESERVING:
        result.pre_approved += claim.preapproved_ore
    elif claim.state is ClaimState.APPROVED:
        result.approved += claim.approved_ore or 0
    elif claim.state is ClaimState.PAID:
        result.paid += claim.approved_ore or 0


def reserve(conference: Conference, amount_ore: int, claim: Claim) -> None:
    """Refuse (Conflict) unless `amount_ore` for `claim` fits its budget and allocation.

    Must be called before the claim's new amount is written; it locks the budget row.
    """
    budget = budget_for(conference)
    if budget is None:
        raise Conflict(
            _("No budget covers this conference. An administrator must create one first.")
        )
    lock_budget(budget)
    ids = covered_conference_ids(budget)
    total = figures(ids, exclude_claim_id=claim.id)
    if total.committed + amount_ore > budget.total_ore:
        raise Conflict(
            _(
                "This would exceed the budget %(name)s: %(left)s remains. "
                "An administrator can raise the budget.",
                name=budget.name,
                left=money(budget.total_ore - total.committed),
            )
        )
    allocation = db.session.scalar(
        select(BudgetAllocation).where(BudgetAllocation.conference_id == conference.id)
    )
    if allocation is not None:
        own = figures([conference.id], exclude_claim_id=claim.id)
        if own.committed + amount_ore > allocation.amount_ore:
            raise Conflict(
                _(
                    "This would exceed the conference's allocation: %(left)s remains. "
                    "An administrator can raise it.",
                    left=money(allocation.amount_ore - own.committed),
                )
            )


@dataclass
class Standing:
    """What a reviewer needs before deciding: which budget pays, and how much is left."""

    budget: Budget | None
    remaining_ore: int | None = None
    allocation_ore: int | None = None
    allocation_remaining_ore: int | None = None

    @property
    def left_ore(self) -> int | None:
        """The most that can still be approved: the smaller of budget and allocation."""
        amounts = [a for a in (self.remaining_ore, self.allocation_remaining_ore) if a is not None]
        return min(amounts) if amounts else None


def standing(conference: Conference, exclude_claim_id: int | None = None) -> Standing:
    """The budget that pays the conference and what is left of it and of its allocation,
    not counting `exclude_claim_id` (the claim being decided). Read only: no lock."""
    budget = budget_for(conference)
    if budget is None:
        return Standing(budget=None)
    total = figures(covered_conference_ids(budget), exclude_claim_id=exclude_claim_id)
    result = Standing(budget=budget, remaining_ore=budget.total_ore - total.committed)
    allocation = db.session.scalar(
        select(BudgetAllocation).where(BudgetAllocation.conference_id == conference.id)
    )
    if allocation is not None:
        own = figures([conference.id], exclude_claim_id=exclude_claim_id)
        result.allocation_ore = allocation.amount_ore
        result.allocation_remaining_ore = allocation.amount_ore - own.committed
    return result


def dashboard(budget: Budget) -> tuple[Figures, list[tuple[Conference, Figures]]]:
    """The budget's totals and one row per covered conference."""
    ids = covered_conference_ids(budget)
    total = figures(ids)
    total.limit = budget.total_ore
    allocations = {a.conference_id: a.amount_ore for a in budget.allocations}
    # One query for the claims of every covered conference, not one per conference.
    per_conference = {i: Figures() for i in ids}
    if ids:
        for claim in db.session.scalars(
            select(Claim)
            .where(Claim.conference_id.in_(ids))
            .execution_options(populate_existing=True)
        ):
            _add(per_conference[claim.conference_id], claim)
    rows = []
    for conference in db.session.scalars(
        select(Conference).where(Conference.id.in_(ids)).order_by(Conference.date)
    ):
        row = per_conference[conference.id]
        row.limit = allocations.get(conference.id)
        rows.append((conference, row))
    return total, rows


def save_budget(
    budget: Budget | None, *, name: str, year: int | None, series_id: int | None, total_ore: int
) -> Budget:
    """Create or change a budget; lowering it below what is committed is refused."""
    if year is None and series_id is None:
        raise DomainError(_("Give the year or the series the budget is for."), field="year")
    if total_ore < 0:
        raise DomainError(_("The amount cannot be negative."), field="total")
    clash = select(Budget).where(
        sa.or_(
            Budget.year == year if year is not None else sa.false(),
            Budget.series_id == series_id if series_id is not None else sa.false(),
        )
    )
    if budget is not None:
        clash = clash.where(Budget.id != budget.id)
    if db.session.scalar(clash) is not None:
        raise DomainError(_("There is already a budget for that year or series."), field="year")
    if budget is None:
        budget = Budget(name=name, year=year, series_id=series_id, total_ore=total_ore)
        db.session.add(budget)
    else:
        lock_budget(budget)
        committed = figures(covered_conference_ids(budget)).committed
        if total_ore < committed:
            raise DomainError(
                _(
                    "%(amount)s is already committed; the budget cannot be lower.",
                    amount=money(committed),
                ),
                field="total",
            )
        budget.name, budget.year, budget.series_id = name, year, series_id
        budget.total_ore = total_ore
    db.session.flush()
    return budget


def set_allocation(budget: Budget, conference: Conference, amount_ore: int) -> BudgetAllocation:
    """Set (or change) a conference's allocation within a budget."""
    if amount_ore < 0:
        raise DomainError(_("The amount cannot be negative."), field="amount")
    allocation = db.session.scalar(
        select(BudgetAllocation).where(BudgetAllocation.conference_id == conference.id)
    )
    if allocation is None:
        allocation = BudgetAllocation(budget=budget, conference_id=conference.id, amount_ore=0)
        db.session.add(allocation)
    allocation.budget = budget
    allocation.amount_ore = amount_ore
    db.session.flush()
    return allocation
