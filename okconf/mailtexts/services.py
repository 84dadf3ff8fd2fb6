"""Reading and writing a conference's mail introductions; previewing the mails they open."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from okconf.conferences.models import Conference
from okconf.errors import DomainError
from okconf.extensions import db
from okconf.mail.batch import once_per_batch
from okconf.mailtexts.models import INTRODUCTION_MAX, IntroducedMail, MailIntroduction

if TYPE_CHECKING:
    from okconf.registration.models import Registration

LABELS = {
    IntroducedMail.CONFIRMATION: _l("Confirmation of a place"),
    IntroducedMail.WAITING_LIST: _l("Place on the waiting list"),
    IntroducedMail.REMINDER: _l("Reminder to invitees who have not registered"),
}
# The previews' personal link: an address that works for no one.
SAMPLE_TOKEN = "exempel"  # noqa: S105 (not a secret: a link that opens nothing)
# The mails sent in the participant's language; invitations and their reminder go in Swedish.
BILINGUAL = (IntroducedMail.CONFIRMATION, IntroducedMail.WAITING_LIST)


def default_text(mail: IntroducedMail, conference: Conference) -> str:
    """okconf's own introduction, in the current language."""
    title = conference.title
    if mail is IntroducedMail.CONFIRMATION:
        return _("Welcome to %(title)s. Your place is confirmed.", title=title)
    if mail is IntroducedMail.WAITING_LIST:
        return _(
            "Thank you for registering for %(title)s. The conference is full, so you are on "
            "the waiting list.",
            title=title,
        )
    return _("A reminder: you are invited to the conference below and have not registered yet.")


def introductions(conference: Conference) -> dict[IntroducedMail, MailIntroduction]:
    """The introductions the organisers wrote for the conference, by mail."""
    rows = db.session.scalars(
        select(MailIntroduction).where(MailIntroduction.conference_id == conference.id)
    )
    return {row.mail: row for row in rows}


def introduction_text(conference: Conference, mail: str | IntroducedMail) -> str:
    """The introduction of the mail in the current language: the organisers' words, or okconf's.

    An English reader gets the English text when there is one and okconf's English otherwise:
    never the Swedish text in an English mail. Read once per batch of the mail worker's
    (okconf.mail.batch).
    """
    mail = IntroducedMail(mail)
    language = str(get_locale() or "sv")
    return once_per_batch(
        ("mail_introduction", conference.id, mail, language),
        lambda: _introduction_text(conference, mail, language),
    )


def _introduction_text(conference: Conference, mail: IntroducedMail, language: str) -> str:
    row = db.session.scalar(
        select(MailIntroduction).where(
            MailIntroduction.conference_id == conference.id, MailIntroduction.mail == mail
        )
    )
    text = ""
    if row is not None:
        text = row.text_en if language == "en" and mail in BILINGUAL else row.text_sv
    return text or default_text(mail, conference)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def clean(text: str | None) -> str:
    """Plain text as it is kept: no control or direction characters, at most one blank line."""
    text = unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text.replace("\t", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def save(conference: Conference, texts: dict[IntroducedMail, tuple[str, str]]) -> list[str]:
    """Store the introductions (Swedish, English) by mail; the names of those that changed."""
    current = introductions(conference)
    changed = []
    for mail, (text_sv, text_en) in texts.items():
        text_sv, text_en = clean(text_sv), clean(text_en) if mail in BILINGUAL else ""
        for field, value in (("sv", text_sv), ("en", text_en)):
            if len(value) > INTRODUCTION_MAX:
                raise DomainError(
                    _("Write at most %(num)d characters.", num=INTRODUCTION_MAX),
                    field=f"{mail.value}_{field}",
                )
        row = current.get(mail)
        if row is None:
            if not (text_sv or text_en):
                continue
            row = MailIntroduction(conference_id=conference.id, mail=mail)
            db.session.add(row)
        elif (row.text_sv, row.text_en) == (text_sv, text_en):
            continue
        row.text_sv, row.text_en = text_sv, text_en
        changed.append(mail.value)
    db.session.flush()
    return changed


def copy_introductions(source: Conference, target: Conference) -> None:
    """Give a copied conference the same introductions."""
    for mail, row in introductions(source).items():
        db.session.add(
            MailIntroduction(
                conference_id=target.id, mail=mail, text_sv=row.text_sv, text_en=row.text_en
            )
        )
    db.session.flush()


# --- preview --------------------------------------------------------------------------------


def sample_registrations(conference: Conference, limit: int = 30) -> list:
    """Registrations to preview the mails for: the latest confirmed or waiting ones."""
    from okconf.registration.models import Registration, RegistrationStatus

    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.status.in_([RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.id.desc())
            .limit(limit)
        )
    )


def preview(conference: Conference, mail: IntroducedMail, locale: str, registration=None):
    """The mail as a participant (or the sample one) would get it: (subject, text, html).

    The personal link is a sample: a preview never shows a participant's real link.
    """
    from okconf.mail.rendering import finish_html, mail_request_context, render_body
    from okconf.registration.mails import external_url

    if mail is IntroducedMail.REMINDER:
        locale = "sv"
    with mail_request_context(), force_locale(locale):
        link = external_url("registration.manage", token=SAMPLE_TOKEN)
        if registration is None:
            registration = sample_registration()
        if mail is IntroducedMail.REMINDER:
            from okconf.invitations.services import mail_context

            context = mail_context(conference, name=registration.full_name, greeting="", link=link)
            subject = _("Reminder: %(title)s", title=conference.title)
            text, html = render_body("invitations/email/reminder", context)
        else:
            position = 1 if mail is IntroducedMail.WAITING_LIST else None
            context = {
                "registration": registration,
                "conference": conference,
                "link": link,
                "position": position,
            }
            if position:
                subject = _("Waiting list: %(title)s", title=conference.title)
            else:
                subject = _("Registration confirmed: %(title)s", title=conference.title)
            text, html = render_body("registration/email/confirmation", context)
    return subject, text, finish_html(html)


def sample_registration() -> Registration:
    """A sample participant on site, for previews: a real (transient) registration, so that
    the mails read every field they read of a participant's; never added to the session."""
    from okconf.registration.models import Attendance, Registration, RegistrationStatus

    first_name = _("Anna")
    return Registration(
        first_name=first_name,
        last_name=_("Anna Example").removeprefix(first_name).strip(),
        status=RegistrationStatus.CONFIRMED,
        attendance=Attendance.ON_SITE,
        companion_places=0,
    )


def sample_locale(locale: str | None) -> str:
    """A language the mails exist in."""
    languages = current_app.config.get("LANGUAGES", ("sv", "en"))
    return locale if locale in languages else "sv"
