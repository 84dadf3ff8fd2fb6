"""Every service that changes a registration or decides a claim queues its event, once."""

from __future__ import annotations

import json

from sqlalchemy import select

from okconf.extensions import db
from okconf.registration.models import RegistrationStatus
from okconf.vocabulary import OrganisationType, Party
from okconf.webhooks import events, services
from okconf.webhooks.models import WebhookDelivery

E = events


def _queued(since: int = 0) -> list[tuple[str, int]]:
    return [
        (d.event, d.registration_id)
        for d in db.session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.id > since).order_by(WebhookDelivery.id)
        )
    ]


def _last_id() -> int:
    return db.session.scalar(select(WebhookDelivery.id).order_by(WebhookDelivery.id.desc())) or 0


def _hook(owner, receiver):
    services.create(owner, url=receiver.url, chosen=list(events.EVENTS))
    db.session.commit()


def test_registration_services(app, receiver, make_user, make_conference, make_registration):
    from okconf.attendees.desk import register_walk_in, undo_check_in
    from okconf.registration.corrections import correct_email
    from okconf.registration.duplicates import keep_one
    from okconf.registration.rules import Person
    from okconf.registration.services import cancel, hand_over, reinstate

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=2)
    _hook(organiser, receiver)

    walk_in = register_walk_in(
        conference,
        first_name="Dörr",
        last_name="Gäst",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
    )
    db.session.commit()
    assert _queued() == [
        (E.REGISTRATION_CREATED, walk_in.id),
        (E.REGISTRATION_CHECKED_IN, walk_in.id),
    ]

    mark = _last_id()
    assert undo_check_in(walk_in)
    db.session.commit()
    assert _queued(mark) == [(E.REGISTRATION_CHANGED, walk_in.id)]

    person = make_registration(conference)
    mark = _last_id()
    hand_over(person, Person(first_name="Kollega", last_name="Ny", email="kollega@example.org"))
    db.session.commit()
    assert _queued(mark) == [(E.REGISTRATION_CHANGED, person.id)]

    mark = _last_id()
    correct_email(person, "kollega.ratt@example.org")
    db.session.commit()
    assert _queued(mark) == [(E.REGISTRATION_CHANGED, person.id)]

    mark = _last_id()
    cancel(person, by_staff=True)
    db.session.commit()
    reinstate(person, status="confirmed")
    db.session.commit()
    assert _queued(mark) == [
        (E.REGISTRATION_CANCELLED, person.id),
        (E.REGISTRATION_CHANGED, person.id),
    ]

    keep = make_registration(conference, status=RegistrationStatus.WAITING)
    mark = _last_id()
    keep_one(keep, [person.id])  # the duplicate's place goes to the one kept
    db.session.commit()
    assert _queued(mark) == [
        (E.REGISTRATION_CANCELLED, person.id),
        (E.REGISTRATION_PROMOTED, keep.id),
    ]


def test_claim_decisions(app, receiver, make_user, make_conference, make_registration):
    from okconf.reimbursements.models import Budget, Claim, ClaimState
    from okconf.reimbursements.review import approve_claim, reject_claim, return_claim

    organiser = make_user("organiser")
    reviewers = make_user("reviewer"), make_user("reviewer")
    conference = make_conference(organisers=[organiser])
    _hook(organiser, receiver)
    db.session.add(Budget(name="Uppföljning", year=conference.date.year, total_ore=90_000_000))
    claims = []
    for _ in range(3):
        person = make_registration(conference, is_volunteer=True)
        claim = Claim(
            registration_id=person.id,
            conference_id=conference.id,
            state=ClaimState.SUBMITTED,
            claimed_ore=20000,
            claimed_travel_ore=20000,
        )
        db.session.add(claim)
        claims.append(claim)
    db.session.commit()

    reject_claim(claims[0], reviewers[0], reason="Inte ideell")
    return_claim(claims[1], reviewers[0], reason="Kvitto saknas")
    assert approve_claim(
        claims[2], reviewers[1], travel_ore=20000, lost_ore=0, attendance_override="Lista"
    )
    db.session.commit()
    assert _queued() == [(E.CLAIM_DECIDED, c.registration_id) for c in claims]
    states = [
        json.loads(d.payload)["claim"]["state"]
        for d in db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id))
    ]
    assert states == ["rejected", "returned", "approved"]
