"""The invitation form: native date and time inputs, optional marks, and the warnings shown
before a change overrides an earlier decision (nothing is saved until "Save anyway")."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from okconf.conferences.models import Conference
from okconf.extensions import db
from tests.conferences.test_views import KOPING_FORM


def _form_of(conference: Conference, **changes) -> dict:
    """The edit form's fields as a browser would send them back unchanged."""
    data = {
        "title": conference.title,
        "date": conference.date.isoformat(),
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": conference.venue_name,
        "town": conference.town,
        "registration_deadline": conference.registration_deadline.isoformat(),
        "cancellation_deadline": conference.cancellation_deadline.isoformat(),
        "late_cancellation_fee_ore": "400",
        "capacity": str(conference.capacity),
        "min_round_trip_km": "100",
    }
    for name in ("offers_travel_reimbursement", "offers_lost_earnings"):
        if getattr(conference, name):
            data[name] = "y"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_has_native_date_and_time_inputs_and_marks_optional_fields(
    client, login, make_user
):
    login(make_user("admin"))
    page = client.get("/staff/konferenser/ny").get_data(as_text=True)
    assert 'type="date"' in page and 'id="registration_deadline"' in page
    assert page.count('type="time"') == 2
    assert "2012-12-10" not in page and "placeholder" not in page
    # GOV.UK style: the title is required and unmarked; the guiding question is optional.
    assert '<label for="title">Title</label>' in page
    assert '<label for="guiding_question">Guiding question <span class="optional">' in page
    # The multiple selects are native (they work without JavaScript) and marked for the
    # script that makes them searchable, which is served locally.
    assert 'name="hosts"' in page and "data-searchable" in page and "multiple" in page
    assert "/static/vendor/tom-select/tom-select.complete.min.js" in page
    assert "/static/js/forms.js" in page


def test_a_browser_time_with_seconds_is_read(client, login, make_user):
    login(make_user("organiser"))
    response = client.post("/staff/konferenser/ny", data={**KOPING_FORM, "start_time": "09:00:00"})
    assert response.status_code == 302
    assert db.session.scalar(select(Conference)).start_time == time(9)


def test_free_cancellation_after_the_registration_deadline_asks_first(client, login, make_user):
    login(make_user("organiser"))
    late = {**KOPING_FORM, "cancellation_deadline": "2012-12-05"}  # after 30 November
    response = client.post("/staff/konferenser/ny", data=late)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check before you save" in page and "Free cancellation" in page
    assert 'name="save_anyway"' in page and 'href="#cancellation_deadline"' in page
    # The values stay in the form, and nothing is saved (not even the new series).
    assert 'value="2012-12-05"' in page
    assert db.session.scalar(select(func.count(Conference.id))) == 0
    response = client.post("/staff/konferenser/ny", data={**late, "save_anyway": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(Conference)).cancellation_deadline == date(2012, 12, 5)


def test_an_unchanged_earlier_decision_does_not_warn_again(
    client, login, make_user, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    # Decided earlier: free cancellation two days past the registration deadline.
    conference.cancellation_deadline = conference.registration_deadline + timedelta(days=2)
    db.session.commit()
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/redigera",
        data=_form_of(conference, venue_name="Stadshuset"),
    )
    assert response.status_code == 302


def test_capacity_below_the_confirmed_count_asks_first(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=10)
    for _ in range(3):
        make_registration(conference)
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/redigera"
    response = client.post(url, data=_form_of(conference, capacity="2"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 people already have a confirmed place" in page
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).capacity == 10
    # An unticked box (or any other value than a tick) does not save either.
    client.post(url, data=_form_of(conference, capacity="2", save_anyway=""))
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).capacity == 10
    response = client.post(url, data=_form_of(conference, capacity="2", save_anyway="y"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).capacity == 2
    # Three places for three confirmed people: nothing to warn about.
    response = client.post(url, data=_form_of(conference, capacity="3"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "changes",
    [
        {"date": "2026-02-30"},
        {"start_time": "25:61"},
        {"end_time": "09:00:99"},
        {"registration_deadline": "<script>alert(1)</script>"},
        {"save_anyway": "<script>"},
        {"hosts": ["abc", "99999999999999999999"]},
        {"capacity": "-1", "save_anyway": "y"},
        {"cancellation_deadline": "9999-12-31", "save_anyway": "y"},
    ],
)
def test_hostile_input_to_the_invitation_form_is_a_readable_answer(
    client, login, make_user, changes
):
    login(make_user("organiser"))
    response = client.post("/staff/konferenser/ny", data={**KOPING_FORM, **changes})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        page = response.get_data(as_text=True)
        assert "error" in page or "Check before you save" in page
        assert "<script>alert" not in page
