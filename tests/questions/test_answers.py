"""Answers in the staff list (filter, columns), the exports, the counts, the service for other
features, and the purge that erases sensitive answers but keeps their counts."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.questions.counts import tallies
from okconf.questions.models import Answer, PurgedAnswerCount
from okconf.questions.services import answers_of, registrations_answering, save_answers


def _answered(make_registration, conference, questions, who, dinner, seminar, allergy=None):
    registration = make_registration(conference, first_name=who, last_name="Svarsson")
    d, s, a = questions
    values = {d.id: dinner, s.id: [s.options[seminar].id]}
    if allergy:
        values[a.id] = allergy
    save_answers(registration, values)
    db.session.commit()
    return registration


def _setup(make_conference, three_questions, make_registration, **conference_fields):
    conference = make_conference(**conference_fields)
    questions = three_questions(conference)
    alva = _answered(make_registration, conference, questions, "Alva", "yes", 0, "Nötter")
    bo = _answered(make_registration, conference, questions, "Bo", "no", 1)
    return conference, questions, alva, bo


def test_registrations_answering_selects_by_answer(
    app, make_conference, three_questions, make_registration
):
    conference, (dinner, seminar, allergy), _alva, _bo = _setup(
        make_conference, three_questions, make_registration
    )

    def names(select_):
        return sorted(r.first_name for r in db.session.scalars(select_))

    assert names(registrations_answering(conference, dinner.id, "yes")) == ["Alva"]
    assert names(registrations_answering(conference, seminar.id, seminar.options[1].id)) == ["Bo"]
    assert names(registrations_answering(conference, allergy.id, "nöt")) == ["Alva"]
    other = make_conference()
    assert names(registrations_answering(other, dinner.id, "yes")) == []


def test_the_list_filters_and_shows_answers_but_not_sensitive_ones(
    client, make_user, login, make_conference, three_questions, make_registration
):
    organiser = make_user("organiser")
    conference, (dinner, seminar, _allergy), _alva, _bo = _setup(
        make_conference, three_questions, make_registration, organisers=[organiser]
    )
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/anmalningar"
    page = client.get(url).get_data(as_text=True)
    assert "Which afternoon seminar do you choose?" in page  # a column
    assert "Nötter" not in page  # sensitive: not in the list
    page = client.get(url, query_string={"answer": f"{seminar.id}:{seminar.options[1].id}"})
    text = page.get_data(as_text=True)
    assert "Bo Svarsson" in text and "Alva Svarsson" not in text
    for hostile in ("x", "99999999999999999999:1", f"{dinner.id}:", ":yes", "1:" + "a" * 500):
        assert client.get(url, query_string={"answer": hostile}).status_code == 200


def test_the_export_has_the_chosen_questions_without_sensitive_ones(
    client, make_user, login, make_conference, three_questions, make_registration
):
    organiser = make_user("organiser")
    conference, (dinner, seminar, allergy), _alva, _bo = _setup(
        make_conference, three_questions, make_registration, organisers=[organiser]
    )
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/export").get_data(as_text=True)
    assert f'value="{seminar.field_name}"' in page
    assert f'value="{allergy.field_name}"' not in page
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={
            "format": "csv",
            "scope": "confirmed",
            "columns": ["first_name", dinner.field_name, seminar.field_name, allergy.field_name],
        },
    )
    assert response.status_code == 400  # the sensitive one is not among the choices
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={
            "format": "csv",
            "scope": "confirmed",
            "columns": ["first_name", dinner.field_name, seminar.field_name],
        },
    )
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].split(";")[1:] == [
        "Will you join the dinner the evening before?",
        "Which afternoon seminar do you choose?",
    ]
    assert "Alva;Yes;Language" in lines and "Bo;No;Housing" in lines
    response = client.get(
        f"/staff/konferenser/{conference.id}/export/deltagare",
        query_string={"format": "xlsx", "scope": "all", "columns": [seminar.field_name]},
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Which afternoon seminar do you choose?"]
    assert sorted(rows[1:]) == [["Housing"], ["Language"]]


def test_counts_on_the_dashboard_and_statistics(
    client, make_user, login, make_conference, three_questions, make_registration
):
    organiser = make_user("organiser")
    conference, (dinner, seminar, _allergy), _alva, _bo = _setup(
        make_conference, three_questions, make_registration, organisers=[organiser]
    )
    counts = {t.question.id: t.counts for t in tallies(conference, "sv")}
    assert counts[dinner.id] == [("Yes", 1), ("No", 1)]
    assert counts[seminar.id] == [("Språk", 1), ("Bostad", 1)]
    login(organiser)
    for url in (
        f"/staff/konferenser/{conference.id}/statistik",
        f"/staff/konferenser/{conference.id}",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "Which afternoon seminar do you choose?" in page and "Housing" in page, url


def test_the_purge_erases_sensitive_answers_and_keeps_the_counts(
    app, make_conference, make_question, make_registration
):
    from okconf.privacy.retention import purge
    from okconf.questions.models import QuestionKind

    conference = make_conference(date=stockholm_today() - timedelta(days=400))
    interpreter = make_question(conference, QuestionKind.YES_NO, "Behöver du tolk?", sensitive=True)
    needs = make_question(conference, QuestionKind.LONG_TEXT, "Vilken tolk?", sensitive=True)
    seminar = make_question(
        conference, QuestionKind.ONE_CHOICE, "Seminarium?", options=["Språk", "Bostad"]
    )
    note = make_question(conference, QuestionKind.SHORT_TEXT, "Hälsning till arrangörerna")
    people = []
    for n, answer in enumerate(("yes", "yes", "no")):
        registration = make_registration(conference)
        save_answers(
            registration,
            {
                interpreter.id: answer,
                needs.id: "Teckenspråk" if answer == "yes" else "",
                seminar.id: [seminar.options[n % 2].id],
                note.id: f"Hej från {registration.first_name}",
            },
        )
        people.append(registration)
    db.session.commit()
    before = {t.question.id: t.counts for t in tallies(conference, "sv")}
    report = purge(on=stockholm_today())
    db.session.commit()
    assert sorted(report.sensitive[conference.id]) == sorted(p.id for p in people)
    left = db.session.scalars(select(Answer)).all()
    # Sensitive answers went at the sensitive step; at anonymisation (400 days > the default
    # period?) the free text goes too and only the choices stay.
    assert all(not a.question.sensitive for a in left)
    assert {t.question.id: t.counts for t in tallies(conference, "sv")} == before
    assert db.session.get(PurgedAnswerCount, (interpreter.id, "yes")).count == 2
    # A second purge erases nothing more and counts nothing twice.
    purge(on=stockholm_today())
    db.session.commit()
    assert {t.question.id: t.counts for t in tallies(conference, "sv")} == before
    assert answers_of(people[0]).get(seminar.id) == [seminar.options[0].id]


def test_a_hand_over_leaves_no_sensitive_answers_to_the_colleague(
    app, make_conference, three_questions, make_registration
):
    from okconf.registration.services import Person, hand_over
    from okconf.vocabulary import OrganisationType, Party

    _conference, (dinner, _seminar, allergy), alva, _bo = _setup(
        make_conference, three_questions, make_registration
    )
    hand_over(
        alva,
        Person(
            first_name="Cilla",
            last_name="Kollega",
            email="cilla@example.org",
            phone="070-765 43 21",
            organisation_name="Föreningen",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
        ),
    )
    db.session.commit()
    assert allergy.id not in answers_of(alva)
    assert answers_of(alva)[dinner.id] == "yes"
