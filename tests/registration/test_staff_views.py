"""The organisers' actions: add by hand, edit, remove, move up from the waiting list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from tests.registration.conftest import outbox


@pytest.fixture
def organiser(make_user):
    return make_user("organiser")


@pytest.fixture
def setup(organiser, make_conference, make_registration):
    """A conference of 1 place, its holder and one person waiting."""
    conference = make_conference(organisers=[organiser], capacity=1)
    holder = make_registration(conference)
    waiting = make_registration(conference, status=RegistrationStatus.WAITING)
    return conference, holder, waiting


def _routes(conference, holder, waiting):
    return [
        ("get", f"/staff/konferenser/{conference.id}/anmalningar/ny"),
        ("get", f"/staff/konferenser/{conference.id}/vantelista"),
        ("get", f"/staff/anmalningar/{holder.id}/redigera"),
        ("get", f"/staff/anmalningar/{holder.id}/avanmal"),
        ("post", f"/staff/anmalningar/{waiting.id}/flytta-upp"),
    ]


@pytest.mark.parametrize("who", ["anonymous", "reader", "reviewer", "other_organiser"])
def test_only_the_conferences_organisers_and_admins_get_in(client, login, make_user, setup, who):
    if who != "anonymous":
        role = "organiser" if who == "other_organiser" else who
        login(make_user(role))
    for method, url in _routes(*setup):
        response = getattr(client, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            assert response.status_code == 403, url
    assert db.session.get(Registration, setup[2].id).status is RegistrationStatus.WAITING


@pytest.mark.parametrize("role", ["organiser", "admin"])
def test_organiser_and_admin_see_the_pages(client, login, make_user, organiser, setup, role):
    login(organiser if role == "organiser" else make_user("admin"))
    for method, url in _routes(*setup)[:4]:
        assert getattr(client, method)(url).status_code == 200, url


def _person(**overrides):
    data = {
        "first_name": "Handlagd",
        "last_name": "Person",
        "email": "handlagd@example.org",
        "organisation_name": "Länsstyrelsen Västernorrland",
        "party": "public_sector",
        "org_type": "county_board",
    }
    data.update(overrides)
    return data


def test_add_by_hand_after_the_deadline_needs_the_override(
    client, login, organiser, make_conference
):
    conference = make_conference(
        organisers=[organiser], registration_deadline=stockholm_today() - timedelta(days=2)
    )
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/anmalningar/ny"
    response = client.post(url, data=_person())
    assert response.status_code == 200
    assert 'id="override_deadline-error"' in response.get_data(as_text=True)
    response = client.post(url, data=_person(override_deadline="y"))
    assert response.status_code == 302
    registration = db.session.scalars(select(Registration)).one()
    assert registration.status is RegistrationStatus.CONFIRMED
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.created")
    ).one()
    assert entry.user_id == organiser.id and entry.details["after_deadline"] is True


def test_add_to_a_full_conference_queues_unless_overridden(client, login, organiser, setup):
    conference = setup[0]
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/anmalningar/ny"
    client.post(url, data=_person())
    client.post(url, data=_person(email="over@example.org", override_capacity="y"))
    queued = db.session.scalars(
        select(Registration).where(Registration.email == "handlagd@example.org")
    ).one()
    forced = db.session.scalars(
        select(Registration).where(Registration.email == "over@example.org")
    ).one()
    assert queued.status is RegistrationStatus.WAITING
    assert forced.status is RegistrationStatus.CONFIRMED
    duplicate = client.post(url, data=_person(email="HANDLAGD@example.org"))
    assert 'id="email-error"' in duplicate.get_data(as_text=True)


def test_edit_is_audited_without_diet_contents(client, login, organiser, setup):
    _conference, holder, _waiting = setup
    login(organiser)
    data = {
        "first_name": "Ändrad",
        "last_name": holder.last_name,
        "email": holder.email,
        "phone": "",
        "organisation_name": holder.organisation_name,
        "party": "civil_society",
        "org_type": "civil_society_org",
        "diets": ["halal", "nut_allergy"],
    }
    response = client.post(f"/staff/anmalningar/{holder.id}/redigera", data=data)
    assert response.status_code == 302
    db.session.refresh(holder)
    assert holder.first_name == "Ändrad"
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.updated")
    ).one()
    assert entry.user_id == organiser.id
    assert entry.details["first_name"]["after"] == "Ändrad"
    assert entry.details["diets_changed"] is True
    assert "halal" not in str(entry.details) and "nut" not in str(entry.details)


def test_removal_gives_the_place_to_the_waiting(client, login, organiser, setup):
    conference, holder, waiting = setup
    login(organiser)
    response = client.post(f"/staff/anmalningar/{holder.id}/avanmal")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/konferenser/{conference.id}/vantelista")
    db.session.refresh(holder)
    db.session.refresh(waiting)
    assert holder.status is RegistrationStatus.CANCELLED and not holder.late_cancellation
    assert waiting.status is RegistrationStatus.CONFIRMED
    assert outbox("confirmation", waiting.email)
    assert not outbox("registration_cancelled", holder.email)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "registration.cancelled" in actions and "registration.promoted" in actions


def test_promote_over_capacity_only_when_ticked(client, login, organiser, setup):
    _conference, _holder, waiting = setup
    login(organiser)
    client.post(f"/staff/anmalningar/{waiting.id}/flytta-upp")
    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.WAITING
    page = client.get(f"/staff/konferenser/{waiting.conference_id}/vantelista")
    assert "The conference is full" in page.get_data(as_text=True)
    client.post(f"/staff/anmalningar/{waiting.id}/flytta-upp", data={"override_capacity": "y"})
    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.CONFIRMED


def test_waiting_list_page_lists_in_order(client, login, organiser, setup, make_registration):
    conference, _holder, first = setup
    second = make_registration(conference, status=RegistrationStatus.WAITING, first_name="Andra")
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/vantelista").get_data(as_text=True)
    assert page.index(first.full_name) < page.index(second.full_name)


def test_unknown_registration_is_404(client, login, organiser):
    login(organiser)
    assert client.get("/staff/anmalningar/99999/redigera").status_code == 404
