"""Solving: one round exactly (minimum total, then the lexicographic tie-break), several rounds
one after the other, and what peers do (first come, first served) for comparison."""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np

from okconf.workshops.solver import explain
from okconf.workshops.solver.joint import joint_lower_bound, solve_joint
from okconf.workshops.solver.model import (
    Model,
    Rows,
    balance_holds_x,
    base_rows,
    build,
    disaggregate,
    integrality_of,
    pad,
    run,
    upper_bounds,
    warm_start,
)
from okconf.workshops.solver.problem import Problem, Result, RoundsResult, Violation


def _integral_x(m: Model, sol, constraints, upper, c, time_limit: float):
    """An integral x of the best value for the party counts y the solver found.

    HiGHS usually returns a vertex with integral y and integral x (for integral y the rest is a
    transportation problem, see `base_rows`). Stopping at an absolute gap below 1 can leave an
    incumbent up to 1 above the optimum, or with fractional x; with y fixed the transportation
    part is solved again, whose integral optimum is then the optimum of the round: it is an
    integer between the proven bound and the incumbent's value, less than 1 apart."""
    nv = len(m.var_kind)
    x = sol.x
    target = math.ceil(sol.bound - 1e-6) if sol.bound is not None else None
    if np.all(np.abs(x - np.round(x)) < 1e-6):
        x = np.round(x)
        if target is None or float(c @ x) <= target + 0.5:
            return x
    y = np.round(sol.x[nv:])
    lower = np.concatenate([np.zeros(nv), y])
    upper2 = np.concatenate([upper[:nv], y])
    res = run(c, constraints, upper2, np.ones(len(c)), time_limit, lower=lower)
    return None if res.x is None else np.round(res.x)


def solve_round(problem: Problem, aggregate: bool = True, tie_break: bool = True) -> Result:
    """Solve one round exactly (see the module's docstring). `aggregate=False` builds one
    variable per person and workshop, all integer (the plain model, for checking);
    `tie_break=False` stops after the minimum total."""
    started, cpu_started = time.perf_counter(), time.process_time()
    d = problem.balance_points
    m = build(problem, aggregate=aggregate)
    result = Result(status="optimal", kinds=len(m.kinds), variables=len(m.var_kind))
    result.balance_points = d
    for person in problem.people:
        if person.locked is not None:
            result.assignment[person.id] = person.locked
            if person.locked in person.forbidden:
                result.violations.append(
                    Violation("locked_forbidden", person.locked, person_id=person.id)
                )
    if result.violations:
        result.status = "infeasible"
        result.seconds = time.perf_counter() - started
        return result
    if not problem.people:
        result.status = "empty"
        return result
    seat_problems = explain.seat_violations(problem, m)
    if seat_problems:
        result.status = "infeasible"
        result.violations = seat_problems
        result.seconds = time.perf_counter() - started
        return result

    rows, _ = base_rows(m, d)
    constraint = rows.constraint()
    upper = upper_bounds(m)
    integrality = integrality_of(m, aggregate)
    c = pad(m, m.var_cost)
    start = warm_start(m) if aggregate else None
    res = run(c, constraint, upper, integrality, problem.time_limit, start=start)
    if res.status != "optimal" or res.x is None:
        if res.status == "time_limit":
            result.status = "time_limit"
        else:
            result.status = "infeasible"
            result.violations = explain.balance_report(m, d, problem.time_limit)
            result.nearest_balance = explain.nearest_balance(m, d, problem.time_limit)
        result.seconds = time.perf_counter() - started
        return result
    x = _integral_x(m, res, constraint, upper, c, problem.time_limit)
    if x is None:  # pragma: no cover - cannot happen: the transportation part is integral
        raise RuntimeError("no integral solution for the optimal party counts")
    total = float(c @ x)

    if tie_break:
        # Lexicographic: fix the total, then push people out of the most expensive levels.
        levels = sorted({float(v) for v in m.var_cost}, reverse=True)
        fixed = [(c, total)]
        for level in levels[:-2]:
            indicator = pad(m, (m.var_cost == level).astype(float))
            if float(indicator @ x) < 0.5:
                fixed.append((indicator, 0.0))
                continue
            extra = Rows(len(c))
            for vec, value in fixed:
                nz = np.nonzero(vec)[0]
                extra.add(nz, vec[nz], -np.inf, value + 0.5)
            both = constraint.stack(extra.constraint())
            # The fixed-total row couples the parties, so integral y no longer forces
            # integral x: the y-integral optimum is only a lower bound. When an integral x
            # for its y reaches that bound (rounded up) it is optimal; otherwise the stage
            # is solved again with every variable integer.
            # The last stage's solution meets every row of this one: HiGHS starts from it.
            res2 = run(indicator, both, upper, integrality, problem.time_limit, start=x)
            if res2.status != "optimal":
                break
            bound = math.ceil(float(res2.bound) - 1e-6)
            x2 = _integral_x(m, res2, both, upper, indicator, problem.time_limit)
            if x2 is None or float(indicator @ x2) > bound + 0.5:
                res3 = run(indicator, both, upper, np.ones(len(c)), problem.time_limit, start=x)
                if res3.status != "optimal":
                    break
                x2 = np.round(res3.x)
            x = x2
            fixed.append((indicator, float(indicator @ x)))

    x = x[: len(m.var_kind)]
    if not balance_holds_x(m, x, d):  # pragma: no cover - a solver tolerance problem
        raise RuntimeError("the solver's solution breaks the balance in exact arithmetic")
    result.assignment.update(disaggregate(m, x))
    _fill_counts(result, problem)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    return result


def _fill_counts(result: Result, problem: Problem) -> None:
    ranks = {
        p.id: {w: r for r, w in reversed(list(enumerate(p.ranking, 1)))} for p in problem.people
    }
    result.rank_counts = Counter()
    levels = Counter()
    total = 0
    for pid, wid in result.assignment.items():
        rank = ranks[pid].get(wid)
        result.rank_counts[rank] += 1
        cost = problem.costs.of_rank(rank)
        levels[cost] += 1
        total += cost
    result.total_cost = total
    result.level_counts = dict(sorted(levels.items()))


def assignment_cost(problem: Problem, assignment: dict[int, int]) -> int:
    """The total cost of any assignment of the problem's people."""
    total = 0
    for p in problem.people:
        ranks = {w: r for r, w in reversed(list(enumerate(p.ranking, 1)))}
        total += problem.costs.of_rank(ranks.get(assignment[p.id]))
    return total


def balance_holds(problem: Problem, assignment: dict[int, int]) -> bool:
    """Exact integer check of the balance rule for a complete assignment."""
    d = problem.balance_points
    if d is None or not problem.people:
        return True
    n = len(problem.people)
    n_party = Counter(p.party for p in problem.people)
    size = Counter(assignment[p.id] for p in problem.people)
    count = Counter((assignment[p.id], p.party) for p in problem.people)
    for w in problem.workshops:
        for party, np_ in n_party.items():
            c = count[(w.id, party)]
            if 100 * n * c > (100 * np_ + d * n) * size[w.id]:
                return False
            if 100 * n * c < (100 * np_ - d * n) * size[w.id]:
                return False
    return True


def first_come_first_served(problem: Problem) -> dict[int, int]:
    """What peers do: in the given order each person takes their best wish with a seat left,
    else the first workshop with a seat left (no balance)."""
    left = {w.id: w.capacity for w in problem.workshops}
    out = {}
    for p in problem.people:
        if p.locked is not None:
            out[p.id] = p.locked
            left[p.locked] -= 1
    for p in problem.people:
        if p.locked is not None:
            continue
        choice = next((w for w in p.ranking if left.get(w, 0) > 0 and w not in p.forbidden), None)
        if choice is None:
            choice = next(
                (w.id for w in problem.workshops if left[w.id] > 0 and w.id not in p.forbidden),
                None,
            )
        if choice is None:
            continue
        out[p.id] = choice
        left[choice] -= 1
    return out


# --- several rounds ---------------------------------------------------------


# A joint solution this far above its bound also has the rounds solved one by one, and the
# better of the two is kept (small instances, where rounding the LP costs relatively more).
JOINT_GOOD_ENOUGH = 0.005


def solve_rounds(problems: list[Problem], bound: bool = True, joint: bool = True) -> RoundsResult:
    """Solve several rounds with no repeats (by topic).

    Two or more rounds are solved jointly first (`joint.solve_joint`: the joint model's LP
    optimum rounded, the leftovers placed by a MILP), whose LP is also the proven lower bound;
    the result is checked in exact arithmetic. When that finds nothing, or lands more than
    `JOINT_GOOD_ENOUGH` above the bound, or `joint` is off, the rounds are also solved one
    after the other, each exactly (which explains an infeasible round), and the better result
    is kept; with `bound` the joint LP gives the lower bound."""
    started, cpu_started = time.perf_counter(), time.process_time()
    together = _jointly(problems) if joint and len(problems) > 1 else None
    if together is not None and together.gap is not None and together.gap <= JOINT_GOOD_ENOUGH:
        return _timed(together, started, cpu_started)
    apart = _round_by_round(problems)
    if apart.ok and len(apart.rounds) == len(problems):
        if together is not None:
            apart.lower_bound = together.lower_bound
        elif bound:
            t0, c0 = time.perf_counter(), time.process_time()
            apart.lower_bound = joint_lower_bound(problems)
            apart.bound_seconds = time.perf_counter() - t0
            apart.bound_cpu_seconds = time.process_time() - c0
    if together is not None and (not apart.ok or together.total_cost <= apart.total_cost):
        return _timed(together, started, cpu_started)
    return _timed(apart, started, cpu_started, keep_bound_time=True)


def _timed(result: RoundsResult, started: float, cpu_started: float, keep_bound_time=False):
    seconds = time.perf_counter() - started - (result.bound_seconds if keep_bound_time else 0)
    cpu = time.process_time() - cpu_started - (result.bound_cpu_seconds if keep_bound_time else 0)
    result.seconds, result.cpu_seconds = seconds, cpu
    return result


def _jointly(problems: list[Problem]) -> RoundsResult | None:
    """The rounds solved together, or None when the joint solve finds nothing valid."""
    out = solve_joint(problems, time_limit=min(p.time_limit for p in problems))
    if out is None or not _valid(problems, out[0]):
        return None
    rounds, total, lb = out
    results = []
    for pr, assignment in zip(problems, rounds, strict=True):
        res = Result(
            status="optimal" if total <= lb else "near_optimal",
            assignment=assignment,
            balance_points=pr.balance_points,
        )
        _fill_counts(res, pr)
        results.append(res)
    return RoundsResult(results, total, lb, 0.0, joint=True)


def _round_by_round(problems: list[Problem]) -> RoundsResult:
    """Each round exactly, one after the other; a person's earlier topics are forbidden."""
    topics = [{w.id: w.key for w in pr.workshops} for pr in problems]
    locked_topics = defaultdict(dict)  # person -> {round: topic}
    for r, pr in enumerate(problems):
        for p in pr.people:
            if p.locked is not None:
                locked_topics[p.id][r] = topics[r].get(p.locked)
    taken = defaultdict(set)
    results = []
    for r, pr in enumerate(problems):
        people = []
        for p in pr.people:
            banned = set(taken[p.id]) | {t for rr, t in locked_topics[p.id].items() if rr != r}
            forbidden = frozenset(p.forbidden) | {w.id for w in pr.workshops if w.key in banned}
            people.append(replace(p, forbidden=frozenset(forbidden)))
        res = solve_round(replace(pr, people=people))
        results.append(res)
        if not res.ok:
            break
        for pid, wid in res.assignment.items():
            taken[pid].add(topics[r][wid])
    return RoundsResult(results, sum(r.total_cost for r in results), None, 0.0)


def _valid(problems: list[Problem], rounds: list[dict[int, int]]) -> bool:
    """Exact check of a joint solution: everyone placed once per round, in a workshop of the
    round, locks kept, nothing forbidden, capacities and balance held, no topic twice."""
    seen_topics: dict[int, set] = defaultdict(set)
    for pr, assignment in zip(problems, rounds, strict=True):
        topic = {w.id: w.key for w in pr.workshops}
        if set(assignment) != {p.id for p in pr.people}:
            return False
        sizes = Counter(assignment.values())
        if any(sizes[w.id] > w.capacity for w in pr.workshops):
            return False
        for p in pr.people:
            wid = assignment[p.id]
            if wid not in topic or wid in p.forbidden:
                return False
            if p.locked is not None and wid != p.locked:
                return False
            if topic[wid] in seen_topics[p.id]:
                return False
            seen_topics[p.id].add(topic[wid])
        if not balance_holds(pr, assignment):
            return False
    return True
