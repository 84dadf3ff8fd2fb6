"""The feedback form: sent through the outbox, one anonymous answer per registration."""

import re

import pytest
from sqlalchemy import inspect, select

from okconf.db import utcnow
from okconf.extensions import db
from okconf.groupwork.models import FeedbackAnswer, FeedbackRequest
from okconf.groupwork.services import feedback_results
from okconf.mail.services import send_due_mails
from okconf.registration.models import RegistrationStatus
from okconf.vocabulary import OrganisationType, Party
from tests.support import mail_text


@pytest.fixture
def held(make_conference, make_registration, make_user):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], slug="sundsvall-test")
    came = make_registration(conference, checked_in_at=utcnow(), email="kom@example.org")
    came_public = make_registration(
        conference,
        checked_in_at=utcnow(),
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
        email="kommun@example.org",
    )
    make_registration(conference, email="kom-inte@example.org")
    make_registration(
        conference,
        status=RegistrationStatus.CANCELLED,
        checked_in_at=None,
        email="avbokad@example.org",
    )
    return conference, organiser, came, came_public


def link_in(message) -> str:
    return re.search(r"http://localhost(/aterkoppling/\S+)", mail_text(message)).group(1)


def test_command_sends_the_form_to_those_who_attended_once(runner, held, smtp):
    conference, _organiser, came, came_public = held
    result = runner.invoke(args=["okconf", "send-feedback", conference.slug])
    assert result.exit_code == 0, result.output
    assert "2 participants" in result.output
    send_due_mails()
    assert sorted(m["To"] for m in smtp.messages) == [came.email, came_public.email]
    again = runner.invoke(args=["okconf", "send-feedback", conference.slug])
    assert "0 participants" in again.output


def test_participant_answers_once_through_the_mailed_link(client, held, smtp, runner):
    conference, _organiser, came, _ = held
    runner.invoke(args=["okconf", "send-feedback", conference.slug])
    send_due_mails()
    path = link_in(next(m for m in smtp.messages if m["To"] == came.email))
    assert client.get(path).status_code == 200
    answer = {
        "knowledge_before": "2",
        "knowledge_after": "4",
        "principles": ["dialogue", "quality"],
        "next_steps": "Bjuda in kommunen",
        "free_text": "Bra dag",
    }
    assert client.post(path, data=answer).status_code == 200
    second = client.post(path, data=answer)
    assert "already" in second.get_data(as_text=True) or second.status_code == 409
    assert len(db.session.scalars(select(FeedbackAnswer)).all()) == 1
    stored = db.session.scalars(select(FeedbackAnswer)).one()
    assert stored.party is Party.CIVIL_SOCIETY
    assert (stored.knowledge_before, stored.knowledge_after) == (2, 4)
    assert db.session.get(FeedbackRequest, came.id).answered


def test_answers_cannot_be_traced_to_a_person(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("feedback_answers")}
    assert not {"registration_id", "email", "first_name", "last_name", "created_at"} & columns
    assert columns == {
        "id",
        "conference_id",
        "party",
        "knowledge_before",
        "knowledge_after",
        "principles",
        "next_steps",
        "free_text",
    }


def test_forged_or_absent_links_are_refused(client, held):
    from okconf.accounts.links import make_token

    _conference, _organiser, came, _ = held
    assert client.get("/aterkoppling/forged").status_code == 404
    stale = make_token("feedback", came.id, came.link_version + 1)
    assert client.get(f"/aterkoppling/{stale}").status_code == 404
    wrong_purpose = make_token("registration", came.id, came.link_version)
    assert client.get(f"/aterkoppling/{wrong_purpose}").status_code == 404


def test_invalid_answer_shows_errors_and_stores_nothing(client, held):
    from okconf.accounts.links import make_token

    _conference, _organiser, came, _ = held
    path = f"/aterkoppling/{make_token('feedback', came.id, came.link_version)}"
    response = client.post(path, data={"knowledge_before": "9"})
    assert response.status_code == 422
    assert 'id="knowledge_after-error"' in response.get_data(as_text=True)
    assert db.session.scalars(select(FeedbackAnswer)).all() == []


def test_results_per_sector_on_the_organisers_page(client, held, login):
    from okconf.accounts.links import make_token

    conference, organiser, came, came_public = held
    for registration, before, after in ((came, 1, 3), (came_public, 3, 5)):
        path = f"/aterkoppling/{make_token('feedback', registration.id, 1)}"
        client.post(
            path,
            data={"knowledge_before": before, "knowledge_after": after, "principles": "dialogue"},
        )
    results = feedback_results([conference.id])
    assert results["total"]["count"] == 2
    assert results["total"]["mean_before"] == 2.0 and results["total"]["mean_after"] == 4.0
    by_party = dict(results["by_party"])
    assert by_party[Party.CIVIL_SOCIETY]["before"] == [1, 0, 0, 0, 0]
    assert by_party[Party.PUBLIC_SECTOR]["after"] == [0, 0, 0, 0, 1]
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/aterkoppling")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "kom@example.org" not in html
    response = client.post(f"/staff/konferenser/{conference.id}/aterkoppling/skicka")
    assert response.status_code == 302
