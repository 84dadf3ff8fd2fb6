"""A message to a filtered group, through the outbox and a real SMTP server."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from okconf.accounts.links import read_token
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.mail.services import send_due_mails
from okconf.messages.models import Message, MessageRecipient

BODY_SV = "Hej {förnamn}!\n\nVälkommen till {konferens} {datum} i {plats}.\nDin länk: {länk}\n"
BODY_EN = "Hello {first_name}!\n\nWelcome to {conference} on {date} at {place}.\nLink: {link}\n"


def text_part(message) -> str:
    """The plain-text part of a delivered mail (the HTML part, when any, is another test's)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


def links_in(text: str) -> list[int]:
    """The registrations whose personal links a text holds (the tokens differ each time)."""
    found = []
    for token in re.findall(r"/anmalan/([A-Za-z0-9_\-]+)", text):
        read = read_token("registration", token)
        if read:
            found.append(read[0])
    return found


def write(client, conference, **fields):
    """Post the message form; the response."""
    data = {
        "group": "sector",
        "value_sector": "public_sector",
        "subject_sv": "Praktisk information, {förnamn}",
        "body_sv": BODY_SV,
        "subject_en": "Practical information, {first_name}",
        "body_en": BODY_EN,
    }
    data.update(fields)
    return client.post(f"/staff/konferenser/{conference.id}/meddelanden/nytt", data=data)


def test_a_message_to_one_sector_reaches_each_person_once_with_their_link_in_their_language(
    app, client, signed_in, conference, people, smtp
):
    response = write(client, conference)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    message = db.session.scalar(select(Message))
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Praktisk information, Karin" in html  # the preview, for the first real recipient
    # The link shows where it goes, but without its key: the organiser cannot open Karin's
    # registration as her. The mail itself carries the working link (below).
    assert "/anmalan/…" in html
    assert links_in(html) == []
    assert "2 people" in html

    response = client.post(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/skicka")
    assert response.status_code == 302
    while send_due_mails()["sent"]:
        pass

    by_address = {}
    for delivered in smtp.messages:
        by_address.setdefault(delivered["To"], []).append(delivered)
    # The public-sector people with a place; not the waiting, cancelled or civil-society ones.
    assert sorted(by_address) == ["karin@example.org", "sam@example.org"]
    assert all(len(mails) == 1 for mails in by_address.values())

    karin = by_address["karin@example.org"][0]
    text = text_part(karin)
    assert karin["Subject"] == "Praktisk information, Karin"
    assert "Hej Karin!" in text and "Regional konferens Köping" in text
    assert links_in(text) == [people["sv"].id]

    sam = by_address["sam@example.org"][0]
    text = text_part(sam)
    assert sam["Subject"] == "Practical information, Sam"
    assert "Hello Sam!" in text and "Folkets hus, Storgatan 1, Sundsvall" in text
    assert links_in(text) == [people["en"].id]
    assert "Hej" not in text

    # Kept with its recipients; the page shows the progress from the outbox states.
    db.session.expire_all()
    assert db.session.scalar(select(func.count(MessageRecipient.id))) == 2
    page = client.get(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}")
    assert "2 of 2 sent" in page.get_data(as_text=True)
    # And in each person's history on the organiser's page of the registration.
    history = client.get(f"/staff/anmalningar/{people['sv'].id}/redigera").get_data(as_text=True)
    assert "1 message sent to this person" in history
    assert "Praktisk information, {förnamn}" in history
    other = client.get(f"/staff/anmalningar/{people['civil'].id}/redigera").get_data(as_text=True)
    assert "Praktisk information" not in other
    # And in the audit log.
    log = client.get(f"/staff/konferenser/{conference.id}/logg").get_data(as_text=True)
    assert "Message sent" in log


def test_a_person_without_english_text_gets_the_swedish_one(
    app, client, signed_in, conference, people, smtp
):
    write(client, conference, subject_en="", body_en="")
    message = db.session.scalar(select(Message))
    client.post(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/skicka")
    send_due_mails()
    sam = next(m for m in smtp.messages if m["To"] == "sam@example.org")
    assert sam["Subject"] == "Praktisk information, Sam"
    assert "Hej Sam!" in text_part(sam)


def test_sending_twice_sends_once(app, client, signed_in, conference, people):
    write(client, conference, group="confirmed")
    message = db.session.scalar(select(Message))
    url = f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/skicka"
    assert client.post(url).status_code == 302
    response = client.post(url, follow_redirects=True)
    assert "already been sent" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(OutboxMail.id))) == 3


def test_a_test_goes_to_the_organiser_only_as_one_real_recipient_gets_it(
    app, client, signed_in, conference, people, smtp
):
    write(client, conference)
    message = db.session.scalar(select(Message))
    response = client.post(
        f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/test",
        data={"recipient": str(people["en"].id)},
    )
    assert response.status_code == 302
    send_due_mails()
    assert [m["To"] for m in smtp.messages] == ["arrangor@example.org"]
    assert smtp.messages[0]["Subject"] == "[Test] Practical information, Sam"
    assert "Hello Sam!" in text_part(smtp.messages[0])
    assert "/anmalan/…" in text_part(smtp.messages[0])
    assert links_in(text_part(smtp.messages[0])) == []  # Sam's key stays Sam's
    db.session.expire_all()
    assert db.session.get(Message, message.id).sent_at is None  # still a draft


def test_hand_picked_rows_of_the_list(app, client, signed_in, conference, people, smtp):
    listing = client.get(f"/staff/konferenser/{conference.id}/anmalningar")
    assert "Write to the ticked" in listing.get_data(as_text=True)
    picked = [people["civil"].id, people["waiting"].id]
    page = client.get(
        f"/staff/konferenser/{conference.id}/meddelanden/nytt",
        query_string={"registration": [str(i) for i in picked]},
    )
    html = page.get_data(as_text=True)
    assert "2 people" in html
    response = write(client, conference, group="picked", picked=",".join(str(i) for i in picked))
    assert response.status_code == 302
    message = db.session.scalar(select(Message))
    client.post(f"/staff/konferenser/{conference.id}/meddelanden/{message.id}/skicka")
    send_due_mails()
    assert sorted(m["To"] for m in smtp.messages) == ["bo@example.org", "leyla@example.org"]


def test_another_conferences_registrations_cannot_be_picked(
    app, client, signed_in, conference, people, make_conference, make_registration
):
    other = make_registration(make_conference(), email="annan@example.org")
    response = write(client, conference, group="picked", picked=str(other.id))
    assert response.status_code == 200
    assert "None of the picked people" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Message.id))) == 0


def test_an_organiser_of_another_conference_is_refused(
    app, client, conference, people, make_user, login
):
    write_url = f"/staff/konferenser/{conference.id}/meddelanden/nytt"
    login(make_user("organiser"))
    assert client.get(write_url).status_code == 403
    assert client.get(f"/staff/konferenser/{conference.id}/meddelanden").status_code == 403
