"""Invitation rules: choosing recipients, sending once, personal links, reminders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from okconf.accounts.links import make_token, read_token
from okconf.conferences.models import Conference, ConferenceState
from okconf.conferences.services import today
from okconf.db import utcnow
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.invitations.models import Invitation
from okconf.mail.services import queue_mail
from okconf.organisations.models import ContactPerson, Organisation
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType, Party

LINK_PURPOSE = "invitation"
MAIL_LOCALE = "sv"  # invitations go out in Swedish
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


@dataclass
class Plan:
    """Who would get an invitation now, and who is skipped because already invited."""

    new: list[Recipient] = field(default_factory=list)
    already: list[Recipient] = field(default_factory=list)


def normalise_email(address: str) -> str:
    """The address as stored: validated, normalised, lower case (raises EmailNotValidError)."""
    return validate_email(address.strip(), check_deliverability=False).normalized.lower()


# --- choosing recipients --------------------------------------------------------------------


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
    except EmailNotValidError:
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
            except EmailNotValidError:
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


def plan_invitations(conference: Conference, recipients: list[Recipient]) -> Plan:
    """Split recipients into those to invite and those already invited; duplicates merged."""
    invited = set(
        db.session.scalars(
            select(Invitation.email).where(Invitation.conference_id == conference.id)
        )
    )
    plan, seen = Plan(), set()
    for recipient in recipients:
        if recipient.email in seen:
            continue
        seen.add(recipient.email)
        (plan.already if recipient.email in invited else plan.new).append(recipient)
    return plan


# --- sending --------------------------------------------------------------------------------


def check_can_invite(conference: Conference) -> None:
    """Invitations (and reminders) go out only for a published conference still open."""
    if conference.state is not ConferenceState.PUBLISHED:
        raise Conflict(_("Publish the conference first: the invitation links to its public page."))
    now = today()
    if conference.date and conference.date < now:
        raise Conflict(_("The conference has already taken place."))
    if conference.registration_deadline and conference.registration_deadline < now:
        raise Conflict(_("The registration deadline has passed."))


def external_url(endpoint: str, **values) -> str:
    """An absolute address on BASE_URL, for mails (works outside a request too)."""
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def invitation_link(invitation: Invitation) -> str:
    """The personal link of an invitation."""
    token = make_token(LINK_PURPOSE, invitation.id, invitation.link_version)
    return external_url("invitations.open", token=token)


def mail_context(conference: Conference, *, name: str, greeting: str, link: str) -> dict:
    """What the invitation and reminder templates are rendered with."""
    return {
        "conference": conference,
        "name": name,
        "greeting": (greeting or "").strip(),
        "link": link,
        "public_url": external_url("conferences.public_show", slug=conference.slug),
        "highlights": [
            line.strip(" -•\t")
            for line in (conference.programme_highlights or "").splitlines()
            if line.strip(" -•\t")
        ],
        "hosts": ", ".join(h.name for h in conference.hosts),
    }


def render_invitation(
    conference: Conference, *, name: str = "", greeting: str = "", reminder: bool = False
) -> tuple[str, str]:
    """(subject, text) of the mail as a recipient will read it, in Swedish (the preview)."""
    template = "invitations/email/reminder" if reminder else "invitations/email/invitation"
    with force_locale(MAIL_LOCALE):
        sample_link = _("[each recipient's personal link]")
        context = mail_context(conference, name=name, greeting=greeting, link=sample_link)
        return _subject(conference, reminder), render_template(f"{template}.txt", **context)


def _subject(conference: Conference, reminder: bool) -> str:
    with force_locale(MAIL_LOCALE):
        if reminder:
            return _("Reminder: %(title)s", title=conference.title)
        return _("Invitation: %(title)s", title=conference.title)


@dataclass
class SendResult:
    """What a send did: invitations queued, and recipients skipped as already invited."""

    sent: list[Invitation] = field(default_factory=list)
    skipped: list[Recipient] = field(default_factory=list)


def send_invitations(
    conference: Conference, recipients: list[Recipient], *, greeting: str = "", invited_by=None
) -> SendResult:
    """Invite each recipient once: a second invitation to the same address is skipped.

    Each invitation is inserted in a savepoint, so an address invited meanwhile by someone
    else (the unique constraint) is skipped rather than failing the whole mailing.
    """
    check_can_invite(conference)
    plan = plan_invitations(conference, recipients)
    result = SendResult(skipped=list(plan.already))
    for recipient in plan.new:
        invitation = Invitation(
            conference_id=conference.id,
            email=recipient.email,
            organisation_id=recipient.organisation_id,
            contact_name=recipient.name[:200],
            invited_by_id=getattr(invited_by, "id", None),
            invited_at=utcnow(),
        )
        try:
            with db.session.begin_nested():
                db.session.add(invitation)
                db.session.flush()
        except IntegrityError:
            result.skipped.append(recipient)
            continue
        context = mail_context(
            conference,
            name=recipient.name,
            greeting=greeting,
            link=invitation_link(invitation),
        )
        queue_mail(
            recipient.email,
            "invitations/email/invitation",
            subject=_subject(conference, reminder=False),
            locale=MAIL_LOCALE,
            kind="invitation",
            conference_id=conference.id,
            **context,
        )
        result.sent.append(invitation)
    return result


# --- the personal link ----------------------------------------------------------------------


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a personal link names, or None if forged, expired or replaced."""
    found = read_token(LINK_PURPOSE, token)
    if found is None:
        return None
    invitation = db.session.get(Invitation, found[0])
    if invitation is None or invitation.link_version != found[1]:
        return None
    return invitation


def record_opened(invitation: Invitation) -> None:
    """Remember when the personal link was first followed."""
    if invitation.opened_at is None:
        invitation.opened_at = utcnow()
        db.session.flush()


# --- registration ---------------------------------------------------------------------------


def mark_registered(conference: Conference, email: str) -> Invitation | None:
    """Record that an invited address registered (idempotent; the case of the address does
    not matter). Called by the registration feature; returns the invitation, if any."""
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.conference_id == conference.id)
        .where(Invitation.email == (email or "").strip().lower())
    )
    if invitation is not None and invitation.registered_at is None:
        invitation.registered_at = utcnow()
        db.session.flush()
    return invitation


def registered_emails(conference: Conference) -> set[str]:
    """Lower-case addresses with a registration (not cancelled) for the conference."""
    return {
        email.lower()
        for email in db.session.scalars(
            select(Registration.email)
            .where(Registration.conference_id == conference.id)
            .where(Registration.status != RegistrationStatus.CANCELLED)
        )
    }


def is_registered(invitation: Invitation, registered: set[str]) -> bool:
    """Registered, as recorded by mark_registered or found among the registrations."""
    return invitation.registered_at is not None or invitation.email in registered


def invitations_of(conference: Conference) -> list[Invitation]:
    """The conference's invitations, latest first."""
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.conference_id == conference.id)
            .order_by(Invitation.invited_at.desc(), Invitation.email)
        )
    )


# --- reminders ------------------------------------------------------------------------------


def send_reminders(conference: Conference) -> list[Invitation]:
    """Remind, once, every invitee of the conference who has not registered."""
    check_can_invite(conference)
    registered = registered_emails(conference)
    reminded = []
    for invitation in db.session.scalars(
        select(Invitation)
        .where(Invitation.conference_id == conference.id)
        .where(Invitation.reminded_at.is_(None))
        .where(Invitation.registered_at.is_(None))
        .order_by(Invitation.id)
    ):
        if invitation.email in registered:
            continue
        invitation.reminded_at = utcnow()
        context = mail_context(
            conference,
            name=invitation.contact_name,
            greeting="",
            link=invitation_link(invitation),
        )
        queue_mail(
            invitation.email,
            "invitations/email/reminder",
            subject=_subject(conference, reminder=True),
            locale=MAIL_LOCALE,
            kind="invitation_reminder",
            conference_id=conference.id,
            **context,
        )
        reminded.append(invitation)
    db.session.flush()
    return reminded


def conferences_due_for_reminders(on: date, days: int) -> list[Conference]:
    """Published conferences whose registration deadline is from `on` to `days` days ahead."""
    return list(
        db.session.scalars(
            select(Conference)
            .where(Conference.state == ConferenceState.PUBLISHED)
            .where(Conference.registration_deadline >= on)
            .where(Conference.registration_deadline <= on + timedelta(days=days))
            .order_by(Conference.registration_deadline, Conference.id)
        )
    )


def send_due_reminders(on: date | None = None) -> dict[Conference, int]:
    """Remind the invitees of every conference whose deadline is near (the daily command)."""
    on = on or today()
    days = current_app.config["INVITATION_REMINDER_DAYS_BEFORE_DEADLINE"]
    sent = {}
    for conference in conferences_due_for_reminders(on, days):
        try:
            sent[conference] = len(send_reminders(conference))
        except Conflict:
            continue
    return sent
