"""The message form: placeholders are filled in safely, anything else is a readable error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from okconf.extensions import db
from okconf.messages import placeholders
from okconf.messages.models import Message

from .test_sending import write


@pytest.mark.parametrize(
    "body",
    [
        "Hej {{ config.SECRET_KEY }}",
        "Hej {{ config }}",
        "{% for x in range(10) %}x{% endfor %}{nonsense}",
        "Hej {förnman}",  # a typo
        "{registration.email}",
        "{__class__}",
    ],
)
def test_an_unknown_placeholder_is_an_error_beside_the_field(
    app, client, signed_in, conference, people, body
):
    response = write(client, conference, body_sv=body)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "is not a placeholder okconf knows" in html
    assert 'id="body_sv-error"' in html
    assert "test-secret-key" not in html
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_markup_and_format_syntax_are_kept_as_text_never_run(
    app, client, signed_in, conference, people
):
    body = "%(first_name)s %s [[7*7]] <b>{förnamn}</b>"
    response = write(client, conference, body_sv=body, group="confirmed")
    assert response.status_code == 302
    message = db.session.scalar(select(Message))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    # Shown as written (escaped), with only the placeholder filled in.
    assert "%(first_name)s %s [[7*7]] &lt;b&gt;Karin&lt;/b&gt;" in html
    assert message.body_sv == body


def test_a_value_that_looks_like_a_placeholder_is_not_filled_in_again(
    app, client, signed_in, conference, make_registration
):
    make_registration(conference, first_name="{länk}", last_name="A", email="x@example.org")
    write(client, conference, group="confirmed", body_sv="Hej {förnamn}")
    message = db.session.scalar(select(Message))
    html = client.get(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}").get_data(
        as_text=True
    )
    assert "Hej {länk}" in html
    assert "/anmalan/" not in html


def test_english_needs_both_subject_and_text(app, client, signed_in, conference, people):
    response = write(client, conference, subject_en="Hello", body_en="")
    assert response.status_code == 200
    assert 'id="body_en-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "fields",
    [
        {"group": "zz-unknown-choice"},
        {"group": "sector", "value_sector": "zz-unknown-choice"},
        {"group": "sector", "value_sector": ""},
        {"group": "workshop"},
        {"group": "picked", "picked": "abc,-1,99999999999999999999"},
        {"subject_sv": ""},
        {"body_sv": "A" * 20_001},
    ],
)
def test_bad_choices_are_readable_errors(app, client, signed_in, conference, people, fields):
    response = write(client, conference, **fields)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Please correct the following" in html
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_each_placeholder_has_a_value_and_both_spellings_work():
    values = {"first_name": "Karin", "link": "L", "conference": "K", "date": "D", "place": "P"}
    values["workshop"] = "W"
    text = "{förnamn} {first_name} {{länk}} { link } {konferens} {datum} {plats} {workshop}"
    assert placeholders.fill(text, values.__getitem__) == "Karin Karin L L K D P W"
    assert placeholders.keys_in(text) == set(values)


def test_a_sent_message_cannot_be_changed_or_deleted(app, client, signed_in, conference, people):
    write(client, conference, group="confirmed")
    message = db.session.scalar(select(Message))
    base = f"/staff/konferenser/{conference.id}/meddelanden/{message.id}"
    client.post(f"{base}/skicka")
    response = client.post(f"{base}/andra", data={"group": "waiting", "subject_sv": "x"})
    assert response.status_code == 302
    response = client.post(f"{base}/ta-bort", follow_redirects=True)
    assert "kept with its recipients" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Message, message.id).group == "confirmed"


def test_a_draft_can_be_deleted(app, client, signed_in, conference, people):
    write(client, conference)
    message = db.session.scalar(select(Message))
    response = client.post(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/ta-bort")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(Message.id))) == 0
