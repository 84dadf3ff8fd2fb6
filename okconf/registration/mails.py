"""The registration's mails: confirmation, waiting list, promotion, links, cancellation."""

from __future__ import annotations

import io

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from okconf.accounts.links import make_token
from okconf.conferences.calendar import conference_ics
from okconf.mail.services import queue_mail


def external_url(endpoint: str, **values) -> str:
    """An absolute address under BASE_URL (works outside a request too)."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


def personal_token(registration) -> str:
    """The signed token of the registration's current personal link."""
    return make_token("registration", registration.id, registration.link_version)


def personal_url(registration) -> str:
    """The participant's personal link."""
    return external_url("registration.manage", token=personal_token(registration))


def checkin_url(registration) -> str:
    """The staff check-in address the QR code opens."""
    if "attendees.checkin_person" in current_app.view_functions:
        return external_url("attendees.checkin_person", registration_id=registration.id)
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    return f"{base}/staff/registrations/{registration.id}/checkin"


def qr_png(data: str) -> bytes:
    """A QR code as PNG bytes."""
    import qrcode  # with Pillow: only where a mail is rendered, not when the app starts

    image = qrcode.make(data, box_size=6, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()


def _attachments(registration, with_qr: bool) -> list[tuple[str, str, bytes]]:
    conference = registration.conference
    files = []
    if conference.date is not None:  # a conference without a day has no calendar entry
        files.append((f"{conference.slug}.ics", "text/calendar", conference_ics(conference)))
    if with_qr:
        files.append(("checkin-qr.png", "image/png", qr_png(checkin_url(registration))))
    return files


def _send(registration, template: str, subject: str, kind: str, attachments=(), **context):
    return queue_mail(
        registration.email,
        f"registration/email/{template}",
        subject=subject,
        locale=registration.locale,
        kind=kind,
        conference_id=registration.conference_id,
        attachments=attachments,
        registration=registration,
        conference=registration.conference,
        link=personal_url(registration),
        **context,
    )


def send_confirmation(registration, position: int | None = None):
    """Confirmation of a place (with calendar file and QR code) or of a place in the queue."""
    with force_locale(registration.locale):
        if position is None:
            subject = _("Registration confirmed: %(title)s", title=registration.conference.title)
        else:
            subject = _("Waiting list: %(title)s", title=registration.conference.title)
    return _send(
        registration,
        "confirmation",
        subject,
        "confirmation",
        _attachments(registration, with_qr=position is None),
        position=position,
    )


def send_promoted(registration):
    """A place was freed and is now theirs."""
    with force_locale(registration.locale):
        subject = _("You have a place: %(title)s", title=registration.conference.title)
    return _send(
        registration, "promoted", subject, "confirmation", _attachments(registration, True)
    )


def send_link(registration):
    """The personal link again (someone asked for it, or registered a second time)."""
    with force_locale(registration.locale):
        subject = _("Your registration: %(title)s", title=registration.conference.title)
    return _send(registration, "link", subject, "registration_link")


def send_handed_over(registration, old_email: str, old_name: str, locale: str):
    """Tell the original participant that their place now belongs to a colleague."""
    with force_locale(locale):
        subject = _("Your place was handed over: %(title)s", title=registration.conference.title)
    return queue_mail(
        old_email,
        "registration/email/handed_over",
        subject=subject,
        locale=locale,
        kind="registration_handed_over",
        conference_id=registration.conference_id,
        registration=registration,
        conference=registration.conference,
        old_name=old_name,
    )


def send_cancelled(registration):
    """Receipt of a cancellation, with the fee when it was late."""
    with force_locale(registration.locale):
        subject = _("Cancellation received: %(title)s", title=registration.conference.title)
    return queue_mail(
        registration.email,
        "registration/email/cancelled",
        subject=subject,
        locale=registration.locale,
        kind="registration_cancelled",
        conference_id=registration.conference_id,
        registration=registration,
        conference=registration.conference,
    )
