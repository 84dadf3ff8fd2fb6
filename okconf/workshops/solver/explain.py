"""Why a round cannot be solved: seats that are missing, the balance rows that cannot hold and
by how much, and the nearest balance (in whole points) at which it can."""

from __future__ import annotations

import numpy as np

from okconf.workshops.solver.model import (
    Model,
    base_rows,
    integrality_of,
    run,
    upper_bounds,
)
from okconf.workshops.solver.problem import Problem, Violation


def feasible(m: Model, d_points: int, time_limit: float) -> bool:
    """Whether the round can be placed at all with a balance of `d_points`."""
    rows, _ = base_rows(m, d_points)
    c = np.zeros(rows.ncols)
    res = run(c, rows.constraint(), upper_bounds(m), integrality_of(m, True), time_limit)
    return res.status == "optimal"


def seat_violations(problem: Problem, m: Model) -> list[Violation]:
    """Locked people beyond a workshop's seats, and people beyond all the free seats."""
    out = []
    for i, w in enumerate(m.workshops):
        if m.cap_free[i] < 0:
            out.append(Violation("locked_over_capacity", w.id, amount=int(-m.cap_free[i])))
    free = int(np.clip(m.cap_free, 0, None).sum())
    to_place = sum(len(g) for g in m.members)
    if to_place > free:
        out.append(Violation("seats", amount=to_place - free))
    return out


def balance_report(m: Model, d_points: int, time_limit: float) -> list[Violation]:
    """Minimise the total slack on the balance rows; report the rows that need slack."""
    rows, balance_rows = base_rows(m, d_points)
    nc, ns = rows.ncols, len(balance_rows)
    for j, (r, _i, _q, side) in enumerate(balance_rows):
        rows.rows.append(np.array([r]))
        rows.cols.append(np.array([nc + j]))
        rows.vals.append(np.array([-1.0 if side == "high" else 1.0]))
    c = np.concatenate([np.zeros(nc), np.full(ns, 0.01)])
    upper = np.concatenate([upper_bounds(m), np.full(ns, np.inf)])
    integrality = np.concatenate([integrality_of(m, True), np.zeros(ns)])
    res = run(c, rows.constraint(extra_cols=ns), upper, integrality, time_limit)
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


def nearest_balance(m: Model, d_points: int, time_limit: float) -> int | None:
    """The smallest whole number of points >= d_points at which the round is feasible."""
    lo, hi = d_points, 100
    if not feasible(m, hi, time_limit):
        return None
    while hi - lo > 1:  # infeasible at lo, feasible at hi
        mid = (lo + hi) // 2
        if feasible(m, mid, time_limit):
            hi = mid
        else:
            lo = mid
    return hi
