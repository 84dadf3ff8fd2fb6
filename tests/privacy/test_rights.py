"""A participant downloads their data and asks for erasure; an organiser completes it."""

import json

from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.audit.models import AuditEntry
from okconf.extensions import db
from okconf.privacy.models import ErasureRequest, ErasureState
from okconf.registration.models import Registration, RegistrationDiet
from okconf.vocabulary import Diet


def token_for(registration):
    return make_token("registration", registration.id, registration.link_version)


def test_download_holds_everything_about_the_person(client, make_conference, make_registration):
    conference = make_conference()
    person = make_registration(conference, accessibility_needs="Hörslinga")
    db.session.add(RegistrationDiet(registration_id=person.id, diet=Diet.VEGAN))
    db.session.commit()
    response = client.get(f"/anmalan/{token_for(person)}/mina-uppgifter")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["registration"]["email"] == person.email
    assert data["registration"]["accessibility_needs"] == "Hörslinga"
    assert data["dietary_needs"] == ["vegan"]
    assert data["conference"]["title"] == conference.title


def test_forged_or_old_links_get_nothing(client, make_conference, make_registration):
    person = make_registration(make_conference())
    assert client.get("/anmalan/forged-token/mina-uppgifter").status_code == 404
    old = token_for(person)
    person.link_version += 1
    db.session.commit()
    assert client.get(f"/anmalan/{old}/mina-uppgifter").status_code == 404
    other = make_token("invitation", person.id, person.link_version)
    assert client.get(f"/anmalan/{other}/mina-uppgifter").status_code == 404


def test_erasure_request_and_completion(
    client, make_conference, make_registration, make_user, login
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    person = make_registration(conference, accessibility_needs="Ledsagare")
    token = token_for(person)
    assert client.get(f"/anmalan/{token}/radera").status_code == 200
    response = client.post(f"/anmalan/{token}/radera")
    assert response.status_code == 200
    client.post(f"/anmalan/{token}/radera")  # asking twice makes one request
    requests = db.session.scalars(select(ErasureRequest)).all()
    assert len(requests) == 1
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/integritet")
    assert person.first_name in page.get_data(as_text=True)
    response = client.post(f"/staff/radering/{requests[0].id}/klar")
    assert response.status_code == 302
    erasure = db.session.get(ErasureRequest, requests[0].id)
    assert erasure.state is ErasureState.COMPLETED
    erased = db.session.get(Registration, person.id)
    assert erased.email == "" and erased.accessibility_needs == ""
    assert erased.party == person.party
    assert client.get(f"/anmalan/{token}/mina-uppgifter").status_code == 404
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"privacy.erasure_requested", "privacy.erasure_completed"} <= actions


def test_other_organisers_cannot_complete(
    client, make_conference, make_registration, make_user, login
):
    owner, other = make_user("organiser"), make_user("organiser")
    conference = make_conference(organisers=[owner])
    person = make_registration(conference)
    client.post(f"/anmalan/{token_for(person)}/radera")
    erasure = db.session.scalars(select(ErasureRequest)).one()
    login(other)
    assert client.get(f"/staff/konferenser/{conference.id}/integritet").status_code == 403
    assert client.post(f"/staff/radering/{erasure.id}/klar").status_code == 403
    assert db.session.get(ErasureRequest, erasure.id).state is ErasureState.PENDING


def test_retention_form_validates(client, make_conference, make_user, login):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/integritet"
    response = client.post(url, data={"sensitive_days": "-4", "anonymise_days": "abc"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    response = client.post(url, data={"sensitive_days": "14", "anonymise_days": ""})
    assert response.status_code == 302
    from okconf.privacy.retention import periods

    assert periods(conference).sensitive_days == 14
    assert periods(conference).anonymise_days == 365


def test_privacy_page_shows_the_settings_in_force(make_app, backend):
    application = make_app(
        RETENTION_SENSITIVE_DAYS=21, RETENTION_ANONYMISE_DAYS=200, BABEL_DEFAULT_LOCALE="sv"
    )
    client = application.test_client()
    text = client.get("/integritet").get_data(as_text=True)
    assert "Raderas 21 dagar efter konferensen." in text
    assert "tas bort 200 dagar efter konferensen" in text
    client.get("/language/en")
    assert "Erased 21 days after the conference." in client.get("/integritet").get_data(
        as_text=True
    )
