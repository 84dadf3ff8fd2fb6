"""Participation statistics: counted from registrations and check-ins, or entered by hand.

Both are kept for every conference: the *counted* figures are computed from the
registrations, the *entered* ones are typed by an organiser (for a conference whose
participants were never registered one by one, as for the seed reports' conferences). The
organiser chooses which the reports use (`EnteredFigures.source`); by default a conference
nobody registered for in okconf uses its entered figures, any other its counted ones. A
series may also have figures the source gives only for the series as a whole. Reports say,
per conference, which figures they show. The counting is okconf/statistics.py's (the
dashboard and the attendee statistics read the same counts).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from okconf import statistics as counts
from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.reports.models import EnteredFigures, FigureSource, SeriesFigures
from okconf.vocabulary import OrganisationType, Party

COUNTED = "counted"
ENTERED = "entered"
AGENCY_TYPES = counts.AGENCY_TYPES
REPEAT_THRESHOLD = 3


@dataclass
class Figures:
    """One conference's participation figures."""

    conference: Conference
    source: str
    total: int | None
    by_party: dict[Party, int | None]
    organisations: int | None = None
    municipalities: int | None = None
    agencies: int | None = None
    politicians: int | None = None
    registered: int | None = None
    attended: int | None = None
    # Of the total: those who took part online (confirmed online; counted figures only).
    online: int = 0
    # Each attending organisation's key and name (counted figures only).
    organisation_names: dict = field(default_factory=dict)
    # Each attending organisation's key and type (counted figures only).
    organisation_types: dict = field(default_factory=dict)
    # Where entered figures come from (the organiser's note).
    note: str = ""
    # The organiser's choice (AUTO when none was made).
    choice: FigureSource = FigureSource.AUTO

    @property
    def unsplit(self) -> int:
        """Participants not split by sector (entered totals whose source gives no split)."""
        if self.total is None:
            return 0
        return self.total - sum(v or 0 for v in self.by_party.values())

    @property
    def entered(self) -> bool:
        """The figures were typed in, not counted."""
        return self.source == ENTERED


@dataclass
class Totals:
    """The figures of several conferences together."""

    total: int
    # None for a sector when the only total is a series' that gives no split.
    by_party: dict[Party, int | None]
    organisations: int | None
    municipalities: int | None
    agencies: int | None
    politicians: int | None
    registered: int | None
    attended: int | None
    includes_entered: bool
    # Participants of entered totals that are not split by sector.
    unsplit: int
    # (organisation name, number of conferences) for those at REPEAT_THRESHOLD or more.
    repeat_organisations: list[tuple[str, int]]
    repeat_threshold: int | None
    # The series whose figures for the series as a whole were used, with their notes.
    series_used: list[SeriesFigures] = field(default_factory=list)
    # True when the total is the series' (some conference has no total of its own).
    total_from_series: bool = False
    # Of the total: those who took part online.
    online: int = 0


def counted(conference: Conference, groups: list[counts.Group] | None = None) -> Figures:
    """Figures counted from the conference's (confirmed) registrations and check-ins: those
    checked in on site and those confirmed online (who are never checked in at the door)."""
    if groups is None:
        groups = counts.confirmed_groups([conference.id])[conference.id]
    present = [g for g in groups if g.attended or g.online]
    parties = Counter()
    for group in present:
        parties[group.party] += group.attended + group.online
    names, types = {}, {}
    for group in present:
        if group.organisation is not None:
            names.setdefault(group.organisation, group.organisation_name)
            types.setdefault(group.organisation, group.registry_type)
    attended = sum(g.attended for g in present)
    online = sum(g.online for g in present)
    return Figures(
        conference=conference,
        source=COUNTED,
        total=attended + online,
        online=online,
        by_party={p: parties.get(p, 0) for p in Party},
        organisations=len(names),
        municipalities=sum(1 for t in types.values() if t is OrganisationType.MUNICIPALITY),
        agencies=sum(1 for t in types.values() if t in AGENCY_TYPES),
        politicians=sum(g.attended + g.online for g in present if g.politician),
        registered=sum(g.registered for g in groups),
        attended=attended,
        organisation_names=names,
        organisation_types=types,
    )


def entered(conference: Conference, figures: EnteredFigures) -> Figures:
    """Figures typed in by an organiser."""
    return Figures(
        note=figures.note,
        choice=figures.source,
        conference=conference,
        source=ENTERED,
        total=figures.total,
        by_party={
            Party.CIVIL_SOCIETY: figures.civil_society,
            Party.PUBLIC_SECTOR: figures.public_sector,
            Party.BUSINESS_OTHER: figures.business_other,
        },
        organisations=figures.organisations,
        municipalities=figures.municipalities,
        agencies=figures.agencies,
        politicians=figures.politicians,
    )


_UNKNOWN = object()


def uses_entered(typed: EnteredFigures | None, registered: int) -> bool:
    """Whether reports use the entered figures: the organiser's choice, or by default when
    nobody was registered in okconf (a conference held before okconf, as in the seeds)."""
    if typed is None:
        return False
    if typed.source is FigureSource.AUTO:
        return registered == 0
    return typed.source is FigureSource.ENTERED


def figures_for(
    conference: Conference, groups: list[counts.Group] | None = None, typed=_UNKNOWN
) -> Figures:
    """The figures reports use for the conference: entered or counted (see `uses_entered`)."""
    result = counted(conference, groups)
    if typed is _UNKNOWN:
        typed = db.session.get(EnteredFigures, conference.id)
    if uses_entered(typed, result.registered or 0):
        return entered(conference, typed)
    if typed is not None:
        result.choice = typed.source
    return result


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _whole_series(rows: list[Figures]) -> list[SeriesFigures]:
    """The series figures that apply: when the rows are exactly whole series that have some."""
    ids = {r.conference.id for r in rows}
    series = {r.conference.series_id for r in rows}
    if not rows or None in series:
        return []
    used = []
    for series_id in sorted(series):
        figures = db.session.get(SeriesFigures, series_id)
        if figures is None:
            return []
        members = db.session.scalars(
            select(Conference.id).where(Conference.series_id == series_id)
        ).all()
        if not set(members) <= ids:
            return []
        used.append(figures)
    return used


def totals(rows: list[Figures], series: list[SeriesFigures] | None = None) -> Totals:
    """Totals over conferences: counted organisations are counted once across conferences.

    With `series` (figures given for whole series the rows make up), the total is the
    series' when a conference has no total of its own, and the distinct counts
    (organisations, municipalities, agencies, politicians) are the series' where given:
    distinct counts cannot be added up conference by conference."""
    series = series or []
    counted_rows = [r for r in rows if not r.entered]
    entered_rows = [r for r in rows if r.entered]
    names: dict = {}
    seen: Counter = Counter()
    types: dict = {}
    for row in counted_rows:
        for key, name in row.organisation_names.items():
            names.setdefault(key, name)
            seen[key] += 1
    # Distinct municipalities and agencies across the counted conferences.
    for row in counted_rows:
        for key, org_type in row.organisation_types.items():
            types.setdefault(key, org_type)

    def combine(distinct: int, attr: str) -> int | None:
        extra = _sum([getattr(r, attr) for r in entered_rows])
        if not counted_rows:
            return extra
        return distinct + (extra or 0)

    threshold = min(REPEAT_THRESHOLD, len(rows)) if len(rows) >= 2 else None
    repeat = []
    if threshold:
        repeat = sorted(
            ((names[k], n) for k, n in seen.items() if n >= threshold),
            key=lambda item: (-item[1], item[0].casefold()),
        )
    result = Totals(
        total=sum(r.total or 0 for r in rows),
        by_party={p: sum(r.by_party[p] or 0 for r in rows) for p in Party},
        organisations=combine(len(names), "organisations"),
        municipalities=combine(
            sum(1 for t in types.values() if t is OrganisationType.MUNICIPALITY), "municipalities"
        ),
        agencies=combine(sum(1 for t in types.values() if t in AGENCY_TYPES), "agencies"),
        politicians=_sum([r.politicians for r in rows]),
        registered=_sum([r.registered for r in counted_rows]),
        attended=_sum([r.attended for r in counted_rows]),
        online=sum(r.online for r in counted_rows),
        includes_entered=bool(entered_rows),
        unsplit=sum(r.unsplit for r in rows),
        repeat_organisations=repeat,
        repeat_threshold=threshold,
        series_used=list(series),
    )
    if series:
        if any(r.total is None for r in rows):
            result.total = sum(s.total for s in series)
            result.by_party = {
                p: _sum([getattr(s, SECTOR_FIELDS[p]) for s in series]) for p in Party
            }
            result.unsplit = result.total - sum(v or 0 for v in result.by_party.values())
            result.total_from_series = True
        for attr in ("organisations", "municipalities", "agencies", "politicians"):
            given = _sum([getattr(s, attr) for s in series])
            if given is not None:
                setattr(result, attr, given)
    return result


SECTOR_FIELDS = {
    Party.CIVIL_SOCIETY: "civil_society",
    Party.PUBLIC_SECTOR: "public_sector",
    Party.BUSINESS_OTHER: "business_other",
}


def statistics(conferences: list[Conference]) -> tuple[list[Figures], Totals]:
    """Each conference's figures, in date order, and their totals."""
    ids = [c.id for c in conferences]
    groups = counts.confirmed_groups(ids)
    typed = (
        {
            f.conference_id: f
            for f in db.session.scalars(
                select(EnteredFigures).where(EnteredFigures.conference_id.in_(ids))
            )
        }
        if ids
        else {}
    )
    rows = [figures_for(c, groups[c.id], typed.get(c.id)) for c in conferences]
    series = _whole_series(rows) if any(r.entered for r in rows) else []
    return rows, totals(rows, series)


def series_figures_of_year(year: int) -> list[SeriesFigures]:
    """The figures entered for the series of a year (the parties' annual report uses them)."""
    from okconf.conferences.models import Series

    return list(
        db.session.scalars(
            select(SeriesFigures)
            .join(Series, Series.id == SeriesFigures.series_id)
            .where(Series.year == year)
            .order_by(Series.name)
        )
    )
