"""What the solver takes and gives: workshops, people, costs, problems, results."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

# --- input ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """A workshop of one round. Workshops of different rounds with the same topic are the same
    workshop for the no-repeat rule (the topic defaults to the id)."""

    id: int
    capacity: int
    topic: object = None

    @property
    def key(self):
        """What "the same workshop" means across rounds."""
        return self.id if self.topic is None else self.topic


@dataclass(frozen=True)
class Person:
    """A participant of one round: party, ranked workshop ids (first wish first)."""

    id: int
    party: str
    ranking: tuple = ()
    locked: int | None = None
    forbidden: frozenset = frozenset()
    # The workshop of an earlier run: among interchangeable people it is kept where possible.
    previous: int | None = None


@dataclass(frozen=True)
class Costs:
    """What a placement costs: rank r costs rank_costs[r-1]; ranks beyond the list one more
    each (never above `unranked`); a workshop the person did not rank costs `unranked`."""

    rank_costs: tuple = (1, 2, 3)
    unranked: int = 10

    def of_rank(self, rank: int | None) -> int:
        if rank is None:
            return self.unranked
        if rank <= len(self.rank_costs):
            return self.rank_costs[rank - 1]
        return min(self.rank_costs[-1] + rank - len(self.rank_costs), self.unranked)


@dataclass
class Problem:
    """One round: its workshops, its people, the balance in percentage points (None: none)."""

    workshops: list[Workshop]
    people: list[Person]
    balance_points: int | None = 10
    costs: Costs = field(default_factory=Costs)
    time_limit: float = 120.0


# --- output ---------------------------------------------------------------------------------


@dataclass
class Violation:
    """A constraint that cannot hold, and by how much.

    kind: "seats" (more people than free seats; amount = people who do not fit),
    "locked_over_capacity" (locked people exceed a workshop's seats; amount = people too many),
    "locked_forbidden" (a person is locked to a workshop they already had in another round),
    "balance_high" / "balance_low" (a party's share in a workshop would be above / below the
    limit; amount = people of that party too many / too few, points = how far beyond it).
    """

    kind: str
    workshop_id: int | None = None
    party: str | None = None
    amount: float = 0
    points: float | None = None
    person_id: int | None = None


@dataclass
class Result:
    """The outcome of one round."""

    # "optimal", "near_optimal" (rounds solved jointly), "infeasible", "time_limit", "empty"
    status: str
    assignment: dict[int, int] = field(default_factory=dict)
    total_cost: int = 0
    rank_counts: Counter = field(default_factory=Counter)  # rank (None: unranked) -> people
    level_counts: dict[int, int] = field(default_factory=dict)  # cost -> people
    violations: list[Violation] = field(default_factory=list)
    nearest_balance: int | None = None
    kinds: int = 0
    variables: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    balance_points: int | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "near_optimal", "empty")


@dataclass
class RoundsResult:
    """Several rounds solved one after the other, with a proven lower bound."""

    rounds: list[Result]
    total_cost: int
    lower_bound: int | None
    seconds: float
    bound_seconds: float = 0.0
    cpu_seconds: float = 0.0
    bound_cpu_seconds: float = 0.0
    joint: bool = False  # solved jointly (else round by round)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.rounds)

    @property
    def gap(self) -> float | None:
        """(total - bound) / bound: how far at most from the joint optimum."""
        if self.lower_bound is None or not self.ok:
            return None
        if self.lower_bound == 0:
            return 0.0 if self.total_cost == 0 else math.inf
        return (self.total_cost - self.lower_bound) / self.lower_bound
