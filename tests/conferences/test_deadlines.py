"""The conference's deadlines are checked against each other in the service."""

from datetime import date

import pytest

from okconf.conferences import services
from okconf.conferences.models import Conference
from okconf.errors import DomainError
from okconf.extensions import db
from tests.conferences.test_services import koping_values
from tests.conferences.test_views import KOPING_FORM


def test_free_cancellation_ending_before_registration_is_refused(app):
    values = koping_values(
        registration_deadline=date(2012, 12, 1), cancellation_deadline=date(2012, 11, 30)
    )
    with pytest.raises(DomainError) as error:
        services.save_conference(None, values, actor=None)
    assert error.value.field == "cancellation_deadline"


@pytest.mark.parametrize("cancel_until", [date(2012, 12, 1), date(2012, 12, 5), None])
def test_free_cancellation_until_or_after_the_registration_deadline_is_accepted(app, cancel_until):
    values = koping_values(
        registration_deadline=date(2012, 12, 1), cancellation_deadline=cancel_until
    )
    conference = services.save_conference(None, values, actor=None)
    assert conference.cancellation_deadline == cancel_until


def test_the_form_shows_the_message_beside_the_field(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    data = {
        **KOPING_FORM,
        "registration_deadline": "2012-12-01",
        "cancellation_deadline": "2012-11-20",
    }
    response = client.post(f"/staff/konferenser/{conference.id}/redigera", data=data)
    assert response.status_code == 200
    assert 'id="cancellation_deadline-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Conference, conference.id).cancellation_deadline != date(2012, 11, 20)
