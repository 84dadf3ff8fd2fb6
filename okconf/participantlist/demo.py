"""Demo: the upcoming conference lists its participants to each other; some agreed."""

from __future__ import annotations

from sqlalchemy import select

from okconf.db import utcnow
from okconf.extensions import db
from okconf.participantlist.models import ParticipantListSettings, Visibility
from okconf.registration.models import Registration, RegistrationStatus


def load(ctx) -> None:
    conference = ctx.objects.get("conference:upcoming")
    if conference is None or db.session.get(ParticipantListSettings, conference.id):
        return
    db.session.add(
        ParticipantListSettings(conference_id=conference.id, visibility=Visibility.PARTICIPANTS)
    )
    confirmed = db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.id)
    ).all()
    for registration in confirmed[::3]:
        registration.in_participant_list = True
        registration.participant_list_consent_at = utcnow()
    db.session.flush()
