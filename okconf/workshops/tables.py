"""Mixed tables (bordsplacering): pure, deterministic for a given seed.

Seat m people at n = ceil(m / t) tables of at most t seats, sizes as even as possible (they
differ by at most one), so that

1. as many tables as possible hold all three parties,
2. people of the same organisation sit at different tables wherever that can be avoided,
3. each table's party mix is close to the overall mix.

The count bound. A table holds all three parties only if it has a member of each; a party with
c_p members reaches at most min(c_p, n) tables, and a table needs at least three seats. So

    tables with all three parties <= B = min(c_1, c_2, c_3, tables with at least 3 seats).

The algorithm reaches B (checked in the tests and the benchmark):

* Deal party by party, scarcest first. A party with fewer members than tables is dealt to
  tables 0, 1, 2, ... (the same prefix for every such party, so the prefixes nest and the
  first min_p c_p tables get every party); a party with at least n members is dealt round the
  table order sorted by current load, so it reaches every table and evens the sizes.
* Within a party people are dealt organisation by organisation (largest first): consecutive
  people go to different tables, so an organisation with s <= n members lands at s
  different tables; clashes happen only when an organisation is bigger than the number of
  tables, which is unavoidable.
* Then tables over their target size hand people to tables under it. A table over its target
  (>= 3) has at least 4 people, so some party has two there; only such a person moves, which
  never takes the last member of a party away from a table. Movers are chosen to add a missing
  party to the receiving table and to undo organisation clashes.

Everything is O(m + n) apart from the sorting: 20,000 people take a few tens of milliseconds.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Guest:
    """A person to seat: id, party, organisation (None: nobody else is from it)."""

    id: int
    party: str
    organisation: str | None = None


@dataclass
class Seating:
    """Tables (lists of person ids, table 1 first) and how well they came out."""

    tables: list[list[int]] = field(default_factory=list)
    all_parties: int = 0
    bound: int = 0
    organisation_clashes: int = 0
    unavoidable_clashes: int = 0

    def table_of(self) -> dict[int, int]:
        """Person id -> table number (from 1)."""
        return {pid: n for n, table in enumerate(self.tables, start=1) for pid in table}


def table_sizes(m: int, table_size: int) -> list[int]:
    """The sizes of the fewest tables of at most `table_size` seats for m people, as even as
    possible (larger tables first)."""
    if m <= 0:
        return []
    n = math.ceil(m / table_size)
    base, extra = divmod(m, n)
    return [base + 1] * extra + [base] * (n - extra)


def count_bound(counts: dict[str, int], parties, sizes: list[int]) -> int:
    """The most tables that can hold every party: min over parties of their members, and the
    tables with at least as many seats as there are parties."""
    parties = list(parties)
    seats_ok = sum(1 for s in sizes if s >= len(parties))
    return min([seats_ok] + [counts.get(p, 0) for p in parties])


def evaluate(tables: list[list[Guest]], parties) -> tuple[int, int]:
    """(tables holding every party, organisation clashes) of a seating."""
    parties = set(parties)
    full = 0
    clashes = 0
    for table in tables:
        if parties <= {g.party for g in table}:
            full += 1
        orgs = Counter(g.organisation for g in table if g.organisation is not None)
        clashes += sum(c - 1 for c in orgs.values())
    return full, clashes


def seat(guests: list[Guest], table_size: int, seed: int = 0, parties=None) -> Seating:
    """Seat the guests at mixed tables (see the module's docstring)."""
    if table_size < 1:
        raise ValueError("table_size must be at least 1")
    guests = sorted(guests, key=lambda g: g.id)
    parties = sorted(parties if parties is not None else {g.party for g in guests})
    m = len(guests)
    sizes = table_sizes(m, table_size)
    n = len(sizes)
    if n == 0:
        return Seating()
    rng = random.Random(seed)  # noqa: S311 - a reproducible shuffle, not a secret
    by_party = defaultdict(list)
    for g in guests:
        by_party[g.party].append(g)
    tables: list[list[Guest]] = [[] for _ in range(n)]
    load = [0] * n

    # 1. Deal, scarcest party first.
    for party in sorted(by_party, key=lambda p: (len(by_party[p]), p)):
        members = by_party[party]
        orgs = defaultdict(list)
        for g in members:
            orgs[g.organisation if g.organisation is not None else ("_", g.id)].append(g)
        blocks = list(orgs.values())
        rng.shuffle(blocks)
        blocks.sort(key=len, reverse=True)
        sequence = []
        for block in blocks:
            rng.shuffle(block)
            sequence.extend(block)
        order = list(range(n)) if len(members) < n else sorted(range(n), key=lambda i: (load[i], i))
        for j, g in enumerate(sequence):
            t = order[j % n]
            tables[t].append(g)
            load[t] += 1

    # 2. Targets: the larger sizes go to the fullest tables (fewest moves).
    target = [0] * n
    for size, t in zip(sizes, sorted(range(n), key=lambda i: (-load[i], i)), strict=True):
        target[t] = size

    # 3. Move people from tables over their target to tables under it.
    over = [t for t in range(n) if load[t] > target[t]]
    under = [t for t in range(n) if load[t] < target[t]]
    for src in over:
        while load[src] > target[src]:
            while load[under[-1]] >= target[under[-1]]:
                under.pop()
            dst = under[-1]
            g = _mover(tables[src], tables[dst])
            tables[src].remove(g)
            tables[dst].append(g)
            load[src] -= 1
            load[dst] += 1

    _undo_clashes(tables, n, rng)
    full, clashes = evaluate(tables, parties)
    counts = Counter(g.party for g in guests)
    org_sizes = Counter(g.organisation for g in guests if g.organisation is not None)
    return Seating(
        tables=[[g.id for g in table] for table in tables],
        all_parties=full,
        bound=count_bound(counts, parties, sizes),
        organisation_clashes=clashes,
        unavoidable_clashes=sum(max(0, s - n) for s in org_sizes.values()),
    )


def _undo_clashes(tables: list[list[Guest]], n: int, rng: random.Random, tries: int = 200):
    """Swap people of the same party between tables to separate colleagues (an organisation
    spread over several parties can meet itself after dealing). A same-party swap keeps every
    table's size and party counts, so the tables with all parties stay as they are. Only
    organisations with no more members than tables are worked on (others must clash)."""
    org_size = Counter(g.organisation for t in tables for g in t if g.organisation is not None)
    orgs = [Counter(g.organisation for g in t if g.organisation is not None) for t in tables]
    for t in range(n):
        for g in list(tables[t]):
            o = g.organisation
            if o is None or orgs[t][o] < 2 or org_size[o] > n:
                continue
            start = rng.randrange(n)
            for step in range(min(tries, n)):
                u = (start + step) % n
                if u == t or orgs[u][o]:
                    continue
                h = next(
                    (
                        h
                        for h in tables[u]
                        if h.party == g.party
                        and (h.organisation is None or not orgs[t][h.organisation])
                    ),
                    None,
                )
                if h is None:
                    continue
                tables[t][tables[t].index(g)] = h
                tables[u][tables[u].index(h)] = g
                orgs[t][o] -= 1
                orgs[u][o] += 1
                if h.organisation is not None:
                    orgs[u][h.organisation] -= 1
                    orgs[t][h.organisation] += 1
                break


def _mover(src: list[Guest], dst: list[Guest]) -> Guest:
    """The person to move from an over-full table: never the last of their party there
    (when that can be avoided); preferably one of a party the receiving table lacks, and one
    whose organisation clashes at the source and not at the destination."""
    party_src = Counter(g.party for g in src)
    party_dst = {g.party for g in dst}
    org_src = Counter(g.organisation for g in src if g.organisation is not None)
    org_dst = {g.organisation for g in dst if g.organisation is not None}

    def score(g: Guest):
        return (
            party_src[g.party] >= 2,
            g.party not in party_dst,
            g.organisation is not None and org_src[g.organisation] >= 2,
            g.organisation not in org_dst,
            party_src[g.party],
        )

    return max(reversed(src), key=score)
