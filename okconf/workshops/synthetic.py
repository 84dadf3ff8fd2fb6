"""Synthetic workshop instances for the benchmarks (pure, seeded)."""

from __future__ import annotations

import random

from okconf.workshops.solver import Person, Problem, Workshop

PARTIES = (("civil_society", 0.55), ("public_sector", 0.35), ("business_other", 0.10))
# Skewed popularity of the seven workshops, tilted a little per party so balance matters.
POPULARITY = {
    "civil_society": (40, 25, 14, 9, 6, 4, 2),
    "public_sector": (22, 34, 12, 14, 8, 6, 4),
    "business_other": (16, 12, 30, 8, 18, 10, 6),
}
CAPACITY_SHARES = (0.16, 0.15, 0.15, 0.14, 0.14, 0.13, 0.13)


def instance(
    n: int,
    seed: int = 2012,
    workshops: int = 7,
    rounds: int = 1,
    locked_share: float = 0.02,
    balance_points: int | None = 10,
) -> list[Problem]:
    """`rounds` problems over the same N people: 7 workshops per round (the same topics each
    round) with capacities summing to about 1.05 N, top-3 rankings drawn by skewed
    popularity, parties 55/35/10 % and 2 % of people locked (in the first round)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    shares = CAPACITY_SHARES[:workshops]
    total = sum(shares)
    caps = [round(1.05 * n * s / total) for s in shares]
    caps[0] += round(1.05 * n) - sum(caps)
    people = []
    for pid in range(1, n + 1):
        u = rng.random()
        party = PARTIES[0][0] if u < 0.55 else PARTIES[1][0] if u < 0.90 else PARTIES[2][0]
        weights = list(POPULARITY[party][:workshops])
        ranking = []
        for _ in range(min(3, workshops)):
            i = rng.choices(range(workshops), weights=weights)[0]
            ranking.append(i)
            weights[i] = 0
        people.append((pid, party, ranking))
    locked_ids = set(rng.sample(range(1, n + 1), int(locked_share * n)))
    problems = []
    for r in range(rounds):
        ws = [Workshop(id=100 * (r + 1) + i, capacity=caps[i], topic=i) for i in range(workshops)]
        ppl = []
        for pid, party, ranking in people:
            ids = tuple(ws[i].id for i in ranking)
            locked = None
            if r == 0 and pid in locked_ids:
                locked = ids[pid % len(ids)]
            ppl.append(Person(pid, party, ids, locked=locked))
        problems.append(Problem(ws, ppl, balance_points=balance_points))
    return problems


def _draw_ranking(rng: random.Random, weights: list[float], wishes: int) -> list[int]:
    """`wishes` distinct workshop indices drawn without replacement by weight."""
    weights = list(weights)
    ranking = []
    for _ in range(min(wishes, len(weights))):
        i = rng.choices(range(len(weights)), weights=weights)[0]
        ranking.append(i)
        weights[i] = 0
    return ranking


def generated(
    kind: str,
    n: int,
    seed: int = 7,
    workshops: int = 7,
    rounds: int = 1,
) -> list[Problem]:
    """Instances drawn independently of `instance()`, each hard in its own way:

    - "uniform": every person draws their own popularity (a Dirichlet-like random weight per
      workshop), parties 50/35/15 %, equal capacities summing to 1.05 N, 2 % locked;
    - "skewed": four in five people want the same workshop first, parties 55/35/10 %;
    - "tight": capacities summing to exactly N (every seat taken), parties 60/30/10 %;
    - "locks": 15 % of people locked by an organiser to one of their wishes;
    - "balance": parties' tastes pull apart and the balance is +-5 points.
    """
    rng = random.Random(f"{kind}-{seed}")  # noqa: S311 - reproducible test data
    parties = {
        "uniform": (("civil_society", 0.50), ("public_sector", 0.35), ("business_other", 0.15)),
        "tight": (("civil_society", 0.60), ("public_sector", 0.30), ("business_other", 0.10)),
    }.get(kind, PARTIES)
    seats = 1.0 if kind == "tight" else 1.05
    if kind == "uniform":
        shares = [1.0] * workshops
    else:
        shares = [rng.uniform(0.7, 1.3) for _ in range(workshops)]
    total = sum(shares)
    caps = [int(seats * n * s / total) for s in shares]
    caps[0] += round(seats * n) - sum(caps)
    tastes = {party: [rng.uniform(0.5, 6.0) for _ in range(workshops)] for party, _share in parties}
    people = []
    for pid in range(1, n + 1):
        u, acc, party = rng.random(), 0.0, parties[-1][0]
        for name, share in parties:
            acc += share
            if u < acc:
                party = name
                break
        if kind == "uniform":
            weights = [rng.expovariate(1.0) for _ in range(workshops)]
        elif kind == "skewed":
            weights = [80.0 if i == 0 else 20.0 / (workshops - 1) for i in range(workshops)]
            weights = [w * t for w, t in zip(weights, tastes[party], strict=True)]
        elif kind == "balance":
            weights = [t**3 for t in tastes[party]]
        else:
            weights = tastes[party]
        people.append((pid, party, _draw_ranking(rng, weights, 3)))
    locked_share = 0.15 if kind == "locks" else 0.02
    locked_ids = set(rng.sample(range(1, n + 1), int(locked_share * n)))
    balance = 5 if kind == "balance" else 10
    problems = []
    for r in range(rounds):
        ws = [Workshop(id=100 * (r + 1) + i, capacity=caps[i], topic=i) for i in range(workshops)]
        ppl = []
        for pid, party, ranking in people:
            ids = tuple(ws[i].id for i in ranking)
            locked = ids[pid % len(ids)] if r == 0 and pid in locked_ids else None
            ppl.append(Person(pid, party, ids, locked=locked))
        problems.append(Problem(ws, ppl, balance_points=balance))
    return problems


GENERATORS = ("uniform", "skewed", "tight", "locks", "balance")
