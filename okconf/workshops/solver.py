"""Optimal assignment of participants to workshops (pure: no Flask, no database).

The model of one round
----------------------
People with the same party, the same ranking and the same forbidden workshops are
interchangeable, so they are grouped into *kinds*; a person locked by an organiser is fixed and
only subtracted from capacities and added to the balance counts. The variables are

    x[k, w] = number of people of kind k placed in workshop w   (integer, >= 0)

with

    sum_w x[k, w] = n_k                               (everyone of kind k is placed)
    sum_k x[k, w] + L_w <= cap_w                      (capacity; L_w = people locked in w)
    |count_p,w - s_p * size_w| <= d * size_w          (balance, linear: see below)

where size_w = sum_k x[k, w] + L_w, count_p,w the people of party p in w (locked included),
s_p = N_p / N the party's share of everybody in the round and d the balance in points / 100.
Multiplying by 100 the balance rows read, with integer-valued left sides,

    100 count_p,w - (100 s_p + D) size_w <= 0   and   100 count_p,w - (100 s_p - D) size_w >= 0.

Without the balance rows this is a transportation problem: its constraint matrix is totally
unimodular, so the LP relaxation already has an integral optimum. The balance rows break that,
so the model is solved as a MILP (HiGHS through SciPy) with a zero relative gap; the size of
the model depends on the number of kinds (at most parties x rankings), not on the number of
people. Every solution is checked afterwards in exact integer arithmetic.

Objective and tie-break (exact definition)
------------------------------------------
A person placed in the workshop they ranked r-th costs `Costs.of_rank(r)` (1, 2, 3, ... by
default), in a workshop they did not rank `Costs.unranked` (10 by default). The solver

1. minimises the total cost C; then, with the total fixed at its minimum C*,
2. lexicographically minimises the number of people at each cost level, from the most
   expensive level downwards: first the number of people placed outside their wishes, then
   (with that number fixed) the number at the most expensive ranked level, and so on.

So among all assignments of minimum total cost it picks the one whose sorted vector of
personal costs (worst first) is lexicographically smallest: the worst-off person is as well off
as possible, then the next, and so on.

Several rounds
--------------
Rounds are solved one after the other; in a later round every person's earlier workshops (by
`Workshop.topic`) are forbidden, which also makes the forbidden set part of a person's kind.
A proven lower bound on the joint optimum comes from the LP relaxation of the exact joint model
(variables per kind and combination of workshops, one per round, with distinct topics), so the
gap printed by the benchmark is an upper bound on the true distance from the joint optimum.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

# --- input ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """A workshop of one round. Workshops of different rounds with the same topic are the same
    workshop for the no-repeat rule (the topic defaults to the id)."""

    id: int
    capacity: int
    topic: object = None

    @property
    def key(self):
        """What "the same workshop" means across rounds."""
        return self.id if self.topic is None else self.topic


@dataclass(frozen=True)
class Person:
    """A participant of one round: party, ranked workshop ids (first wish first)."""

    id: int
    party: str
    ranking: tuple = ()
    locked: int | None = None
    forbidden: frozenset = frozenset()
    # The workshop of an earlier run: among interchangeable people it is kept where possible.
    previous: int | None = None


@dataclass(frozen=True)
class Costs:
    """What a placement costs: rank r costs rank_costs[r-1]; ranks beyond the list one more
    each (never above `unranked`); a workshop the person did not rank costs `unranked`."""

    rank_costs: tuple = (1, 2, 3)
    unranked: int = 10

    def of_rank(self, rank: int | None) -> int:
        if rank is None:
            return self.unranked
        if rank <= len(self.rank_costs):
            return self.rank_costs[rank - 1]
        return min(self.rank_costs[-1] + rank - len(self.rank_costs), self.unranked)


@dataclass
class Problem:
    """One round: its workshops, its people, the balance in percentage points (None: none)."""

    workshops: list[Workshop]
    people: list[Person]
    balance_points: int | None = 10
    costs: Costs = field(default_factory=Costs)
    time_limit: float = 120.0


# --- output ---------------------------------------------------------------------------------


@dataclass
class Violation:
    """A constraint that cannot hold, and by how much.

    kind: "seats" (more people than free seats; amount = people who do not fit),
    "locked_over_capacity" (locked people exceed a workshop's seats; amount = people too many),
    "locked_forbidden" (a person is locked to a workshop they already had in another round),
    "balance_high" / "balance_low" (a party's share in a workshop would be above / below the
    limit; amount = people of that party too many / too few, points = how far beyond it).
    """

    kind: str
    workshop_id: int | None = None
    party: str | None = None
    amount: float = 0
    points: float | None = None
    person_id: int | None = None


@dataclass
class Result:
    """The outcome of one round."""

    status: str  # "optimal", "infeasible", "time_limit", "empty"
    assignment: dict[int, int] = field(default_factory=dict)
    total_cost: int = 0
    rank_counts: Counter = field(default_factory=Counter)  # rank (None: unranked) -> people
    level_counts: dict[int, int] = field(default_factory=dict)  # cost -> people
    violations: list[Violation] = field(default_factory=list)
    nearest_balance: int | None = None
    kinds: int = 0
    variables: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    balance_points: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "empty")


@dataclass
class RoundsResult:
    """Several rounds solved one after the other, with a proven lower bound."""

    rounds: list[Result]
    total_cost: int
    lower_bound: int | None
    seconds: float
    bound_seconds: float = 0.0
    cpu_seconds: float = 0.0
    bound_cpu_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rounds)

    @property
    def gap(self) -> float | None:
        """(total - bound) / bound: how far at most from the joint optimum."""
        if self.lower_bound is None or not self.ok:
            return None
        if self.lower_bound == 0:
            return 0.0 if self.total_cost == 0 else math.inf
        return (self.total_cost - self.lower_bound) / self.lower_bound


# --- the model ------------------------------------------------------------------------------


class _Rows:
    """Sparse constraint rows built up one at a time."""

    def __init__(self, ncols: int):
        self.ncols = ncols
        self.rows, self.cols, self.vals, self.lo, self.hi = [], [], [], [], []

    def add(self, cols, vals, lo, hi) -> int:
        r = len(self.lo)
        cols = np.asarray(cols, dtype=np.int64)
        self.rows.append(np.full(len(cols), r, dtype=np.int64))
        self.cols.append(cols)
        self.vals.append(np.broadcast_to(np.asarray(vals, dtype=float), cols.shape))
        self.lo.append(lo)
        self.hi.append(hi)
        return r

    def constraint(self, extra_cols: int = 0) -> LinearConstraint:
        if not self.lo:
            a = csr_matrix((0, self.ncols + extra_cols))
            return LinearConstraint(a, [], [])
        a = csr_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(len(self.lo), self.ncols + extra_cols),
        )
        return LinearConstraint(a, np.array(self.lo, float), np.array(self.hi, float))


@dataclass
class _Model:
    """The aggregated model of one round (without the balance rows' numbers fixed)."""

    workshops: list[Workshop]
    parties: list[str]
    kinds: list[tuple]  # (party, ranking, forbidden)
    members: list[list[Person]]
    var_kind: np.ndarray
    var_ws: np.ndarray
    var_cost: np.ndarray
    var_rank: list
    kind_party: np.ndarray  # party index of each kind
    cap_free: np.ndarray  # capacity minus locked
    locked_w: np.ndarray
    locked_pw: np.ndarray
    n_total: int
    n_party: np.ndarray


def _build(problem: Problem, aggregate: bool = True) -> _Model:
    workshops = list(problem.workshops)
    widx = {w.id: i for i, w in enumerate(workshops)}
    if len(widx) != len(workshops):
        raise ValueError("workshop ids must be unique")
    parties = sorted({p.party for p in problem.people})
    pidx = {p: i for i, p in enumerate(parties)}
    nw, npar = len(workshops), len(parties)
    locked_w = np.zeros(nw, dtype=np.int64)
    locked_pw = np.zeros((npar, nw), dtype=np.int64)
    groups: dict[tuple, list[Person]] = {}
    for person in problem.people:
        if person.locked is not None:
            if person.locked not in widx:
                raise ValueError(f"person {person.id} is locked to an unknown workshop")
            locked_w[widx[person.locked]] += 1
            locked_pw[pidx[person.party], widx[person.locked]] += 1
            continue
        key = (person.party, tuple(person.ranking), frozenset(person.forbidden))
        if not aggregate:
            key = (*key, person.id)
        groups.setdefault(key, []).append(person)
    kinds = list(groups)
    members = [groups[k] for k in kinds]
    var_kind, var_ws, var_cost, var_rank = [], [], [], []
    for k, key in enumerate(kinds):
        ranking, forbidden = key[1], key[2]
        rank_of = {}
        for r, wid in enumerate(ranking, start=1):
            rank_of.setdefault(wid, r)
        for i, w in enumerate(workshops):
            if w.id in forbidden:
                continue
            rank = rank_of.get(w.id)
            var_kind.append(k)
            var_ws.append(i)
            var_cost.append(problem.costs.of_rank(rank))
            var_rank.append(rank)
    n_party = np.array([sum(1 for p in problem.people if p.party == q) for q in parties])
    return _Model(
        workshops=workshops,
        parties=parties,
        kinds=kinds,
        members=members,
        var_kind=np.array(var_kind, dtype=np.int64),
        var_ws=np.array(var_ws, dtype=np.int64),
        var_cost=np.array(var_cost, dtype=float),
        var_rank=var_rank,
        kind_party=np.array([pidx[k[0]] for k in kinds], dtype=np.int64),
        cap_free=np.array([w.capacity for w in workshops], dtype=np.int64) - locked_w,
        locked_w=locked_w,
        locked_pw=locked_pw,
        n_total=len(problem.people),
        n_party=n_party,
    )


def _base_rows(m: _Model, d_points: float | None):
    """Kind, link, capacity and balance rows over the columns x (per kind and workshop) and
    y (per party and workshop: y[p, w] = sum of x[k, w] over the kinds k of party p).

    Capacity and balance only involve y. For integral y the rest is, party by party, a
    transportation problem with integral supplies and demands, whose polytope is integral;
    so only the few y need to be integer (see `_integrality`).
    Returns the rows and the balance rows' (row, workshop index, party index, side)."""
    nv = len(m.var_kind)
    nw, npar = len(m.workshops), len(m.parties)
    rows = _Rows(nv + npar * nw)
    order = np.argsort(m.var_kind, kind="stable")
    bounds = np.searchsorted(m.var_kind[order], np.arange(len(m.kinds) + 1))
    for k in range(len(m.kinds)):
        cols = order[bounds[k] : bounds[k + 1]]
        n = len(m.members[k])
        rows.add(cols, 1.0, n, n)
    var_party = m.kind_party[m.var_kind]
    for q in range(npar):
        for i in range(nw):
            cols = np.nonzero((m.var_ws == i) & (var_party == q))[0]
            rows.add(np.append(cols, _y(m, q, i)), np.append(np.ones(len(cols)), -1.0), 0.0, 0.0)
    for i in range(nw):
        rows.add([_y(m, q, i) for q in range(npar)], 1.0, -np.inf, float(m.cap_free[i]))
    balance_rows = []
    if d_points is not None and m.n_total:
        ycols = [[_y(m, q, i) for q in range(npar)] for i in range(nw)]
        for q in range(npar):
            share = 100.0 * m.n_party[q] / m.n_total
            mine = np.zeros(npar)
            mine[q] = 100.0
            for i in range(nw):
                lw, lpw = m.locked_w[i], m.locked_pw[q, i]
                if share + d_points < 100:
                    hi = (share + d_points) * lw - 100.0 * lpw
                    r = rows.add(ycols[i], mine - (share + d_points), -np.inf, hi)
                    balance_rows.append((r, i, q, "high"))
                if share - d_points > 0:
                    lo = (share - d_points) * lw - 100.0 * lpw
                    r = rows.add(ycols[i], mine - (share - d_points), lo, np.inf)
                    balance_rows.append((r, i, q, "low"))
    return rows, balance_rows


def _y(m: _Model, q: int, i: int) -> int:
    return len(m.var_kind) + q * len(m.workshops) + i


def _integrality(m: _Model, aggregate: bool) -> np.ndarray:
    nv, ny = len(m.var_kind), len(m.parties) * len(m.workshops)
    return np.concatenate([np.full(nv, 0 if aggregate else 1), np.ones(ny)])


def _run_milp(c, constraints, upper, integrality, time_limit: float):
    return milp(
        c,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(np.zeros(len(c)), upper),
        options={"mip_rel_gap": 0.0, "time_limit": time_limit, "presolve": True},
    )


def _upper(m: _Model) -> np.ndarray:
    x_upper = np.array([len(m.members[k]) for k in m.var_kind], dtype=float)
    return np.concatenate([x_upper, np.full(len(m.parties) * len(m.workshops), np.inf)])


def _pad(m: _Model, c: np.ndarray) -> np.ndarray:
    """An objective over x, with zeros for the y columns."""
    return np.concatenate([c, np.zeros(len(m.parties) * len(m.workshops))])


def _balance_holds(m: _Model, x: np.ndarray, d_points: int | None) -> bool:
    """Check the balance in exact integer arithmetic."""
    if d_points is None or not m.n_total:
        return True
    n = m.n_total
    var_party = m.kind_party[m.var_kind]
    for i in range(len(m.workshops)):
        sel = m.var_ws == i
        size = int(x[sel].sum()) + int(m.locked_w[i])
        for q in range(len(m.parties)):
            count = int(x[sel & (var_party == q)].sum()) + int(m.locked_pw[q, i])
            np_ = int(m.n_party[q])
            if 100 * n * count > (100 * np_ + d_points * n) * size:
                return False
            if 100 * n * count < (100 * np_ - d_points * n) * size:
                return False
    return True


def _feasible(m: _Model, d_points: int, time_limit: float) -> bool:
    rows, _ = _base_rows(m, d_points)
    c = np.zeros(rows.ncols)
    res = _run_milp(c, rows.constraint(), _upper(m), _integrality(m, True), time_limit)
    return res.status == 0


def _seat_violations(problem: Problem, m: _Model) -> list[Violation]:
    out = []
    for i, w in enumerate(m.workshops):
        if m.cap_free[i] < 0:
            out.append(Violation("locked_over_capacity", w.id, amount=int(-m.cap_free[i])))
    free = int(np.clip(m.cap_free, 0, None).sum())
    to_place = sum(len(g) for g in m.members)
    if to_place > free:
        out.append(Violation("seats", amount=to_place - free))
    return out


def _balance_report(m: _Model, d_points: int, time_limit: float) -> list[Violation]:
    """Minimise the total slack on the balance rows; report the rows that need slack."""
    rows, balance_rows = _base_rows(m, d_points)
    nc, ns = rows.ncols, len(balance_rows)
    for j, (r, _i, _q, side) in enumerate(balance_rows):
        rows.rows.append(np.array([r]))
        rows.cols.append(np.array([nc + j]))
        rows.vals.append(np.array([-1.0 if side == "high" else 1.0]))
    c = np.concatenate([np.zeros(nc), np.full(ns, 0.01)])
    upper = np.concatenate([_upper(m), np.full(ns, np.inf)])
    integrality = np.concatenate([_integrality(m, True), np.zeros(ns)])
    res = milp(
        c,
        constraints=rows.constraint(extra_cols=ns),
        integrality=integrality,
        bounds=Bounds(np.zeros(nc + ns), upper),
        options={"mip_rel_gap": 0.0, "time_limit": time_limit},
    )
    out = []
    if res.x is None:
        return out
    x = np.round(res.x[: len(m.var_kind)])
    for j, (_r, i, q, side) in enumerate(balance_rows):
        s = res.x[nc + j]
        if s > 1e-6:
            size = int(x[m.var_ws == i].sum() + m.locked_w[i])
            out.append(
                Violation(
                    "balance_" + side,
                    m.workshops[i].id,
                    m.parties[q],
                    amount=round(s / 100.0, 2),
                    points=round(s / size, 1) if size else None,
                )
            )
    return out


def _nearest_balance(m: _Model, d_points: int, time_limit: float) -> int | None:
    """The smallest whole number of points >= d_points at which the round is feasible."""
    lo, hi = d_points, 100
    if not _feasible(m, hi, time_limit):
        return None
    while hi - lo > 1:  # infeasible at lo, feasible at hi
        mid = (lo + hi) // 2
        if _feasible(m, mid, time_limit):
            hi = mid
        else:
            lo = mid
    return hi


def _disaggregate(m: _Model, x: np.ndarray) -> dict[int, int]:
    """Hand out each kind's counts to its people (keeping earlier workshops where possible)."""
    assignment = {}
    per_kind = defaultdict(dict)
    for v in np.nonzero(x > 0.5)[0]:
        per_kind[int(m.var_kind[v])][m.workshops[int(m.var_ws[v])].id] = round(x[v])
    for k, counts in per_kind.items():
        people = sorted(m.members[k], key=lambda p: p.id)
        rest = []
        for person in people:
            if person.previous is not None and counts.get(person.previous, 0) > 0:
                assignment[person.id] = person.previous
                counts[person.previous] -= 1
            else:
                rest.append(person)
        slots = [wid for wid, n in counts.items() for _ in range(n)]
        for person, wid in zip(rest, slots, strict=True):
            assignment[person.id] = wid
    return assignment


def _integral_x(m, res, constraint, upper, c, time_limit):
    """The x part of a solution, integral. HiGHS returns a vertex with integral y, whose x is
    integral (see `_base_rows`); should a solution come back fractional all the same, y is
    fixed and the transportation part solved with integral x."""
    nv = len(m.var_kind)
    x = res.x[:nv]
    if np.all(np.abs(x - np.round(x)) < 1e-6):
        return np.round(res.x)
    y = np.round(res.x[nv:])
    lower = np.concatenate([np.zeros(nv), y])
    upper2 = np.concatenate([upper[:nv], y])
    res2 = milp(
        c,
        constraints=constraint,
        integrality=np.ones(len(c)),
        bounds=Bounds(lower, upper2),
        options={"mip_rel_gap": 0.0, "time_limit": time_limit},
    )
    return None if res2.x is None else np.round(res2.x)


def solve_round(problem: Problem, aggregate: bool = True, tie_break: bool = True) -> Result:
    """Solve one round exactly (see the module's docstring). `aggregate=False` builds one
    variable per person and workshop, all integer (the plain model, for checking);
    `tie_break=False` stops after the minimum total."""
    started, cpu_started = time.perf_counter(), time.process_time()
    d = problem.balance_points
    m = _build(problem, aggregate=aggregate)
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
    seat_problems = _seat_violations(problem, m)
    if seat_problems:
        result.status = "infeasible"
        result.violations = seat_problems
        result.seconds = time.perf_counter() - started
        return result

    rows, _ = _base_rows(m, d)
    constraint = rows.constraint()
    upper = _upper(m)
    integrality = _integrality(m, aggregate)
    c = _pad(m, m.var_cost)
    res = _run_milp(c, constraint, upper, integrality, problem.time_limit)
    if res.status != 0 or res.x is None:
        if res.status == 1:
            result.status = "time_limit"
        else:
            result.status = "infeasible"
            result.violations = _balance_report(m, d, problem.time_limit)
            result.nearest_balance = _nearest_balance(m, d, problem.time_limit)
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
            indicator = _pad(m, (m.var_cost == level).astype(float))
            if float(indicator @ x) < 0.5:
                fixed.append((indicator, 0.0))
                continue
            extra = _Rows(len(c))
            for vec, value in fixed:
                nz = np.nonzero(vec)[0]
                extra.add(nz, vec[nz], -np.inf, value + 0.5)
            extra_c = extra.constraint()
            both = LinearConstraint(
                _stack(constraint, extra_c),
                np.concatenate([constraint.lb, extra_c.lb]),
                np.concatenate([constraint.ub, extra_c.ub]),
            )
            # The fixed-total row couples the parties, so integral y no longer forces
            # integral x: the y-integral optimum is only a lower bound. When an integral x
            # for its y reaches that bound (rounded up) it is optimal; otherwise the stage
            # is solved again with every variable integer.
            res2 = _run_milp(indicator, both, upper, integrality, problem.time_limit)
            if res2.status != 0:
                break
            bound = math.ceil(float(res2.fun) - 1e-6)
            x2 = _integral_x(m, res2, both, upper, indicator, problem.time_limit)
            if x2 is None or float(indicator @ x2) > bound + 0.5:
                res3 = _run_milp(indicator, both, upper, np.ones(len(c)), problem.time_limit)
                if res3.status != 0:
                    break
                x2 = np.round(res3.x)
            x = x2
            fixed.append((indicator, float(indicator @ x)))

    x = x[: len(m.var_kind)]
    if not _balance_holds(m, x, d):  # pragma: no cover - a solver tolerance problem
        raise RuntimeError("the solver's solution breaks the balance in exact arithmetic")
    result.assignment.update(_disaggregate(m, x))
    _fill_counts(result, problem)
    result.seconds = time.perf_counter() - started
    result.cpu_seconds = time.process_time() - cpu_started
    return result


def _stack(a: LinearConstraint, b: LinearConstraint):
    from scipy.sparse import vstack

    return vstack([a.A, b.A]).tocsr()


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


# --- several rounds -------------------------------------------------------------------------


def solve_rounds(problems: list[Problem], bound: bool = True) -> RoundsResult:
    """Solve rounds one after the other with no repeats (by topic); with `bound`, also the LP
    relaxation of the exact joint model as a proven lower bound on the joint optimum."""
    started, cpu_started = time.perf_counter(), time.process_time()
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
    total = sum(r.total_cost for r in results)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    lb, bound_seconds, bound_cpu = None, 0.0, 0.0
    if bound and all(r.ok for r in results) and len(results) == len(problems):
        t0, c0 = time.perf_counter(), time.process_time()
        lb = joint_lower_bound(problems)
        bound_seconds = time.perf_counter() - t0
        bound_cpu = time.process_time() - c0
    return RoundsResult(results, total, lb, seconds, bound_seconds, cpu, bound_cpu)


def joint_lower_bound(problems: list[Problem]) -> int | None:
    """A proven lower bound on the exact joint optimum of several rounds with no repeats:
    the LP relaxation of the joint model over kinds of people (a person's kind: party and,
    per round, ranking, lock and forbidden workshops), one variable per kind and combination
    of workshops (one per round, distinct topics), with every round's capacity and balance
    rows. Rounded up, as every cost is an integer; None when even the relaxation is
    infeasible. Also never below the sum of the rounds' independent optima, which is a bound
    too (the caller may take the maximum)."""
    nr = len(problems)
    person_ids = []
    seen = set()
    for pr in problems:
        for p in pr.people:
            if p.id not in seen:
                seen.add(p.id)
                person_ids.append(p.id)
    by_round = [{p.id: p for p in pr.people} for pr in problems]
    party_of = {}
    for rnd in by_round:
        for pid, p in rnd.items():
            party_of.setdefault(pid, p.party)
    # Kinds.
    groups = Counter()
    for pid in person_ids:
        key = [party_of[pid]]
        for rnd in by_round:
            p = rnd.get(pid)
            key.append(None if p is None else (tuple(p.ranking), p.locked, frozenset(p.forbidden)))
        groups[tuple(key)] += 1
    kinds = list(groups)
    # Columns.
    w_lists = [pr.workshops for pr in problems]
    col_kind, col_cost, col_ws = [], [], []  # col_ws: tuple of workshop index per round or -1
    for k, key in enumerate(kinds):
        options = []
        for r in range(nr):
            spec = key[1 + r]
            if spec is None:
                options.append([(-1, 0, None)])
                continue
            ranking, locked, forbidden = spec
            rank_of = {}
            for i, wid in enumerate(ranking, start=1):
                rank_of.setdefault(wid, i)
            opts = []
            for i, w in enumerate(w_lists[r]):
                if w.id in forbidden or (locked is not None and w.id != locked):
                    continue
                opts.append((i, problems[r].costs.of_rank(rank_of.get(w.id)), w.key))
            options.append(opts)
        for combo in itertools.product(*options):
            keys = [o[2] for o in combo if o[2] is not None]
            if len(set(keys)) != len(keys):
                continue
            col_kind.append(k)
            col_cost.append(sum(o[1] for o in combo))
            col_ws.append(tuple(o[0] for o in combo))
    nc = len(col_kind)
    if nc == 0:
        return None
    col_kind = np.array(col_kind)
    col_ws = np.array(col_ws).reshape(nc, nr)
    rows = _Rows(nc)
    order = np.argsort(col_kind, kind="stable")
    bnds = np.searchsorted(col_kind[order], np.arange(len(kinds) + 1))
    for k in range(len(kinds)):
        rows.add(order[bnds[k] : bnds[k + 1]], 1.0, groups[kinds[k]], groups[kinds[k]])
    kind_party = np.array([key[0] for key in kinds])
    col_party = kind_party[col_kind]
    for r, pr in enumerate(problems):
        d = pr.balance_points
        n = len(pr.people)
        n_party = Counter(p.party for p in pr.people)
        present = np.array([key[1 + r] is not None for key in kinds])[col_kind]
        for i, w in enumerate(pr.workshops):
            cols = np.nonzero(col_ws[:, r] == i)[0]
            rows.add(cols, 1.0, -np.inf, float(w.capacity))
            if d is None or not n:
                continue
            for party, np_ in n_party.items():
                share = 100.0 * np_ / n
                mine = (col_party[cols] == party).astype(float) * 100.0
                if share + d < 100:
                    rows.add(cols, mine - (share + d), -np.inf, 0.0)
                if share - d > 0:
                    rows.add(cols, mine - (share - d), 0.0, np.inf)
        del present
    res = milp(
        np.array(col_cost, float),
        constraints=rows.constraint(),
        integrality=np.zeros(nc),
        bounds=Bounds(np.zeros(nc), np.full(nc, np.inf)),
        options={"presolve": True},
    )
    if res.status != 0:
        return None
    value = float(res.fun)
    return math.ceil(value - 1e-6 * max(1.0, abs(value)))
