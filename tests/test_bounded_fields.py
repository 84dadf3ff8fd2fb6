"""The staff forms' numbers and choices that were 500s: each is now a message beside its field,
in Swedish for Swedish visitors, and nothing is saved."""

from __future__ import annotations

from datetime import time

import pytest
from sqlalchemy import func, select

from okconf.extensions import db

HUGE = "99999999999999999999"


@pytest.fixture
def admin(make_user, login):
    login(make_user("admin"))


def test_a_huge_budget_total_is_a_field_error(client, admin):
    from okconf.reimbursements.models import Budget

    response = client.post(
        "/staff/ersattning/budget", data={"budget-name": "Stor", "budget-total": HUGE}
    )
    assert response.status_code == 422
    assert "Write an amount of at most 1\u00a0000\u00a0000\u00a0000 kronor." in response.text
    assert db.session.scalar(select(func.count()).select_from(Budget)) == 0


def test_a_budget_of_a_billion_kronor_is_accepted(client, admin):
    from okconf.reimbursements.models import Budget

    response = client.post(
        "/staff/ersattning/budget",
        data={"budget-name": "Stor", "budget-year": "2027", "budget-total": "1 000 000 000"},
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Budget.total_ore)) == 100_000_000_000


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("car_rate", "100"),
        ("fixed", "100\u00a0000"),
        ("hourly", "10\u00a0000"),
        ("cap", "1\u00a0000\u00a0000"),
    ],
)
def test_huge_reimbursement_rules_are_field_errors(client, admin, make_conference, field, limit):
    from okconf.reimbursements.models import ReimbursementRules

    conference = make_conference()
    values = {
        "min_round_trip_km": "100",
        "car_rate": "2,50",
        "lost_earnings_mode": "hourly",
        "fixed": "0",
        "hourly": "200",
        "cap": "1000",
        "claim_deadline_days": "30",
        field: HUGE,
    }
    response = client.post(f"/staff/konferenser/{conference.id}/ersattningsregler", data=values)
    assert response.status_code in (200, 422)
    assert f"Write an amount of at most {limit} kronor." in response.text
    assert db.session.scalar(select(func.count()).select_from(ReimbursementRules)) == 0


def test_a_huge_workshop_block_is_a_field_error(client, admin, make_conference):
    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop

    conference = make_conference()
    db.session.add(
        ProgrammeItem(
            conference_id=conference.id,
            kind=ItemKind.WORKSHOPS,
            title="Pass",
            starts_at=time(13, 0),
        )
    )
    db.session.commit()
    response = client.post(
        f"/staff/konferenser/{conference.id}/workshops/ny",
        data={"round_id": HUGE, "title": "Språk"},
    )
    assert response.status_code in (200, 422)
    assert "Choose a workshop block of this conference." in response.text
    assert db.session.scalar(select(func.count()).select_from(Workshop)) == 0


@pytest.mark.parametrize(
    "values",
    [{"org_types": ""}, {"parties": ""}, {"org_types": "nonsense"}, {"towns": "Atlantis"}],
)
def test_empty_and_unknown_invitation_choices_are_field_errors(
    client, admin, make_conference, values
):
    from okconf.invitations.models import Invitation

    conference = make_conference()
    response = client.post(
        f"/staff/konferenser/{conference.id}/inbjudningar",
        data={**values, "addresses": "kim@example.org", "action": "send"},
    )
    assert response.status_code < 500
    assert "Choose among the options shown." in response.text
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0


def test_messages_are_swedish_for_swedish_visitors(make_app, make_user, login):
    app = make_app(BABEL_DEFAULT_LOCALE="sv")
    with app.app_context():
        client = app.test_client()
        login(make_user("admin"), the_client=client)
        response = client.post(
            "/staff/ersattning/budget", data={"budget-name": "Stor", "budget-total": HUGE}
        )
        assert "Skriv ett belopp på högst 1\u00a0000\u00a0000\u00a0000 kronor." in response.text


def test_a_file_in_a_text_field_and_a_json_body_are_no_500(client, admin, make_conference):
    import io

    conference = make_conference()
    url = f"/staff/konferenser/{conference.id}/ersattningsregler"
    response = client.post(
        url,
        data={"car_rate": (io.BytesIO(b"=1+1"), "x.csv"), "min_round_trip_km": "1"},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 422)
    response = client.post(url, json={"car_rate": [1, 2], "min_round_trip_km": {"a": 1}})
    assert response.status_code == 400  # a form, not JSON (okconf.security.refuse_json_bodies)


@pytest.mark.parametrize("wish", ["0", "abc", "99999999999999999999"])
def test_a_blank_or_unknown_workshop_wish_is_a_field_error(client, request, wish):
    from tests.test_hostile_input import Fixtures, workshop_preferences_page

    url = workshop_preferences_page(Fixtures(request))
    names = [n for n in client.get(url).text.split('name="')[1:] if n.startswith("round_")]
    first = names[0].split('"')[0]
    response = client.post(url, data={first: wish})
    assert response.status_code == 400
    assert "Choose one of the options in the list." in response.text


@pytest.mark.parametrize("blank", [" ", "\t", "  "])
def test_a_blank_choice_is_no_choice(client, admin, blank):
    """Optional() let whitespace past the choice check into Party(" "): it is now empty."""
    from okconf.organisations.models import Organisation

    response = client.post(
        "/staff/organisationer/ny",
        data={"name": "Föreningen Blank", "org_type": "civil_society_org", "party": blank},
    )
    assert response.status_code < 500
    organisation = db.session.scalar(select(Organisation))
    assert organisation is None or organisation.party is not None
