"""The confirmation page shows the address the mail went to, suggests the likely domain for a
typo, and lets the person who just registered correct it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.registration import emailcheck
from okconf.registration.models import Registration
from tests.registration.conftest import outbox


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("anna@gmial.com", "anna@gmail.com"),
        ("anna@gmal.com", "anna@gmail.com"),
        ("anna@hotmial.se", "anna@hotmail.se"),
        ("anna@hotmail.co", "anna@hotmail.com"),
        ("anna@yaho.se", "anna@yahoo.se"),
        ("anna@outlok.com", "anna@outlook.com"),
        ("anna@bredbnd.net", "anna@bredband.net"),
        ("anna@sundsvall.sr", "anna@sundsvall.se"),
        ("anna@foreningen.con", "anna@foreningen.com"),
        ("anna@gmail.com", None),
        ("anna@sundsvall.se", None),
        ("anna@telia.se", None),
        ("anna@firma.de", None),
        ("anna@mail.com", None),
        ("no-at-sign", None),
    ],
)
def test_suggestions(typed, suggested):
    assert emailcheck.suggest(typed) == suggested


def _register(client, conference, form_data, email):
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data(email=email))
    assert response.status_code == 302
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_the_page_shows_the_address_and_the_likely_one(client, make_conference, form_data):
    conference = make_conference()
    page = _register(client, conference, form_data, "alva@gmial.com")
    assert '<strong class="sent-to">alva@gmial.com</strong>' in page
    assert "Did you mean alva@gmail.com?" in page
    assert 'value="alva@gmail.com"' in page


def test_correcting_sends_the_confirmation_to_the_right_address(client, make_conference, form_data):
    conference = make_conference()
    _register(client, conference, form_data, "alva@gmial.com")
    registration = db.session.scalars(select(Registration)).one()
    old_link = make_token("registration", registration.id, registration.link_version)
    assert outbox("confirmation", "alva@gmial.com")
    response = client.post(
        f"/konferens/{conference.slug}/anmalan/klar/e-post", data={"email": "alva@gmail.com"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "on its way to alva@gmail.com" in page
    db.session.expire_all()
    registration = db.session.get(Registration, registration.id)
    assert registration.email == "alva@gmail.com"
    # The undelivered mail to the wrong address is withdrawn, the new one queued.
    assert not outbox("confirmation", "alva@gmial.com")
    assert outbox("confirmation", "alva@gmail.com")
    # A link that reached the wrong address no longer works.
    assert client.get(f"/anmalan/{old_link}").status_code == 410
    assert db.session.scalars(select(Registration)).all() == [registration]


def test_bad_or_taken_addresses_are_shown_beside_the_field(
    client, make_conference, make_registration, form_data
):
    conference = make_conference()
    make_registration(conference, email="taken@example.org")
    _register(client, conference, form_data, "alva@gmial.com")
    for typed, message in (
        ("not an address", "Enter a valid email address"),
        ("TAKEN@example.org", "already registered"),
        ("alva@gmial.com", "the address the message went to"),
    ):
        response = client.post(
            f"/konferens/{conference.slug}/anmalan/klar/e-post", data={"email": typed}
        )
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert 'id="email-error"' in page and message in page
    db.session.expire_all()
    emails = set(db.session.scalars(select(Registration.email)))
    assert emails == {"taken@example.org", "alva@gmial.com"}


def test_only_the_session_that_registered_and_only_soon_after(
    app, client, make_conference, form_data
):
    conference = make_conference()
    _register(client, conference, form_data, "alva@gmial.com")
    stranger = app.test_client()
    response = stranger.post(
        f"/konferens/{conference.slug}/anmalan/klar/e-post", data={"email": "x@example.org"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/anmalan")
    registration = db.session.scalars(select(Registration)).one()
    registration.created_at = registration.created_at - timedelta(hours=2)
    db.session.commit()
    page = client.get(f"/konferens/{conference.slug}/anmalan/klar").get_data(as_text=True)
    assert "alva@gmial.com" in page and "ask the organiser to correct it" in page
    response = client.post(
        f"/konferens/{conference.slug}/anmalan/klar/e-post", data={"email": "alva@gmail.com"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "right after registering" in page
    db.session.expire_all()
    assert db.session.scalars(select(Registration.email)).one() == "alva@gmial.com"
    assert db.session.scalars(select(OutboxMail.recipient)).all() == ["alva@gmial.com"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter your email address."),
        ("a" * 250 + "@example.org", "The email address is too long."),
        ("not an address", "Enter a valid email address, e.g. name@example.org."),
    ],
)
def test_the_correction_asks_for_the_address_as_the_registration_form_does(
    client, make_conference, form_data, typed, message
):
    """One email field (registration.forms.email_field) for registering and correcting."""
    conference = make_conference()
    signup = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data(email=typed))
    assert message in signup.get_data(as_text=True)
    _register(client, conference, form_data, "alva@gmial.com")
    correction = client.post(
        f"/konferens/{conference.slug}/anmalan/klar/e-post", data={"email": typed}
    )
    assert correction.status_code == 200
    assert message in correction.get_data(as_text=True)
    assert 'autocomplete="email"' in correction.get_data(as_text=True)
