"""Choosing whom to invite: organisations and contacts from the registry, pasted addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parseaddr

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.organisations.models import ContactPerson, Organisation
from okconf.vocabulary import OrganisationType, Party

MAX_PASTED = 2000


@dataclass(frozen=True)
class Recipient:
    """Someone to invite: an address, and whom it belongs to when known."""

    email: str
    name: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""


@dataclass
class AddressProblem:
    """A pasted address that is not valid: its line, the text, and why."""

    line: int
    text: str
    message: str


def normalise_email(address: str) -> str:
    """The address as stored: validated, normalised, lower case (raises email_validator's
    EmailNotValidError, a ValueError)."""
    from email_validator import validate_email  # where addresses are checked, not at start

    return validate_email(address.strip(), check_deliverability=False).normalized.lower()


def registry_recipients(
    types: list[OrganisationType],
    parties: list[Party],
    towns: list[str],
    *,
    organisation_email: bool = True,
    contacts: bool = True,
) -> list[Recipient]:
    """Addresses from the registry: organisations matching every given criterion (an empty
    criterion matches all), their own address and/or their contact people's."""
    if not (types or parties or towns):
        return []
    query = select(Organisation).order_by(Organisation.name, Organisation.town)
    if types:
        query = query.where(Organisation.org_type.in_(types))
    if parties:
        query = query.where(Organisation.party.in_(parties))
    if towns:
        query = query.where(func.lower(Organisation.town).in_([t.lower() for t in towns]))
    recipients = []
    for organisation in db.session.scalars(query):
        if organisation_email and organisation.email:
            recipients.append(_from_registry(organisation.email, "", organisation))
        if contacts:
            for person in organisation.contacts:
                if person.email:
                    recipients.append(_from_registry(person.email, person.name, organisation))
    return [r for r in recipients if r is not None]


def _from_registry(address: str, name: str, organisation: Organisation) -> Recipient | None:
    try:
        email = normalise_email(address)
    except ValueError:  # EmailNotValidError
        return None  # a bad address in the registry is skipped rather than blocking a mailing
    return Recipient(email, name, organisation.id, organisation.name)


SEPARATORS = re.compile(r"[,;]")


def parse_addresses(text: str) -> tuple[list[Recipient], list[AddressProblem]]:
    """Pasted addresses, one a line or separated by commas or semicolons ("Name <a@b.se>" too).

    Addresses found in the registry (an organisation's or a contact person's) are linked to
    their organisation.
    """
    recipients, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        for part in SEPARATORS.split(line):
            part = part.strip()
            if not part:
                continue
            name, address = parseaddr(part)
            if not address or "@" not in address or " " in address:
                name, address = "", part
            try:
                email = normalise_email(address)
            except ValueError:  # EmailNotValidError
                problems.append(
                    AddressProblem(number, part, _("This is not a valid email address."))
                )
                continue
            recipients.append(Recipient(email, name.strip()))
    if len(recipients) > MAX_PASTED:
        problems.append(
            AddressProblem(
                0, "", _("At most %(max)s addresses can be pasted at once.", max=MAX_PASTED)
            )
        )
    return _link_to_registry(recipients), problems


def _link_to_registry(recipients: list[Recipient]) -> list[Recipient]:
    emails = {r.email for r in recipients}
    if not emails:
        return recipients
    found: dict[str, tuple[str, Organisation]] = {}
    for organisation in db.session.scalars(
        select(Organisation).where(func.lower(Organisation.email).in_(emails))
    ):
        found.setdefault(organisation.email.lower(), ("", organisation))
    for person in db.session.scalars(
        select(ContactPerson).where(func.lower(ContactPerson.email).in_(emails))
    ):
        found.setdefault(person.email.lower(), (person.name, person.organisation))
    linked = []
    for r in recipients:
        if r.email in found:
            name, organisation = found[r.email]
            r = Recipient(r.email, r.name or name, organisation.id, organisation.name)
        linked.append(r)
    return linked
