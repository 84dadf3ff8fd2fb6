"""The state machine: every allowed transition works, every other one is refused."""

from __future__ import annotations

import itertools

import pytest

from okconf.errors import NotAllowed
from okconf.reimbursements.models import Claim, ClaimState
from okconf.reimbursements.services import TRANSITIONS, transition

ALL = list(ClaimState)
PAIRS = list(itertools.product(ALL, ALL))


def test_every_state_is_in_the_table():
    assert set(TRANSITIONS) == set(ALL)
    terminal = {s for s, targets in TRANSITIONS.items() if not targets}
    assert terminal == {
        ClaimState.DECLINED,
        ClaimState.REJECTED,
        ClaimState.PAID,
        ClaimState.WITHDRAWN,
    }


def test_every_allowed_transition_works_and_every_other_is_refused(plain_app):
    allowed = refused = 0
    for source, target in PAIRS:
        claim = Claim(state=source)
        if target in TRANSITIONS[source]:
            transition(claim, target)
            assert claim.state is target, (source, target)
            allowed += 1
        else:
            with pytest.raises(NotAllowed):
                transition(claim, target)
            assert claim.state is source, (source, target)
            refused += 1
    assert allowed == sum(len(t) for t in TRANSITIONS.values())
    assert allowed + refused == len(ALL) ** 2


def test_the_documented_paths_are_possible():
    path = [
        ClaimState.DRAFT,
        ClaimState.REQUESTED,
        ClaimState.PRE_APPROVED,
        ClaimState.SUBMITTED,
        ClaimState.RETURNED,
        ClaimState.SUBMITTED,
        ClaimState.APPROVED,
        ClaimState.PAID,
    ]
    for a, b in itertools.pairwise(path):
        assert b in TRANSITIONS[a]
