"""Conference summaries (with explicit state transitions) and entered participation figures."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.accounts.models import Role
from okconf.conferences.models import Conference
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.groupwork.models import NoteKind
from okconf.groupwork.services import feedback_results, notes_of
from okconf.reports.models import (
    SECTIONS,
    EnteredFigures,
    FigureSource,
    SeriesFigures,
    Summary,
    SummaryState,
)
from okconf.vocabulary import Principle, Theme

# action: (from state, to state, roles allowed besides admin)
TRANSITIONS = {
    "submit": (SummaryState.DRAFT, SummaryState.SUBMITTED, (Role.ORGANISER,)),
    "approve": (SummaryState.SUBMITTED, SummaryState.APPROVED, (Role.READER,)),
    "return": (SummaryState.SUBMITTED, SummaryState.DRAFT, (Role.READER,)),
    "reopen": (SummaryState.APPROVED, SummaryState.DRAFT, ()),
}


def summary_for(conference: Conference) -> Summary | None:
    """The conference's summary, if started."""
    return db.session.scalar(select(Summary).where(Summary.conference_id == conference.id))


def prefill(conference: Conference) -> dict:
    """Starting text for a new summary, drawn from what okconf recorded."""
    values: dict = {}
    if conference.guiding_question:
        values["focus"] = conference.guiding_question
    results = feedback_results([conference.id])
    if results["total"]["count"]:
        values["knowledge"] = _(
            "%(n)s participants answered the feedback form. On a scale from 1 to 5 their "
            "knowledge of the Agreement was %(before)s on average before the conference and "
            "%(after)s after it.",
            n=results["total"]["count"],
            before=results["total"]["mean_before"],
            after=results["total"]["mean_after"],
        )
    speakers = [
        ", ".join(x for x in (s.name, s.role, s.organisation_name) if x)
        for item in conference.programme
        for s in item.speakers
    ]
    dialogue = []
    if speakers:
        dialogue.append(_("Speakers: %(list)s.", list="; ".join(speakers)))
    workshops = [w.title for w in conference.workshops if not w.cancelled]
    if workshops:
        dialogue.append(_("Workshops: %(list)s.", list="; ".join(workshops)))
    if dialogue:
        values["dialogue"] = "\n\n".join(dialogue)
    notes = notes_of(conference, visible_only=True)
    for kind, attr in ((NoteKind.OBSTACLE, "obstacles"), (NoteKind.OPPORTUNITY, "opportunities")):
        lines = []
        for theme in Theme:
            for note in sorted(
                (n for n in notes if n.kind is kind and n.theme is theme), key=lambda n: n.id
            ):
                count = f" (×{note.count})" if note.count > 1 else ""
                lines.append(f"- {note.text} [{theme.label}]{count}")
        if lines:
            values[attr] = "\n".join(lines)
    touched = {n.principle for n in notes if n.principle}
    if touched:
        values["principles_emphasised"] = ",".join(p.value for p in Principle if p in touched)
    return values


def start_summary(conference: Conference) -> Summary:
    """The conference's summary, created as a pre-filled draft on first use."""
    summary = summary_for(conference)
    if summary is None:
        summary = Summary(conference_id=conference.id, **prefill(conference))
        db.session.add(summary)
        db.session.flush()
    return summary


def update_summary(summary: Summary, principles: list[Principle], **texts: str) -> Summary:
    """Save the editor's sections; only a draft can be edited."""
    if summary.state is not SummaryState.DRAFT:
        raise Conflict(_("Only a draft can be edited. Ask the steering group to return it."))
    for name, _label in SECTIONS:
        if name in texts:
            setattr(summary, name, (texts[name] or "").strip())
    summary.principles_emphasised = ",".join(Principle(p).value for p in principles)
    db.session.flush()
    return summary


def transition(summary: Summary, action: str, user) -> Summary:
    """Move a summary along draft → submitted → approved (or back), if the user may."""
    if action not in TRANSITIONS:
        raise DomainError(_("Unknown action."))
    source, target, roles = TRANSITIONS[action]
    if not user.has_role(*roles):
        raise NotAllowed(_("You may not do that with a summary."))
    if summary.state is not source:
        raise Conflict(
            _(
                "The summary is %(state)s; that cannot be done now.",
                state=summary.state.label.lower(),
            )
        )
    summary.state = target
    now = utcnow()
    if target is SummaryState.SUBMITTED:
        summary.submitted_at = now
    if target is SummaryState.APPROVED:
        summary.approved_at = now
    if target is SummaryState.DRAFT:
        summary.approved_at = None
    audit.record(f"summary.{action}", summary, state=target)
    db.session.flush()
    return summary


def summaries(states: tuple[SummaryState, ...]) -> list[Summary]:
    """Summaries in the given states, by conference date."""
    return list(
        db.session.scalars(
            select(Summary)
            .join(Conference, Conference.id == Summary.conference_id)
            .where(Summary.state.in_(states))
            .order_by(Conference.date)
        )
    )


def _check_counts(total: int | None, values: dict[str, int | None]) -> None:
    """Refuse negative counts and sectors that add up to more than the total."""
    for name, value in (("total", total), *values.items()):
        if value is not None and value < 0:
            raise DomainError(_("A count cannot be negative."), field=name)
    parts = sum(values.get(k) or 0 for k in ("civil_society", "public_sector", "business_other"))
    if total is not None and parts > total:
        raise DomainError(
            _("The sectors add up to more than the total (%(n)s).", n=total), field="total"
        )


def set_entered_figures(
    conference: Conference,
    *,
    total: int | None,
    civil_society: int | None,
    public_sector: int | None,
    business_other: int | None,
    organisations: int | None = None,
    municipalities: int | None = None,
    agencies: int | None = None,
    politicians: int | None = None,
    note: str = "",
    source: FigureSource | None = None,
) -> EnteredFigures:
    """Enter (or correct) the counts of a conference whose participants were not registered.

    The total may be left out when the source gives it only for the whole series; `source`
    (when given) is the organiser's choice of figures for the reports."""
    values = {
        "civil_society": civil_society,
        "public_sector": public_sector,
        "business_other": business_other,
        "organisations": organisations,
        "municipalities": municipalities,
        "agencies": agencies,
        "politicians": politicians,
    }
    _check_counts(total, values)
    nothing = total is None and all(v is None for v in values.values())
    if nothing and (source is None or FigureSource(source) is not FigureSource.ENTERED):
        # An empty row would replace the counted figures with dashes; only a deliberate
        # choice of "entered" records that the source gives nothing for this conference.
        raise DomainError(_("Enter the total, or at least one count."), field="total")
    figures = db.session.get(EnteredFigures, conference.id)
    if figures is None:
        figures = EnteredFigures(conference_id=conference.id, total=total)
        db.session.add(figures)
    figures.total = total
    figures.civil_society = civil_society
    figures.public_sector = public_sector
    figures.business_other = business_other
    figures.organisations = organisations
    figures.municipalities = municipalities
    figures.agencies = agencies
    figures.politicians = politicians
    figures.note = (note or "").strip()[:300]
    if source is not None:
        figures.source = FigureSource(source)
    db.session.flush()
    return figures


def choose_figures(conference: Conference, source: FigureSource) -> None:
    """The organiser's choice of the figures the reports use for the conference."""
    source = FigureSource(source)
    figures = db.session.get(EnteredFigures, conference.id)
    if figures is None:
        if source is FigureSource.ENTERED:
            raise DomainError(
                _("Enter the figures first; there are none to use yet."), field="source"
            )
        return
    figures.source = source
    db.session.flush()


def set_series_figures(series, *, total: int, note: str = "", **counts) -> SeriesFigures:
    """Enter (or correct) the figures a source gives for a whole series of conferences."""
    if total is None:
        raise DomainError(_("Enter the total."), field="total")
    _check_counts(total, counts)
    figures = db.session.get(SeriesFigures, series.id)
    if figures is None:
        figures = SeriesFigures(series_id=series.id, total=total)
        db.session.add(figures)
    figures.total = total
    for name in (
        "civil_society",
        "public_sector",
        "business_other",
        "organisations",
        "municipalities",
        "agencies",
        "politicians",
    ):
        setattr(figures, name, counts.get(name))
    figures.note = (note or "").strip()[:300]
    db.session.flush()
    return figures


def clear_entered_figures(conference: Conference) -> None:
    """Remove the entered counts (the figures are then counted from registrations)."""
    figures = db.session.get(EnteredFigures, conference.id)
    if figures is not None:
        db.session.delete(figures)
        db.session.flush()
