"""Certificates of attendance: who may have one, the PDF, and mailing them.

A certificate is made when it is asked for, from the registration and the conference's
settings; nothing of it is stored but the settings and the fact that it was mailed. Only people
checked in get one, and only from the day of the conference on.
"""

from __future__ import annotations

import os
from datetime import date

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from okconf import audit
from okconf.attendees.models import DayCheckin
from okconf.certificates.models import CertificateMailing, CertificateSettings
from okconf.conferences.services import today
from okconf.errors import DomainError, NotAllowed
from okconf.extensions import db
from okconf.formatting import format_date
from okconf.mail.services import Attachment, Body, MailObsolete, queue_deferred, render_body
from okconf.registration.models import Registration, RegistrationStatus
from okconf.rows import conference_row

RENDERER = "okconf.certificates.services:render_mail"


def settings_for(conference) -> CertificateSettings:
    """The conference's settings (unsaved defaults when it has none yet)."""
    return conference_row(
        CertificateSettings, conference, enabled=False, text="", signer_name="", signer_title=""
    )


def save_settings(
    conference,
    *,
    enabled: bool,
    minutes: int | None,
    text: str,
    signer_name: str,
    signer_title: str,
) -> CertificateSettings:
    """Store what the certificate says."""
    if minutes is not None and not 0 < minutes <= 24 * 60:
        raise DomainError(_("Give the length as hours between 0.5 and 24."), field="hours")
    if enabled and not signer_name.strip():
        raise DomainError(
            _("Name who signs the certificates before offering them."), field="signer_name"
        )
    settings = conference_row(CertificateSettings, conference, add=True)
    settings.enabled = enabled
    settings.minutes = minutes
    settings.text = text.strip()
    settings.signer_name = signer_name.strip()
    settings.signer_title = signer_title.strip()
    db.session.flush()
    audit.record("certificates.settings", conference, enabled=enabled)
    return settings


def refusal(registration: Registration, on: date | None = None) -> str | None:
    """Why this person cannot have a certificate now, or None when they can."""
    conference = registration.conference
    on = on or today()
    if registration.status is not RegistrationStatus.CONFIRMED or registration.anonymised_at:
        return _("Only participants with a place get a certificate of attendance.")
    if registration.checked_in_at is None:
        return _(
            "A certificate of attendance is given only to those who were checked in at the "
            "conference. Contact the organisers if you were there."
        )
    if conference.date is None or on < conference.date:
        return _("The certificate of attendance can be had from the day of the conference.")
    if not settings_for(conference).enabled:
        return _("The organisers do not give certificates of attendance for this conference.")
    return None


def eligible(conference) -> list[Registration]:
    """Everyone who can have a certificate (checked in, with a place), by name."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.CONFIRMED,
                Registration.checked_in_at.is_not(None),
                Registration.anonymised_at.is_(None),
            )
            .order_by(Registration.last_name, Registration.first_name, Registration.id)
        )
    )


def hours_text(minutes: int | None) -> str:
    """'6 timmar', '6,5 timmar' in the current language."""
    if not minutes:
        return ""
    from flask_babel import format_decimal

    hours = minutes / 60
    return _("%(hours)s hours", hours=format_decimal(round(hours, 2), format="#,##0.##"))


def certificates_html(conference, registrations, settings=None) -> str:
    """One page a participant."""
    settings = settings or settings_for(conference)
    return render_template(
        "certificates/certificate.html",
        conference=conference,
        registrations=registrations,
        settings=settings,
        hours=hours_text(settings.minutes),
        issued_on=today(),
        days_attended=days_attended(conference, registrations),
    )


def days_attended(conference, registrations) -> dict[int, str]:
    """At a conference of several days: registration id -> the days the person was checked
    in, written out ("söndag 29 november 2026, måndag 30 november 2026")."""
    if not conference.several_days:
        return {}
    rows = db.session.execute(
        select(DayCheckin.registration_id, DayCheckin.day)
        .where(DayCheckin.registration_id.in_([r.id for r in registrations]))
        .order_by(DayCheckin.day)
    ).all()
    found: dict[int, list] = {}
    for registration_id, day in rows:
        found.setdefault(registration_id, []).append(format_date(day, "full"))
    return {key: ", ".join(days) for key, days in found.items()}


def certificates_pdf(conference, registrations, settings=None) -> bytes:
    """The certificates as one PDF (one A4 page each), by WeasyPrint."""
    from weasyprint import CSS, HTML

    static = current_app.static_folder
    return HTML(
        string=certificates_html(conference, registrations, settings), base_url=static
    ).write_pdf(stylesheets=[CSS(filename=os.path.join(static, "css", "certificate.css"))])


def certificate_pdf(registration: Registration) -> bytes:
    """A participant's own certificate; NotAllowed with the reason when they have none."""
    reason = refusal(registration)
    if reason:
        raise NotAllowed(reason)
    with force_locale(registration.locale):
        return certificates_pdf(registration.conference, [registration])


def filename(registration: Registration) -> str:
    return f"deltagarintyg-{registration.conference.slug}.pdf"


def send(registration: Registration, *, actor: str | None = None) -> None:
    """Mail the participant their certificate (rendered by the mail worker)."""
    reason = refusal(registration)
    if reason:
        raise NotAllowed(reason)
    with force_locale(registration.locale):
        subject = _("Certificate of attendance: %(title)s", title=registration.conference.title)
    queue_deferred(
        registration.email,
        RENDERER,
        {"registration_id": registration.id},
        subject=subject,
        locale=registration.locale,
        kind="certificate",
        conference_id=registration.conference_id,
    )
    mailing = db.session.get(CertificateMailing, registration.id)
    if mailing is None:
        db.session.add(CertificateMailing(registration_id=registration.id))
    db.session.flush()
    audit.record("certificates.mailed", registration, actor=actor)


def send_all(conference) -> int:
    """Mail a certificate to everyone checked in who has not had one mailed; how many."""
    if not settings_for(conference).enabled:
        raise DomainError(_("Offer the certificates first (tick the box and save)."))
    mailed = set(
        db.session.scalars(
            select(CertificateMailing.registration_id)
            .join(Registration, Registration.id == CertificateMailing.registration_id)
            .where(Registration.conference_id == conference.id)
        )
    )
    count = 0
    for registration in eligible(conference):
        if registration.id not in mailed and refusal(registration) is None:
            send(registration)
            count += 1
    return count


def mailed_count(conference) -> int:
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count())
        .select_from(CertificateMailing)
        .join(Registration, Registration.id == CertificateMailing.registration_id)
        .where(Registration.conference_id == conference.id)
    )


def render_mail(mail) -> Body:
    """The certificate mail, rendered by the mail worker when it sends it."""
    registration = db.session.get(Registration, mail.params["registration_id"])
    if registration is None or registration.anonymised_at is not None:
        raise MailObsolete("the registration was erased before the certificate was sent")
    if refusal(registration):
        raise MailObsolete("the participant can no longer have a certificate")
    text, html = render_body(
        "certificates/email/certificate",
        {"registration": registration, "conference": registration.conference},
    )
    pdf = certificates_pdf(registration.conference, [registration])
    return Body(text, html, [Attachment(filename(registration), "application/pdf", pdf)])
