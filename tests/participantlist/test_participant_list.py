"""Who else is coming (deltagarförteckning): nobody is listed without consent; the organiser's
three settings decide who sees the list; withdrawal, cancellation, hand-over, erasure and the
purge take people off it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.participantlist import services
from okconf.participantlist.models import Visibility
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import OrganisationType, Party


def _token(registration) -> str:
    return make_token("registration", registration.id, registration.link_version)


@pytest.fixture(autouse=True)
def english(client):
    client.get("/language/en")


@pytest.fixture
def conference(make_conference, make_registration, make_organisation):
    """Four confirmed people (two agreed to be listed), one waiting who agreed, one cancelled
    who had agreed."""
    conf = make_conference()
    org = make_organisation("Röda Korset", town="Härnösand")
    listed = {"in_participant_list": True}
    people = {
        "ylva": make_registration(
            conf, first_name="Ylva", last_name="Ö", organisation_name="Ankeborgs kommun", **listed
        ),
        "adam": make_registration(
            conf,
            first_name="Adam",
            last_name="Berg",
            organisation_name="Röda Korset",
            organisation_id=org.id,
            **listed,
        ),
        "hemlig": make_registration(conf, first_name="Hemlig", last_name="Person"),
        "tyst": make_registration(conf, first_name="Tyst", last_name="Tystsson"),
        "kö": make_registration(
            conf, first_name="Köande", status=RegistrationStatus.WAITING, **listed
        ),
        "borta": make_registration(
            conf, first_name="Avanmäld", status=RegistrationStatus.CANCELLED, **listed
        ),
    }
    return conf, people


def _names(conference) -> list[str]:
    return [e.name for e in services.entries(conference)]


def test_only_confirmed_people_who_agreed_by_organisation_then_name(conference):
    conf, _people = conference
    entries = services.entries(conf)
    assert [(e.name, e.organisation, e.town) for e in entries] == [
        ("Ylva Ö", "Ankeborgs kommun", ""),
        ("Adam Berg", "Röda Korset", "Härnösand"),
    ]
    assert services.listed_count(conf) == 2


def test_nobody_by_default_no_list_no_checkbox(client, conference):
    conf, people = conference
    assert services.visibility(conf) is Visibility.NOBODY
    form = client.get(f"/konferens/{conf.slug}/anmalan").get_data(True)
    assert "in_participant_list" not in form
    assert client.get(f"/anmalan/{_token(people['hemlig'])}/deltagare").status_code == 404
    manage = client.get(f"/anmalan/{_token(people['hemlig'])}").get_data(True)
    assert "participant-list-heading" not in manage
    assert "Adam Berg" not in client.get(f"/konferens/{conf.slug}").get_data(True)


def test_participants_see_it_through_their_link_the_public_does_not(client, conference):
    conf, people = conference
    services.save_visibility(conf, Visibility.PARTICIPANTS)
    db.session.commit()
    # Someone who is not listed still sees who is, and the page says they are not on it.
    page = client.get(f"/anmalan/{_token(people['hemlig'])}/deltagare")
    text = page.get_data(True)
    assert page.status_code == 200
    assert "Adam Berg" in text and "Ylva Ö" in text and "Härnösand" in text
    assert "Hemlig" not in text.split("<table")[1] and "Tyst" not in text
    assert "Köande" not in text and "Avanmäld" not in text
    assert "You are not on the list." in text
    # Someone waiting may look too; a cancelled registration and a made-up link may not.
    assert client.get(f"/anmalan/{_token(people['kö'])}/deltagare").status_code == 200
    assert client.get(f"/anmalan/{_token(people['borta'])}/deltagare").status_code == 404
    assert client.get("/anmalan/not-a-token/deltagare").status_code == 404
    # The public page does not show it.
    assert "Adam Berg" not in client.get(f"/konferens/{conf.slug}").get_data(True)


def test_public_shows_it_on_the_public_page(client, conference):
    conf, people = conference
    services.save_visibility(conf, Visibility.PUBLIC)
    db.session.commit()
    public = client.get(f"/konferens/{conf.slug}").get_data(True)
    assert "Who else is coming?" in public
    assert "Adam Berg" in public and "Ylva Ö" in public
    assert "Hemlig" not in public and "Köande" not in public and "Avanmäld" not in public
    assert client.get(f"/anmalan/{_token(people['adam'])}/deltagare").status_code == 200


def test_registration_form_checkbox_unticked_and_consent_recorded(client, conference, form_data):
    conf, _people = conference
    services.save_visibility(conf, Visibility.PARTICIPANTS)
    db.session.commit()
    page = client.get(f"/konferens/{conf.slug}/anmalan").get_data(True)
    assert 'name="in_participant_list"' in page
    assert "checked" not in page.split('name="in_participant_list"')[0].rsplit("<input", 1)[1]
    assert "through their personal links" in page
    client.post(f"/konferens/{conf.slug}/anmalan", data=form_data(email="nej@example.org"))
    client.post(
        f"/konferens/{conf.slug}/anmalan",
        data=form_data(email="ja@example.org", first_name="Jana", in_participant_list="y"),
    )
    no = db.session.scalar(select(Registration).where(Registration.email == "nej@example.org"))
    yes = db.session.scalar(select(Registration).where(Registration.email == "ja@example.org"))
    assert no.in_participant_list is False and no.participant_list_consent_at is None
    assert yes.in_participant_list is True and yes.participant_list_consent_at is not None
    assert "Jana Exempelsson" in _names(conf) and "Alva Exempelsson" not in _names(conf)


def test_withdraw_and_agree_again_on_the_personal_page(client, conference):
    conf, people = conference
    services.save_visibility(conf, Visibility.PARTICIPANTS)
    db.session.commit()
    adam = people["adam"]
    manage = client.get(f"/anmalan/{_token(adam)}").get_data(True)
    assert "participant-list-heading" in manage and "You are on it." in manage
    response = client.post(f"/anmalan/{_token(adam)}/deltagarforteckning", data={})
    assert response.status_code == 302
    db.session.expire_all()
    assert adam.in_participant_list is False and adam.participant_list_consent_at is not None
    assert "Adam Berg" not in _names(conf)
    page = client.get(f"/anmalan/{_token(people['hemlig'])}/deltagare").get_data(True)
    assert "Adam Berg" not in page
    client.post(
        f"/anmalan/{_token(people['tyst'])}/deltagarforteckning",
        data={"in_participant_list": "y"},
    )
    assert "Tyst Tystsson" in _names(conf)


def test_consent_cannot_change_after_the_conference_day(client, make_conference, make_registration):
    conf = make_conference(date=stockholm_today())
    services.save_visibility(conf, Visibility.PARTICIPANTS)
    person = make_registration(conf, in_participant_list=True)
    db.session.commit()
    assert "Save my choice" not in client.get(f"/anmalan/{_token(person)}").get_data(True)
    client.post(f"/anmalan/{_token(person)}/deltagarforteckning", data={}, follow_redirects=True)
    db.session.expire_all()
    assert person.in_participant_list is True


def test_cancellation_and_hand_over_take_people_off(client, conference):
    from okconf.registration import services as registration_services
    from okconf.registration.services import Person

    conf, people = conference
    services.save_visibility(conf, Visibility.PARTICIPANTS)
    db.session.commit()
    registration_services.hand_over(
        people["adam"],
        Person(
            first_name="Kollega",
            last_name="Ny",
            email="kollega@example.org",
            phone="070-123 45 67",
            organisation_name="Röda Korset",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
        ),
    )
    db.session.commit()
    assert "Kollega Ny" not in _names(conf) and "Adam Berg" not in _names(conf)
    people["ylva"].status = RegistrationStatus.CANCELLED
    db.session.commit()
    assert _names(conf) == []


def test_erasure_and_purge_clear_the_consent(app, conference, make_user):
    from okconf.privacy import services as privacy
    from okconf.privacy.retention import purge

    conf, people = conference
    services.save_visibility(conf, Visibility.PUBLIC)
    db.session.commit()
    erasure = privacy.request_erasure(people["adam"])
    privacy.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    db.session.expire_all()
    assert people["adam"].in_participant_list is False
    assert people["adam"].participant_list_consent_at is None
    assert _names(conf) == ["Ylva Ö"]
    purge(on=conf.date + timedelta(days=3650))
    db.session.commit()
    db.session.expire_all()
    assert _names(conf) == []
    assert (
        db.session.scalar(select(Registration).where(Registration.in_participant_list.is_(True)))
        is None
    )


def test_staff_page_setting_count_and_access(client, login, make_user, conference, make_conference):
    conf, _people = conference
    organiser = make_user("organiser")
    conf.organisers.append(organiser)
    other = make_conference()
    db.session.commit()
    url = f"/staff/konferenser/{conf.id}/deltagarforteckning"
    assert client.get(url).status_code in (302, 401)
    login(organiser)
    page = client.get(url)
    text = page.get_data(True)
    assert page.status_code == 200 and ">2<" in text and ">4<" in text
    response = client.post(url, data={"visibility": "public"})
    assert response.status_code == 302
    assert services.visibility(conf) is Visibility.PUBLIC
    bad = client.post(url, data={"visibility": "<script>"})
    assert bad.status_code == 200 and "Choose who sees the list." in bad.get_data(True)
    assert services.visibility(conf) is Visibility.PUBLIC
    assert client.get(f"/staff/konferenser/{other.id}/deltagarforteckning").status_code == 403
