"""Mixed tables: the count bound is reached, organisations spread, seeded and even."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest

from okconf.workshops.tables import Guest, count_bound, evaluate, seat, table_sizes

PARTIES = ("a", "b", "c")


def brute_max_full_tables(guests, table_size):
    """The most tables with every party over all seatings with even sizes (tiny cases)."""
    sizes = table_sizes(len(guests), table_size)
    best = 0
    for perm in itertools.permutations(guests):
        tables, i = [], 0
        for s in sizes:
            tables.append(list(perm[i : i + s]))
            i += s
        best = max(best, evaluate(tables, PARTIES)[0])
    return best


@pytest.mark.parametrize("seed", range(12))
def test_bound_is_exact_on_tiny_cases(seed):
    rng = random.Random(seed)
    guests = [Guest(i, rng.choice(PARTIES)) for i in range(rng.randint(3, 7))]
    s = seat(guests, 3, seed=seed, parties=PARTIES)
    assert s.all_parties == s.bound == brute_max_full_tables(guests, 3)


@pytest.mark.parametrize(
    ("n", "size", "mix"),
    [
        (200, 8, (55, 35, 10)),
        (1000, 8, (80, 18, 2)),
        (97, 6, (40, 40, 20)),
        (30, 8, (60, 30, 10)),
        (500, 10, (90, 9, 1)),
    ],
)
def test_reaches_the_count_bound_and_spreads_organisations(n, size, mix):
    rng = random.Random(n)
    guests = []
    for pid in range(n):
        party = rng.choices(PARTIES, mix)[0]
        guests.append(Guest(pid, party, f"{party}{rng.randint(0, 12)}"))
    s = seat(guests, size, seed=5, parties=PARTIES)
    counts = Counter(g.party for g in guests)
    assert s.bound == count_bound(counts, PARTIES, table_sizes(n, size))
    assert s.all_parties == s.bound
    assert sorted(len(t) for t in s.tables) == sorted(table_sizes(n, size))
    assert max(len(t) for t in s.tables) <= size
    assert sorted(pid for t in s.tables for pid in t) == list(range(n))
    assert s.organisation_clashes <= s.unavoidable_clashes + len(s.tables) // 10


def test_organisations_at_different_tables_when_possible():
    guests = [Guest(i, PARTIES[i % 3], f"org{i // 4}") for i in range(48)]
    s = seat(guests, 8, seed=1, parties=PARTIES)
    assert s.unavoidable_clashes == 0
    assert s.organisation_clashes == 0
    assert s.all_parties == 6


def test_deterministic_for_a_seed():
    guests = [Guest(i, PARTIES[i % 3], f"org{i % 7}") for i in range(100)]
    assert seat(guests, 8, seed=3).tables == seat(list(reversed(guests)), 8, seed=3).tables


def test_missing_party_gives_bound_zero():
    guests = [Guest(i, PARTIES[i % 2]) for i in range(20)]
    s = seat(guests, 5, parties=PARTIES)
    assert s.bound == s.all_parties == 0
    assert len(s.tables) == 4
