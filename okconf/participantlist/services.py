"""The participant list: the conference's setting, each person's consent, and the list."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from okconf import audit
from okconf.conferences.models import Conference
from okconf.conferences.services import today
from okconf.db import utcnow
from okconf.errors import DomainError, NotAllowed
from okconf.extensions import db
from okconf.organisations.models import Organisation
from okconf.participantlist.models import ParticipantListSettings, Visibility
from okconf.registration.models import Registration, RegistrationStatus
from okconf.rows import conference_row


def visibility(conference: Conference) -> Visibility:
    """Who sees the conference's list (nobody when the organiser has not chosen)."""
    settings = conference_row(ParticipantListSettings, conference, visibility=Visibility.NOBODY)
    return settings.visibility


def has_list(conference: Conference) -> bool:
    return visibility(conference) is not Visibility.NOBODY


def save_visibility(conference: Conference, value: Visibility) -> None:
    settings = conference_row(ParticipantListSettings, conference, add=True)
    settings.visibility = value
    db.session.flush()
    audit.record("participant_list.visibility", conference, visibility=value.value)


def can_change_consent(registration: Registration) -> bool:
    """Until the conference day (afterwards the list no longer changes), while not cancelled."""
    if registration.status is RegistrationStatus.CANCELLED or registration.anonymised_at:
        return False
    conference_date = registration.conference.date
    return conference_date is None or today() < conference_date


def set_consent(registration: Registration, listed: bool, *, at_registration: bool = False):
    """The person's own choice to appear on the list (or not); the time is recorded."""
    if not at_registration and not can_change_consent(registration):
        raise NotAllowed(_("The participant list can no longer be changed."))
    if listed and not has_list(registration.conference):
        raise DomainError(_("This conference has no participant list."))
    if registration.in_participant_list == listed and registration.participant_list_consent_at:
        return
    registration.in_participant_list = listed
    registration.participant_list_consent_at = utcnow()
    db.session.flush()
    if not at_registration:
        audit.record("participant_list.consent", registration, actor="participant", listed=listed)


@dataclass(frozen=True)
class Entry:
    name: str
    organisation: str
    town: str


def _listed(conference: Conference):
    return (
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.in_participant_list.is_(True),
        Registration.anonymised_at.is_(None),
    )


def entries(conference: Conference) -> list[Entry]:
    """Confirmed participants who agreed, by organisation then name."""
    rows = db.session.execute(
        select(
            Registration.first_name,
            Registration.last_name,
            Registration.organisation_name,
            Organisation.town,
        )
        .outerjoin(Organisation, Organisation.id == Registration.organisation_id)
        .where(*_listed(conference))
    ).all()
    found = [
        Entry(f"{first} {last}".strip(), organisation or "", town or "")
        for first, last, organisation, town in rows
    ]
    return sorted(
        found, key=lambda e: (e.organisation.casefold(), e.name.casefold(), e.town.casefold())
    )


def listed_count(conference: Conference) -> int:
    return db.session.scalar(select(func.count(Registration.id)).where(*_listed(conference)))


def confirmed_count(conference: Conference) -> int:
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )


def participant_may_see(registration: Registration) -> bool:
    """A participant sees the list when it is shown to participants or the public, and their
    own registration stands (a cancelled one does not)."""
    return (
        has_list(registration.conference)
        and registration.status is not RegistrationStatus.CANCELLED
        and registration.anonymised_at is None
    )
