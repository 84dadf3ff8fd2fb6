"""Companions (ledsagare): asked on the form only where the conference takes them; added,
changed and removed on the personal page; on the catering list, the badges and at the desk;
counted apart in the statistics; gone with erasure, cancellation, a hand-over and the purge."""

from __future__ import annotations

import html
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from okconf.accounts.links import make_token
from okconf.companions import services
from okconf.companions.models import Companion
from okconf.companions.services import CompanionData
from okconf.extensions import db
from okconf.registration import services as registration_services
from okconf.registration.models import Registration, RegistrationStatus
from okconf.registration.rules import Person
from okconf.vocabulary import Diet


def _token(registration) -> str:
    return make_token("registration", registration.id, registration.link_version)


def _companion_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Companion))


@pytest.fixture(autouse=True)
def english(client):
    client.get("/language/en")


@pytest.fixture
def organiser(make_user, login):
    user = make_user("organiser")
    login(user)
    return user


def test_the_form_asks_only_where_companions_are_allowed(client, make_conference, form_data):
    plain = make_conference()
    assert "brings_companion" not in client.get(f"/konferens/{plain.slug}/anmalan").get_data(True)
    conf = make_conference(companions_allowed=True, companions_take_places=True)
    page = client.get(f"/konferens/{conf.slug}/anmalan").get_data(True)
    assert "brings_companion" in page and "a companion takes a place of their own" in page
    # ticked without a name: a readable error beside the field, nothing saved
    response = client.post(f"/konferens/{conf.slug}/anmalan", data=form_data(brings_companion="y"))
    assert response.status_code == 200
    assert "Enter the companion's name." in html.unescape(response.get_data(True))
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    response = client.post(
        f"/konferens/{conf.slug}/anmalan",
        data=form_data(
            brings_companion="y",
            companion_name="Maja Ledsagare",
            companion_diets=[Diet.VEGAN.value],
            companion_needs="Rullstol",
        ),
    )
    assert response.status_code == 302
    registration = db.session.scalar(select(Registration))
    companion = registration.companion
    assert companion.name == "Maja Ledsagare"
    assert companion.diet_list == [Diet.VEGAN] and companion.needs == "Rullstol"
    assert registration.companion_places == 1
    # unticked: the companion's fields are ignored
    client.post(
        f"/konferens/{conf.slug}/anmalan",
        data=form_data(email="b@example.org", companion_name="Ignoreras"),
    )
    assert _companion_count() == 1


def test_companions_come_on_site_only(client, make_conference, form_data, participant):
    conf = make_conference(online_capacity=10, companions_allowed=True, companions_take_places=True)
    url = f"/konferens/{conf.slug}/anmalan"
    page = client.get(url).get_data(True)
    # the script hides the part while "online" is chosen; without it the fields stay
    assert 'data-on-site-only="attendance"' in page and "js/companions.js" in page
    companion = {"brings_companion": "y", "companion_name": "Maja Ledsagare"}
    response = client.post(url, data=form_data(attendance="online", **companion))
    assert response.status_code == 200
    body = html.unescape(response.get_data(True))
    assert 'id="brings_companion-error"' in body
    assert "A companion comes on site only." in body
    assert db.session.scalar(select(func.count()).select_from(Registration)) == 0
    # unticked: online without a companion is fine, the leftover name is ignored
    response = client.post(
        url, data=form_data(attendance="online", companion_name="Maja Ledsagare")
    )
    assert response.status_code == 302
    online = db.session.scalar(select(Registration))
    assert online.online and online.companion is None and online.companion_places == 0
    # on site with a companion, as before
    response = client.post(
        url, data=form_data(email="b@example.org", attendance="on_site", **companion)
    )
    assert response.status_code == 302
    assert _companion_count() == 1
    # the service refuses whatever the way in, and so does adding one on the personal page
    from okconf.errors import DomainError
    from okconf.registration.models import Attendance

    with pytest.raises(DomainError) as refused:
        registration_services.register(
            conf,
            participant(
                attendance=Attendance.ONLINE, extra={"companion": CompanionData(name="Maja")}
            ),
        )
    assert refused.value.field == "brings_companion"
    db.session.rollback()
    with pytest.raises(DomainError) as refused:
        services.save(online, CompanionData(name="Maja"))
    assert refused.value.field == "companion_name"
    assert _companion_count() == 1


def test_no_script_hides_the_companion_where_nobody_takes_part_online(client, make_conference):
    conf = make_conference(companions_allowed=True)
    page = client.get(f"/konferens/{conf.slug}/anmalan").get_data(True)
    assert "brings_companion" in page and "js/companions.js" not in page


def test_a_pair_waits_together_when_one_place_is_left(client, make_conference, form_data):
    conf = make_conference(capacity=1, companions_allowed=True, companions_take_places=True)
    client.post(
        f"/konferens/{conf.slug}/anmalan",
        data=form_data(brings_companion="y", companion_name="Maja"),
    )
    registration = db.session.scalar(select(Registration))
    assert registration.status is RegistrationStatus.WAITING
    assert registration.companion.name == "Maja"


def test_staff_add_asks_for_the_companion(client, make_conference, form_data, organiser):
    conf = make_conference(organisers=[organiser], companions_allowed=True)
    url = f"/staff/konferenser/{conf.id}/anmalningar/ny"
    assert "brings_companion" in client.get(url).get_data(True)
    data = form_data(brings_companion="y", companion_name="Assistent Ada")
    data.pop("consent")
    assert client.post(url, data=data).status_code == 302
    registration = db.session.scalar(select(Registration))
    assert registration.companion.name == "Assistent Ada"
    assert registration.companion_places == 0
    # the organiser's page of the registration names the companion and links to their form
    page = client.get(f"/staff/anmalningar/{registration.id}/redigera").get_data(True)
    assert "Assistent Ada" in page and f"/staff/anmalningar/{registration.id}/ledsagare" in page
    response = client.post(
        f"/staff/anmalningar/{registration.id}/ledsagare",
        data={"companion_name": "Assistent Bo", "companion_diets": ["other"]},
    )
    assert "Describe the companion's other dietary need." in html.unescape(response.get_data(True))
    client.post(f"/staff/anmalningar/{registration.id}/ledsagare/ta-bort")
    db.session.expire_all()
    assert registration.companion is None


def test_the_personal_page_adds_changes_and_removes(client, make_conference, make_registration):
    conf = make_conference(capacity=2, companions_allowed=True, companions_take_places=True)
    registration = make_registration(conf)
    token = _token(registration)
    assert "Add a companion" in client.get(f"/anmalan/{token}").get_data(True)
    response = client.post(
        f"/anmalan/{token}/ledsagare",
        data={"companion_name": "Maja", "companion_diets": ["vegan"], "companion_needs": "Hörsel"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert registration.companion.name == "Maja" and registration.companion_places == 1
    page = client.get(f"/anmalan/{token}").get_data(True)
    assert "Maja" in page and "Vegan" in page and "Hörsel" in page
    client.post(f"/anmalan/{token}/ledsagare", data={"companion_name": "Maja Berg"})
    db.session.expire_all()
    assert registration.companion.name == "Maja Berg" and registration.companion.diets == ""
    client.post(f"/anmalan/{token}/ledsagare/ta-bort")
    db.session.expire_all()
    assert registration.companion is None and registration.companion_places == 0
    # the conference fills: a companion who takes a place can no longer be added
    make_registration(conf)
    response = client.post(f"/anmalan/{token}/ledsagare", data={"companion_name": "Maja"})
    assert response.status_code == 200
    assert "There is no free place for a companion right now" in html.unescape(
        response.get_data(True)
    )
    assert _companion_count() == 0


def test_no_companion_page_where_the_conference_takes_none(
    client, make_conference, make_registration
):
    registration = make_registration(make_conference())
    token = _token(registration)
    assert "Add a companion" not in client.get(f"/anmalan/{token}").get_data(True)
    assert client.get(f"/anmalan/{token}/ledsagare").status_code == 404
    assert (
        client.post(f"/anmalan/{token}/ledsagare", data={"companion_name": "X"}).status_code == 404
    )
    assert _companion_count() == 0


def _with_companion(conf, make_registration, **fields):
    registration = make_registration(conf, **fields)
    services.save(
        registration,
        CompanionData(name="Maja Ledsagare", diets=[Diet.HALAL], needs="Rullstol"),
        by_staff=True,
    )
    db.session.commit()
    return registration


def test_catering_and_badges_include_the_companion(
    client, make_conference, make_registration, organiser
):
    conf = make_conference(organisers=[organiser], companions_allowed=True)
    registration = _with_companion(conf, make_registration, first_name="Alva", last_name="Ek")
    catering = client.get(f"/staff/konferenser/{conf.id}/export/mat").get_data(True)
    assert "Maja Ledsagare (companion of Alva Ek)" in catering and "Halal" in catering
    from okconf.attendees.exports import catering as catering_list

    summary = catering_list(conf)
    assert summary.total == 2 and summary.with_special_diet == 1
    pdf = client.get(f"/staff/konferenser/{conf.id}/export/namnbrickor.pdf").data
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "Maja Ledsagare" in text and "Companion of Alva Ek" in text
    assert text.index("Alva Ek") < text.index("Maja Ledsagare")
    del registration


def test_desk_checks_the_companion_in_with_their_own_button(
    client, make_conference, make_registration, organiser
):
    conf = make_conference(organisers=[organiser], companions_allowed=True)
    registration = _with_companion(conf, make_registration, first_name="Alva", last_name="Ek")
    desk = client.get(f"/staff/konferenser/{conf.id}/incheckning?q=Alva").get_data(True)
    assert "Maja Ledsagare" in desk and "Check in the companion" in desk
    person = client.get(f"/staff/anmalningar/{registration.id}/incheckning").get_data(True)
    assert "Check in the companion" in person
    response = client.post(
        f"/staff/anmalningar/{registration.id}/ledsagare/incheckning", data={"back": "person"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert registration.companion.checked_in_at is not None
    assert registration.checked_in_at is None  # the participant is checked in on their own
    from okconf.attendees.statistics import conference_statistics

    stats = conference_statistics(conf)
    assert (stats.companions.registered, stats.companions.attended) == (1, 1)
    assert stats.registered == 1 and stats.attended == 0  # not a sector participant
    client.post(f"/staff/anmalningar/{registration.id}/ledsagare/incheckning/angra")
    db.session.expire_all()
    assert registration.companion.checked_in_at is None
    # someone waiting: their companion cannot be checked in either
    waiting = _with_companion(conf, make_registration, status=RegistrationStatus.WAITING)
    client.post(f"/staff/anmalningar/{waiting.id}/ledsagare/incheckning")
    db.session.expire_all()
    assert waiting.companion.checked_in_at is None


def test_desk_search_finds_the_participant_by_the_companions_name(
    client, make_conference, make_registration, organiser
):
    from okconf.attendees.desk import desk_search

    conf = make_conference(organisers=[organiser], companions_allowed=True)
    registration = _with_companion(conf, make_registration, first_name="Alva", last_name="Ek")
    make_registration(conf, first_name="Bo", last_name="Berg")  # no companion: not found
    assert desk_search(conf, "ledsag") == [registration]
    assert desk_search(conf, "  MAJA LEDSAGARE ") == [registration]
    assert desk_search(conf, "Alva") == [registration]  # the participant's own name still
    assert desk_search(conf, "Nobody") == []
    # another conference's companion of the same name is not at this desk
    other = make_conference(companions_allowed=True)
    _with_companion(other, make_registration)
    assert desk_search(conf, "Maja") == [registration]
    page = client.get(f"/staff/konferenser/{conf.id}/incheckning?q=Maja").get_data(True)
    assert "Alva" in page and "Maja Ledsagare" in page and "Berg" not in page


def test_a_place_with_a_companion_does_not_move_online(client, make_conference, make_registration):
    conf = make_conference(online_capacity=10, companions_allowed=True, companions_take_places=True)
    registration = _with_companion(conf, make_registration)
    page = f"/anmalan/{_token(registration)}"
    response = client.post(f"{page}/deltagande", follow_redirects=True)
    assert "A companion comes on site only. Remove the companion first" in response.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert not registration.online and registration.companion_places == 1
    assert _companion_count() == 1
    # Without the companion the switch goes through.
    services.remove(registration)
    db.session.commit()
    assert client.post(f"{page}/deltagande").status_code == 302
    db.session.expire_all()
    assert registration.online and registration.companion_places == 0


def test_cancellation_and_hand_over_remove_the_companion(make_conference, make_registration):
    conf = make_conference(companions_allowed=True, companions_take_places=True)
    cancelled = _with_companion(conf, make_registration)
    handed = _with_companion(conf, make_registration)
    registration_services.cancel(cancelled)
    registration_services.hand_over(
        handed, Person(first_name="Kim", last_name="Kollega", email="kim@example.org")
    )
    db.session.commit()
    assert _companion_count() == 0
    assert handed.companion_places == 0 and cancelled.companion_places == 0


def test_erasure_and_purge_remove_the_companion(make_conference, make_registration, make_user):
    from okconf.privacy import services as privacy
    from okconf.privacy.retention import purge

    conf = make_conference(companions_allowed=True)
    erased = _with_companion(conf, make_registration)
    kept = _with_companion(conf, make_registration)
    assert privacy.personal_data(erased)["companion"]["name"] == "Maja Ledsagare"
    erasure = privacy.request_erasure(erased)
    privacy.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert _companion_count() == 1
    # the sensitive period: the companion's diet and needs go, the name stays
    report = purge(on=conf.date + timedelta(days=40))
    db.session.commit()
    db.session.expire_all()
    assert report.extra["companions"] == 1
    assert (kept.companion.diets, kept.companion.needs) == ("", "")
    # anonymisation: the companion goes
    purge(on=conf.date + timedelta(days=3650))
    db.session.commit()
    assert _companion_count() == 0


def test_the_embedded_form_asks_too(client, make_conference):
    conf = make_conference(companions_allowed=True, embed_origins="https://www.lansstyrelsen.se")
    page = client.get(f"/konferens/{conf.slug}/anmalan/inbaddad").get_data(True)
    assert "brings_companion" in page and "companion_name" in page


def test_the_conference_setting_recounts_the_places(
    client, make_conference, make_registration, organiser
):
    from okconf.conferences import services as conferences
    from okconf.registration.models import ConferencePlaces

    conf = make_conference(organisers=[organiser], capacity=3, companions_allowed=True)
    first = _with_companion(conf, make_registration)
    assert first.companion_places == 0
    make_registration(conf)
    waiting = make_registration(conf, status=RegistrationStatus.WAITING)
    waiting_pair = _with_companion(conf, make_registration, status=RegistrationStatus.WAITING)
    # companions now take places: the pair counts 2, nobody loses their place (3 of 3)
    conferences.save_conference(conf, {"companions_take_places": True}, actor=organiser)
    db.session.commit()
    assert db.session.get(ConferencePlaces, conf.id).confirmed == 3
    assert waiting_pair.companion_places == 1
    # and back: a place is freed and goes to the first in the queue
    conferences.save_conference(conf, {"companions_take_places": False}, actor=organiser)
    db.session.commit()
    assert waiting.status is RegistrationStatus.CONFIRMED
    assert waiting_pair.status is RegistrationStatus.WAITING
    assert db.session.get(ConferencePlaces, conf.id).confirmed == 3
