"""Webhooks end to end: the services' changes, the queue, the worker and a real receiver."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.registration import services as registration
from okconf.registration.models import RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.webhooks import events, sender, services
from okconf.webhooks.models import DeliveryStatus, WebhookDelivery


def _person(n: int, **extra) -> registration.ParticipantData:
    values = {
        "first_name": f"Krok{n}",
        "last_name": "Exempel",
        "email": f"krok{n}@example.org",
        "phone": "070-123 45 67",
        "organisation_name": "Föreningen Krok",
        "party": Party.CIVIL_SOCIETY,
        "org_type": OrganisationType.CIVIL_SOCIETY_ORG,
        "locale": "en",
    }
    return registration.ParticipantData(**{**values, **extra})


def _drain(clock, rounds: int = 30) -> None:
    """Run the worker until nothing waits, moving its clock past every pause."""
    for _ in range(rounds):
        sender.send_due()
        waiting = db.session.scalar(
            select(func.count()).where(WebhookDelivery.status != DeliveryStatus.DELIVERED)
        )
        if not waiting:
            return
        clock.forward(3600)
    raise AssertionError("deliveries still waiting")


def test_every_event_is_delivered_once_signed_and_in_order(
    app, receiver, clock, make_user, make_conference
):
    from okconf.attendees.desk import check_in

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=1)
    hook = services.create(organiser, url=receiver.url, chosen=list(events.EVENTS))
    db.session.commit()
    receiver.secret = hook.secret
    receiver.fail_first = 2

    first = registration.register(conference, _person(1, diets=[Diet.VEGAN]))
    db.session.commit()
    second = registration.register(conference, _person(2, accessibility_needs="Rullstol"))
    db.session.commit()
    assert second.status is RegistrationStatus.WAITING
    changed = _person(1, organisation_name="Föreningen Ny Krok")
    registration.update_details(first, changed, by_staff=True)
    db.session.commit()
    promoted = registration.cancel(first, by_staff=True)  # the place goes to the second
    db.session.commit()
    assert promoted == [second]
    assert check_in(second)
    db.session.commit()

    queued = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    assert [(d.event, d.registration_id) for d in queued] == [
        (events.REGISTRATION_CREATED, first.id),
        (events.REGISTRATION_CREATED, second.id),
        (events.REGISTRATION_CHANGED, first.id),
        (events.REGISTRATION_CANCELLED, first.id),
        (events.REGISTRATION_PROMOTED, second.id),
        (events.REGISTRATION_CHECKED_IN, second.id),
    ]

    _drain(clock)

    # The first two requests were refused, and retried: exactly one accepted per event.
    assert [r["answer"] for r in receiver.requests[:2]] == [500, 500]
    accepted_ids = [r["body"]["id"] for r in receiver.accepted]
    assert sorted(accepted_ids) == sorted(d.event_id for d in queued)
    assert len(accepted_ids) == len(set(accepted_ids)) == 6
    assert len(receiver.requests) == 8
    # Every request, refused or not, carries a valid signature over its timestamp and body.
    assert all(receiver.verify(r) for r in receiver.requests)
    # A forged body or an old timestamp does not verify.
    forged = dict(receiver.requests[0], raw=receiver.requests[0]["raw"] + b" ")
    assert not receiver.verify(forged)
    assert not receiver.verify(receiver.requests[0], tolerance=-1)
    # Order per registration: what the receiver accepted follows what happened.
    seen = defaultdict(list)
    for request in receiver.accepted:
        body = request["body"]
        seen[body["registration"]["id"]].append(body["event"])
    assert seen[first.id] == [
        events.REGISTRATION_CREATED,
        events.REGISTRATION_CHANGED,
        events.REGISTRATION_CANCELLED,
    ]
    assert seen[second.id] == [
        events.REGISTRATION_CREATED,
        events.REGISTRATION_PROMOTED,
        events.REGISTRATION_CHECKED_IN,
    ]
    # The headers name the event; the body carries the essentials and nothing sensitive.
    request = receiver.accepted[0]
    assert request["headers"]["Okconf-Event"] == request["body"]["event"]
    assert request["headers"]["Okconf-Event-Id"] == request["body"]["id"]
    assert request["body"]["conference"]["id"] == conference.id
    for request in receiver.requests:
        person = request["body"]["registration"]
        assert person["email"].startswith("krok")
        text = request["raw"].decode()
        # (the number as typed and as stored; a bare "070" may occur in an id or a time)
        assert "phone" not in person and "070-123" not in text and "+46701234567" not in text
        assert "vegan" not in text and "Rullstol" not in text and "diet" not in text
    # The staff page's record: attempts, and the receiver's answer.
    db.session.expire_all()
    rows = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()
    assert all(d.status is DeliveryStatus.DELIVERED and d.response_status == 200 for d in rows)
    assert sum(d.attempts for d in rows) == 8
    assert hook.failing_since is None


def test_a_delivery_exists_only_if_its_change_is_committed(
    app, receiver, make_user, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    services.create(organiser, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
    db.session.commit()

    def fails(_registration):  # what the form keeps with it fails: nothing is committed
        raise RuntimeError("the form's part failed")

    with pytest.raises(RuntimeError):
        registration.register(conference, _person(1), before_commit=fails)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    registration.register(conference, _person(2))  # (it commits)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 1


def test_only_the_chosen_events_of_the_owners_conferences(
    app, receiver, make_user, make_conference, make_registration
):
    mine_user, other_user = make_user("organiser"), make_user("organiser")
    admin = make_user("admin")
    mine = make_conference(organisers=[mine_user])
    other = make_conference(organisers=[other_user])
    all_mine = services.create(mine_user, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
    only_other = services.create(
        other_user, url=receiver.url, chosen=list(events.EVENTS), conference=other
    )
    everything = services.create(admin, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
    db.session.commit()
    a = registration.register(mine, _person(1))
    db.session.commit()
    registration.register(other, _person(2))
    db.session.commit()
    registration.cancel(a, by_staff=True)
    db.session.commit()

    def got(hook):
        return [
            (d.event, d.conference_id)
            for d in db.session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.webhook_id == hook.id)
                .order_by(WebhookDelivery.id)
            )
        ]

    assert got(all_mine) == [(events.REGISTRATION_CREATED, mine.id)]
    assert got(only_other) == [(events.REGISTRATION_CREATED, other.id)]
    assert got(everything) == [
        (events.REGISTRATION_CREATED, mine.id),
        (events.REGISTRATION_CREATED, other.id),
    ]
    # An organiser taken off a conference stops receiving its events.
    mine.organisers.remove(mine_user)
    db.session.commit()
    registration.register(mine, _person(3))
    db.session.commit()
    assert len(got(all_mine)) == 1
    # A hook its owner switched off gets nothing new.
    services.switch(everything, False)
    db.session.commit()
    registration.register(mine, _person(4))
    db.session.commit()
    assert len(got(everything)) == 3  # the third came before it was switched off


def test_two_workers_never_claim_one_delivery(app, receiver, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    services.create(organiser, url=receiver.url, chosen=[events.REGISTRATION_CREATED])
    db.session.commit()
    for n in range(3):
        registration.register(conference, _person(n))
        db.session.commit()
    first, _token = sender.claim(10)
    second, _token2 = sender.claim(10)
    assert len(first) == 3 and second == []


def test_a_later_event_waits_for_an_earlier_one(app, receiver, clock, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    hook = services.create(organiser, url=receiver.url, chosen=list(events.EVENTS))
    db.session.commit()
    receiver.secret, receiver.always_fail = hook.secret, True
    person = registration.register(conference, _person(1))
    db.session.commit()
    registration.cancel(person, by_staff=True)
    db.session.commit()
    for _ in range(3):
        sender.send_due()
        clock.forward(3600)
    # Only "created" was tried (three times); "cancelled" never went before it.
    assert {r["body"]["event"] for r in receiver.requests} == {events.REGISTRATION_CREATED}
    receiver.always_fail = False
    _drain(clock)
    assert [r["body"]["event"] for r in receiver.accepted] == [
        events.REGISTRATION_CREATED,
        events.REGISTRATION_CANCELLED,
    ]


def test_claim_events(app, receiver, clock, make_user, make_conference, make_registration):
    from datetime import date

    from okconf.reimbursements.models import Claim, ClaimState
    from okconf.reimbursements.review import decide_request, mark_paid

    organiser, reviewer = make_user("organiser"), make_user("reviewer")
    conference = make_conference(organisers=[organiser])
    hook = services.create(
        organiser, url=receiver.url, chosen=[events.CLAIM_DECIDED, events.CLAIM_PAID]
    )
    person = make_registration(conference, is_volunteer=True)
    claim = Claim(
        registration_id=person.id,
        conference_id=conference.id,
        state=ClaimState.REQUESTED,
        estimate_ore=50000,
        payee_name="Krok Exempel",
        clearing_number="8327",
        account_number="9999999999",
    )
    db.session.add(claim)
    db.session.commit()
    receiver.secret = hook.secret
    decide_request(claim, reviewer, approve=False, amount_ore=0, reason="För kort resa")
    db.session.commit()
    _drain(clock)
    body = receiver.accepted[0]["body"]
    assert body["event"] == events.CLAIM_DECIDED
    assert body["claim"]["state"] == "declined"
    text = receiver.accepted[0]["raw"].decode()
    assert "9999999999" not in text and "8327" not in text and "För kort" not in text
    # Paid (the state machine is the reimbursement feature's: set it up directly).
    claim.state, claim.approved_ore = ClaimState.APPROVED, 40000
    db.session.commit()
    mark_paid([claim], reviewer, paid_on=date(2026, 11, 30), reference="V123")
    db.session.commit()
    _drain(clock)
    paid = receiver.accepted[-1]["body"]
    assert paid["event"] == events.CLAIM_PAID and paid["claim"]["paid_on"] == "2026-11-30"
    assert json.loads(receiver.accepted[-1]["raw"])["claim"]["approved_ore"] == 40000
