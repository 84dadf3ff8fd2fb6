"""Hostile input at the question editor: every field and option row, never a 5xx."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okconf.questions.models import QuestionKind
from tests.test_hostile_input import check_response, hostile_text


def test_the_question_editor_survives_hostile_input(
    client, make_user, login, make_conference, make_question
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    dinner = make_question(conference, QuestionKind.YES_NO, "Middag?")
    seminar = make_question(conference, QuestionKind.ONE_CHOICE, "Seminarium?", options=["A", "B"])
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/fragor"
    kinds = [k.value for k in QuestionKind]
    conditions = ["", f"{dinner.id}:yes", f"{seminar.id}:{seminar.options[0].id}"]
    option_ids = [str(o.id) for o in seminar.options]

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fuzz(data):
        def pick(name, offered):
            return data.draw(st.one_of(st.sampled_from(offered), hostile_text), label=name)

        values = {
            "kind": pick("kind", kinds),
            "label_sv": pick("label_sv", ["Fråga", "Vilken meny?"]),
            "label_en": pick("label_en", ["", "Question"]),
            "help_sv": pick("help_sv", [""]),
            "required": pick("required", ["y", ""]),
            "sensitive": pick("sensitive", ["y", ""]),
            "condition": pick("condition", conditions),
            "options-0-id": pick("options-0-id", ["", *option_ids]),
            "options-0-label_sv": pick("options-0-label_sv", ["Kött", ""]),
            "options-0-remove": pick("options-0-remove", ["", "y"]),
            "options-1-label_sv": pick("options-1-label_sv", ["Fisk"]),
            "options-99999999999-label_sv": pick("far", ["Långt bort"]),
        }
        target = data.draw(
            st.sampled_from([f"{base}/ny", f"{base}/{dinner.id}", f"{base}/{seminar.id}"]),
            label="target",
        )
        check_response(client.post(target, data=values), values.values())
        order = pick("order", [f"{dinner.id},{seminar.id}", f"{seminar.id},{dinner.id}"])
        check_response(client.post(f"{base}/ordning", data={"order": order}), [order])
        direction = pick("direction", ["up", "down"])
        check_response(
            client.post(f"{base}/{seminar.id}/flytta", data={"direction": direction}), []
        )

    fuzz()
