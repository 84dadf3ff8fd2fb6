"""The figures of the organisers' result page: demand, ranks met, party mix, and the run's
infeasibility report in words."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _

from okconf.conferences.models import Conference, ProgrammeItem, Workshop
from okconf.vocabulary import Party
from okconf.workshops.models import AssignmentRun
from okconf.workshops.services.loading import (
    assignments_of,
    participants,
    preferences_by_registration,
    rounds_of,
    run_of,
    workshops_of,
)


@dataclass
class RoundSummary:
    round: ProgrammeItem
    workshops: list[Workshop]
    run: AssignmentRun | None
    demand: dict[int, Counter]  # workshop id -> rank -> people
    without_preferences: int
    rank_counts: Counter  # rank (None unranked) -> people
    placed: int
    mix: dict[int, Counter]  # workshop id -> party -> people
    sizes: Counter


def summary(conference: Conference) -> list[RoundSummary]:
    people = {r.id: r for r in participants(conference)}
    out = []
    for round_ in rounds_of(conference):
        ws = workshops_of(round_)
        prefs = preferences_by_registration(round_)
        demand = defaultdict(Counter)
        for rid, ranking in prefs.items():
            if rid in people:
                for rank, wid in enumerate(ranking, start=1):
                    demand[wid][rank] += 1
        current = {rid: a for rid, a in assignments_of(round_).items() if rid in people}
        ranks = Counter()
        mix = defaultdict(Counter)
        sizes = Counter()
        for rid, a in current.items():
            ranking = prefs.get(rid, [])
            ranks[ranking.index(a.workshop_id) + 1 if a.workshop_id in ranking else None] += 1
            mix[a.workshop_id][people[rid].party.value] += 1
            sizes[a.workshop_id] += 1
        out.append(
            RoundSummary(
                round=round_,
                workshops=ws,
                run=run_of(round_),
                demand=demand,
                without_preferences=sum(1 for rid in people if not prefs.get(rid)),
                rank_counts=ranks,
                placed=len(current),
                mix=mix,
                sizes=sizes,
            )
        )
    return out


def violation_messages(run: AssignmentRun, workshops: dict[int, Workshop]) -> list[str]:
    """The run's infeasibility report in words."""
    out = []
    for v in (run.details or {}).get("violations", []):
        title = workshops[v["workshop_id"]].title if v.get("workshop_id") in workshops else ""
        party = Party(v["party"]).label if v.get("party") else ""
        if v["kind"] == "seats":
            out.append(
                _(
                    "%(n)d people do not fit: there are more participants than free seats.",
                    n=int(v["amount"]),
                )
            )
        elif v["kind"] == "locked_over_capacity":
            out.append(
                _(
                    "“%(title)s” has %(n)d more locked people than seats.",
                    title=title,
                    n=int(v["amount"]),
                )
            )
        elif v["kind"] == "locked_forbidden":
            out.append(_("A person is locked to “%(title)s” in two rounds.", title=title))
        elif v["kind"] == "balance_high":
            out.append(
                _(
                    "Balance in “%(title)s”: %(party)s would be %(points)s points above the limit "
                    "(about %(amount)s people too many).",
                    title=title,
                    party=party,
                    points=v.get("points"),
                    amount=v["amount"],
                )
            )
        elif v["kind"] == "balance_low":
            out.append(
                _(
                    "Balance in “%(title)s”: %(party)s would be %(points)s points below the limit "
                    "(about %(amount)s people too few).",
                    title=title,
                    party=party,
                    points=v.get("points"),
                    amount=v["amount"],
                )
            )
    return out
