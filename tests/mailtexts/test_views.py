"""The organisers' mail texts page: who may open it, saving, errors beside the field, and the
preview in a sandboxed frame."""

from __future__ import annotations

import re

import pytest

from okconf.extensions import db
from okconf.mailtexts import services
from okconf.mailtexts.models import IntroducedMail


@pytest.fixture
def organiser(client, make_user, login):
    """An organiser, signed in, reading the pages in Swedish (the default)."""
    user = make_user("organiser")
    login(user)
    client.get("/language/sv")
    return user


@pytest.fixture
def conference(make_conference, organiser):
    return make_conference(organisers=[organiser], title="Malmö 2012")


def url(conference, suffix=""):
    return f"/staff/konferenser/{conference.id}/utskick{suffix}"


def test_page_shows_the_three_mails_and_a_preview(client, conference):
    page = client.get(url(conference)).get_data(as_text=True)
    for label in ("Bekräftelse av plats", "Plats på väntelistan", "Påminnelse till inbjudna"):
        assert label in page
    assert "okconfs text: Välkommen till Malmö 2012. Din plats är bekräftad." in page
    assert f'<iframe class="mail-html" sandbox src="/staff/konferenser/{conference.id}' in page
    assert "Anmälan bekräftad: Malmö 2012" in page  # the subject of the previewed mail
    assert "Hej Anna" in page  # the sample participant, in Swedish
    # The conference menu leads here.
    assert f'href="/staff/konferenser/{conference.id}/utskick"' in page


def test_saving_shows_the_text_in_the_preview(client, conference):
    response = client.post(
        url(conference),
        data={
            "confirmation_sv": "Varmt välkommen!\r\n\r\nVi ses i Malmö.",
            "confirmation_en": "",
            "waiting_list_sv": "",
            "waiting_list_en": "Sorry, it is full.",
            "reminder_sv": "",
        },
    )
    assert response.status_code == 302
    texts = services.introductions(conference)
    assert texts[IntroducedMail.CONFIRMATION].text_sv == "Varmt välkommen!\n\nVi ses i Malmö."
    assert texts[IntroducedMail.WAITING_LIST].text_en == "Sorry, it is full."
    assert IntroducedMail.REMINDER not in texts
    page = client.get(url(conference)).get_data(as_text=True)
    assert "Varmt välkommen!" in page  # in the field and in the text part
    html = client.get(url(conference, "/forhandsvisning?mail=confirmation")).get_data(as_text=True)
    assert "Varmt välkommen!</p>" in html and "Vi ses i Malmö.</p>" in html
    english = client.get(url(conference, "/forhandsvisning?mail=waiting_list&sprak=en")).get_data(
        as_text=True
    )
    assert "Sorry, it is full." in english and 'lang="en"' in english


def test_too_long_text_is_shown_beside_the_field(client, conference):
    response = client.post(url(conference), data={"reminder_sv": "x" * 2001})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert re.search(r'id="reminder_sv-error">Skriv högst 2000 tecken', page)
    assert services.introductions(conference) == {}


def test_hostile_text_is_kept_as_text(client, conference):
    hostile = '<script>alert(1)</script>{{ 7*7 }}"><img src=x onerror=alert(1)>'
    client.post(url(conference), data={"confirmation_sv": hostile})
    html = client.get(url(conference, "/forhandsvisning")).get_data(as_text=True)
    assert "<script" not in html and "<img" not in html and "49" not in html
    assert "{{ 7*7 }}" in html
    page = client.get(url(conference)).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_preview_for_a_real_registration_uses_a_sample_link(client, conference, make_registration):
    person = make_registration(conference, first_name="Saga", last_name="Exempel")
    db.session.commit()
    page = client.get(url(conference, f"?anmalan={person.id}")).get_data(as_text=True)
    assert f'<option value="{person.id}" selected>Saga Exempel</option>' in page
    html = client.get(url(conference, f"/forhandsvisning?anmalan={person.id}")).get_data(
        as_text=True
    )
    assert "Hej Saga," in html
    assert "/anmalan/exempel" in html  # never the participant's real link


def test_preview_is_sandboxed(client, conference):
    response = client.get(url(conference, "/forhandsvisning?mail=reminder"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "<style" not in response.get_data(as_text=True)  # inlined, as sent


def test_unknown_choices_fall_back(client, conference):
    response = client.get(url(conference, "?mail=nope&sprak=xx&anmalan=99999999999999999999"))
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["reviewer", "reader"])
def test_other_roles_are_refused(client, make_user, login, make_conference, role):
    conference = make_conference()
    login(make_user(role))
    assert client.get(url(conference)).status_code == 403
    assert client.get(url(conference, "/forhandsvisning")).status_code == 403


def test_another_organisers_conference_is_refused(client, make_conference, organiser):
    conference = make_conference()
    assert client.get(url(conference)).status_code == 403
    assert client.post(url(conference), data={"reminder_sv": "x"}).status_code == 403


def test_a_hybrid_conferences_preview_says_where_the_sample_takes_part(
    client, make_conference, organiser
):
    hybrid = make_conference(organisers=[organiser], online_capacity=10, companions_allowed=True)
    for suffix in ("", "/forhandsvisning"):
        response = client.get(url(hybrid, suffix))
        assert response.status_code == 200, suffix  # was a 500: the sample had no attendance
    page = client.get(url(hybrid, "/forhandsvisning")).get_data(as_text=True)
    assert "Du deltar:" in page and "På plats" in page
