"""One call into HiGHS (through highspy, its own Python bindings).

SciPy's `milp` runs the same HiGHS but only takes a relative gap. Every objective okconf solves
has integer coefficients, so any integral solution has an integer value: a solution within
less than 1 of the dual bound is provably optimal. HiGHS's absolute gap says exactly that and
stops at the root on instances where a zero relative gap sends it branching for a proof it
already has. highspy also takes a starting solution (the previous run's assignment).
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csr_matrix

INF = highspy.kHighsInf
# Below 1: two integers closer than this are equal. Used only where the objective's
# coefficients are integers (see `solve`).
INTEGRAL_ABS_GAP = 0.999


@dataclass
class Solution:
    """What came back: status "optimal", "infeasible", "time_limit" or "error"."""

    status: str
    x: np.ndarray | None = None
    value: float | None = None
    bound: float | None = None
    nodes: int = 0


def solve(
    c: np.ndarray,
    a: csr_matrix,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    integrality: np.ndarray,
    time_limit: float,
    start: np.ndarray | None = None,
    rel_gap: float = 0.0,
    abs_gap: float | None = None,
) -> Solution:
    """Minimise c @ x subject to row_lower <= a @ x <= row_upper and lower <= x <= upper, with
    x[j] integer where integrality[j] is 1; proven optimal within an absolute gap below 1 when
    c is integral (a zero relative gap otherwise), or stopped within `rel_gap` (relative) or
    `abs_gap` of the bound."""
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(rel_gap))
    if abs_gap is None:
        abs_gap = INTEGRAL_ABS_GAP if np.all(c == np.round(c)) else 1e-9
    h.setOptionValue("mip_abs_gap", float(abs_gap))
    # One thread: the web worker and the two-core machines it runs on gain nothing from more.
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    n, m = len(c), a.shape[0]
    lp.num_col_, lp.num_row_ = n, m
    lp.col_cost_ = np.asarray(c, dtype=float)
    lp.col_lower_ = np.asarray(lower, dtype=float)
    lp.col_upper_ = np.where(np.isinf(upper), INF, upper).astype(float)
    lp.row_lower_ = np.where(np.isinf(row_lower), -INF, row_lower).astype(float)
    lp.row_upper_ = np.where(np.isinf(row_upper), INF, row_upper).astype(float)
    a = csr_matrix(a)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = n, m
    lp.a_matrix_.start_ = a.indptr.astype(np.int32)
    lp.a_matrix_.index_ = a.indices.astype(np.int32)
    lp.a_matrix_.value_ = a.data.astype(float)
    is_mip = bool(np.any(integrality))
    if is_mip:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in integrality
        ]
    h.passModel(lp)
    if start is not None and is_mip:
        solution = highspy.HighsSolution()
        solution.col_value = np.asarray(start, dtype=float)
        solution.value_valid = True
        h.setSolution(solution)
    h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    nodes = int(info.mip_node_count) if is_mip else 0
    if status == highspy.HighsModelStatus.kOptimal:
        x = np.array(h.getSolution().col_value)
        bound = float(info.mip_dual_bound) if is_mip else float(info.objective_function_value)
        return Solution("optimal", x, float(info.objective_function_value), bound, nodes)
    if status == highspy.HighsModelStatus.kTimeLimit:
        has_x = info.primal_solution_status == highspy.kSolutionStatusFeasible
        x = np.array(h.getSolution().col_value) if has_x else None
        return Solution("time_limit", x, None, None, nodes)
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        return Solution("infeasible", nodes=nodes)
    return Solution("error", nodes=nodes)
