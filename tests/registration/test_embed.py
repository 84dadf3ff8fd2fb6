"""The registration form embedded in a host's website: framing, CSRF without a session,
language from the address, the confirmation, the organisers' page for it."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.registration.models import Registration


def _count():
    return db.session.scalar(select(func.count()).select_from(Registration))


def _token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token in the form"
    return match.group(1)


@pytest.fixture
def csrf_app(make_app):
    """The app with CSRF protection on, as in production."""
    application = make_app(WTF_CSRF_ENABLED=True, ALLOW_HTTP_BASE_URL=True)
    with application.app_context():
        yield application
        db.session.rollback()
        from tests.conftest import empty_all_tables

        empty_all_tables()


def test_only_the_allow_list_and_okconf_may_frame_the_form(client, make_conference):
    conference = make_conference(embed_origins="https://www.lansstyrelsen.se\nhttps://koping.se")
    response = client.get(f"/konferens/{conference.slug}/anmalan/inbaddad")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://www.lansstyrelsen.se https://koping.se" in policy
    assert "X-Frame-Options" not in response.headers
    assert "script-src 'self'" in policy  # the rest of the policy is unchanged
    # Every other page still refuses every frame.
    normal = client.get(f"/konferens/{conference.slug}/anmalan")
    assert "frame-ancestors 'none'" in normal.headers["Content-Security-Policy"]
    assert normal.headers["X-Frame-Options"] == "DENY"


def test_a_conference_without_a_list_is_framed_only_by_okconf(client, make_conference):
    conference = make_conference()
    policy = client.get(f"/konferens/{conference.slug}/anmalan/inbaddad").headers[
        "Content-Security-Policy"
    ]
    assert "frame-ancestors 'self';" in policy or policy.endswith("frame-ancestors 'self'")


def test_register_in_the_frame_without_cookies(csrf_app, make_conference, form_data):
    conference = make_conference(embed_origins="https://www.lansstyrelsen.se")
    browser = csrf_app.test_client(use_cookies=False)  # a frame may get no cookies at all
    url = f"/konferens/{conference.slug}/anmalan/inbaddad?lang=sv"
    page = browser.get(url).get_data(as_text=True)
    assert 'lang="sv"' in page and "Anmälan" in page
    assert 'class="site-header"' not in page  # no site menus in the frame
    assert 'target="_self"' in page  # the form posts in the frame, links open outside it
    response = browser.post(
        url,
        data=form_data(csrf_token=_token(page)),
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "/anmalan/inbaddad/klar/" in response.headers["Location"]
    assert _count() == 1
    done = browser.get(response.headers["Location"])
    text = done.get_data(as_text=True)
    assert done.status_code == 200
    assert "Du är anmäld" in text or "registered" in text.lower()
    assert (
        "frame-ancestors 'self' https://www.lansstyrelsen.se"
        in done.headers["Content-Security-Policy"]
    )
    registration = db.session.scalars(select(Registration)).one()
    assert registration.locale == "sv"


def test_english_from_the_address(client, make_conference):
    conference = make_conference()
    page = client.get(f"/konferens/{conference.slug}/anmalan/inbaddad?lang=en")
    assert 'lang="en"' in page.get_data(as_text=True)


def test_a_post_without_a_valid_token_is_refused_and_nothing_saved(
    csrf_app, make_conference, form_data
):
    conference = make_conference()
    browser = csrf_app.test_client(use_cookies=False)
    url = f"/konferens/{conference.slug}/anmalan/inbaddad"
    for token in ("", "forged", None):
        data = form_data(csrf_token=token)
        page = browser.post(url, data=data, headers={"Origin": "http://localhost"})
        assert page.status_code == 200
        assert "The form has expired" in page.get_data(as_text=True)
    # A token signed for another conference does not open this one.
    other = make_conference()
    token = _token(browser.get(f"/konferens/{other.slug}/anmalan/inbaddad").get_data(as_text=True))
    page = browser.post(
        url, data=form_data(csrf_token=token), headers={"Origin": "http://localhost"}
    )
    assert "The form has expired" in page.get_data(as_text=True)
    assert _count() == 0


def test_a_post_from_another_site_is_refused(csrf_app, make_conference, form_data):
    conference = make_conference()
    browser = csrf_app.test_client(use_cookies=False)
    url = f"/konferens/{conference.slug}/anmalan/inbaddad"
    token = _token(browser.get(url).get_data(as_text=True))
    response = browser.post(
        url, data=form_data(csrf_token=token), headers={"Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert _count() == 0


def test_the_confirmation_address_is_signed(client, make_conference, make_registration):
    conference = make_conference()
    make_registration(conference)
    response = client.get(f"/konferens/{conference.slug}/anmalan/inbaddad/klar/forged")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/anmalan/inbaddad?lang=en")


def test_a_cancelled_conference_takes_no_registrations(client, make_conference, form_data):
    from okconf.db import utcnow

    conference = make_conference(cancelled_at=utcnow())
    page = client.get(f"/konferens/{conference.slug}/anmalan/inbaddad").get_data(as_text=True)
    assert "cancelled" in page
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data())
    assert response.status_code == 200 and _count() == 0
    assert "cancelled" in client.get(f"/konferens/{conference.slug}").get_data(as_text=True)


def test_drafts_are_not_embedded(client, make_conference):
    from okconf.conferences.models import ConferenceState

    conference = make_conference(state=ConferenceState.DRAFT)
    assert client.get(f"/konferens/{conference.slug}/anmalan/inbaddad").status_code == 404
