"""Check-in per workshop session: each workshop's list at its door, for the organiser and for a
door volunteer's check-in link of that conference."""

from __future__ import annotations

from datetime import time

import pytest
from flask import url_for
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
from okconf.extensions import db
from okconf.registration.models import RegistrationStatus
from okconf.volunteers import services, workshop_checkin
from okconf.volunteers.models import WorkshopCheckin
from okconf.workshops.models import Assignment


@pytest.fixture(autouse=True)
def urls(app):
    with app.test_request_context():
        yield


@pytest.fixture
def placed(make_user, make_conference, make_registration):
    """One round with workshops A and B; Alva and Bo in A, Cilla in B, Dora in A but
    cancelled."""
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    item = ProgrammeItem(
        conference_id=conference.id,
        kind=ItemKind.WORKSHOPS,
        starts_at=time(10),
        ends_at=time(11, 30),
        title="Workshoppass 1",
    )
    db.session.add(item)
    db.session.flush()
    a = Workshop(conference_id=conference.id, round_id=item.id, title="Workshop A", room="Sal 1")
    b = Workshop(conference_id=conference.id, round_id=item.id, title="Workshop B", position=1)
    db.session.add_all([a, b])
    db.session.commit()
    people = {}
    for name, workshop, status in (
        ("Alva", a, RegistrationStatus.CONFIRMED),
        ("Bo", a, RegistrationStatus.CONFIRMED),
        ("Cilla", b, RegistrationStatus.CONFIRMED),
        ("Dora", a, RegistrationStatus.CANCELLED),
    ):
        person = make_registration(conference, first_name=name, status=status)
        db.session.add(
            Assignment(registration_id=person.id, round_id=item.id, workshop_id=workshop.id)
        )
        people[name] = person
    db.session.commit()
    return organiser, conference, a, b, people


def test_the_list_at_the_door_and_the_counts(placed):
    _organiser, conference, a, _b, people = placed
    assert [p.registration.first_name for p in workshop_checkin.people(a)] == ["Alva", "Bo"]
    assert workshop_checkin.check_in(people["Alva"], a) is True
    assert workshop_checkin.check_in(people["Alva"], a) is False
    db.session.commit()
    ((_round, rows),) = workshop_checkin.rounds(conference)
    assert [(r.workshop.title, r.arrived, r.expected) for r in rows] == [
        ("Workshop A", 1, 2),
        ("Workshop B", 0, 1),
    ]
    with pytest.raises(Exception, match="not on the workshop's list"):
        workshop_checkin.check_in(people["Cilla"], a)
    with pytest.raises(Exception, match="not on the workshop's list"):
        workshop_checkin.check_in(people["Dora"], a)
    assert workshop_checkin.undo(people["Alva"], a) is True
    assert workshop_checkin.undo(people["Alva"], a) is False


def test_a_volunteer_checks_in_at_a_workshop_door(client, placed):
    _organiser, conference, a, _b, people = placed
    link, token = services.create_link(conference, label="Sal 1", hours=4, show_needs=False)
    db.session.commit()
    client.get(url_for("volunteers.open_link", token=token))
    overview = client.get(url_for("workshop_desk.workshops", conference_id=conference.id))
    assert overview.status_code == 200 and "Workshop A" in overview.get_data(as_text=True)
    url = url_for("workshop_desk.workshop", conference_id=conference.id, workshop_id=a.id)
    page = client.get(url).get_data(as_text=True)
    assert "Alva" in page and "Cilla" not in page and "Dora" not in page
    response = client.post(url, data={"registration_id": people["Alva"].id, "action": "in"})
    assert response.status_code == 302
    assert db.session.get(WorkshopCheckin, (people["Alva"].id, a.id)) is not None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "workshop.check_in")
    ).one()
    assert entry.actor.startswith(f"checkin-link:{link.id}")
    # Someone of another workshop, or nonsense, is refused with a message, not a 500.
    for value in (people["Cilla"].id, "x", "-1", "99999999999999"):
        response = client.post(url, data={"registration_id": value, "action": "in"})
        assert response.status_code == 302
    assert len(db.session.scalars(select(WorkshopCheckin)).all()) == 1
    client.post(url, data={"registration_id": people["Alva"].id, "action": "undo"})
    assert db.session.scalars(select(WorkshopCheckin)).all() == []


def test_another_conferences_workshop_is_refused(client, make_conference, placed):
    _organiser, conference, a, _b, _people = placed
    other = make_conference()
    _link, token = services.create_link(other, label="Fel dörr", hours=4, show_needs=False)
    db.session.commit()
    client.get(url_for("volunteers.open_link", token=token))
    url = url_for("workshop_desk.workshop", conference_id=conference.id, workshop_id=a.id)
    assert client.get(url).status_code == 403
    # Its own conference id with a workshop of another conference: not found.
    url = url_for("workshop_desk.workshop", conference_id=other.id, workshop_id=a.id)
    assert client.get(url).status_code == 404
