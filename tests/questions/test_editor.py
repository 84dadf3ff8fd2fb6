"""The organiser's question editor: add, options, condition, order, hide, delete, copy."""

from __future__ import annotations

from sqlalchemy import select

from okconf.extensions import db
from okconf.questions.models import Answer, Question, QuestionKind


def _new(client, conference, **data):
    base = {"kind": "short_text", "label_sv": "Fråga", "condition": ""}
    base.update(data)
    return client.post(f"/staff/konferenser/{conference.id}/fragor/ny", data=base)


def test_an_organiser_adds_a_choice_question_with_options_and_a_condition(
    client, make_user, login, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/fragor").get_data(as_text=True)
    assert "Add a question" in page
    response = _new(
        client,
        conference,
        kind="yes_no",
        label_sv="Vill du delta i middagen kvällen före?",
        label_en="Dinner?",
        required="y",
    )
    assert response.status_code == 302
    dinner = db.session.scalars(select(Question)).one()
    response = _new(
        client,
        conference,
        kind="one_choice",
        label_sv="Vilken meny?",
        condition=f"{dinner.id}:yes",
        **{
            "options-0-label_sv": "Kött",
            "options-1-label_sv": "Vegetarisk",
            "options-1-label_en": "Vegetarian",
            "options-2-label_sv": "",
        },
    )
    assert response.status_code == 302
    menu = db.session.scalars(select(Question).where(Question.label_sv == "Vilken meny?")).one()
    assert [o.label_sv for o in menu.options] == ["Kött", "Vegetarisk"]
    assert (menu.condition_question_id, menu.condition_value) == (dinner.id, "yes")
    assert menu.position == 1
    page = client.get(f"/staff/konferenser/{conference.id}/fragor/{menu.id}").get_data(as_text=True)
    assert 'value="Vegetarian"' in page


def test_bad_input_gets_errors_beside_the_fields(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    page = _new(
        client,
        conference,
        kind="one_choice",
        label_sv="",
        condition="999:yes",
        **{"options-0-label_sv": "Bara en"},
    ).get_data(as_text=True)
    assert 'id="label_sv-error"' in page
    assert 'id="condition-error"' in page
    page = _new(
        client,
        conference,
        kind="one_choice",
        label_sv="Vilken?",
        **{"options-0-label_sv": "Bara en"},
    ).get_data(as_text=True)
    assert "at least two options" in page
    page = _new(client, conference, kind="nonsense", label_sv="x" * 400).get_data(as_text=True)
    assert 'id="kind-error"' in page and 'id="label_sv-error"' in page
    assert db.session.scalars(select(Question)).first() is None


def test_order_hide_and_delete(
    client, make_user, login, make_conference, make_question, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    first = make_question(conference, label="Första")
    second = make_question(conference, label="Andra")
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/fragor"
    client.post(f"{base}/{second.id}/flytta", data={"direction": "up"})
    assert [
        q.label_sv for q in db.session.scalars(select(Question).order_by(Question.position))
    ] == [
        "Andra",
        "Första",
    ]
    registration = make_registration(conference)
    db.session.add(Answer(registration_id=registration.id, question_id=first.id, value="Svar"))
    db.session.commit()
    page = client.get(f"{base}/{first.id}/ta-bort").get_data(as_text=True)
    assert "cannot be deleted" in page
    client.post(f"{base}/{first.id}/ta-bort")
    assert db.session.get(Question, first.id) is not None
    client.post(f"{base}/{first.id}/visa")
    assert db.session.get(Question, first.id).hidden
    form = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert f'name="{first.field_name}"' not in form and f'name="{second.field_name}"' in form
    second_id = second.id
    client.post(f"{base}/{second_id}/ta-bort")
    assert db.session.scalars(select(Question.id)).all() == [first.id]


def test_a_conditional_question_stays_below_its_condition(
    client, make_user, login, make_conference, make_question
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    dinner = make_question(conference, QuestionKind.YES_NO, "Middag?")
    menu = make_question(
        conference, label="Meny?", condition_question_id=dinner.id, condition_value="yes"
    )
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/fragor/{menu.id}/flytta",
        data={"direction": "up"},
        follow_redirects=True,
    )
    assert "must come after the question it depends on" in response.get_data(as_text=True)
    assert db.session.get(Question, menu.id).position == 1


def test_copying_a_conference_copies_its_questions(app, make_conference, three_questions):
    from okconf.conferences.services import copy_conference
    from okconf.questions.services import questions_of

    conference = make_conference()
    three_questions(conference)
    copy = copy_conference(conference, actor=None)
    db.session.commit()
    copied = questions_of(copy)
    assert [q.label_sv for q in copied] == [q.label_sv for q in questions_of(conference)]
    assert copied[2].condition_question_id == copied[0].id
    assert copied[1].options[1].label_en == "Housing"
    assert copied[2].sensitive


def test_dragging_saves_an_order_that_keeps_conditions_below(
    client, make_user, login, make_conference, make_question
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    dinner = make_question(conference, QuestionKind.YES_NO, "Middag?")
    menu = make_question(
        conference, label="Meny?", condition_question_id=dinner.id, condition_value="yes"
    )
    other = make_question(conference, label="Övrigt?")
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/fragor/ordning"
    page = client.post(
        url, data={"order": f"{other.id},{dinner.id},{menu.id}"}, follow_redirects=True
    )
    assert "The new order was saved." in page.get_data(as_text=True)

    def order():
        return list(db.session.scalars(select(Question.id).order_by(Question.position)))

    assert order() == [other.id, dinner.id, menu.id]
    for bad in (f"{menu.id},{dinner.id},{other.id}", f"{dinner.id}", "x,y", "9" * 30):
        client.post(url, data={"order": bad})
        assert order() == [other.id, dinner.id, menu.id]


def test_only_the_conference_organisers_reach_its_questions(
    app, client, make_user, login, make_conference, make_question
):
    organiser = make_user("organiser")
    stranger = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    elsewhere = make_conference(organisers=[organiser])
    question = make_question(elsewhere, label="Annan konferens")
    login(stranger)
    assert client.get(f"/staff/konferenser/{conference.id}/fragor").status_code == 403
    assert client.post(f"/staff/konferenser/{conference.id}/fragor/ny").status_code == 403
    client = app.test_client()
    login(organiser, the_client=client)
    base = f"/staff/konferenser/{conference.id}/fragor/{question.id}"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}/visa").status_code == 404
    assert client.get(f"{base}/ta-bort").status_code == 404
    reader = make_user("reader")
    client = app.test_client()
    login(reader, the_client=client)
    assert client.get(f"/staff/konferenser/{conference.id}/fragor").status_code == 403
