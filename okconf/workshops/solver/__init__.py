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
so the model is solved as a MILP (HiGHS through highspy). Costs are integers, so every
assignment's total is an integer and HiGHS stops as soon as its incumbent is less than 1 above
its proven bound (an absolute gap of 0.999): that incumbent's party counts are then optimal,
and the transportation part is solved again for them if its x came back fractional or above
the bound (`solve._integral_x`). A previous run's assignment (`Person.previous`) is handed to
HiGHS as a starting solution. The size of the model depends on the number of kinds (at most
parties x rankings), not on the number of people. Every solution is checked afterwards in
exact integer arithmetic.

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


The package's parts: `problem` (what goes in and comes out), `model` (kinds, columns, rows, the
warm start), `highs` (one call into HiGHS), `solve` (one round, the tie-break, several rounds),
`explain` (infeasibility: missing seats, balance rows, the nearest feasible balance) and `bound`
(the joint lower bound of several rounds).
"""

from okconf.workshops.solver.joint import joint_lower_bound
from okconf.workshops.solver.problem import (
    Costs,
    Person,
    Problem,
    Result,
    RoundsResult,
    Violation,
    Workshop,
)
from okconf.workshops.solver.solve import (
    assignment_cost,
    balance_holds,
    first_come_first_served,
    solve_round,
    solve_rounds,
)

__all__ = [
    "Costs",
    "Person",
    "Problem",
    "Result",
    "RoundsResult",
    "Violation",
    "Workshop",
    "assignment_cost",
    "balance_holds",
    "first_come_first_served",
    "joint_lower_bound",
    "solve_round",
    "solve_rounds",
]
