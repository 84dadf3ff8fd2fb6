"""The API's registrations: read, create through the registration service, status, check-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.registration.models import Registration, RegistrationStatus

PERSON = {
    "first_name": "Alva",
    "last_name": "Ek",
    "email": "alva.ek@example.org",
    "phone": "070-123 45 67",
    "organisation_name": "Föreningen Gemenskap",
    "party": "civil_society",
    "org_type": "civil_society_org",
    "diets": ["vegetarian"],
}


def _setup(make_user, make_token, make_conference, **conference):
    organiser = make_user("organiser")
    return organiser, make_token(organiser), make_conference(organisers=[organiser], **conference)


def test_create_goes_through_the_registration_service(
    app, api, make_user, make_token, make_conference, make_registration, smtp
):
    organiser, token, conference = _setup(make_user, make_token, make_conference, capacity=1)
    first = api("POST", f"/api/v1/conferences/{conference.id}/registrations", token, json=PERSON)
    assert first.status_code == 201, first.get_json()
    body = first.get_json()
    assert body["status"] == "confirmed" and body["diets"] == ["vegetarian"]
    assert body["phone"] == "+46701234567"  # normalised by the service, as from the form
    assert first.headers["Location"] == f"/api/v1/registrations/{body['id']}"
    # The conference is now full: the next one is put on the waiting list, as on the form.
    second = api(
        "POST",
        f"/api/v1/conferences/{conference.id}/registrations",
        token,
        json={**PERSON, "email": "bo@example.org", "first_name": "Bo"},
    )
    assert second.get_json()["status"] == "waiting"
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert [(m.recipient, m.kind) for m in mails] == [
        ("alva.ek@example.org", "confirmation"),
        ("bo@example.org", "confirmation"),
    ]
    from okconf.mail.services import send_due_mails

    send_due_mails()
    assert sorted(m["To"] for m in smtp.messages) == ["alva.ek@example.org", "bo@example.org"]
    # Over capacity only when told to.
    # The audit log says the change came through the API, and with which token.
    from okconf.audit.models import AuditEntry

    entry = db.session.scalar(
        select(AuditEntry).where(
            AuditEntry.action == "registration.created", AuditEntry.object_id == body["id"]
        )
    )
    assert entry.user_id == organiser.id and entry.details["api_token"] == token[:12]
    third = api(
        "POST",
        f"/api/v1/conferences/{conference.id}/registrations",
        token,
        json={**PERSON, "email": "cy@example.org", "override_capacity": True},
    )
    assert third.get_json()["status"] == "confirmed"


def test_create_refuses_what_the_form_refuses(app, api, make_user, make_token, make_conference):
    _org, token, conference = _setup(make_user, make_token, make_conference)
    url = f"/api/v1/conferences/{conference.id}/registrations"
    assert api("POST", url, token, json=PERSON).status_code == 201
    duplicate = api("POST", url, token, json={**PERSON, "email": "ALVA.EK@example.org"})
    assert duplicate.status_code == 409
    assert duplicate.get_json()["errors"] == {
        "email": ["This email address is already registered for the conference."]
    }
    wrong_sector = api(
        "POST", url, token, json={**PERSON, "email": "x@example.org", "org_type": "municipality"}
    )
    assert wrong_sector.status_code == 422
    assert "does not belong to the sector" in wrong_sector.get_json()["errors"]["org_type"][0]
    other_diet = api(
        "POST", url, token, json={**PERSON, "email": "y@example.org", "diets": ["other"]}
    )
    assert other_diet.get_json()["errors"] == {"diet_other": ["Describe your other dietary need."]}


def test_a_closed_registration_needs_the_override(app, api, make_user, make_token, make_conference):
    _org, token, conference = _setup(
        make_user,
        make_token,
        make_conference,
        registration_deadline=stockholm_today() - timedelta(1),
    )
    url = f"/api/v1/conferences/{conference.id}/registrations"
    closed = api("POST", url, token, json=PERSON)
    assert closed.status_code == 409 and closed.get_json()["message"]
    assert api("POST", url, token, json={**PERSON, "override_deadline": True}).status_code == 201


def test_status_changes_cancel_and_promote(
    app, api, make_user, make_token, make_conference, make_registration
):
    _org, token, conference = _setup(make_user, make_token, make_conference, capacity=1)
    placed = make_registration(conference)
    queued = make_registration(conference, status=RegistrationStatus.WAITING)
    later = make_registration(conference, status=RegistrationStatus.WAITING)
    waiting = api("GET", f"/api/v1/conferences/{conference.id}/waiting-list", token).get_json()
    assert [(e["position"], e["registration"]["id"]) for e in waiting["entries"]] == [
        (1, queued.id),
        (2, later.id),
    ]
    assert (waiting["capacity"], waiting["confirmed"]) == (1, 1)
    full = api(
        "POST", f"/api/v1/registrations/{later.id}/status", token, json={"status": "confirmed"}
    )
    assert full.status_code == 409
    assert full.get_json()["errors"]["override_capacity"][0].startswith("The conference is full")
    cancelled = api(
        "POST", f"/api/v1/registrations/{placed.id}/status", token, json={"status": "cancelled"}
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    # The freed place went to the first in the queue, who is told by mail.
    assert db.session.get(Registration, queued.id).status is RegistrationStatus.CONFIRMED
    promoted = db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == queued.email))
    assert promoted.params["template"] == "promoted"
    again = api(
        "POST", f"/api/v1/registrations/{placed.id}/status", token, json={"status": "cancelled"}
    )
    assert again.status_code == 409
    assert again.get_json()["message"] == "This registration is already cancelled."
    over = api(
        "POST",
        f"/api/v1/registrations/{later.id}/status",
        token,
        json={"status": "confirmed", "override_capacity": True},
    )
    assert over.get_json()["status"] == "confirmed"


def test_check_in_and_undo(app, api, make_user, make_token, make_conference, make_registration):
    _org, token, conference = _setup(make_user, make_token, make_conference)
    person = make_registration(conference)
    queued = make_registration(conference, status=RegistrationStatus.WAITING)
    url = f"/api/v1/registrations/{person.id}/check-in"
    first = api("POST", url, token)
    assert first.status_code == 200 and first.get_json()["changed"] is True
    assert first.get_json()["registration"]["checked_in_at"]
    assert api("POST", url, token).get_json()["changed"] is False
    refused = api("POST", f"/api/v1/registrations/{queued.id}/check-in", token)
    assert refused.status_code == 409
    assert "has no confirmed place" in refused.get_json()["message"]
    undone = api("DELETE", url, token)
    assert undone.get_json()["changed"] is True
    assert undone.get_json()["registration"]["checked_in_at"] is None


def test_an_organisers_token_sees_only_their_conferences(
    app, api, make_user, make_token, make_conference, make_registration
):
    _mine_org, token, mine = _setup(make_user, make_token, make_conference)
    other_org = make_user("organiser")
    theirs = make_conference(organisers=[other_org])
    their_person = make_registration(theirs)
    listed = api("GET", "/api/v1/conferences", token).get_json()["items"]
    assert [c["id"] for c in listed] == [mine.id]
    for method, url, body in (
        ("GET", f"/api/v1/conferences/{theirs.id}", None),
        ("GET", f"/api/v1/conferences/{theirs.id}/programme", None),
        ("GET", f"/api/v1/conferences/{theirs.id}/registrations", None),
        ("POST", f"/api/v1/conferences/{theirs.id}/registrations", PERSON),
        ("GET", f"/api/v1/conferences/{theirs.id}/waiting-list", None),
        ("GET", f"/api/v1/conferences/{theirs.id}/workshop-assignments", None),
        ("GET", f"/api/v1/registrations/{their_person.id}", None),
        ("POST", f"/api/v1/registrations/{their_person.id}/status", {"status": "cancelled"}),
        ("POST", f"/api/v1/registrations/{their_person.id}/check-in", None),
        ("DELETE", f"/api/v1/registrations/{their_person.id}/check-in", None),
    ):
        response = api(method, url, token, json=body)
        assert response.status_code == 403, (method, url)
        assert response.get_json()["message"] == "This conference is not one of yours."
    assert db.session.get(Registration, their_person.id).status is RegistrationStatus.CONFIRMED
    assert db.session.get(Registration, their_person.id).checked_in_at is None
    # Missing things are 404, not 403.
    assert api("GET", "/api/v1/conferences/999999", token).status_code == 404
    assert api("GET", "/api/v1/registrations/999999", token).status_code == 404
    # An admin's token sees both.
    admin_token = make_token(make_user("admin"))
    listed = api("GET", "/api/v1/conferences", admin_token).get_json()["items"]
    assert {c["id"] for c in listed} == {mine.id, theirs.id}
    assert api("GET", f"/api/v1/registrations/{their_person.id}", admin_token).status_code == 200


def test_scopes_limit_what_a_token_does(
    app, api, make_user, make_token, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    person = make_registration(conference)
    reader = make_token(organiser, scopes=("read",))
    desk = make_token(organiser, scopes=("checkin",))
    create = api("POST", f"/api/v1/conferences/{conference.id}/registrations", reader, json=PERSON)
    assert create.status_code == 403
    assert create.get_json()["message"] == (
        "This token does not have the permission “registrations:write”."
    )
    assert api("POST", f"/api/v1/registrations/{person.id}/check-in", reader).status_code == 403
    assert api("GET", f"/api/v1/registrations/{person.id}", desk).status_code == 403
    assert api("POST", f"/api/v1/registrations/{person.id}/check-in", desk).status_code == 200
