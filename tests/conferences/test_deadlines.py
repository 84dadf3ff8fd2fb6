"""The conference's deadlines are checked against each other: a free-cancellation deadline on
either side of the registration deadline is a warning the organiser confirms, not an error
(the seed's own invitations end free cancellation before registration closes)."""

from datetime import date

from okconf.conferences import services
from okconf.conferences.models import Conference
from okconf.extensions import db
from tests.conferences.test_services import koping_values
from tests.conferences.test_views import KOPING_FORM


def test_free_cancellation_ending_before_registration_is_a_warning(app):
    values = koping_values(
        registration_deadline=date(2012, 12, 1), cancellation_deadline=date(2012, 11, 30)
    )
    warnings = services.invitation_warnings(None, values)
    assert [field for field, _message in warnings] == ["cancellation_deadline"]
    assert "cannot cancel free of charge" in warnings[0][1]
    # The service itself accepts it: the warning is the form's business.
    conference = services.save_conference(None, values, actor=None)
    assert conference.cancellation_deadline == date(2012, 11, 30)


def test_free_cancellation_until_the_registration_deadline_warns_of_nothing(app):
    values = koping_values(
        registration_deadline=date(2012, 12, 1), cancellation_deadline=date(2012, 12, 1)
    )
    assert services.invitation_warnings(None, values) == []


def test_the_form_shows_the_warning_and_saves_only_when_confirmed(
    client, make_user, login, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    data = {
        **KOPING_FORM,
        "registration_deadline": "2012-12-01",
        "cancellation_deadline": "2012-11-20",
    }
    url = f"/staff/konferenser/{conference.id}/redigera"
    response = client.post(url, data=data)
    assert response.status_code == 200
    assert "cannot cancel free of charge" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).cancellation_deadline != date(2012, 11, 20)

    response = client.post(url, data={**data, "save_anyway": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).cancellation_deadline == date(2012, 11, 20)
