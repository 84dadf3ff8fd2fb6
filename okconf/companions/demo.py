"""Demo: two people coming to the upcoming conference on site bring a companion (invented)."""

from __future__ import annotations

from sqlalchemy import select

from okconf.companions.models import Companion
from okconf.companions.services import places_of_companion
from okconf.extensions import db
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.vocabulary import Diet

COMPANIONS = (
    ("Vera Ledsagare", [Diet.VEGETARIAN], "Går med rollator; behöver plats nära dörren."),
    ("Anton Assistent", [], ""),
)


def load(ctx) -> None:
    """Add the companions once, where the upcoming conference takes companions."""
    conference = ctx.objects.get("conference:upcoming")
    if conference is None or not conference.companions_allowed:
        return
    taken = select(Companion.registration_id)
    people = db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == Attendance.ON_SITE,
        )
        .order_by(Registration.id)
    ).all()
    if db.session.scalar(taken.where(Companion.registration_id.in_([p.id for p in people]))):
        return  # loaded before
    places = places_of_companion(conference)
    for registration, (name, diets, needs) in zip(people[1::7], COMPANIONS, strict=False):
        companion = Companion(registration_id=registration.id, name=name, needs=needs)
        companion.diet_list = diets
        db.session.add(companion)
        registration.companion_places = places
    db.session.flush()
