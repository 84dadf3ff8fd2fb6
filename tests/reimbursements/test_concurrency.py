"""Two reviewers approving at once cannot overspend the budget (PostgreSQL row lock)."""

from __future__ import annotations

import threading

import pytest

from okconf.errors import Conflict
from okconf.extensions import db
from okconf.reimbursements import budget as budget_module
from okconf.reimbursements import review
from okconf.reimbursements.models import Budget, Claim, ClaimState


def race(app, claim_ids, reviewer_ids):
    """Reviewer A approves and holds its transaction open while B tries; returns outcomes."""
    from okconf.accounts.models import User

    a_flushed, outcomes = threading.Event(), {}

    def approve(index):
        with app.app_context(), app.test_request_context():
            claim = db.session.get(Claim, claim_ids[index])
            user = db.session.get(User, reviewer_ids[index])
            try:
                if index == 1:
                    a_flushed.wait(5)
                review.approve_claim(claim, user, travel_ore=105000, lost_ore=0)
                if index == 0:
                    a_flushed.set()
                    threading.Event().wait(0.6)  # hold the lock while B tries
                db.session.commit()
                outcomes[index] = "approved"
            except Conflict:
                db.session.rollback()
                outcomes[index] = "refused"
            finally:
                a_flushed.set()
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    return outcomes


@pytest.fixture
def two_claims(app, backend, make_claim, make_user, conference):
    if backend != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    db.session.add(Budget(name="Liten", year=conference.date.year, total_ore=150000))
    db.session.commit()
    claims = [make_claim(), make_claim()]
    reviewers = [make_user("reviewer"), make_user("reviewer")]
    return [c.id for c in claims], [r.id for r in reviewers]


def test_concurrent_approvals_cannot_overspend(app, two_claims):
    outcomes = race(app, *two_claims)
    assert sorted(outcomes.values()) == ["approved", "refused"]
    db.session.expire_all()
    states = sorted(db.session.get(Claim, i).state.value for i in two_claims[0])
    assert states == [ClaimState.APPROVED.value, ClaimState.SUBMITTED.value]


def test_without_the_lock_the_race_overspends(app, two_claims, monkeypatch):
    """Proves the test above tests something: with the lock off both approvals go through."""
    monkeypatch.setattr(budget_module, "lock_budget", lambda budget: budget)
    outcomes = race(app, *two_claims)
    assert sorted(outcomes.values()) == ["approved", "approved"]
