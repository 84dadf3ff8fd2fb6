"""Exports of a conference's registrations: catering list, exhibition tables, badges.

The attendee list (CSV, XLSX) is in `attendee_list`, since it streams.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.spreadsheets import XlsxBook
from okconf.vocabulary import Diet

# --- catering ------------------------------------------------------------------------------


@dataclass
class DietGroup:
    """One diet: how many, and who."""

    diet: Diet
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, organisation)

    @property
    def count(self) -> int:
        """How many people have this need."""
        return len(self.names)


@dataclass
class Catering:
    """The catering list: counts per diet, the names behind each, and the "other" texts."""

    total: int
    groups: list[DietGroup]
    other_texts: list[tuple[str, str]]  # (name, text)

    @property
    def without_special_diet(self) -> int:
        """People with neither a structured diet nor an "other" text."""
        return self.total - self.with_special_diet

    with_special_diet: int = 0


def catering(conference: Conference) -> Catering:
    """Diets of the confirmed registrations (special-category data: staff and caterer only)."""
    confirmed = (
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
    )
    label = func.coalesce(Organisation.name, Registration.organisation_name)
    order = (func.lower(Registration.last_name), func.lower(Registration.first_name))
    groups = {d: DietGroup(diet=d) for d in Diet}
    special: set[int] = set()
    for reg_id, diet, first, last, org in db.session.execute(
        select(
            Registration.id,
            RegistrationDiet.diet,
            Registration.first_name,
            Registration.last_name,
            label,
        )
        .join(Registration, Registration.id == RegistrationDiet.registration_id)
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(*confirmed)
        .order_by(*order)
    ):
        groups[diet].names.append((f"{first} {last}", org or ""))
        special.add(reg_id)
    others = []
    for reg_id, first, last, text in db.session.execute(
        select(
            Registration.id,
            Registration.first_name,
            Registration.last_name,
            Registration.diet_other,
        )
        .where(*confirmed, Registration.diet_other != "")
        .order_by(*order)
    ):
        others.append((f"{first} {last}", text))
        special.add(reg_id)
    total = db.session.scalar(select(func.count()).where(*confirmed)) or 0
    result = Catering(
        total=total, groups=[g for g in groups.values() if g.names], other_texts=others
    )
    result.with_special_diet = len(special)
    return result


def catering_xlsx(conference: Conference, summary: Catering) -> bytes:
    """The catering list as an XLSX workbook: a summary sheet and the names per diet."""
    book = XlsxBook()
    sheet = book.sheet(_("Summary"))
    sheet.write_row([_("Diet"), _("Number")], bold=True)
    for group in summary.groups:
        sheet.write_row([group.diet.label, group.count])
    sheet.write_row([_("No special diet"), summary.without_special_diet])
    sheet.write_row([_("Total"), summary.total], bold=True)
    names = book.sheet(_("Names"))
    names.write_row([_("Diet"), _("Name"), _("Organisation")], bold=True)
    for group in summary.groups:
        for name, org in group.names:
            names.write_row([group.diet.label, name, org])
    for name, text in summary.other_texts:
        names.write_row([_("Other: %(text)s", text=text), name, ""])
    return book.close()


# --- exhibition tables and badges ----------------------------------------------------------


def exhibition_tables(conference: Conference) -> list[tuple[str, list[Registration]]]:
    """Organisations that asked for an exhibition table (bokbord), with the people who asked."""
    label = func.coalesce(Organisation.name, Registration.organisation_name)
    tables: dict[str, tuple[str, list[Registration]]] = {}
    for org, registration in db.session.execute(
        select(label, Registration)
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.wants_exhibition_table,
        )
        .order_by(func.lower(label), Registration.last_name)
    ):
        key = " ".join((org or "").lower().split())
        tables.setdefault(key, (org or "", []))[1].append(registration)
    return list(tables.values())


def badges_pdf(conference: Conference, html: str) -> bytes:
    """Render the badge sheet's HTML to PDF with WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html, base_url=".").write_pdf()
