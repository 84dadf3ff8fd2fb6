"""Door volunteers' check-in links: the desk of one conference and nothing else, diets only
when the organiser allows, gone (410) once expired or revoked, and audited by link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration.models import RegistrationDiet
from okconf.vocabulary import Diet
from okconf.volunteers import services
from okconf.volunteers.models import CheckinLink


@pytest.fixture(autouse=True)
def urls(app):
    """url_for in the tests (the URLs are moving to one Swedish scheme)."""
    with app.test_request_context():
        yield


@pytest.fixture
def desk(app, make_user, make_conference, make_registration):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    other = make_conference(organisers=[organiser])
    person = make_registration(
        conference, first_name="Alva", last_name="Berg", accessibility_needs="Hörslinga"
    )
    db.session.add(RegistrationDiet(registration_id=person.id, diet=Diet(next(iter(Diet)).value)))
    stranger = make_registration(other, first_name="Olle")
    db.session.commit()
    return organiser, conference, other, person, stranger


def _make(conference, show_needs=False, hours=24):
    link, token = services.create_link(
        conference, label="Entrén, Kim", hours=hours, show_needs=show_needs
    )
    db.session.commit()
    return link, token


def _open(client, token):
    return client.get(url_for("volunteers.open_link", token=token))


def test_the_organiser_makes_a_link_that_is_shown_once_and_stored_hashed(client, login, desk):
    organiser, conference, *_ = desk
    login(organiser)
    url = url_for("volunteers.links", conference_id=conference.id)
    page = client.post(url, data={"label": "Entrén, Kim", "hours": "24", "show_needs": "y"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    token = re.search(r"/incheckning/([A-Za-z0-9_-]+)", html).group(1)
    link = db.session.scalars(select(CheckinLink)).one()
    assert link.token_hash == services.token_hash(token) and token not in link.token_hash
    assert link.show_needs and link.label == "Entrén, Kim"
    assert timedelta(hours=23) < link.expires_at - utcnow() <= timedelta(hours=24)
    # Listed afterwards, without the token.
    listing = client.get(url).get_data(as_text=True)
    assert "Entrén, Kim" in listing and token not in listing


def test_bad_input_on_the_form_is_shown_beside_the_field(client, login, desk):
    organiser, conference, *_ = desk
    login(organiser)
    url = url_for("volunteers.links", conference_id=conference.id)
    for data, field in (
        ({"label": "", "hours": "24"}, "label"),
        ({"label": "   ", "hours": "24"}, "label"),
        ({"label": "x" * 101, "hours": "24"}, "label"),
        ({"label": "Kim", "hours": "5"}, "hours"),
        ({"label": "Kim", "hours": "-1"}, "hours"),
        ({"label": "Kim", "hours": "många"}, "hours"),
    ):
        page = client.post(url, data=data)
        assert page.status_code == 200
        assert f'id="{field}-error"' in page.get_data(as_text=True), data
    assert db.session.scalars(select(CheckinLink)).all() == []


def test_a_volunteer_checks_in_at_their_conference_only(client, desk):
    _organiser, conference, other, person, stranger = desk
    _link, token = _make(conference)
    opened = _open(client, token)
    assert opened.status_code == 302
    assert opened.headers["Location"].endswith(
        url_for("attendees.checkin", conference_id=conference.id)
    )
    search = client.get(url_for("attendees.checkin", conference_id=conference.id, q="Alva"))
    assert search.status_code == 200 and "Alva Berg" in search.get_data(as_text=True)
    # The staff links of the desk are not offered to a volunteer.
    assert url_for("attendees.walk_in", conference_id=conference.id) not in search.get_data(
        as_text=True
    )
    done = client.post(url_for("attendees.checkin_person", registration_id=person.id))
    assert done.status_code == 302
    db.session.refresh(person)
    assert person.checked_in_at is not None
    undone = client.post(url_for("attendees.checkin_undo", registration_id=person.id))
    assert undone.status_code == 302
    db.session.refresh(person)
    assert person.checked_in_at is None
    # Another conference's desk and people are refused.
    assert client.get(url_for("attendees.checkin", conference_id=other.id)).status_code == 403
    assert (
        client.post(url_for("attendees.checkin_person", registration_id=stranger.id)).status_code
        == 403
    )
    db.session.refresh(stranger)
    assert stranger.checked_in_at is None
    # The lists and exports are not the desk.
    for endpoint in ("attendees.list", "attendees.export", "attendees.walk_in"):
        response = client.get(url_for(endpoint, conference_id=conference.id))
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_audit_names_the_link(client, desk):
    _organiser, conference, _other, person, _stranger = desk
    link, token = _make(conference)
    _open(client, token)
    client.post(url_for("attendees.checkin_person", registration_id=person.id))
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.check_in")
    ).one()
    assert entry.user_id is None
    assert entry.actor == f"checkin-link:{link.id} (Entrén, Kim)"


@pytest.mark.parametrize("show_needs", [False, True])
def test_diets_and_needs_only_when_the_organiser_allows(client, desk, show_needs):
    _organiser, conference, _other, person, _stranger = desk
    _link, token = _make(conference, show_needs=show_needs)
    _open(client, token)
    html = client.get(url_for("attendees.checkin_person", registration_id=person.id)).get_data(
        as_text=True
    )
    assert "Alva Berg" in html
    assert ("Hörslinga" in html) is show_needs
    assert ('id="needs"' in html or "Specialkost" in html or "Special diet" in html) is show_needs


def test_an_expired_link_is_gone_also_for_an_open_desk(client, desk, monkeypatch):
    _organiser, conference, _other, person, _stranger = desk
    _link, token = _make(conference, hours=4)
    _open(client, token)
    desk_url = url_for("attendees.checkin", conference_id=conference.id)
    assert client.get(desk_url).status_code == 200
    later = utcnow() + timedelta(hours=4, seconds=1)
    monkeypatch.setattr(services, "now", lambda: later)
    gone = client.get(desk_url)
    assert gone.status_code == 410
    assert "no longer works" in gone.get_data(as_text=True) or "fungerar inte" in gone.get_data(
        as_text=True
    )
    assert client.post(
        url_for("attendees.checkin_person", registration_id=person.id)
    ).status_code in (302, 401, 403, 410)
    db.session.refresh(person)
    assert person.checked_in_at is None
    assert _open(client, token).status_code == 410


def test_a_revoked_link_stops_at_once(client, login, desk):
    organiser, conference, _other, person, _stranger = desk
    link, token = _make(conference)
    volunteer = client.application.test_client()
    _open(volunteer, token)
    desk_url = url_for("attendees.checkin", conference_id=conference.id)
    assert volunteer.get(desk_url).status_code == 200
    login(organiser)
    revoked = client.post(
        url_for("volunteers.revoke", conference_id=conference.id, link_id=link.id)
    )
    assert revoked.status_code == 302
    assert volunteer.get(desk_url).status_code == 410
    # The marker is dropped with the 410: now an anonymous visitor, sent to sign in.
    refused = volunteer.post(url_for("attendees.checkin_person", registration_id=person.id))
    assert refused.status_code == 302 and "/login" in refused.headers["Location"]
    db.session.refresh(person)
    assert person.checked_in_at is None
    assert _open(volunteer, token).status_code == 410
    db.session.refresh(link)
    assert link.revoked_at is not None
    listing = client.get(url_for("volunteers.links", conference_id=conference.id))
    assert url_for("volunteers.revoke", conference_id=conference.id, link_id=link.id) not in (
        listing.get_data(as_text=True)
    )


def test_unknown_tokens_are_404_and_guessing_is_rate_limited(make_app, desk):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    with app.test_request_context():
        codes = [
            client.get(url_for("volunteers.open_link", token=f"gissning{n}")).status_code
            for n in range(12)
        ]
    assert codes[:10] == [404] * 10
    assert codes[10:] == [429, 429]


def test_another_organiser_cannot_see_or_revoke_the_links(client, login, make_user, desk):
    _organiser, conference, *_ = desk
    link, _token = _make(conference)
    login(make_user("organiser"))
    assert client.get(url_for("volunteers.links", conference_id=conference.id)).status_code == 403
    assert (
        client.post(
            url_for("volunteers.revoke", conference_id=conference.id, link_id=link.id)
        ).status_code
        == 403
    )
    db.session.refresh(link)
    assert link.revoked_at is None
