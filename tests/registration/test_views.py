"""The participant's pages: the form and its errors, the confirmation, the personal link."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus
from okconf.vocabulary import Diet
from tests.registration.conftest import assert_current_link, outbox


def _count():
    return db.session.scalar(select(func.count()).select_from(Registration))


def _error_beside(page: str, field_id: str) -> str:
    """The error text shown beside a field (macros/forms.html gives it id <field>-error)."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {field_id}"
    return match.group(1).strip()


def test_form_shows_suggestions_consent_and_retention(make_app, make_organisation, backend):
    application = make_app(RETENTION_SENSITIVE_DAYS=45, RETENTION_ANONYMISE_DAYS=730)
    with application.app_context():
        make_organisation("Rädda Barnen Sundsvall")
        from okconf.conferences.models import Conference, ConferenceState

        db.session.add(
            Conference(slug="s2011", title="Stockholm 2011", state=ConferenceState.PUBLISHED)
        )
        db.session.commit()
    page = application.test_client().get("/konferens/s2011/anmalan?email=kim@example.org")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<datalist id="organisation-suggestions">' in text
    assert '<option value="Rädda Barnen Sundsvall">' in text
    assert 'list="organisation-suggestions"' in text
    assert "45" in text and "24" in text  # days and months from the configuration
    assert 'name="consent"' in text
    assert 'value="kim@example.org"' in text
    assert "<script" not in text


def test_register_and_see_the_confirmation(client, make_conference, form_data):
    conference = make_conference()
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data())
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are registered" in page
    registration = db.session.scalars(select(Registration)).one()
    assert registration.phone == "+46701234567"
    assert [d.diet for d in registration.diets] == [Diet.GLUTEN_FREE]
    assert registration.consent_at is not None
    assert outbox("confirmation", "alva@example.org")


def test_waiting_list_position_is_shown(client, make_conference, make_registration, form_data):
    conference = make_conference(capacity=1)
    make_registration(conference)
    make_registration(conference, status=RegistrationStatus.WAITING)
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data())
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "number 2 on the waiting list" in page


def test_second_registration_says_check_your_email(client, make_conference, form_data):
    conference = make_conference()
    client.post(f"/konferens/{conference.slug}/anmalan", data=form_data())
    again = client.post(
        f"/konferens/{conference.slug}/anmalan", data=form_data(email="ALVA@example.org")
    )
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Check your email" in page
    assert "You are registered" not in page
    assert _count() == 1
    assert len(outbox("registration_link", "alva@example.org")) == 1


def test_done_page_without_a_submission_goes_to_the_form(client, make_conference):
    conference = make_conference()
    response = client.get(f"/konferens/{conference.slug}/anmalan/klar")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/konferens/{conference.slug}/anmalan")


GARBAGE = [
    ({"email": "not-an-email"}, "email"),
    ({"email": "a" * 5000 + "@example.org"}, "email"),
    ({"phone": "12"}, "phone"),
    ({"phone": "ring mig"}, "phone"),
    ({"phone": "9" * 10_000}, "phone"),
    ({"first_name": ""}, "first_name"),
    ({"first_name": "Å" * 100_000}, "first_name"),
    ({"last_name": None}, "last_name"),
    ({"organisation_name": "x" * 301}, "organisation_name"),
    ({"party": "pirates"}, "party"),
    ({"party": None}, "party"),
    ({"org_type": "guild"}, "org_type"),
    ({"org_type": "municipality"}, "org_type"),  # not a civil-society type
    ({"diets": ["gluten_free", "caviar"]}, "diets"),
    ({"diets": ["other"]}, "diet_other"),
    ({"diet_other": "x" * 301}, "diet_other"),
    ({"accessibility_needs": "y" * 2001}, "accessibility_needs"),
    ({"consent": None}, "consent"),
]


@pytest.mark.parametrize(("changes", "field"), GARBAGE)
def test_garbage_gets_a_message_beside_the_field(
    client, make_conference, form_data, changes, field
):
    conference = make_conference()
    data = form_data(**changes)
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, field)
    if field not in ("party", "diets"):  # fieldsets describe their errors instead
        assert f'aria-invalid="true" id="{field}"' in page or re.search(
            rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', page
        )
    kept = "Exempelsson" if "last_name" not in changes else "Föreningen Gemenskap"
    assert f'value="{kept}"' in page  # what was typed is kept
    assert _count() == 0


def test_an_empty_post_is_not_a_500(client, make_conference):
    conference = make_conference()
    response = client.post(f"/konferens/{conference.slug}/anmalan", data={})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    for field in ("first_name", "last_name", "email", "phone", "party", "org_type", "consent"):
        assert _error_beside(page, field)


def test_unknown_conference_is_404(client):
    assert client.get("/konferens/finns-inte/anmalan").status_code == 404


def _workshop_conference(make_conference):
    from datetime import time

    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop

    conference = make_conference()
    item = ProgrammeItem(
        conference=conference, kind=ItemKind.WORKSHOPS, starts_at=time(13), title="Workshoppass"
    )
    db.session.add(item)
    workshops = [Workshop(conference=conference, round=item, title=t) for t in ("Språk", "Hälsa")]
    db.session.add_all(workshops)
    db.session.commit()
    return conference, item, workshops


def test_workshop_wishes_in_the_form(client, make_conference, form_data):
    conference, item, (language, health) = _workshop_conference(make_conference)
    page = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert f'name="wish_{item.id}_1"' in page and f'name="wish_{item.id}_2"' in page
    assert f'name="wish_{item.id}_3"' not in page  # only two workshops to rank
    twice = form_data(**{f"wish_{item.id}_1": str(health.id), f"wish_{item.id}_2": str(health.id)})
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=twice)
    assert "twice" in _error_beside(response.get_data(as_text=True), f"wish_{item.id}_2")
    unknown = form_data(**{f"wish_{item.id}_1": "999999"})
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=unknown)
    assert _error_beside(response.get_data(as_text=True), f"wish_{item.id}_1")
    good = form_data(**{f"wish_{item.id}_1": str(health.id), f"wish_{item.id}_2": str(language.id)})
    assert client.post(f"/konferens/{conference.slug}/anmalan", data=good).status_code == 302
    from okconf.workshops.models import WorkshopPreference

    prefs = db.session.scalars(select(WorkshopPreference).order_by(WorkshopPreference.rank)).all()
    assert [(p.workshop_id, p.rank) for p in prefs] == [(health.id, 1), (language.id, 2)]


def test_offered_extras_only(client, make_conference, form_data):
    plain = make_conference()
    page = client.get(f"/konferens/{plain.slug}/anmalan").get_data(as_text=True)
    assert "wants_exhibition_table" not in page and "requests_travel_reimbursement" not in page
    rich = make_conference(exhibition_tables_offered=True, offers_travel_reimbursement=True)
    from tests.registration.test_services import _pays_lost_earnings

    _pays_lost_earnings(rich)
    page = client.get(f"/konferens/{rich.slug}/anmalan").get_data(as_text=True)
    assert 'name="wants_exhibition_table"' in page
    assert 'name="requests_lost_earnings"' in page
    not_volunteer = form_data(requests_travel_reimbursement="y")
    response = client.post(f"/konferens/{rich.slug}/anmalan", data=not_volunteer)
    assert _error_beside(response.get_data(as_text=True), "requests_travel_reimbursement")
    volunteer = form_data(
        is_volunteer="y", requests_travel_reimbursement="y", wants_exhibition_table="y"
    )
    assert client.post(f"/konferens/{rich.slug}/anmalan", data=volunteer).status_code == 302
    registration = db.session.scalars(select(Registration)).one()
    assert registration.requests_travel_reimbursement and registration.wants_exhibition_table


def test_form_is_closed_after_the_deadline(client, make_conference, form_data):
    conference = make_conference(registration_deadline=date(2011, 11, 17), date=date(2030, 1, 1))
    page = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert "Registration closed on" in page
    assert "17" in page and "2011" in page
    assert "<form" not in page.split("<main")[1]
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form_data())
    assert response.status_code == 200
    assert _count() == 0


def test_csrf_failure_is_readable(make_app, make_conference, form_data):
    application = make_app(WTF_CSRF_ENABLED=True)
    conference = make_conference()
    response = application.test_client().post(
        f"/konferens/{conference.slug}/anmalan", data=form_data()
    )
    assert response.status_code == 400
    assert _count() == 0


# --- the personal link ---------------------------------------------------------------------


def _link(registration) -> str:
    return "/anmalan/" + make_token("registration", registration.id, registration.link_version)


def test_manage_page_changes_the_phone(client, make_conference, make_registration, app):
    conference = make_conference()
    registration = make_registration(conference, phone="+46701234567")
    url = _link(registration)
    page = client.get(url).get_data(as_text=True)
    assert "You have a place" in page
    data = {
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "phone": "+46 8 765 43 21",
        "organisation_name": registration.organisation_name,
        "party": "civil_society",
        "org_type": "civil_society_org",
        "diets": ["vegan"],
    }
    response = client.post(url, data=data)
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.phone == "+4687654321"
    assert [d.diet for d in registration.diets] == [Diet.VEGAN]


def test_manage_page_is_read_only_after_the_deadline(client, make_conference, make_registration):
    conference = make_conference(registration_deadline=stockholm_today() - timedelta(days=1))
    registration = make_registration(conference)
    page = client.get(_link(registration)).get_data(as_text=True)
    assert "can no longer be changed" in page
    assert 'name="phone"' not in page
    client.post(_link(registration), data={"phone": "+4687654321"})
    db.session.refresh(registration)
    assert registration.phone == "070-123 45 67"


def test_manage_page_renders_participant_sections(app, client, make_conference, make_registration):
    app.extensions["okconf_participant_sections"] = ["registration/_summary.html"]
    registration = make_registration(make_conference(), accessibility_needs="Hörslinga")
    page = client.get(_link(registration)).get_data(as_text=True)
    assert "Hörslinga" in page


@pytest.mark.parametrize("token", ["garbage", "x" * 3000, "WzEsMV0.bad.sig"])
def test_bad_links_get_a_clear_page(client, token):
    response = client.get(f"/anmalan/{token}")
    assert response.status_code == 410
    assert "no longer valid" in response.get_data(as_text=True)


def test_hand_over_and_the_old_link(client, make_conference, make_registration):
    conference = make_conference()
    registration = make_registration(conference, diets=[])
    old = _link(registration)
    data = {
        "first_name": "Kollega",
        "last_name": "Exempel",
        "email": "kollega@example.org",
        "phone": "070-765 43 21",
        "organisation_name": "Sundsvalls kommun",
        "party": "public_sector",
        "org_type": "municipality",
    }
    response = client.post(old + "/overlat", data=data)
    assert response.status_code == 200
    assert "Kollega Exempel" in response.get_data(as_text=True)
    stale = client.get(old)
    assert stale.status_code == 410
    assert "handed to someone else" in stale.get_data(as_text=True)
    db.session.refresh(registration)
    assert client.get(_link(registration)).status_code == 200
    mail = outbox("confirmation", "kollega@example.org")[0]
    assert_current_link(mail.body_text, registration)


def test_hand_over_form_errors(client, make_conference, make_registration):
    registration = make_registration(make_conference())
    response = client.post(
        _link(registration) + "/overlat", data={"email": registration.email, "party": "x"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert _error_beside(page, "first_name") and _error_beside(page, "party")


def test_cancel_has_a_confirm_step_and_a_late_fee(client, make_conference, make_registration):
    conference = make_conference(
        cancellation_deadline=stockholm_today() - timedelta(days=1), late_cancellation_fee_ore=40000
    )
    registration = make_registration(conference)
    url = _link(registration) + "/avanmal"
    page = client.get(url).get_data(as_text=True)
    assert "SEK\xa0400" in page
    db.session.refresh(registration)
    assert registration.status is RegistrationStatus.CONFIRMED
    response = client.post(url)
    assert response.status_code == 302
    db.session.refresh(registration)
    assert registration.status is RegistrationStatus.CANCELLED
    assert registration.late_cancellation and registration.cancellation_fee_ore == 40000
    page = client.get(_link(registration)).get_data(as_text=True)
    assert "cancelled" in page and "SEK\xa0400" in page


def test_lost_link_answers_the_same_for_everyone(client, make_conference, make_registration):
    registration = make_registration(make_conference(), email="known@example.org")
    known = client.post("/anmalan/ny-lank", data={"email": "KNOWN@example.org"})
    unknown = client.post("/anmalan/ny-lank", data={"email": "stranger@example.org"})
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.get_data(as_text=True).split("<main")[1]  # noqa: E731
    assert strip(known) == strip(unknown)
    sent = outbox("registration_link")
    assert [m.recipient for m in sent] == ["known@example.org"]
    assert_current_link(sent[0].body_text, registration)
    bad = client.post("/anmalan/ny-lank", data={"email": "nope"})
    assert _error_beside(bad.get_data(as_text=True), "email")


def test_lost_link_is_rate_limited(make_app, make_conference):
    application = make_app(RATELIMIT_ENABLED=True)
    client = application.test_client()
    codes = [
        client.post("/anmalan/ny-lank", data={"email": f"x{n}@example.org"}).status_code
        for n in range(7)
    ]
    assert codes[:5] == [200] * 5
    assert codes[-1] == 429


def test_consent_text_uses_the_conferences_own_retention(client, make_conference):
    from okconf.privacy.retention import set_periods

    conference = make_conference()
    set_periods(conference, 12, 1095)
    db.session.commit()
    page = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert "erased 12 days after the conference" in page
    assert "anonymised 36 months after" in page
