"""The steering group's rules (from the Agreement's rules of procedure, seed 001) and measures.

Reading of the rules (seed 001, "Styrgruppens arbete och roll"):
- "Varje part kan delta i styrgruppen med högst fyra personer per möte, inklusive ordförande":
  at most four members per party per year, the chair included. Substitutes (ersättare) only
  stand in for a member at a meeting, so they are not counted.
- "Vice ordförande väljs från en annan part än ordförandeskapets": chair and vice chair come
  from different parties.
- "En representant för de idéburna organisationernas bör alltid vara antingen ordförande eller
  vice ordförande": once both offices are filled, one of them is from civil society.
- One chair and one vice chair per year; substitutes hold no office.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.steering.models import AgreementParty, Measure, MeasureReport, Office, SteeringMember

MAX_MEMBERS_PER_PARTY = 4


def members_of(year: int) -> list[SteeringMember]:
    """The year's members: offices first, then by party and name."""
    members = db.session.scalars(select(SteeringMember).where(SteeringMember.year == year)).all()
    order = {Office.CHAIR: 0, Office.VICE_CHAIR: 1, Office.MEMBER: 2}
    return sorted(members, key=lambda m: (m.is_substitute, order[m.office], m.party.value, m.name))


def years() -> list[int]:
    """Every year that has a steering group, oldest first."""
    return list(
        db.session.scalars(select(SteeringMember.year).distinct().order_by(SteeringMember.year))
    )


def _check(member: SteeringMember) -> None:
    """Refuse a seat that would break the rules, with a message for the field concerned."""
    others = [m for m in members_of(member.year) if m is not member and m.id != member.id]
    if member.is_substitute and member.office is not Office.MEMBER:
        raise DomainError(_("A substitute cannot be chair or vice chair."), field="office")
    if not member.is_substitute:
        same_party = [m for m in others if m.party is member.party and not m.is_substitute]
        if len(same_party) >= MAX_MEMBERS_PER_PARTY:
            raise Conflict(
                _(
                    "%(party)s already has %(n)s members in %(year)s; a party may have at most "
                    "%(n)s (substitutes are not counted).",
                    party=member.party.label,
                    n=MAX_MEMBERS_PER_PARTY,
                    year=member.year,
                ),
                field="party",
            )
    if member.office is Office.MEMBER:
        return
    if any(m.office is member.office for m in others):
        raise Conflict(
            _("%(year)s already has a %(office)s.", year=member.year, office=member.office.label),
            field="office",
        )
    counterpart_office = Office.VICE_CHAIR if member.office is Office.CHAIR else Office.CHAIR
    counterpart = next((m for m in others if m.office is counterpart_office), None)
    if counterpart is None:
        return
    if counterpart.party is member.party:
        raise Conflict(
            _("The chair and the vice chair must come from different parties."), field="office"
        )
    if AgreementParty.CIVIL_SOCIETY not in (counterpart.party, member.party):
        raise Conflict(
            _("The chair or the vice chair must represent the civil-society organisations."),
            field="office",
        )


def add_member(
    year: int,
    name: str,
    party: AgreementParty,
    *,
    organisation_name: str = "",
    email: str = "",
    is_substitute: bool = False,
    office: Office = Office.MEMBER,
    note: str = "",
) -> SteeringMember:
    """Seat a member (or substitute) for a year, keeping the Agreement's rules."""
    member = SteeringMember(
        year=year,
        name=name.strip(),
        party=AgreementParty(party),
        organisation_name=organisation_name.strip(),
        email=email.strip().lower(),
        is_substitute=is_substitute,
        office=Office(office),
        note=note.strip(),
    )
    if not member.name:
        raise DomainError(_("Enter the member's name."), field="name")
    _check(member)
    db.session.add(member)
    db.session.flush()
    return member


def remove_member(member: SteeringMember) -> None:
    """Remove a seat."""
    db.session.delete(member)
    db.session.flush()


def problems(year: int) -> list[str]:
    """What the year's group still lacks (shown as warnings, not refused: seats come one by one)."""
    members = members_of(year)
    result = []
    if not any(m.office is Office.CHAIR for m in members):
        result.append(_("No chair has been appointed."))
    if not any(m.office is Office.VICE_CHAIR for m in members):
        result.append(_("No vice chair has been appointed."))
    return result


def measures(party: AgreementParty | None = None) -> list[Measure]:
    """The measures, by party and number."""
    query = select(Measure).order_by(Measure.party, Measure.number)
    if party is not None:
        query = query.where(Measure.party == party)
    return list(db.session.scalars(query))


def add_measure(party: AgreementParty, number: int, commitment: str, title: str = "") -> Measure:
    """Add a numbered measure; numbers are unique per party."""
    party = AgreementParty(party)
    if number < 1:
        raise DomainError(_("The number must be 1 or more."), field="number")
    exists = db.session.scalar(
        select(Measure).where(Measure.party == party, Measure.number == number)
    )
    if exists is not None:
        raise Conflict(
            _("%(party)s already has a measure number %(n)s.", party=party.label, n=number),
            field="number",
        )
    if not commitment.strip():
        raise DomainError(_("Enter the commitment text."), field="commitment")
    measure = Measure(party=party, number=number, commitment=commitment.strip(), title=title)
    db.session.add(measure)
    db.session.flush()
    return measure


def report_progress(measure: Measure, year: int, text: str) -> MeasureReport:
    """Write (or rewrite) the year's progress report on a measure."""
    if not text.strip():
        raise DomainError(_("Enter the progress report."), field="text")
    report = measure.report_for(year)
    if report is None:
        report = MeasureReport(measure=measure, year=year, text=text.strip())
        db.session.add(report)
    else:
        report.text = text.strip()
    db.session.flush()
    return report
