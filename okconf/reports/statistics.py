"""Participation statistics: counted from registrations and check-ins, or entered by hand.

A conference's figures are *counted* when anyone was checked in (or when nothing was entered
by hand), and *entered* when an organiser typed the counts for a conference whose
participants were never registered one by one. Reports say which is which.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.reports.models import EnteredFigures
from okconf.vocabulary import OrganisationType, Party

COUNTED = "counted"
ENTERED = "entered"
AGENCY_TYPES = (OrganisationType.GOVERNMENT_AGENCY, OrganisationType.COUNTY_BOARD)
REPEAT_THRESHOLD = 3


@dataclass
class Figures:
    """One conference's participation figures."""

    conference: Conference
    source: str
    total: int
    by_party: dict[Party, int | None]
    organisations: int | None = None
    municipalities: int | None = None
    agencies: int | None = None
    politicians: int | None = None
    registered: int | None = None
    attended: int | None = None
    # Each attending organisation's key and name (counted figures only).
    organisation_names: dict = field(default_factory=dict)
    # Each attending organisation's key and type (counted figures only).
    organisation_types: dict = field(default_factory=dict)

    @property
    def unsplit(self) -> int:
        """Participants not split by sector (entered totals whose source gives no split)."""
        return self.total - sum(v or 0 for v in self.by_party.values())

    @property
    def entered(self) -> bool:
        """The figures were typed in, not counted."""
        return self.source == ENTERED


@dataclass
class Totals:
    """The figures of several conferences together."""

    total: int
    by_party: dict[Party, int]
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


def _org_key(registration: Registration):
    if registration.organisation_id is not None:
        return ("id", registration.organisation_id)
    name = (registration.organisation_name or "").strip().casefold()
    return ("name", name) if name else None


def _org_name(registration: Registration) -> str:
    if registration.organisation is not None:
        return registration.organisation.name
    return registration.organisation_name.strip()


def _confirmed(conference_ids: list[int]) -> dict[int, list[Registration]]:
    """The confirmed registrations of the conferences, with their organisations, in one go
    (per conference and per organisation queries made the statistics grow with the rows)."""
    by_conference: dict[int, list[Registration]] = {i: [] for i in conference_ids}
    if not conference_ids:
        return by_conference
    for registration in db.session.scalars(
        select(Registration)
        .options(selectinload(Registration.organisation))
        .where(
            Registration.conference_id.in_(conference_ids),
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.id)
    ):
        by_conference[registration.conference_id].append(registration)
    return by_conference


def counted(conference: Conference, registrations: list[Registration] | None = None) -> Figures:
    """Figures counted from the conference's (confirmed) registrations and check-ins."""
    if registrations is None:
        registrations = _confirmed([conference.id])[conference.id]
    present = [r for r in registrations if r.checked_in_at is not None]
    parties = Counter(r.party for r in present)
    names, types = {}, {}
    for r in present:
        key = _org_key(r)
        if key is not None:
            names.setdefault(key, _org_name(r))
            types.setdefault(key, r.organisation.org_type if r.organisation else r.org_type)
    return Figures(
        conference=conference,
        source=COUNTED,
        total=len(present),
        by_party={p: parties.get(p, 0) for p in Party},
        organisations=len(names),
        municipalities=sum(1 for t in types.values() if t is OrganisationType.MUNICIPALITY),
        agencies=sum(1 for t in types.values() if t in AGENCY_TYPES),
        politicians=sum(1 for r in present if r.is_politician),
        registered=len(registrations),
        attended=len(present),
        organisation_names=names,
        organisation_types=types,
    )


def entered(conference: Conference, figures: EnteredFigures) -> Figures:
    """Figures typed in by an organiser."""
    return Figures(
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


def figures_for(
    conference: Conference, registrations: list[Registration] | None = None, typed=_UNKNOWN
) -> Figures:
    """Counted figures when anyone was checked in; otherwise entered ones if there are any."""
    result = counted(conference, registrations)
    if result.attended:
        return result
    if typed is _UNKNOWN:
        typed = db.session.get(EnteredFigures, conference.id)
    return entered(conference, typed) if typed is not None else result


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def totals(rows: list[Figures]) -> Totals:
    """Totals over conferences: counted organisations are counted once across conferences."""
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
    return Totals(
        total=sum(r.total for r in rows),
        by_party={p: sum(r.by_party[p] or 0 for r in rows) for p in Party},
        organisations=combine(len(names), "organisations"),
        municipalities=combine(
            sum(1 for t in types.values() if t is OrganisationType.MUNICIPALITY), "municipalities"
        ),
        agencies=combine(sum(1 for t in types.values() if t in AGENCY_TYPES), "agencies"),
        politicians=_sum([r.politicians for r in rows]),
        registered=_sum([r.registered for r in counted_rows]),
        attended=_sum([r.attended for r in counted_rows]),
        includes_entered=bool(entered_rows),
        unsplit=sum(r.unsplit for r in rows),
        repeat_organisations=repeat,
        repeat_threshold=threshold,
    )


def statistics(conferences: list[Conference]) -> tuple[list[Figures], Totals]:
    """Each conference's figures, in date order, and their totals."""
    ids = [c.id for c in conferences]
    registrations = _confirmed(ids)
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
    rows = [figures_for(c, registrations[c.id], typed.get(c.id)) for c in conferences]
    return rows, totals(rows)
