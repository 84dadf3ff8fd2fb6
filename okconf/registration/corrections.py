"""Right after registering, a participant may correct a mistyped email address.

The confirmation page shows the address the mail went to. Within CORRECTION_WINDOW of
registering, and only from the browser session that registered (the page keeps the
registration's id in the signed session), the person may give the right address: the mails
still waiting to go to the wrong one are withdrawn, links sent to it stop working, and the
confirmation goes to the corrected address.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, func

from okconf import audit, signals
from okconf.db import utcnow
from okconf.errors import DomainError, NotAllowed
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxMail
from okconf.registration import mails
from okconf.registration.models import Registration, RegistrationStatus
from okconf.registration.rules import find_active, waiting_position

CORRECTION_WINDOW = timedelta(hours=1)


def can_correct(registration: Registration) -> bool:
    """Whether the address may still be corrected from the registering session."""
    return (
        registration.status is not RegistrationStatus.CANCELLED
        and registration.anonymised_at is None
        and utcnow() - registration.created_at <= CORRECTION_WINDOW
    )


def too_late_message() -> str:
    """Why the address can no longer be corrected here."""
    return _(
        "The address can only be corrected right after registering. "
        "Ask the organiser to correct it."
    )


def correct_email(registration: Registration, email: str) -> Registration:
    """Give the registration the right address and send the confirmation there."""
    email = (email or "").strip()
    if not can_correct(registration):
        raise NotAllowed(too_late_message(), field="email")
    if email.lower() == registration.email.lower():
        raise DomainError(_("That is the address the message went to."), field="email")
    if find_active(registration.conference_id, email) is not None:
        raise DomainError(
            _(
                "This address is already registered for the conference: "
                "use the link in the message sent to it."
            ),
            field="email",
        )
    old = registration.email
    db.session.execute(
        delete(OutboxMail)
        .where(
            func.lower(OutboxMail.recipient) == old.lower(),
            OutboxMail.conference_id == registration.conference_id,
            OutboxMail.status != MailStatus.SENT,
        )
        .execution_options(synchronize_session=False)
    )
    registration.email = email
    # A link that already reached the wrong address stops working.
    registration.link_version += 1
    db.session.flush()
    mails.send_confirmation(registration, waiting_position(registration))
    audit.record("registration.email_corrected", registration, actor="participant")
    signals.registration_changed.send(registration)
    signals.address_registered.send(registration.conference, email=registration.email)
    return registration
