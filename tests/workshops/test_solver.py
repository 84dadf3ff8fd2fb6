"""The pure solver on small hand-made instances whose optimum is known by brute force."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from okconf.workshops.solver import (
    Costs,
    Person,
    Problem,
    Workshop,
    assignment_cost,
    balance_holds,
    first_come_first_served,
    joint_lower_bound,
    solve_round,
    solve_rounds,
)

A, B, C = "civil_society", "public_sector", "business_other"


def brute_force(problem: Problem):
    """Every feasible assignment's cost vector: (total, sorted costs worst first)."""
    people = problem.people
    ws = [w.id for w in problem.workshops]
    caps = {w.id: w.capacity for w in problem.workshops}
    best = None
    for combo in itertools.product(ws, repeat=len(people)):
        assignment = {p.id: w for p, w in zip(people, combo, strict=True)}
        if any(p.locked is not None and assignment[p.id] != p.locked for p in people):
            continue
        if any(assignment[p.id] in p.forbidden for p in people):
            continue
        sizes = Counter(combo)
        if any(sizes[w] > caps[w] for w in ws):
            continue
        if not balance_holds(problem, assignment):
            continue
        costs = []
        for p in people:
            ranks = {w: r for r, w in reversed(list(enumerate(p.ranking, 1)))}
            costs.append(problem.costs.of_rank(ranks.get(assignment[p.id])))
        key = (sum(costs), sorted(costs, reverse=True))
        if best is None or key < best:
            best = key
    return best


def personal_costs(problem: Problem, assignment):
    out = []
    for p in problem.people:
        ranks = {w: r for r, w in reversed(list(enumerate(p.ranking, 1)))}
        out.append(problem.costs.of_rank(ranks.get(assignment[p.id])))
    return sorted(out, reverse=True)


def random_problem(rng: random.Random, n: int, nw: int, balance=10, locks=True) -> Problem:
    ws = [Workshop(i + 1, rng.randint(1, 3)) for i in range(nw)]
    while sum(w.capacity for w in ws) < n:
        i = rng.randrange(nw)
        ws[i] = Workshop(ws[i].id, ws[i].capacity + 1)
    people = []
    for pid in range(1, n + 1):
        ranking = tuple(rng.sample([w.id for w in ws], rng.randint(0, min(3, nw))))
        locked = ranking[0] if locks and ranking and rng.random() < 0.15 else None
        people.append(Person(pid, rng.choice([A, A, B, C]), ranking, locked=locked))
    return Problem(ws, people, balance_points=balance)


@pytest.mark.parametrize("seed", range(60))
def test_matches_brute_force_optimum_and_tie_break(seed):
    rng = random.Random(seed)
    problem = random_problem(
        rng, rng.randint(3, 7), rng.randint(2, 3), balance=rng.choice([None, 10, 15, 30])
    )
    best = brute_force(problem)
    result = solve_round(problem)
    if best is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.total_cost == best[0] == assignment_cost(problem, result.assignment)
    assert personal_costs(problem, result.assignment) == best[1]
    assert balance_holds(problem, result.assignment)


def test_tie_break_prefers_the_worst_off_best_off():
    # Total 5 either as 3 + 1 + 1 (person 1 at their third wish, the others at their first) or
    # as 2 + 2 + 1: the tie-break must choose the latter.
    ws = [Workshop(1, 1), Workshop(2, 1), Workshop(3, 1)]
    people = [Person(1, A, (1, 3, 2)), Person(2, A, (2, 1, 3)), Person(3, A, (2, 1, 3))]
    problem = Problem(ws, people, balance_points=None, costs=Costs((1, 2, 3), 10))
    untied = solve_round(problem, tie_break=False)
    result = solve_round(problem)
    assert result.total_cost == untied.total_cost == 5
    assert personal_costs(problem, result.assignment) == [2, 2, 1]
    assert result.level_counts == {1: 1, 2: 2}


def test_capacity_locks_and_balance_hold_on_a_larger_instance():
    rng = random.Random(7)
    ws = [Workshop(i, 40 + 5 * i) for i in range(1, 8)]
    people = []
    for pid in range(1, 301):
        party = rng.choices([A, B, C], [55, 35, 10])[0]
        ranking = tuple(rng.sample(range(1, 8), 3))
        people.append(Person(pid, party, ranking, locked=ranking[2] if pid % 50 == 0 else None))
    problem = Problem(ws, people, balance_points=10)
    result = solve_round(problem)
    assert result.status == "optimal"
    sizes = Counter(result.assignment.values())
    assert all(sizes[w.id] <= w.capacity for w in ws)
    assert all(result.assignment[p.id] == p.locked for p in people if p.locked)
    assert balance_holds(problem, result.assignment)
    assert set(result.assignment) == {p.id for p in people}
    # The aggregated model and the per-person one agree on the optimum.
    plain = solve_round(problem, aggregate=False, tie_break=False)
    assert plain.total_cost == result.total_cost
    assert result.kinds < plain.kinds
    # First come, first served is no better.
    assert assignment_cost(problem, first_come_first_served(problem)) >= result.total_cost


def test_no_preferences_is_unranked_everywhere():
    ws = [Workshop(1, 2), Workshop(2, 2)]
    people = [Person(i, A) for i in range(1, 4)]
    result = solve_round(Problem(ws, people, balance_points=None))
    assert result.status == "optimal"
    assert result.rank_counts == Counter({None: 3})
    assert result.total_cost == 30


def test_more_people_than_seats_says_how_many_do_not_fit():
    ws = [Workshop(1, 2), Workshop(2, 3)]
    people = [Person(i, A, (1,)) for i in range(1, 9)]
    result = solve_round(Problem(ws, people))
    assert result.status == "infeasible"
    assert [(v.kind, v.amount) for v in result.violations] == [("seats", 3)]


def test_locked_over_capacity_is_named():
    ws = [Workshop(1, 1), Workshop(2, 5)]
    people = [Person(i, A, (1,), locked=1) for i in range(1, 4)]
    result = solve_round(Problem(ws, people, balance_points=None))
    assert result.status == "infeasible"
    assert [(v.kind, v.workshop_id, v.amount) for v in result.violations] == [
        ("locked_over_capacity", 1, 2)
    ]


def test_balance_infeasibility_names_workshop_party_amount_and_nearest_balance():
    # Ten people, half of each party; four civil-society people locked into workshop 1 of 5
    # seats: its civil-society share is at least 80 %, against 50 % +- 10 overall.
    ws = [Workshop(1, 5), Workshop(2, 5)]
    people = [Person(i, A, (1,), locked=1 if i <= 4 else None) for i in range(1, 6)]
    people += [Person(i, B, (2,)) for i in range(6, 11)]
    problem = Problem(ws, people, balance_points=10)
    result = solve_round(problem)
    assert result.status == "infeasible"
    kinds = {(v.kind, v.workshop_id, v.party) for v in result.violations}
    assert ("balance_high", 1, A) in kinds or ("balance_low", 1, B) in kinds
    assert all(v.amount > 0 for v in result.violations)
    # The nearest feasible balance, by brute force over whole points.
    for d in range(10, 101):
        if brute_force(Problem(ws, people, balance_points=d)) is not None:
            break
    assert result.nearest_balance == d == 30
    assert solve_round(Problem(ws, people, balance_points=d)).status == "optimal"


def test_two_rounds_no_repeats_and_bound_below_the_joint_optimum():
    rng = random.Random(3)
    rounds = []
    base = [(pid, rng.choice([A, B]), tuple(rng.sample(range(3), 3))) for pid in range(1, 6)]
    for r in range(2):
        ws = [Workshop(10 * (r + 1) + i, 2, topic=i) for i in range(3)]
        people = [Person(pid, party, tuple(ws[i].id for i in rk)) for pid, party, rk in base]
        rounds.append(Problem(ws, people, balance_points=None))
    result = solve_rounds(rounds)
    assert result.ok
    for pid, _party, _rk in base:
        assert result.rounds[0].assignment[pid] % 10 != result.rounds[1].assignment[pid] % 10
    # Brute-force joint optimum.
    best = None
    for combo in itertools.product(itertools.permutations(range(3), 2), repeat=5):
        first = Counter(c[0] for c in combo)
        second = Counter(c[1] for c in combo)
        if max(first.values()) > 2 or max(second.values()) > 2:
            continue
        total = 0
        for (_pid, _party, rk), (a, b) in zip(base, combo, strict=True):
            total += rk.index(a) + 1 + rk.index(b) + 1
        best = total if best is None else min(best, total)
    assert result.lower_bound <= best <= result.total_cost
    assert joint_lower_bound(rounds) == result.lower_bound


def test_late_registrants_do_not_move_anyone():
    rng = random.Random(11)
    ws = [Workshop(i, 12) for i in range(1, 6)]
    people = [
        Person(i, rng.choice([A, B, C]), tuple(rng.sample(range(1, 6), 3))) for i in range(1, 51)
    ]
    first = solve_round(Problem(ws, people, balance_points=None))
    kept = [Person(p.id, p.party, p.ranking, locked=first.assignment[p.id]) for p in people]
    late = [Person(100, A, (1, 2)), Person(101, B, (1,))]
    again = solve_round(Problem(ws, kept + late, balance_points=None))
    assert again.status == "optimal"
    assert all(again.assignment[p.id] == first.assignment[p.id] for p in people)
    assert {100, 101} <= set(again.assignment)


def test_cancelled_workshop_replaces_its_people_and_keeps_others():
    ws = [Workshop(i, 6) for i in range(1, 5)]
    people = [Person(i, A, ((i % 4) + 1, ((i + 1) % 4) + 1)) for i in range(1, 17)]
    first = solve_round(Problem(ws, people, balance_points=None))
    displaced = [p for p in people if first.assignment[p.id] == 2]
    assert displaced
    rest = [w for w in ws if w.id != 2]
    again_people = [
        p
        if first.assignment[p.id] == 2
        else Person(p.id, p.party, p.ranking, locked=first.assignment[p.id])
        for p in people
    ]
    again = solve_round(Problem(rest, again_people, balance_points=None))
    assert again.status == "optimal"
    for p in people:
        if first.assignment[p.id] == 2:
            assert again.assignment[p.id] in {1, 3, 4}
        else:
            assert again.assignment[p.id] == first.assignment[p.id]
