"""Workshop assignment and mixed tables on synthetic instances (issue 6).

Instances: N people, 7 workshops with capacities summing to 1.05 N, top-3 rankings with skewed
popularity, parties 55 / 35 / 10 %, 2 % locked, fixed seed (okconf.workshops.synthetic).

6. One round, balance +-10 points: the aggregated model at N = 20,000 (proven optimal) and at
   N = 5,000 the plain per-person MILP in the same run, whose optimum must be equal; first
   come, first served for comparison.
7. Two rounds, no repeats: round by round, with the LP relaxation of the exact joint model as
   a proven lower bound; the gap is printed.
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
from okconf.workshops.synthetic import instance
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


def one_round(n_big: int, n_check: int) -> bool:
    ok = True
    rows = []
    big = instance(n_big)[0]
    r_big = solve_round(big)
    fcfs = assignment_cost(big, first_come_first_served(big))
    rows.append(
        [
            n_big,
            "aggregated",
            r_big.kinds,
            r_big.variables,
            r_big.status,
            r_big.total_cost,
            f"{r_big.seconds:.3f}",
            fcfs,
            f"{fcfs / r_big.total_cost:.2f}x",
        ]
    )
    ok &= r_big.status == "optimal" and balance_holds(big, r_big.assignment)
    small = instance(n_check)[0]
    r_agg = solve_round(small, tie_break=False)
    r_agg_full = solve_round(small)
    r_pp = solve_round(small, aggregate=False, tie_break=False)
    fcfs_small = assignment_cost(small, first_come_first_served(small))
    for label, r in (("aggregated", r_agg_full), ("per-person MILP", r_pp)):
        rows.append(
            [
                n_check,
                label,
                r.kinds,
                r.variables,
                r.status,
                r.total_cost,
                f"{r.seconds:.3f}",
                fcfs_small,
                f"{fcfs_small / r.total_cost:.2f}x",
            ]
        )
    _table(
        "6. One round, balance +-10 points (total cost: 1st wish 1, 2nd 2, 3rd 3, unranked 10;"
        " aggregated times include the lexicographic tie-break)",
        [
            "N",
            "model",
            "kinds",
            "variables",
            "status",
            "total cost",
            "seconds",
            "FCFS cost",
            "FCFS/opt",
        ],
        rows,
    )
    same = r_agg.total_cost == r_pp.total_cost == r_agg_full.total_cost
    ratio = r_pp.seconds / max(r_agg.seconds, 1e-9)
    print(
        f"check at N={n_check}: per-person optimum {r_pp.total_cost} == aggregated "
        f"{r_agg.total_cost}: {'OK' if same else 'FAILED'}; per-person {r_pp.seconds:.2f} s vs "
        f"aggregated {r_agg.seconds:.3f} s (total only): {ratio:.0f}x faster"
    )
    print(
        f"target: proven optimum at N={n_big} in < 1 s: "
        f"{'OK' if r_big.seconds < 1 and r_big.status == 'optimal' else 'MISSED'} "
        f"({r_big.seconds:.3f} s)"
    )
    shares = dict(sorted(r_big.rank_counts.items(), key=lambda kv: kv[0] or 99))
    print(
        f"wishes met at N={n_big}: "
        + ", ".join(
            f"{'unranked' if k is None else f'wish {k}'} {100 * v / n_big:.1f} %"
            for k, v in shares.items()
        )
    )
    return ok and same


def two_rounds(n: int) -> bool:
    problems = instance(n, rounds=2)
    started = time.perf_counter()
    result = solve_rounds(problems)
    wall = time.perf_counter() - started
    best_possible = sum(solve_round(p, tie_break=False).total_cost for p in problems)
    rows = [
        [
            n,
            " + ".join(str(r.total_cost) for r in result.rounds),
            result.total_cost,
            result.lower_bound,
            best_possible,
            f"{100 * result.gap:.3f} %",
            f"{result.seconds:.2f}",
            f"{result.bound_seconds:.2f}",
            f"{wall:.2f}",
        ]
    ]
    _table(
        "7. Two rounds, no repeats, balance +-10 points (bound: LP relaxation of the exact "
        "joint model over kinds, rounded up)",
        [
            "N",
            "per round",
            "total",
            "lower bound",
            "rounds alone",
            "gap",
            "solve s",
            "bound s",
            "wall s",
        ],
        rows,
    )
    repeats = sum(
        1
        for pid, w in result.rounds[0].assignment.items()
        if result.rounds[1].assignment.get(pid) is not None
        and w % 100 == result.rounds[1].assignment[pid] % 100
    )
    good = result.gap is not None and result.gap <= 0.005 and wall < 5 and repeats == 0
    print(
        f"repeats: {repeats}; target gap <= 0.5 % in < 5 s: {'OK' if good else 'MISSED'} "
        f"(the sum of the rounds solved alone, {best_possible}, is a weaker bound)"
    )
    return result.gap is not None and repeats == 0


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
    quick = "--quick" in argv
    n_big, n_check = (2000, 500) if quick else (20000, 5000)
    ok = one_round(n_big, n_check)
    ok &= two_rounds(n_big)
    ok &= tables(n_big, 8)
    return 0 if ok else 1


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
