"""The questions on the participant's form: languages, conditions, errors, changed questions."""

from __future__ import annotations

import re

from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.questions.models import Answer
from okconf.questions.services import answers_of
from okconf.registration.models import Registration


def _error_beside(page: str, field_id: str) -> str:
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {field_id}"
    return match.group(1).strip()


def _version(page: str) -> str:
    return re.search(r'name="questions_version" type="hidden" value="([0-9a-f]+)"', page).group(1)


def test_the_form_asks_the_questions_in_the_participants_language(
    client, make_conference, three_questions
):
    conference = make_conference()
    three_questions(conference)
    english = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert "Will you join the dinner the evening before?" in english
    assert "Housing" in english
    assert 'data-condition-field="question_' in english
    with client.session_transaction() as session:
        session["lang"] = "sv"
    swedish = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert "Vill du delta i middagen kvällen före?" in swedish
    assert "Bostad" in swedish


def test_answers_are_stored_and_a_condition_not_met_drops_its_answer(
    client, make_conference, three_questions, person_data
):
    conference = make_conference()
    dinner, seminar, allergy = three_questions(conference)
    housing = seminar.options[1]
    response = client.post(
        f"/konferens/{conference.slug}/anmalan",
        data=person_data(
            **{
                dinner.field_name: "no",
                seminar.field_name: str(housing.id),
                # Typed before the participant changed their mind about the dinner.
                allergy.field_name: "Nötter",
            }
        ),
    )
    assert response.status_code == 302
    registration = db.session.scalars(select(Registration)).one()
    assert answers_of(registration) == {dinner.id: "no", seminar.id: [housing.id]}


def test_a_required_question_and_a_bad_choice_get_errors_beside_them(
    client, make_conference, three_questions, person_data
):
    conference = make_conference()
    dinner, seminar, _allergy = three_questions(conference)
    page = client.post(
        f"/konferens/{conference.slug}/anmalan",
        data=person_data(**{seminar.field_name: "999999"}),
    ).get_data(as_text=True)
    assert _error_beside(page, dinner.field_name) == "Answer this question."
    assert _error_beside(page, seminar.field_name) == "Choose among the options shown."
    assert db.session.scalars(select(Registration)).first() is None


def test_number_and_date_answers_are_checked(client, make_conference, make_question, person_data):
    from okconf.questions.models import QuestionKind

    conference = make_conference()
    number = make_question(conference, QuestionKind.NUMBER, "Hur många i sällskapet?")
    day = make_question(conference, QuestionKind.DATE, "Vilken dag kommer du?")
    page = client.post(
        f"/konferens/{conference.slug}/anmalan",
        data=person_data(**{number.field_name: "två", day.field_name: "31/13"}),
    ).get_data(as_text=True)
    assert _error_beside(page, number.field_name) == "Enter a number, e.g. 12 or 2,5."
    assert "Enter a date" in _error_beside(page, day.field_name)
    response = client.post(
        f"/konferens/{conference.slug}/anmalan",
        data=person_data(**{number.field_name: "2,5", day.field_name: "2026-12-09"}),
    )
    assert response.status_code == 302
    registration = db.session.scalars(select(Registration)).one()
    values = answers_of(registration)
    assert values[number.id] == "2.5"
    assert str(values[day.id]) == "2026-12-09"


def test_questions_changed_meanwhile_keep_what_was_typed(
    client, make_conference, make_question, person_data
):
    conference = make_conference()
    first = make_question(conference, label="Vad heter din förening?")
    old_version = _version(
        client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    )
    make_question(conference, label="Ny fråga", required=True)
    page = client.post(
        f"/konferens/{conference.slug}/anmalan",
        data=person_data(questions_version=old_version, **{first.field_name: "Gemenskap"}),
    ).get_data(as_text=True)
    assert "changed the questions while you were filling in the form" in page
    assert 'value="Gemenskap"' in page and 'value="Alva"' in page
    assert _version(page) != old_version
    assert db.session.scalars(select(Registration)).first() is None


def test_the_personal_page_edits_the_answers_until_the_deadline(
    client, make_conference, three_questions, make_registration
):
    from datetime import timedelta

    conference = make_conference()
    dinner, seminar, allergy = three_questions(conference)
    registration = make_registration(conference, first_name="Alva", email="alva@example.org")
    token = make_token("registration", registration.id, registration.link_version)
    page = client.get(f"/anmalan/{token}").get_data(as_text=True)
    assert "Will you join the dinner the evening before?" in page
    data = {
        "first_name": "Alva",
        "last_name": registration.last_name,
        "email": "alva@example.org",
        "phone": "070-123 45 67",
        "organisation_name": registration.organisation_name,
        "party": registration.party.value,
        "org_type": registration.org_type.value,
        dinner.field_name: "yes",
        seminar.field_name: str(seminar.options[0].id),
        allergy.field_name: "Nötter",
    }
    assert client.post(f"/anmalan/{token}", data=data).status_code == 302
    assert answers_of(registration)[allergy.id] == "Nötter"
    page = client.get(f"/anmalan/{token}").get_data(as_text=True)
    assert "Nötter</textarea>" in page
    conference.registration_deadline = stockholm_today() - timedelta(days=1)
    db.session.commit()
    page = client.get(f"/anmalan/{token}").get_data(as_text=True)
    assert "Language" in page and "Nötter" in page  # read-only, the person's own page
    data[seminar.field_name] = str(seminar.options[1].id)
    client.post(f"/anmalan/{token}", data=data)
    assert answers_of(registration)[seminar.id] == [seminar.options[0].id]
    assert db.session.scalars(select(Answer)).all()
