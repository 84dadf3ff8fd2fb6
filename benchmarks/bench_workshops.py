"""Workshop assignment and mixed tables on synthetic instances (issue 6).

Instances (okconf.workshops.synthetic, fixed seeds): the original one (7 workshops with
capacities summing to 1.05 N, top-3 rankings with skewed popularity, parties 55 / 35 / 10 %,
2 % locked) and five independent generators, each hard in its own way: "uniform" (every person
their own tastes), "skewed" (four in five want the same workshop first), "tight" (exactly N
seats), "locks" (15 % locked) and "balance" (parties' tastes pull apart, balance +-5 points).

6. One round on every generator: the aggregated model at N = 20,000 to the proven optimum and
   with the lexicographic tie-break, and at N = 5,000 the plain per-person MILP in the same
   run, whose optimum must be equal; first come, first served for comparison.
7. Two rounds, no repeats, on every generator: solved jointly (the joint model's LP rounded,
   the leftovers placed by a MILP) against the LP relaxation as a proven lower bound, and
   round by round for comparison.
8. Tables of 8 for 20,000 people: tables holding all three parties against the count bound.

Run with `python -m benchmarks workshops` (or `make bench`). `--quick` uses smaller N.
Exits non-zero when a check fails (the per-person optimum differs, a bound is missed).
"""

from __future__ import annotations

import random
import time

from okconf.workshops.solver import (
    assignment_cost,
    balance_holds,
    first_come_first_served,
    solve_round,
    solve_rounds,
)
from okconf.workshops.synthetic import GENERATORS, generated, instance
from okconf.workshops.tables import Guest, seat

PARTIES = ("civil_society", "public_sector", "business_other")


def _table(title: str, header: list[str], rows: list[list]) -> None:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print(f"\n{title}")
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in cells[1:]:
        print("  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)))


def _instances(n: int, rounds: int = 1):
    """The original instance and every independent generator, at N people."""
    yield "original", instance(n, rounds=rounds)
    for kind in GENERATORS:
        yield kind, generated(kind, n, rounds=rounds)


def one_round(n_big: int, n_check: int) -> bool:
    """Per generator: time to the proven optimum at n_big (target < 0.5 s), the lexicographic
    tie-break's time, and at n_check the per-person MILP's optimum, which must be equal."""
    rows, ok, fast = [], True, True
    for (label, problems), (_label, small) in zip(
        _instances(n_big), _instances(n_check), strict=True
    ):
        problem = problems[0]
        proven = solve_round(problem, tie_break=False)
        full = solve_round(problem)
        fcfs = assignment_cost(problem, first_come_first_served(problem))
        agg = solve_round(small[0], tie_break=False)
        plain = solve_round(small[0], aggregate=False, tie_break=False)
        same = agg.total_cost == plain.total_cost and plain.status == "optimal"
        holds = balance_holds(problem, full.assignment) and full.status == "optimal"
        ok &= same and holds and proven.total_cost == full.total_cost
        fast &= proven.seconds < 0.5
        rows.append(
            [
                label,
                n_big,
                proven.kinds,
                proven.status,
                proven.total_cost,
                f"{proven.seconds:.3f}",
                f"{proven.cpu_seconds:.3f}",
                f"{full.seconds:.3f}",
                f"{fcfs / full.total_cost:.2f}x",
                f"{agg.total_cost} = {plain.total_cost}" if same else "DIFFERENT",
                f"{plain.seconds / max(agg.seconds, 1e-9):.0f}x",
            ]
        )
    _table(
        f"6. One round, N = {n_big} (cost: 1st wish 1, 2nd 2, 3rd 3, unranked 10; balance "
        "+-10 points, +-5 for 'balance'); per-person MILP check at N = "
        f"{n_check}",
        [
            "generator",
            "N",
            "kinds",
            "status",
            "total cost",
            "proven s",
            "cpu s",
            "+tie-break s",
            "FCFS/opt",
            f"aggregated = per-person at {n_check}",
            "speed-up",
        ],
        rows,
    )
    print(
        f"target: every generator proven optimal at N={n_big} in < 0.5 s: "
        f"{'OK' if fast else 'MISSED'}; per-person optimum matched everywhere: "
        f"{'OK' if ok else 'FAILED'}"
    )
    return ok


def two_rounds(n: int) -> bool:
    """Per generator: two rounds with no repeats, the total against the joint LP bound (target:
    within 0.5 % in < 5 s), and round by round for comparison."""
    rows, ok, good = [], True, True
    for label, problems in _instances(n, rounds=2):
        started = time.perf_counter()
        result = solve_rounds(problems)
        wall = time.perf_counter() - started
        apart = solve_rounds(problems, joint=False, bound=False)
        repeats = sum(
            1
            for pid, w in result.rounds[0].assignment.items()
            if result.rounds[1].assignment.get(pid) is not None
            and w % 100 == result.rounds[1].assignment[pid] % 100
        )
        ok &= result.gap is not None and repeats == 0
        good &= result.gap is not None and result.gap <= 0.005 and wall < 5
        rows.append(
            [
                label,
                n,
                "joint" if result.joint else "round by round",
                result.total_cost,
                result.lower_bound,
                f"{100 * result.gap:.3f} %",
                f"{wall:.2f}",
                f"{result.cpu_seconds + result.bound_cpu_seconds:.2f}",
                apart.total_cost,
                f"{100 * (apart.total_cost - result.lower_bound) / result.lower_bound:.3f} %",
                f"{apart.seconds:.2f}",
                repeats,
            ]
        )
    _table(
        "7. Two rounds, no repeats (bound: LP relaxation of the exact joint model over kinds, "
        "rounded up)",
        [
            "generator",
            "N",
            "kept",
            "total",
            "lower bound",
            "gap",
            "wall s",
            "cpu s",
            "round by round",
            "its gap",
            "its s",
            "repeats",
        ],
        rows,
    )
    print(
        f"target: every generator within 0.5 % of the bound in < 5 s: {'OK' if good else 'MISSED'}"
    )
    return ok


def tables(n: int, size: int) -> bool:
    rng = random.Random(8)
    guests = []
    for pid in range(1, n + 1):
        u = rng.random()
        party = PARTIES[0] if u < 0.55 else PARTIES[1] if u < 0.9 else PARTIES[2]
        org = f"{party}-{int(rng.paretovariate(1.2)) % 400}"
        guests.append(Guest(pid, party, org))
    rows = []
    ok = True
    for label, gs in (
        ("55/35/10 %", guests),
        (
            "business scarce (1 per 12 people)",
            [g for g in guests if g.party != PARTIES[2]]
            + [g for g in guests if g.party == PARTIES[2]][: n // 12],
        ),
    ):
        started = time.perf_counter()
        s = seat(gs, size, seed=1, parties=PARTIES)
        seconds = time.perf_counter() - started
        rows.append(
            [
                label,
                len(gs),
                len(s.tables),
                s.all_parties,
                s.bound,
                s.organisation_clashes,
                s.unavoidable_clashes,
                f"{seconds:.3f}",
            ]
        )
        ok &= s.all_parties == s.bound and seconds < 1
    _table(
        f"8. Tables of {size} (bound = min(c_p, tables with >= 3 seats))",
        [
            "instance",
            "people",
            "tables",
            "all three parties",
            "count bound",
            "org clashes",
            "unavoidable",
            "seconds",
        ],
        rows,
    )
    print(f"target: every table the counts allow, in < 1 s: {'OK' if ok else 'MISSED'}")
    return ok


def main(argv: list[str]) -> int:
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} (wall times suffer when it is high)")
    quick = "--quick" in argv
    n_big, n_check = (2000, 500) if quick else (20000, 5000)
    ok = one_round(n_big, n_check)
    ok &= two_rounds(n_big)
    ok &= tables(n_big, 8)
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
