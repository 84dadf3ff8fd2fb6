"""A message's mails: written to the outbox in bulk, rendered for each person by the worker.

The outbox row holds only the message, the registration and the link version; the worker fills
in the placeholders and renders `templates/messages/email/message.txt` (and the shared HTML
layout, when there is one) in the person's language when it sends the mail.
"""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import select

from okconf.extensions import db
from okconf.formatting import format_days, format_time
from okconf.mail.rendering import mask_personal_links
from okconf.mail.services import Body, MailObsolete, render_body
from okconf.messages import placeholders

RENDERER = "okconf.messages.mails:render"
TEMPLATE = "messages/email/message"


def when(conference) -> str:
    """The conference's date and time, in the current language."""
    if conference.date is None:
        return ""
    text = format_days(conference.date, conference.end_date, "full")
    if conference.start_time and conference.end_time:
        text += f", {format_time(conference.start_time)}–{format_time(conference.end_time)}"
    return text


def where(conference) -> str:
    """The venue, its street address and town."""
    parts = (conference.venue_name, conference.street_address, conference.town)
    return ", ".join(p for p in parts if p)


def workshops_of(registration_ids) -> dict[int, str]:
    """Registration id -> the workshop(s) they were placed in, in programme order."""
    from okconf.conferences.models import ProgrammeItem, Workshop
    from okconf.workshops.models import Assignment

    rows = db.session.execute(
        select(Assignment.registration_id, Workshop.title)
        .join(Workshop, Workshop.id == Assignment.workshop_id)
        .outerjoin(ProgrammeItem, ProgrammeItem.id == Assignment.round_id)
        .where(Assignment.registration_id.in_(list(registration_ids)))
        .order_by(
            Assignment.registration_id,
            ProgrammeItem.day,
            ProgrammeItem.starts_at,
            Workshop.position,
        )
    ).all()
    titles: dict[int, list[str]] = {}
    for registration_id, title in rows:
        titles.setdefault(registration_id, []).append(title)
    return {k: ", ".join(v) for k, v in titles.items()}


class Values:
    """What the placeholders stand for, for one person, computed only when used."""

    def __init__(self, registration, conference, link_version=None, workshop=None):
        self.registration = registration
        self.conference = conference
        self.link_version = link_version
        self.workshop = workshop

    def __call__(self, key: str) -> str:
        """The value of one placeholder."""
        from okconf.registration.mails import personal_url

        registration, conference = self.registration, self.conference
        if key == "first_name":
            return registration.first_name
        if key == "link":
            return personal_url(registration, self.link_version)
        if key == "conference":
            return conference.title
        if key == "date":
            return when(conference)
        if key == "place":
            return where(conference)
        if key == "workshop":
            if self.workshop is None:
                self.workshop = workshops_of([registration.id]).get(registration.id, "")
            return self.workshop
        return ""


def render_message(message, registration, locale: str, link_version=None) -> tuple[str, Body]:
    """(subject, body) of the message for one person, in `locale` (call it with the locale
    forced): the placeholders filled in, the mail's own template around the text."""
    values = Values(registration, registration.conference, link_version)
    subject = placeholders.fill(message.subject_for(locale), values)
    text = placeholders.fill(message.body_for(locale), values)
    context = {
        "conference": registration.conference,
        "registration": registration,
        "message": message,
        "text": text,
        "subject": subject,
    }
    body_text, body_html = render_body(TEMPLATE, context)
    return subject, Body(body_text, body_html)


def render(mail) -> Body:
    """Render one message mail at sending time (called by the mail worker)."""
    from okconf.messages.models import Message
    from okconf.registration.models import Registration

    params = mail.params
    message = db.session.get(Message, params["message_id"])
    registration = db.session.get(Registration, params["registration_id"])
    if message is None:
        raise MailObsolete("the message was deleted before the mail was sent")
    if registration is None or registration.anonymised_at is not None:
        raise MailObsolete("the registration was erased before the mail was sent")
    handed_over = registration.link_version != params["link_version"]
    if not params.get("test") and handed_over and registration.email != mail.recipient:
        raise MailObsolete("the place was handed to someone else before the mail was sent")
    locale = str(get_locale() or mail.locale or "sv")
    body = render_message(message, registration, locale, params["link_version"])[1]
    return masked(body) if params.get("test") else body


def masked(body: Body) -> Body:
    """The body with the keys of personal links hidden, for the organiser's eyes."""
    return Body(mask_personal_links(body.text), mask_personal_links(body.html), body.attachments)
