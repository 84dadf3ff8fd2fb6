"""The organisers' workshop pages, one job each: wishes, the assignment's result, the
participants (filtered and paged), tables, and publishing with the printable lists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from okconf import formatting
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.db import as_id
from okconf.vocabulary import Party
from okconf.workshops.forms import ActionForm, RunForm, TablesForm
from okconf.workshops.models import SeatingScope
from okconf.workshops.services import figures, loading, tables
from okconf.workshops.views import bp

PAGE_SIZE = 50

# The tabs of the workshop pages: endpoint, label.
TABS = [
    ("workshops.manage", _l("Wishes")),
    ("workshops.result", _l("Assignment")),
    ("workshops.people", _l("Participants")),
    ("workshops.tables_page", _l("Tables")),
    ("workshops.lists", _l("Publish and print")),
]


def percent(part: int, whole: int) -> str:
    """A share as the user's language writes it ("72 %"); empty when there is no whole."""
    return formatting.share(part, whole, decimals=0)


@dataclass
class SectorBalance:
    """One sector's share of everybody placed, and the lowest and highest in a workshop."""

    party: Party
    overall: str
    lowest: str
    highest: str


def balance(summary) -> list[SectorBalance]:
    """Per sector: its share among the placed, and its range across the round's workshops."""
    placed = summary.placed
    out = []
    for party in Party:
        total = sum(summary.mix[w.id][party.value] for w in summary.workshops)
        shares = [
            summary.mix[w.id][party.value] / summary.sizes[w.id]
            for w in summary.workshops
            if summary.sizes[w.id]
        ]
        out.append(
            SectorBalance(
                party=party,
                overall=percent(total, placed),
                lowest=formatting.percent(min(shares), decimals=0) if shares else "",
                highest=formatting.percent(max(shares), decimals=0) if shares else "",
            )
        )
    return out


def _common(conference) -> dict:
    summaries = figures.summary(conference)
    return {
        "conference": conference,
        "summaries": summaries,
        "tabs": TABS,
        "published": loading.is_published(conference),
        "action_form": ActionForm(),
        "parties": list(Party),
    }


def result_context(conference, run_form=None) -> dict:
    """What the result page shows: per round the figures, the balance and the workshops."""
    context = _common(conference)
    summaries = context["summaries"]
    workshops = {w.id: w for w in conference.workshops}
    last_balance = next(
        (s.run.balance_points for s in summaries if s.run and s.run.balance_points is not None),
        loading.DEFAULT_BALANCE,
    )
    context.update(
        run_form=run_form or RunForm(balance_points=last_balance),
        people_count=len(loading.participants(conference)),
        balances={s.round.id: balance(s) for s in summaries},
        violations={
            s.round.id: figures.violation_messages(s.run, workshops) if s.run else []
            for s in summaries
        },
        cancelled=[w for w in conference.workshops if w.cancelled],
        percent=percent,
    )
    return context


def tables_context(conference, tables_form=None) -> dict:
    """What the tables page shows: the form and the party mix of every table."""
    context = _common(conference)
    tables_form = tables_form or TablesForm()
    tables_form.scope.choices = [SelectChoice("plenary", _("Plenary"))] + [
        SelectChoice(str(s.round.id), _("Within the workshops of %(round)s", round=s.round.title))
        for s in context["summaries"]
    ]
    people = {p.id: p for p in loading.participants(conference)}
    workshops = {w.id: w for w in conference.workshops}
    report: dict[str, dict] = {}
    for seat in tables.seatings_of(conference):
        if seat.registration_id not in people:
            continue
        key = workshops[seat.workshop_id].title if seat.workshop_id in workshops else _("Plenary")
        counts = report.setdefault(key, {}).setdefault(
            seat.table_number, {p.value: 0 for p in Party}
        )
        counts[people[seat.registration_id].party.value] += 1
    context.update(tables_form=tables_form, table_report=report)
    return context


@bp.route("/staff/konferenser/<int:conference_id>/workshops")
@roles_required(Role.ORGANISER)
def manage(conference_id: int):
    """The wishes per workshop, round by round (the first tab)."""
    conference = get_managed_conference(conference_id)
    return render_template("workshops/manage.html", **_common(conference))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/resultat")
@roles_required(Role.ORGANISER)
def result(conference_id: int):
    """Run the assignment and read its result: figures, balance, workshops."""
    conference = get_managed_conference(conference_id)
    return render_template("workshops/result.html", **result_context(conference))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/deltagare")
@roles_required(Role.ORGANISER)
def people(conference_id: int):
    """Participants and their placements, filtered and paged; moves, locks, table numbers."""
    conference = get_managed_conference(conference_id)
    context = _common(conference)
    summaries = context["summaries"]
    assignments = {s.round.id: loading.assignments_of(s.round) for s in summaries}
    everybody = loading.participants(conference)
    q = (request.args.get("q") or "").strip()[:200]
    where = (request.args.get("workshop") or "")[:20]
    shown = everybody
    if q:
        needle = q.casefold()
        shown = [
            r
            for r in shown
            if needle in r.full_name.casefold() or needle in r.organisation_name.casefold()
        ]
    if where == "none":
        shown = [r for r in shown if any(r.id not in assignments[s.round.id] for s in summaries)]
    elif as_id(where):
        wid = as_id(where)
        shown = [
            r
            for r in shown
            if any(
                (a := assignments[s.round.id].get(r.id)) and a.workshop_id == wid for s in summaries
            )
        ]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(max(as_id(request.args.get("page")) or 1, 1), pages)
    seats = tables.seatings_of(conference)
    context.update(
        people=shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE],
        total=len(everybody),
        found=len(shown),
        page=page,
        pages=pages,
        q=q,
        where=where,
        assignments=assignments,
        plenary={s.registration_id: s for s in seats if s.scope is SeatingScope.PLENARY},
        in_workshop={(s.registration_id, s.workshop_id): s for s in seats if s.workshop_id},
    )
    return render_template("workshops/people.html", **context)


@bp.route("/staff/konferenser/<int:conference_id>/workshops/bord")
@roles_required(Role.ORGANISER)
def tables_page(conference_id: int):
    """Lay mixed tables and see each table's mix."""
    conference = get_managed_conference(conference_id)
    return render_template("workshops/tables.html", **tables_context(conference))


@bp.route("/staff/konferenser/<int:conference_id>/workshops/listor")
@roles_required(Role.ORGANISER)
def lists(conference_id: int):
    """Publish the assignment; printable lists and exports."""
    conference = get_managed_conference(conference_id)
    return render_template("workshops/lists.html", **_common(conference))
