"""The aggregated model of one round: kinds of interchangeable people, their columns and the
capacity and balance rows (the module docstring of `okconf.workshops.solver` explains it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, vstack

from okconf.workshops.solver import highs
from okconf.workshops.solver.problem import Person, Problem, Workshop


@dataclass
class Constraints:
    """Rows lower <= a @ x <= upper."""

    a: csr_matrix
    lower: np.ndarray
    upper: np.ndarray

    def stack(self, other: Constraints) -> Constraints:
        """These rows and then the other's."""
        return Constraints(
            vstack([self.a, other.a]).tocsr(),
            np.concatenate([self.lower, other.lower]),
            np.concatenate([self.upper, other.upper]),
        )


def run(
    c,
    constraints: Constraints,
    upper,
    integrality,
    time_limit: float,
    lower=None,
    start=None,
    rel_gap: float = 0.0,
    abs_gap: float | None = None,
):
    """Solve min c @ x over the rows, 0 (or `lower`) <= x <= upper, with HiGHS."""
    lower = np.zeros(len(c)) if lower is None else lower
    return highs.solve(
        c,
        constraints.a,
        constraints.lower,
        constraints.upper,
        lower,
        upper,
        integrality,
        time_limit,
        start=start,
        rel_gap=rel_gap,
        abs_gap=abs_gap,
    )


class Rows:
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

    def constraint(self, extra_cols: int = 0) -> Constraints:
        if not self.lo:
            a = csr_matrix((0, self.ncols + extra_cols))
            return Constraints(a, np.zeros(0), np.zeros(0))
        a = csr_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(len(self.lo), self.ncols + extra_cols),
        )
        return Constraints(a, np.array(self.lo, float), np.array(self.hi, float))


@dataclass
class Model:
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


def build(problem: Problem, aggregate: bool = True) -> Model:
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
    return Model(
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


def base_rows(m: Model, d_points: float | None):
    """Kind, link, capacity and balance rows over the columns x (per kind and workshop) and
    y (per party and workshop: y[p, w] = sum of x[k, w] over the kinds k of party p).

    Capacity and balance only involve y. For integral y the rest is, party by party, a
    transportation problem with integral supplies and demands, whose polytope is integral;
    so only the few y need to be integer (see `integrality_of`).
    Returns the rows and the balance rows' (row, workshop index, party index, side)."""
    nv = len(m.var_kind)
    nw, npar = len(m.workshops), len(m.parties)
    rows = Rows(nv + npar * nw)
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
            rows.add(np.append(cols, y_col(m, q, i)), np.append(np.ones(len(cols)), -1.0), 0.0, 0.0)
    for i in range(nw):
        rows.add([y_col(m, q, i) for q in range(npar)], 1.0, -np.inf, float(m.cap_free[i]))
    balance_rows = []
    if d_points is not None and m.n_total:
        ycols = [[y_col(m, q, i) for q in range(npar)] for i in range(nw)]
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


def y_col(m: Model, q: int, i: int) -> int:
    return len(m.var_kind) + q * len(m.workshops) + i


def integrality_of(m: Model, aggregate: bool) -> np.ndarray:
    nv, ny = len(m.var_kind), len(m.parties) * len(m.workshops)
    return np.concatenate([np.full(nv, 0 if aggregate else 1), np.ones(ny)])


def upper_bounds(m: Model) -> np.ndarray:
    xupper_bounds = np.array([len(m.members[k]) for k in m.var_kind], dtype=float)
    return np.concatenate([xupper_bounds, np.full(len(m.parties) * len(m.workshops), np.inf)])


def pad(m: Model, c: np.ndarray) -> np.ndarray:
    """An objective over x, with zeros for the y columns."""
    return np.concatenate([c, np.zeros(len(m.parties) * len(m.workshops))])


def balance_holds_x(m: Model, x: np.ndarray, d_points: int | None) -> bool:
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


def disaggregate(m: Model, x: np.ndarray) -> dict[int, int]:
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


def warm_start(m: Model) -> np.ndarray | None:
    """A starting solution from the previous run (`Person.previous`): everyone who had a
    workshop keeps it while it has seats; the rest go greedily to their cheapest workshop with
    seats left. None when nobody had one. HiGHS checks it and ignores it when it breaks a row
    (the balance, say), so a poor start costs nothing but its construction."""
    if not any(p.previous is not None for group in m.members for p in group):
        return None
    nv = len(m.var_kind)
    x = np.zeros(nv)
    left = m.cap_free.astype(np.int64).copy()
    wid_index = {w.id: i for i, w in enumerate(m.workshops)}
    var_of = {
        (int(k), int(i)): v for v, (k, i) in enumerate(zip(m.var_kind, m.var_ws, strict=True))
    }
    unplaced = np.zeros(len(m.kinds), dtype=np.int64)
    for k, group in enumerate(m.members):
        for person in group:
            i = wid_index.get(person.previous)
            v = var_of.get((k, i)) if i is not None else None
            if v is not None and left[i] > 0:
                x[v] += 1
                left[i] -= 1
            else:
                unplaced[k] += 1
    for v in np.argsort(m.var_cost, kind="stable"):
        k, i = int(m.var_kind[v]), int(m.var_ws[v])
        take = min(unplaced[k], left[i])
        if take > 0:
            x[v] += take
            unplaced[k] -= take
            left[i] -= take
    if unplaced.any():
        return None
    var_party = m.kind_party[m.var_kind]
    y = np.zeros(len(m.parties) * len(m.workshops))
    for q in range(len(m.parties)):
        for i in range(len(m.workshops)):
            y[q * len(m.workshops) + i] = x[(m.var_ws == i) & (var_party == q)].sum()
    return np.concatenate([x, y])
