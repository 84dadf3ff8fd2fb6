"""Invitation rules: sending once, personal links, registration, reminders."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from okconf.accounts.links import make_token, read_token
from okconf.clock import today
from okconf.conferences.models import Conference, ConferenceState
from okconf.db import utcnow
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.invitations.models import Invitation
from okconf.invitations.recipients import Recipient
from okconf.mail.services import queue_mail, render_body
from okconf.registration.formsetup import per_version
from okconf.registration.models import Registration, RegistrationStatus

LINK_PURPOSE = "invitation"
MAIL_LOCALE = "sv"  # invitations go out in Swedish


@dataclass
class Plan:
    """Who would get an invitation now, and who is skipped: already invited or registered."""

    new: list[Recipient] = field(default_factory=list)
    already: list[Recipient] = field(default_factory=list)


def plan_invitations(conference: Conference, recipients: list[Recipient]) -> Plan:
    """Split recipients into those to invite and those already invited (or already
    registered, who need no invitation); duplicates merged."""
    invited = set(
        db.session.scalars(
            select(Invitation.email).where(Invitation.conference_id == conference.id)
        )
    ) | registered_emails(conference)
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
    """(subject, text part) of the mail as a recipient will read it, in Swedish (the preview)."""
    template = "invitations/email/reminder" if reminder else "invitations/email/invitation"
    with force_locale(MAIL_LOCALE):
        sample_link = _("[each recipient's personal link]")
        context = mail_context(conference, name=name, greeting=greeting, link=sample_link)
        text, _html = render_body(template, context)
        return _subject(conference, reminder), text


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
    not matter). Run on the registration feature's `address_registered` signal; returns the
    invitation, if any."""
    # Whether the conference has any invitation is kept with its version (a new invitation
    # moves it, registration/formsetup.py): a conference without invitations, most of them,
    # sends no lookup for every registration.
    if not per_version(conference, "invitations", lambda: _has_invitations(conference.id)):
        return None
    invitation = db.session.scalar(
        select(Invitation)
        .where(Invitation.conference_id == conference.id)
        .where(Invitation.email == (email or "").strip().lower())
    )
    if invitation is not None and invitation.registered_at is None:
        invitation.registered_at = utcnow()
        db.session.flush()
    return invitation


def _has_invitations(conference_id: int) -> bool:
    return bool(
        db.session.scalar(select(exists().where(Invitation.conference_id == conference_id)))
    )


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
