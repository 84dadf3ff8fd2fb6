"""Recipients are personal data: in the data download, and gone with erasure and the purge."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from okconf.extensions import db
from okconf.messages import services
from okconf.messages.models import Message, MessageRecipient


def sent_to_all(conference, organiser) -> Message:
    draft = services.Draft(subject_sv="Om lunchen", body_sv="Hej {förnamn}")
    message = services.save_draft(conference, draft, organiser)
    services.send(message, conference, organiser)
    db.session.commit()
    return message


def recipients() -> set[int]:
    return set(db.session.scalars(select(MessageRecipient.registration_id)))


def test_erasure_forgets_that_the_person_got_the_message(app, conference, organiser, people):
    from okconf.privacy.services import erase_registration, personal_data

    message = sent_to_all(conference, organiser)
    data = personal_data(people["sv"])
    assert [m["subject"] for m in data["messages"]] == ["Om lunchen"]
    erase_registration(people["sv"])
    db.session.commit()
    assert people["sv"].id not in recipients()
    assert people["en"].id in recipients()
    db.session.expire_all()
    assert db.session.get(Message, message.id).recipient_count == 3  # the count stays


def test_the_purge_removes_the_recipients_of_anonymised_registrations(
    app, conference, organiser, people
):
    from okconf.privacy.retention import purge

    sent_to_all(conference, organiser)
    assert len(recipients()) == 3
    report = purge(dry_run=True, on=conference.date + timedelta(days=3650))
    assert report.extra["message recipients"] == 0  # nobody is anonymised before the purge runs
    purge(on=conference.date + timedelta(days=3650))
    db.session.commit()
    assert db.session.scalar(select(func.count(MessageRecipient.id))) == 0
    assert db.session.scalar(select(func.count(Message.id))) == 1
