"""Several rounds with no repeats as one model: kinds of people (party and, per round,
ranking, lock and forbidden workshops) and one column per kind and combination of workshops
(one per round, distinct topics), with every round's capacity and balance rows. Its LP
relaxation is a proven lower bound on the joint optimum; solved with integer columns it is the
joint assignment itself."""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np

from okconf.workshops.solver import highs
from okconf.workshops.solver.model import Constraints, Rows, run
from okconf.workshops.solver.problem import Problem

# Up to this many columns the joint model is also solved whole with integer columns (HiGHS
# does that in milliseconds; at tens of thousands of columns it does not finish).
SMALL_JOINT_COLUMNS = 2000
# The leftover people's MILP: its own time limit, and how close to the bound is close enough.
LEFTOVER_SECONDS = 5.0
LEFTOVER_GAP = 0.0005


@dataclass
class JointModel:
    """The joint model's columns and rows."""

    kinds: list[tuple]
    members: dict[tuple, list[int]]  # kind -> person ids, in order
    col_kind: np.ndarray
    col_cost: np.ndarray
    col_ws: np.ndarray  # (columns, rounds): workshop index per round, -1 when absent
    constraints: Constraints


def joint_model(problems: list[Problem]) -> JointModel | None:
    """Build the joint model; None when no person has any possible combination."""

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
    members: dict[tuple, list[int]] = {}
    for pid in person_ids:
        key = [party_of[pid]]
        for rnd in by_round:
            p = rnd.get(pid)
            key.append(None if p is None else (tuple(p.ranking), p.locked, frozenset(p.forbidden)))
        groups[tuple(key)] += 1
        members.setdefault(tuple(key), []).append(pid)
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
    rows = Rows(nc)
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
    return JointModel(
        kinds,
        members,
        col_kind,
        np.array(col_cost, float),
        col_ws,
        rows.constraint(),
    )


def joint_lower_bound(problems: list[Problem]) -> int | None:
    """A proven lower bound on the exact joint optimum of several rounds with no repeats: the
    joint model's LP relaxation, rounded up as every cost is an integer; None when even the
    relaxation is infeasible."""
    jm = joint_model(problems)
    if jm is None:
        return None
    nc = len(jm.col_kind)
    res = run(jm.col_cost, jm.constraints, np.full(nc, np.inf), np.zeros(nc), time_limit=600.0)
    if res.status != "optimal":
        return None
    value = float(res.value)
    return math.ceil(value - 1e-6 * max(1.0, abs(value)))


def solve_joint(problems: list[Problem], time_limit: float):
    """The joint model solved through its LP relaxation: the LP optimum's columns rounded down,
    then the few people left over (at most about one per capacity and balance row, as the LP
    optimum is a vertex) placed by an exact MILP over the remaining seats.

    Returns (assignments per round, total cost, the LP's proven lower bound), or None when the
    relaxation or the leftover MILP has no solution in time (the balance can fail on the
    leftovers: the caller then solves round by round)."""
    jm = joint_model(problems)
    if jm is None:
        return None
    nc = len(jm.col_kind)
    kind_size = np.array([len(jm.members[k]) for k in jm.kinds], dtype=float)
    lp = run(jm.col_cost, jm.constraints, np.full(nc, np.inf), np.zeros(nc), time_limit)
    if lp.status != "optimal":
        return None
    bound = math.ceil(float(lp.value) - 1e-6 * max(1.0, abs(float(lp.value))))
    base = np.floor(lp.x + 1e-7)
    left = kind_size - np.bincount(jm.col_kind, weights=base, minlength=len(jm.kinds))
    activity = jm.constraints.a @ base
    # Only the columns of kinds with people left over take part.
    cols = np.nonzero(left[jm.col_kind] > 0.5)[0]
    residual = Constraints(
        jm.constraints.a[:, cols],
        jm.constraints.lower - activity,
        jm.constraints.upper - activity,
    )
    # The leftovers' placement need not be proven optimal: stopping within a twentieth of a
    # per cent of the whole bound keeps the total within that of the proven optimum's bound.
    rest = run(
        jm.col_cost[cols],
        residual,
        left[jm.col_kind[cols]],
        np.ones(len(cols)),
        min(time_limit, LEFTOVER_SECONDS),
        abs_gap=max(highs.INTEGRAL_ABS_GAP, LEFTOVER_GAP * bound),
    )
    if rest.x is not None:
        x = base.astype(np.int64)
        x[cols] += np.round(rest.x).astype(np.int64)
    elif nc <= SMALL_JOINT_COLUMNS:
        # Rounding down left leftovers the balance cannot take; a small model is solved
        # whole, with integer columns.
        whole = run(jm.col_cost, jm.constraints, kind_size[jm.col_kind], np.ones(nc), time_limit)
        if whole.status != "optimal" or whole.x is None:
            return None
        x = np.round(whole.x).astype(np.int64)
    else:
        return None
    return _hand_out(problems, jm, x), round(float(jm.col_cost @ x)), bound


def _hand_out(problems: list[Problem], jm: JointModel, x: np.ndarray) -> list[dict[int, int]]:
    """Give each kind's people their columns' workshops; a person whose earlier workshops
    (`Person.previous`, every round) match a column keeps them where the counts allow."""
    workshop_ids = [[w.id for w in pr.workshops] for pr in problems]
    previous: dict[int, list] = {}
    for r, pr in enumerate(problems):
        for p in pr.people:
            previous.setdefault(p.id, [None] * len(problems))[r] = p.previous
    columns: dict[tuple, dict[tuple, int]] = {}
    for col in np.nonzero(x)[0]:
        combo = tuple(
            workshop_ids[r][int(i)] if i >= 0 else None for r, i in enumerate(jm.col_ws[col])
        )
        columns.setdefault(jm.kinds[int(jm.col_kind[col])], {})[combo] = int(x[col])
    rounds: list[dict[int, int]] = [{} for _ in problems]

    def give(pid: int, combo: tuple) -> None:
        for r, wid in enumerate(combo):
            if wid is not None:
                rounds[r][pid] = wid

    for key, counts in columns.items():
        rest = []
        for pid in jm.members[key]:
            mine = tuple(previous[pid])
            if counts.get(mine, 0) > 0:
                counts[mine] -= 1
                give(pid, mine)
            else:
                rest.append(pid)
        slots = [combo for combo, n in counts.items() for _ in range(n)]
        for pid, combo in zip(rest, slots, strict=True):
            give(pid, combo)
    return rounds
