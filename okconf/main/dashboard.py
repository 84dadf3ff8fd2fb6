"""The organiser's console: each conference's figures, and what needs doing next.

The figures of many conferences are read in a fixed number of grouped queries (the staff start
page lists every conference of the user), never one query per conference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from okconf import statistics as counts
from okconf.clock import today
from okconf.conferences.models import Conference
from okconf.extensions import db

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class Figures:
    """One conference's figures as an organiser looks at them first."""

    # On site: `confirmed` and `waiting` are the venue's (against `capacity`); online_* the
    # online pool's, when the conference offers it (online_capacity not None).
    confirmed: int = 0
    capacity: int | None = None
    waiting: int = 0
    online_confirmed: int = 0
    online_capacity: int | None = None
    online_waiting: int = 0
    checked_in: int = 0
    checked_in_today: int = 0
    late_cancellations: int = 0
    open_claims: int = 0
    days_to_deadline: int | None = None
    # Filled for one conference's dashboard only: (diet label, count) and the budget.
    diets: list[tuple[str, int]] = field(default_factory=list)
    budget_name: str | None = None
    budget_left_ore: int | None = None
    # A conference of several days: (day, checked in that day), first to last.
    arrivals_by_day: list[tuple[date, int]] = field(default_factory=list)

    @property
    def free(self) -> int | None:
        """Places left, or None without a capacity."""
        return None if self.capacity is None else max(self.capacity - self.confirmed, 0)

    @property
    def fill_percent(self) -> int | None:
        """How full the conference is, 0–100."""
        if not self.capacity:
            return None
        return min(round(100 * self.confirmed / self.capacity), 100)

    @property
    def online_free(self) -> int | None:
        """Online places left (None: online participation not offered)."""
        if self.online_capacity is None:
            return None
        return max(self.online_capacity - self.online_confirmed, 0)


def _start_of_today_utc() -> datetime:
    """Midnight in Stockholm today, in UTC (check-ins are stored in UTC)."""
    return datetime.combine(today(), time(0), STOCKHOLM).astimezone(UTC)


def figures_for(conferences: list[Conference]) -> dict[int, Figures]:
    """Conference id -> its figures, in two queries whatever the number of conferences."""
    from okconf.reimbursements.models import Claim, ClaimState

    ids = [c.id for c in conferences]
    result = {}
    now = today()
    for conference in conferences:
        deadline = conference.registration_deadline
        result[conference.id] = Figures(
            capacity=conference.capacity,
            online_capacity=conference.online_capacity,
            days_to_deadline=(deadline - now).days if deadline else None,
        )
    if not ids:
        return result
    for conference_id, status in counts.status_counts(ids, since=_start_of_today_utc()).items():
        figures = result[conference_id]
        figures.confirmed, figures.waiting = status.on_site_confirmed, status.on_site_waiting
        figures.online_confirmed, figures.online_waiting = (
            status.online_confirmed,
            status.online_waiting,
        )
        figures.checked_in, figures.checked_in_today = status.checked_in, status.checked_in_since
        figures.late_cancellations = status.late_cancellations
    # On a day of a conference of several days, "today" counts that day's check-ins, not only
    # the people who came for the first time.
    from okconf.attendees import days

    for conference in conferences:
        if conference.several_days and now in conference.days:
            result[conference.id].checked_in_today = days.by_day(conference)[now]
    # Claims waiting for staff: a request to pre-approve or a submitted claim to decide.
    open_states = (ClaimState.REQUESTED, ClaimState.SUBMITTED)
    for conference_id, open_claims in db.session.execute(
        select(Claim.conference_id, func.count(Claim.id))
        .where(Claim.conference_id.in_(ids), Claim.state.in_(open_states))
        .group_by(Claim.conference_id)
    ):
        result[conference_id].open_claims = int(open_claims)
    return result


def conference_figures(conference: Conference) -> Figures:
    """One conference's figures with its diets at a glance and what its budget has left."""
    from okconf.reimbursements import budget as budgets

    figures = figures_for([conference])[conference.id]
    if conference.several_days:
        from okconf.attendees import days

        figures.arrivals_by_day = list(days.by_day(conference).items())
    diets = counts.diet_counts([conference.id])[conference.id]
    figures.diets = sorted(
        ((diet.label, n) for diet, n in diets.items() if n), key=lambda pair: (-pair[1], pair[0])
    )
    if conference.offers_travel_reimbursement or conference.offers_lost_earnings:
        budget = budgets.budget_for(conference)
        if budget is not None:
            spent = budgets.figures(budgets.covered_conference_ids(budget))
            figures.budget_name = budget.name
            figures.budget_left_ore = budget.total_ore - spent.committed
    return figures


@dataclass
class Task:
    """Something that needs doing, with where to do it (endpoint and its arguments)."""

    text: str
    endpoint: str | None = None
    args: dict = field(default_factory=dict)


def current_phase(conference: Conference, on: date | None = None) -> str:
    """Which phase the conference is in (features.PHASES): before it opens, while people
    register, on the day, after it."""
    from okconf.conferences.models import ConferenceState

    on = on or today()
    if conference.date is not None and conference.last_day < on:
        return "after"
    if on in conference.days:
        return "day"
    if conference.state is not ConferenceState.PUBLISHED:
        return "before"
    return "registration"


def next_tasks(conference: Conference, figures: Figures) -> list[Task]:
    """What needs doing next, most urgent first."""
    from okconf.conferences.models import ConferenceState
    from okconf.reports.models import Summary, SummaryState
    from okconf.workshops.models import AssignmentRun, WorkshopPreference

    tasks = []
    now = today()
    past = conference.date is not None and conference.last_day < now
    deadline_passed = (
        conference.registration_deadline is not None and conference.registration_deadline < now
    )
    if conference.state is not ConferenceState.PUBLISHED and not past:
        tasks.append(
            Task(
                _("The invitation is not published yet."),
                "main.conference",
                {"conference_id": conference.id},
            )
        )
    if figures.waiting and figures.free:
        tasks.append(
            Task(
                _(
                    "Places are free (%(free)s) and people wait on the waiting list (%(waiting)s).",
                    free=figures.free,
                    waiting=figures.waiting,
                ),
                "registration.staff_waiting",
                {"conference_id": conference.id},
            )
        )
    if deadline_passed and not past:
        from okconf.registration.models import Registration

        wishes = db.session.scalar(
            select(func.count(WorkshopPreference.id))
            .join(Registration, Registration.id == WorkshopPreference.registration_id)
            .where(Registration.conference_id == conference.id)
        )
        runs = db.session.scalar(
            select(func.count(AssignmentRun.id)).where(AssignmentRun.conference_id == conference.id)
        )
        if wishes and not runs:
            tasks.append(
                Task(
                    _("The deadline has passed but the workshop wishes are not assigned."),
                    "workshops.manage",
                    {"conference_id": conference.id},
                )
            )
    if figures.open_claims:
        tasks.append(
            Task(
                ngettext(
                    "%(num)s reimbursement claim waits for a decision.",
                    "%(num)s reimbursement claims wait for a decision.",
                    figures.open_claims,
                ),
                "reimbursements.queue",
                {},
            )
        )
    if past:
        summary = db.session.scalar(select(Summary).where(Summary.conference_id == conference.id))
        if summary is None or summary.state is SummaryState.DRAFT:
            tasks.append(
                Task(
                    _("The summary for the steering group is not written yet."),
                    "summaries.edit",
                    {"conference_id": conference.id},
                )
            )
    return tasks


def staff_conferences(user) -> tuple[list[Conference], list[Conference]]:
    """The user's conferences: (upcoming, soonest first; past, latest first)."""
    from okconf.conferences.services import managed_conferences

    conferences = managed_conferences(user)
    now = today()
    upcoming = [c for c in conferences if c.date is None or c.last_day >= now]
    upcoming.sort(key=lambda c: (c.date is None, c.date or now, c.id))
    past = [c for c in conferences if c.date is not None and c.last_day < now]
    past.sort(key=lambda c: (c.date, c.id), reverse=True)
    return upcoming, past
