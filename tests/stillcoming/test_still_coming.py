""" "Kommer du fortfarande?": asked once, "no" gives the place to the waiting list at once,
"yes" is recorded, the organiser sees who answered and reminds the silent."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.mail.services import send_due_mails
from okconf.registration.models import Registration, RegistrationStatus
from okconf.stillcoming import services
from okconf.stillcoming.models import Answer, StillComingQuestion


def _token(registration) -> str:
    return make_token("registration", registration.id, registration.link_version)


@pytest.fixture
def full(make_conference, make_registration):
    """A conference in ten days: three places taken, two waiting, asking five days before."""
    conference = make_conference(date=stockholm_today() + timedelta(days=10), capacity=3)
    people = [
        make_registration(conference, first_name=n, email=f"{n.lower()}@example.org")
        for n in ("Alva", "Bo", "Cecilia")
    ]
    waiting = [
        make_registration(
            conference,
            first_name=n,
            email=f"{n.lower()}@example.org",
            status=RegistrationStatus.WAITING,
        )
        for n in ("Dora", "Erik")
    ]
    services.save_settings(conference, enabled=True, days_before=5)
    db.session.commit()
    return conference, people, waiting


def _links(message) -> tuple[str, str]:
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    text = part.get_payload(decode=True).decode(part.get_content_charset())
    yes = re.search(r"http\S+/kommer/ja", text).group(0)
    no = re.search(r"http\S+/kommer/nej", text).group(0)
    return yes, no


def test_asked_on_the_day_once_even_when_run_twice(app, smtp, full):
    conference, _people, _waiting = full
    assert services.ask_due(conference.date - timedelta(days=6)) == {}
    day = conference.date - timedelta(days=5)
    assert list(services.ask_due(day).values()) == [3]
    assert services.ask_due(day) == {}
    assert send_due_mails()["failed"] == 0
    assert sorted(m["To"] for m in smtp.messages) == [
        "alva@example.org",
        "bo@example.org",
        "cecilia@example.org",
    ]
    yes, no = _links(smtp.messages[0])
    assert "/anmalan/" in yes and "/anmalan/" in no


def test_no_gives_the_place_to_the_first_waiting_at_once(client, smtp, full):
    conference, (alva, bo, _c), (dora, erik) = full
    services.ask(conference)
    db.session.commit()
    # Opening the "no" link changes nothing (link checkers open links); the button does.
    page = client.get(f"/anmalan/{_token(alva)}/kommer/nej")
    assert page.status_code == 200 and "Give my place to someone else" in page.get_data(True)
    db.session.refresh(alva)
    assert alva.status is RegistrationStatus.CONFIRMED
    assert client.post(f"/anmalan/{_token(alva)}/kommer/nej").status_code == 200
    db.session.expire_all()
    assert alva.status is RegistrationStatus.CANCELLED
    assert dora.status is RegistrationStatus.CONFIRMED
    assert erik.status is RegistrationStatus.WAITING
    assert services.question_for(alva).answer is Answer.NO
    # Twice is harmless.
    assert client.post(f"/anmalan/{_token(alva)}/kommer/nej").status_code == 200
    db.session.expire_all()
    assert erik.status is RegistrationStatus.WAITING
    # "Yes" is recorded when the link is opened.
    assert client.get(f"/anmalan/{_token(bo)}/kommer/ja").status_code == 200
    assert services.question_for(bo).answer is Answer.YES
    # A "yes" after giving the place away is refused, readably.
    late = client.get(f"/anmalan/{_token(alva)}/kommer/ja")
    assert late.status_code == 409 and "already given your place away" in late.get_data(True)


def test_answers_need_a_question_and_a_valid_link(client, full):
    _conference, (alva, *_rest), _waiting = full
    page = client.get(f"/anmalan/{_token(alva)}/kommer/ja")
    assert page.status_code == 409  # not asked yet
    assert client.get("/anmalan/forged/kommer/ja").status_code == 404
    assert client.post("/anmalan/forged/kommer/nej").status_code == 404


def test_organiser_sees_who_answered_and_reminds_the_silent(
    client, smtp, login, make_user, full, make_conference
):
    conference, (alva, _bo, _cecilia), _waiting = full
    organiser = make_user("organiser")
    conference.organisers.append(organiser)
    db.session.commit()
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/kommer-du"
    assert "Ask the 3 participants not yet asked now" in client.get(url).get_data(True)
    client.post(url + "/fraga")
    services.answer(db.session.get(Registration, alva.id), Answer.YES)
    db.session.commit()
    overview = services.overview(conference)
    assert (overview.asked, overview.yes, overview.no) == (3, 1, 0)
    assert [q.registration.first_name for q in overview.silent] == ["Bo", "Cecilia"]
    page = client.get(url).get_data(True)
    assert "Remind the 2 who have not answered" in page
    send_due_mails()
    smtp.messages.clear()
    client.post(url + "/paminn")
    send_due_mails()
    assert sorted(m["To"] for m in smtp.messages) == ["bo@example.org", "cecilia@example.org"]
    assert all(q.reminded_at for q in services.silent(conference))
    other = make_conference()
    assert client.get(f"/staff/konferenser/{other.id}/kommer-du").status_code == 403


def test_settings_errors_and_the_command(client, runner, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], date=stockholm_today() + timedelta(days=3))
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/kommer-du"
    for bad in ("0", "61", "fem", ""):
        page = client.post(url, data={"enabled": "y", "days_before": bad})
        assert page.status_code == 200 and 'id="days_before-error"' in page.get_data(True)
    assert client.post(url, data={"enabled": "y", "days_before": "5"}).status_code == 302
    result = runner.invoke(args=["okconf", "ask-still-coming"])
    assert result.exit_code == 0, result.output
    assert (
        "0 participants asked" in result.output
        or "participants asked" in result.output
        or ("No conference" in result.output)
    )
    assert db.session.scalars(select(StillComingQuestion)).all() == []  # nobody registered
    bad = runner.invoke(args=["okconf", "ask-still-coming", "--on", "igår"])
    assert bad.exit_code != 0
