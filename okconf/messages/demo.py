"""Demo messages: a draft to everyone with a place and the reminder before the day, for the
upcoming conference. Nothing is queued (the demo's outbox stays empty); loading twice adds
nothing."""

from __future__ import annotations

from sqlalchemy import select

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.messages.models import Message, MessageKind

DRAFT_SV = """Hej {förnamn}!

Välkommen till {konferens} {datum}.

Så hittar du till {plats}: buss 3 från resecentrum, tio minuter.
Parkering finns på baksidan.
Registreringen öppnar en halvtimme före start, med kaffe.

Behöver du ändra något i din anmälan, eller ge din plats till en kollega? Använd din länk:
{länk}

Varmt välkommen!"""
DRAFT_EN = """Hello {first_name},

Welcome to {conference} on {date}.

How to find {place}: bus 3 from the travel centre, ten minutes.
There is parking at the back.
Registration opens half an hour before the start, with coffee.

To change your registration or hand your place to a colleague, use your link:
{link}

See you there!"""
REMINDER_SV = """Hej {förnamn}!

Nu är det snart dags: {konferens} är {datum} i {plats}.
Din workshop: {workshop}

Din anmälan: {länk}"""


def load(ctx) -> None:
    """Add a draft and the reminder to the upcoming conference, once."""
    conference = db.session.scalar(
        select(Conference).where(Conference.date.is_not(None)).order_by(Conference.date.desc())
    )
    if conference is None:
        return
    if db.session.scalar(select(Message.id).where(Message.conference_id == conference.id)):
        return
    db.session.add(
        Message(
            conference_id=conference.id,
            subject_sv="Praktisk information inför {konferens}",
            body_sv=DRAFT_SV,
            subject_en="Practical information: {conference}",
            body_en=DRAFT_EN,
            group="confirmed",
        )
    )
    db.session.add(
        Message(
            conference_id=conference.id,
            kind=MessageKind.REMINDER,
            subject_sv="Snart dags: {konferens}",
            body_sv=REMINDER_SV,
            group="confirmed",
            enabled=True,
            days_before=2,
        )
    )
    db.session.flush()
