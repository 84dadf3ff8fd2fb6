"""Registry rules: searching, saving and deleting organisations and contacts; the signatories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from okconf import signals
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.organisations.models import ContactPerson, Organisation
from okconf.vocabulary import OrganisationType, Party


@dataclass
class Filters:
    """What the registry list is narrowed to; None or empty means any."""

    q: str = ""
    org_type: OrganisationType | None = None
    party: Party | None = None
    town: str = ""
    signatory: bool | None = None


def search_organisations(filters: Filters) -> list[Organisation]:
    """Organisations matching the filters, by name; `q` matches name, town, email or a contact."""
    query = select(Organisation).order_by(func.lower(Organisation.name), Organisation.town)
    if filters.q.strip():
        needle = filters.q.strip().lower()
        contact_match = (
            select(ContactPerson.id)
            .where(ContactPerson.organisation_id == Organisation.id)
            .where(
                or_(
                    func.lower(ContactPerson.name).contains(needle, autoescape=True),
                    func.lower(ContactPerson.email).contains(needle, autoescape=True),
                )
            )
            .exists()
        )
        query = query.where(
            or_(
                func.lower(Organisation.name).contains(needle, autoescape=True),
                func.lower(Organisation.town).contains(needle, autoescape=True),
                func.lower(Organisation.email).contains(needle, autoescape=True),
                contact_match,
            )
        )
    if filters.org_type is not None:
        query = query.where(Organisation.org_type == filters.org_type)
    if filters.party is not None:
        query = query.where(Organisation.party == filters.party)
    if filters.town:
        query = query.where(func.lower(Organisation.town) == filters.town.lower())
    if filters.signatory is True:
        query = query.where(Organisation.signed_agreement_on.is_not(None))
    elif filters.signatory is False:
        query = query.where(Organisation.signed_agreement_on.is_(None))
    return list(db.session.scalars(query))


def towns() -> list[str]:
    """Every town in the registry, alphabetically."""
    rows = db.session.scalars(
        select(Organisation.town).where(Organisation.town != "").distinct()
    ).all()
    return sorted(set(rows), key=str.lower)


def signatories() -> list[Organisation]:
    """Organisations that signed the Agreement, in the order they joined (date, then name)."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.signed_agreement_on.is_not(None))
            .order_by(Organisation.signed_agreement_on, Organisation.name, Organisation.id)
        )
    )


def find_by_name_and_town(name: str, town: str) -> Organisation | None:
    """The organisation with this name in this town (case-insensitive), if any."""
    return db.session.scalar(
        select(Organisation)
        .where(func.lower(Organisation.name) == name.strip().lower())
        .where(func.lower(Organisation.town) == (town or "").strip().lower())
        .limit(1)
    )


def save_organisation(
    organisation: Organisation | None,
    *,
    name: str,
    org_type: OrganisationType,
    party: Party | None = None,
    town: str = "",
    email: str | None = None,
    website: str | None = None,
    signed_agreement_on: date | None = None,
) -> Organisation:
    """Create (organisation None) or update an organisation; the party defaults from the type.

    Refuses a second organisation with the same name in the same town.
    """
    name = name.strip()
    town = (town or "").strip()
    same = find_by_name_and_town(name, town)
    duplicate = Conflict(
        _("%(name)s in %(town)s is already in the registry.", name=name, town=town or "–"),
        field="name",
    )
    if same is not None and (organisation is None or same.id != organisation.id):
        raise duplicate
    # Someone may add the same organisation between the check and the insert: the unique
    # constraint then refuses it, and the savepoint keeps the rest of the transaction usable.
    try:
        with db.session.begin_nested():
            if organisation is None:
                organisation = Organisation()
                db.session.add(organisation)
            organisation.name = name
            organisation.org_type = org_type
            organisation.party = party or org_type.party
            organisation.town = town
            organisation.email = (email or "").strip().lower() or None
            organisation.website = (website or "").strip() or None
            organisation.signed_agreement_on = signed_agreement_on
            db.session.flush()
    except IntegrityError as error:
        raise duplicate from error
    return organisation


def delete_organisation(organisation: Organisation) -> None:
    """Delete an organisation and its contacts; refused (a Conflict raised by a receiver of
    `organisation_deleting`) while another feature still needs it, e.g. as a conference's
    host."""
    signals.organisation_deleting.send(organisation)
    db.session.delete(organisation)
    db.session.flush()


def save_contact(
    organisation: Organisation,
    contact: ContactPerson | None,
    *,
    name: str,
    email: str | None = None,
    phone: str | None = None,
    title: str = "",
) -> ContactPerson:
    """Add (contact None) or update a contact person of the organisation."""
    email = (email or "").strip().lower() or None
    if email and any(
        c.email == email and (contact is None or c.id != contact.id) for c in organisation.contacts
    ):
        raise Conflict(
            _("%(email)s is already a contact of this organisation.", email=email), field="email"
        )
    if contact is None:
        contact = ContactPerson(organisation=organisation)
        db.session.add(contact)
    contact.name = name.strip()
    contact.email = email
    contact.phone = (phone or "").strip() or None
    contact.title = (title or "").strip()
    db.session.flush()
    return contact


def delete_contact(contact: ContactPerson) -> None:
    """Remove a contact person."""
    db.session.delete(contact)
    db.session.flush()
