"""The pure solver on small hand-made instances whose optimum is known by brute force."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace

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


def _joint_brute_force(problems):
    """The exact joint optimum of two rounds (no topic twice, capacities, balance, locks)."""
    people = problems[0].people
    options = []
    for p in people:
        opts = []
        for w1 in problems[0].workshops:
            for w2 in problems[1].workshops:
                if w1.key == w2.key:
                    continue
                p1 = next(q for q in problems[0].people if q.id == p.id)
                p2 = next(q for q in problems[1].people if q.id == p.id)
                if p1.locked is not None and w1.id != p1.locked:
                    continue
                if p2.locked is not None and w2.id != p2.locked:
                    continue
                opts.append((w1.id, w2.id))
        options.append(opts)
    best = None
    for combo in itertools.product(*options):
        rounds = [{p.id: c[r] for p, c in zip(people, combo, strict=True)} for r in range(2)]
        ok = all(
            all(Counter(a.values())[w.id] <= w.capacity for w in pr.workshops)
            and balance_holds(pr, a)
            for pr, a in zip(problems, rounds, strict=True)
        )
        if ok:
            total = sum(assignment_cost(pr, a) for pr, a in zip(problems, rounds, strict=True))
            best = total if best is None else min(best, total)
    return best


@pytest.mark.parametrize("seed", range(25))
def test_joint_rounds_are_valid_and_between_bound_and_a_brute_force_check(seed):
    """Two rounds solved jointly: no repeats, capacities, locks and balance hold; the proven
    bound is at most the brute-force joint optimum, which is at most the total; "optimal"
    only when the total is the optimum."""
    rng = random.Random(seed)
    n = rng.randint(3, 5)
    base = [
        (pid, rng.choice([A, A, B, C]), tuple(rng.sample(range(3), rng.randint(0, 3))))
        for pid in range(1, n + 1)
    ]
    caps = [rng.randint(1, 3) for _ in range(3)]
    while sum(caps) < n:
        caps[rng.randrange(3)] += 1
    problems = []
    for r in range(2):
        ws = [Workshop(10 * (r + 1) + i, caps[i], topic=i) for i in range(3)]
        people = []
        for pid, party, rk in base:
            locked = ws[rk[0]].id if r == 0 and rk and rng.random() < 0.2 else None
            people.append(Person(pid, party, tuple(ws[i].id for i in rk), locked=locked))
        problems.append(Problem(ws, people, balance_points=rng.choice([None, 30, 50])))
    best = _joint_brute_force(problems)
    result = solve_rounds(problems)
    if best is None:
        assert not result.ok
        return
    assert result.ok
    for pid, *_ in base:
        assert result.rounds[0].assignment[pid] % 10 != result.rounds[1].assignment[pid] % 10
    for pr, res in zip(problems, result.rounds, strict=True):
        assert balance_holds(pr, res.assignment)
        sizes = Counter(res.assignment.values())
        assert all(sizes[w.id] <= w.capacity for w in pr.workshops)
        assert all(res.assignment[p.id] == p.locked for p in pr.people if p.locked)
    assert result.lower_bound <= best <= result.total_cost
    assert result.joint  # small instances never fall back to round by round
    if all(r.status == "optimal" for r in result.rounds):
        assert result.total_cost == best


def test_joint_beats_round_by_round_and_falls_back_when_it_finds_nothing():
    from okconf.workshops.synthetic import generated

    for n in (600, 3000):
        problems = generated("skewed", n, rounds=2)
        best = solve_rounds(problems)
        sequential = solve_rounds(problems, joint=False)
        assert best.ok and sequential.ok and not sequential.joint
        assert best.lower_bound == sequential.lower_bound
        assert best.lower_bound <= best.total_cost <= sequential.total_cost
    # At 3,000 people the joint solve is kept, well within half a per cent of its bound.
    assert best.joint and best.gap <= 0.005
    # Balance that cannot hold: the joint solve finds nothing, round by round explains why.
    ws = [Workshop(1, 2, topic="a"), Workshop(2, 2, topic="b")]
    ws2 = [Workshop(3, 2, topic="a"), Workshop(4, 2, topic="b")]
    people = [Person(1, A, (1,)), Person(2, A, (1,)), Person(3, A, (2,)), Person(4, B, (2,))]
    people2 = [Person(p.id, p.party, (3,)) for p in people]
    result = solve_rounds(
        [Problem(ws, people, balance_points=0), Problem(ws2, people2, balance_points=0)]
    )
    assert not result.ok
    assert not result.joint
    assert result.rounds[0].violations and result.rounds[0].nearest_balance == 25


@pytest.mark.parametrize("kind", ["uniform", "skewed", "tight", "locks", "balance"])
def test_every_generator_matches_the_per_person_milp(kind):
    """The aggregated model (stopped at an absolute gap below 1) reaches the per-person MILP's
    optimum on every benchmark generator, and the two rounds' joint solve holds every rule."""
    from okconf.workshops.synthetic import generated

    problem = generated(kind, 300)[0]
    aggregated = solve_round(problem, tie_break=False)
    plain = solve_round(problem, aggregate=False, tie_break=False)
    assert aggregated.status == plain.status == "optimal"
    assert aggregated.total_cost == plain.total_cost
    assert balance_holds(problem, aggregated.assignment)


def test_previous_run_is_a_warm_start_and_is_kept():
    """The previous run's assignment becomes a starting solution that meets every row and
    costs what that run cost; re-running the same problem moves nobody, and a re-run with late
    registrants keeps the optimum's rules and moves few."""
    import numpy as np

    from okconf.workshops.solver import model
    from okconf.workshops.synthetic import generated

    problem = generated("uniform", 400)[0]
    first = solve_round(problem)
    people = [replace(p, previous=first.assignment[p.id]) for p in problem.people]
    m = model.build(replace(problem, people=people))
    start = model.warm_start(m)
    rows, _ = model.base_rows(m, problem.balance_points)
    cons = rows.constraint()
    activity = cons.a @ start
    assert np.all(activity >= cons.lower - 1e-6) and np.all(activity <= cons.upper + 1e-6)
    locked = [p for p in problem.people if p.locked is not None]
    locked_cost = assignment_cost(replace(problem, people=locked), first.assignment)
    assert float(model.pad(m, m.var_cost) @ start) + locked_cost == first.total_cost

    same = solve_round(replace(problem, people=people))
    assert same.assignment == first.assignment

    late = [Person(10_000 + i, A, problem.people[i].ranking) for i in range(3)]
    again = solve_round(replace(problem, people=people + late))
    assert again.status == "optimal" and balance_holds(
        replace(problem, people=people + late), again.assignment
    )
    moved = sum(1 for p in problem.people if again.assignment[p.id] != first.assignment[p.id])
    assert moved <= 20
