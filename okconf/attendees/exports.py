"""Exports of a conference's registrations: catering list, exhibition tables, badges.

The attendee list (CSV, XLSX) is in `attendee_list`, since it streams.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf.companions.models import Companion
from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.spreadsheets import XlsxBook
from okconf.vocabulary import Diet

# --- catering ------------------------------------------------------------------------------


@dataclass
class DietGroup:
    """One combination of needs (one meal each): how many, and who.

    A person with two needs (vegetarian and "other") is one row, "Vegetarian + Other", not
    one in each: the caterer cooks one meal per person, so the rows add up to the total.
    """

    diets: tuple[Diet, ...]
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, organisation)

    @property
    def label(self) -> str:
        """The combination in words, e.g. "Vegetarisk + Övrigt"."""
        return " + ".join(str(d.label) for d in self.diets)

    @property
    def count(self) -> int:
        """How many people have exactly this combination."""
        return len(self.names)


@dataclass
class Catering:
    """The catering list: meals per combination of needs, the names behind each, the texts."""

    total: int
    groups: list[DietGroup]
    other_texts: list[tuple[str, str]]  # (name, text)

    @property
    def with_special_diet(self) -> int:
        """People with a structured diet or an "other" text."""
        return sum(g.count for g in self.groups)

    @property
    def without_special_diet(self) -> int:
        """People with neither a structured diet nor an "other" text."""
        return self.total - self.with_special_diet


def catering(conference: Conference) -> Catering:
    """Diets of the confirmed registrations and their companions (special-category data:
    staff and caterer only)."""
    confirmed = (
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
    )
    label = func.coalesce(Organisation.name, Registration.organisation_name)
    order = (func.lower(Registration.last_name), func.lower(Registration.first_name))
    people = db.session.execute(
        select(
            Registration.id,
            Registration.first_name,
            Registration.last_name,
            label,
            Registration.diet_other,
        )
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(*confirmed)
        .order_by(*order, Registration.id)
    ).all()
    needs: dict[int | tuple, set[Diet]] = {}
    for reg_id, diet in db.session.execute(
        select(RegistrationDiet.registration_id, RegistrationDiet.diet)
        .join(Registration, Registration.id == RegistrationDiet.registration_id)
        .where(*confirmed)
    ):
        needs.setdefault(reg_id, set()).add(diet)
    rank = {d: i for i, d in enumerate(Diet)}
    groups: dict[tuple[Diet, ...], DietGroup] = {}
    others = []
    people = [(reg_id, f"{first} {last}", org, other) for reg_id, first, last, org, other in people]
    # Companions eat too: each with their own diet, named with whom they come.
    for companion, first, last, org in db.session.execute(
        select(Companion, Registration.first_name, Registration.last_name, label)
        .join(Registration, Registration.id == Companion.registration_id)
        .outerjoin(Organisation, Registration.organisation_id == Organisation.id)
        .where(*confirmed)
        .order_by(*order, Registration.id)
    ):
        key = ("companion", companion.id)
        needs[key] = set(companion.diet_list)
        name = _(
            "%(name)s (companion of %(participant)s)",
            name=companion.name,
            participant=f"{first} {last}",
        )
        people.append((key, name, org, companion.diet_other))
    for reg_id, name, org, other in people:
        diets = set(needs.get(reg_id, ()))
        if other and other.strip():
            # A need in the person's own words is an "other" need, whether ticked or not.
            diets.add(Diet.OTHER)
            others.append((name, other))
        if diets:
            key = tuple(sorted(diets, key=rank.__getitem__))
            groups.setdefault(key, DietGroup(diets=key)).names.append((name, org or ""))
    ordered = sorted(groups.values(), key=lambda g: (-g.count, [rank[d] for d in g.diets]))
    return Catering(total=len(people), groups=ordered, other_texts=others)


def catering_xlsx(conference: Conference, summary: Catering) -> bytes:
    """The catering list as an XLSX workbook: a summary sheet and the names per diet."""
    book = XlsxBook()
    sheet = book.sheet(_("Summary"))
    sheet.write_row([_("Diet"), _("Meals")], bold=True)
    for group in summary.groups:
        sheet.write_row([group.label, group.count])
    sheet.write_row([_("No special diet"), summary.without_special_diet])
    sheet.write_row([_("Total"), summary.total], bold=True)
    names = book.sheet(_("Names"))
    names.write_row([_("Diet"), _("Name"), _("Organisation")], bold=True)
    for group in summary.groups:
        for name, org in group.names:
            names.write_row([group.label, name, org])
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
