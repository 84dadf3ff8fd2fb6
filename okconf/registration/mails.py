"""The registration's mails: confirmation, waiting list, promotion, links, cancellation.

They are written to the outbox in the registration's own transaction, but only with what they
need to be rendered later (the registration, the template, the link version, the queue
position): the mail worker renders the texts, the calendar file and the QR code when it sends
them (`render`), so nothing slow happens while a registration holds the conference's places.
"""

from __future__ import annotations

import io
from collections import OrderedDict

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from okconf.accounts.links import make_token
from okconf.extensions import db
from okconf.mail.services import Attachment, Body, MailObsolete, queue_deferred, render_body

RENDERER = "okconf.registration.mails:render"
# The templates that get the personal link (the others never had it in their context).
WITH_LINK = {"confirmation", "promoted", "link"}
# The templates that may carry the stream link (to a confirmed online participant only).
WITH_STREAM = {"confirmation", "promoted", "stream_link"}


def stream_url_for(registration, position: int | None = None) -> str:
    """The conference's stream link for a confirmed online participant, else "".

    Read when the mail is rendered, from the registration as it is then: someone who switched
    to on site, was cancelled or waits in the queue meanwhile gets no link.
    """
    from okconf.registration.models import Attendance, RegistrationStatus

    conference = registration.conference
    if (
        position is None
        and registration.attendance is Attendance.ONLINE
        and registration.status is RegistrationStatus.CONFIRMED
        and conference.offers_online
    ):
        return conference.stream_url or ""
    return ""


def external_url(endpoint: str, **values) -> str:
    """An absolute address under BASE_URL (works outside a request too)."""
    path = current_app.url_map.bind("").build(endpoint, values)
    return str(current_app.config["BASE_URL"]).rstrip("/") + path


def personal_token(registration, link_version: int | None = None) -> str:
    """The signed token of the registration's current (or given) personal link."""
    version = registration.link_version if link_version is None else link_version
    return make_token("registration", registration.id, version)


def personal_url(registration, link_version: int | None = None) -> str:
    """The participant's personal link."""
    return external_url("registration.manage", token=personal_token(registration, link_version))


def checkin_url(registration) -> str:
    """The staff check-in address the QR code opens."""
    if "attendees.checkin_person" in current_app.view_functions:
        return external_url("attendees.checkin_person", registration_id=registration.id)
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    return f"{base}/staff/anmalningar/{registration.id}/incheckning"


def qr_png(data: str) -> bytes:
    """A QR code as PNG bytes (6 pixels a module, a border of 2 modules).

    With one fixed mask pattern: choosing the "best" of the eight (qrcode's default) drew the
    code eight times and took three quarters of the time (4.7 of 6 ms of CPU a mail). Every
    mask is valid QR; the eight of these check-in addresses all read back (zbarimg). The image
    is made from the code's matrix in one piece and scaled, not drawn module by module
    (qrcode's own image draws some 500 rectangles): the same PNG, byte for byte, in half the
    time.
    """
    import qrcode  # only the mail worker draws QR codes: the web workers need not load it
    from PIL import Image

    code = qrcode.QRCode(border=2, mask_pattern=QR_MASK)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # with the border; True is a dark module
    size = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)  # one byte a module
    image = Image.frombytes("1", (size, size), pixels, "raw", "L")  # black and white
    image = image.resize((size * QR_BOX, size * QR_BOX), Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


QR_BOX = 6
QR_MASK = 0


_ICS_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_ICS_CACHE_SIZE = 64


def conference_ics_cached(conference) -> bytes:
    """The conference's calendar file, built once per version of the conference and language.

    The file is the same for every participant (its time-zone block is the slow part), so the
    worker keeps the last few; a change to the conference changes `updated_at`, and so the key.
    """
    from okconf.conferences.calendar import conference_ics

    key = (
        conference.id,
        conference.updated_at,
        str(get_locale()),
        current_app.config["BASE_URL"],
    )
    data = _ICS_CACHE.get(key)
    if data is None:
        data = _ICS_CACHE[key] = conference_ics(conference)
        while len(_ICS_CACHE) > _ICS_CACHE_SIZE:
            _ICS_CACHE.popitem(last=False)
    else:
        _ICS_CACHE.move_to_end(key)
    return data


def _attachments(registration, with_qr: bool) -> list[Attachment]:
    conference = registration.conference
    files = []
    if conference.date is not None:  # a conference without a day has no calendar entry
        files.append(
            Attachment(f"{conference.slug}.ics", "text/calendar", conference_ics_cached(conference))
        )
    if with_qr:
        files.append(Attachment("checkin-qr.png", "image/png", qr_png(checkin_url(registration))))
    return files


def render(mail) -> Body:
    """Render one of these mails at sending time (called by the mail worker).

    A mail whose registration was erased, or whose place was handed to someone else since, is
    obsolete: the worker drops it rather than sending someone else's details. (A participant
    who only changed their own address still gets it where it was addressed, as before.)
    """
    from sqlalchemy.orm import joinedload

    from okconf.registration.models import Registration

    params = mail.params
    registration = db.session.get(  # with its conference: one query, not two
        Registration, params["registration_id"], options=[joinedload(Registration.conference)]
    )
    if registration is None or registration.anonymised_at is not None:
        raise MailObsolete("the registration was erased before the mail was sent")
    handed_over = registration.link_version != params["link_version"]
    if params.get("to_participant", True) and handed_over and registration.email != mail.recipient:
        raise MailObsolete("the place was handed to someone else before the mail was sent")
    template = params["template"]
    context = {"registration": registration, "conference": registration.conference}
    if template in WITH_LINK:
        context["link"] = personal_url(registration, params["link_version"])
    context.update(params.get("context", {}))
    context["stream_url"] = (
        stream_url_for(registration, context.get("position")) if template in WITH_STREAM else ""
    )
    text, html = render_body(f"registration/email/{template}", context)
    attachments = []
    if params.get("attachments"):
        # Online participants are not checked in at the door: no QR code.
        with_qr = params.get("qr", False) and not registration.online
        attachments = _attachments(registration, with_qr=with_qr)
    return Body(text, html, attachments)


def _queue(registration, template: str, subject: str, kind: str, **options):
    """Write one of these mails to the outbox, to be rendered by the worker."""
    if registration.id is None:  # the mail refers to the registration by its id
        db.session.flush()
    recipient = options.pop("recipient", registration.email)
    locale = options.pop("locale", registration.locale)
    params = {
        "template": template,
        "registration_id": registration.id,
        "link_version": registration.link_version,
        **options,
    }
    return queue_deferred(
        recipient,
        RENDERER,
        params,
        subject=subject,
        locale=locale,
        kind=kind,
        conference_id=registration.conference_id,
    )


def _confirmation(registration, position: int | None) -> tuple[str, dict]:
    """The confirmation's subject and options, for a place or a place in the queue."""
    with force_locale(registration.locale):
        if position is None:
            subject = _("Registration confirmed: %(title)s", title=registration.conference.title)
        else:
            subject = _("Waiting list: %(title)s", title=registration.conference.title)
    return subject, {"attachments": True, "qr": position is None, "context": {"position": position}}


def send_confirmation(registration, position: int | None = None):
    """Confirmation of a place (with calendar file and QR code) or of a place in the queue."""
    subject, options = _confirmation(registration, position)
    return _queue(registration, "confirmation", subject, "confirmation", **options)


def restated_confirmation(mail, registration, position: int | None = None) -> tuple[str, dict]:
    """The subject and params a confirmation written before the places were locked would have
    for the other status: a place (position None), or the queue (its position is counted
    under the lock). locking.take_place_and_commit swaps them in when the guess was wrong."""
    subject, options = _confirmation(registration, position)
    return str(subject)[:300], {**mail.params, **options}


def send_promoted(registration):
    """A place was freed and is now theirs."""
    with force_locale(registration.locale):
        subject = _("You have a place: %(title)s", title=registration.conference.title)
    return _queue(registration, "promoted", subject, "confirmation", attachments=True, qr=True)


def send_stream_link(registration):
    """Shortly before the start: the stream link (rendered only for a confirmed online
    participant; see stream_url_for)."""
    with force_locale(registration.locale):
        subject = _("The link to the stream: %(title)s", title=registration.conference.title)
    return _queue(registration, "stream_link", subject, "stream_link")


def send_link(registration):
    """The personal link again (someone asked for it, or registered a second time)."""
    with force_locale(registration.locale):
        subject = _("Your registration: %(title)s", title=registration.conference.title)
    return _queue(registration, "link", subject, "registration_link")


def send_handed_over(registration, old_email: str, old_name: str, locale: str):
    """Tell the original participant that their place now belongs to a colleague."""
    with force_locale(locale):
        subject = _("Your place was handed over: %(title)s", title=registration.conference.title)
    return _queue(
        registration,
        "handed_over",
        subject,
        "registration_handed_over",
        recipient=old_email,
        locale=locale,
        to_participant=False,
        context={"old_name": old_name},
    )


def send_cancelled(registration):
    """Receipt of a cancellation, with the fee when it was late."""
    with force_locale(registration.locale):
        subject = _("Cancellation received: %(title)s", title=registration.conference.title)
    return _queue(registration, "cancelled", subject, "registration_cancelled")
