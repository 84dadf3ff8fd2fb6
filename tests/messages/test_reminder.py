"""The reminder before the day: sent by the daily command, once per person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from okconf.conferences.services import today
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.mail.services import send_due_mails
from okconf.messages.models import MessageRecipient

from .test_sending import links_in, text_part


def set_reminder(client, conference, **fields):
    data = {
        "enabled": "y",
        "days_before": "2",
        "subject_sv": "I övermorgon: {konferens}",
        "body_sv": "Hej {förnamn}! Så hittar du till {plats}. {länk}",
        "subject_en": "The day after tomorrow: {conference}",
        "body_en": "Hello {first_name}! How to find {place}. {link}",
    }
    data.update(fields)
    return client.post(f"/staff/konferenser/{conference.id}/paminnelse", data=data)


def reminder_mails() -> int:
    return db.session.scalar(
        select(func.count(OutboxMail.id)).where(OutboxMail.kind == "message_reminder")
    )


def test_the_reminder_goes_once_to_each_confirmed_person_even_when_the_command_runs_twice(
    app, client, signed_in, make_conference, organiser, make_registration, runner, smtp
):
    conference = make_conference(organisers=[organiser], date=today() + timedelta(days=5))
    from okconf.registration.models import RegistrationStatus

    karin = make_registration(conference, first_name="Karin", email="karin@example.org")
    sam = make_registration(conference, first_name="Sam", email="sam@example.org", locale="en")
    make_registration(conference, email="bo@example.org", status=RegistrationStatus.WAITING)
    assert set_reminder(client, conference).status_code == 302
    page = client.get(f"/staff/konferenser/{conference.id}/paminnelse").get_data(as_text=True)
    assert "Hej Karin! Så hittar du till Folkets hus" in page  # the preview

    # Too early: the day is three days ahead.
    on = (today() + timedelta(days=2)).isoformat()
    result = runner.invoke(args=["okconf", "send-reminders", "--on", on])
    assert result.exit_code == 0, result.output
    assert reminder_mails() == 0

    on = (today() + timedelta(days=3)).isoformat()
    first = runner.invoke(args=["okconf", "send-reminders", "--on", on])
    second = runner.invoke(args=["okconf", "send-reminders", "--on", on])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "reminder before the day queued for 2 participant(s)" in first.output
    assert "reminder before the day queued for 0 participant(s)" in second.output
    assert reminder_mails() == 2

    # Someone who registers later gets it on the next run, and only they do.
    late = make_registration(conference, first_name="Leyla", email="leyla@example.org")
    on = (today() + timedelta(days=4)).isoformat()
    runner.invoke(args=["okconf", "send-reminders", "--on", on])
    runner.invoke(args=["okconf", "send-reminders", "--on", on])
    assert reminder_mails() == 3
    # Not on the day itself or after it.
    late_too = make_registration(conference, email="sent-never@example.org")
    on = (today() + timedelta(days=5)).isoformat()
    runner.invoke(args=["okconf", "send-reminders", "--on", on])
    assert reminder_mails() == 3

    while send_due_mails()["sent"]:
        pass
    by_address = {m["To"]: m for m in smtp.messages}
    assert sorted(by_address) == sorted([karin.email, sam.email, late.email])
    assert len(smtp.messages) == 3
    assert by_address[sam.email]["Subject"] == f"The day after tomorrow: {conference.title}"
    assert "Hello Sam!" in text_part(by_address[sam.email])
    assert links_in(text_part(by_address[karin.email])) == [karin.id]
    assert late_too.id not in set(db.session.scalars(select(MessageRecipient.registration_id)))


def test_a_reminder_that_is_off_is_not_sent(
    app, client, signed_in, make_conference, organiser, make_registration, runner
):
    conference = make_conference(organisers=[organiser], date=today() + timedelta(days=2))
    make_registration(conference)
    set_reminder(client, conference, enabled="")
    runner.invoke(args=["okconf", "send-reminders"])
    assert reminder_mails() == 0


def test_the_reminder_form_refuses_bad_input(app, client, signed_in, conference):
    for fields, error_id in (
        ({"days_before": "0"}, "days_before-error"),
        ({"days_before": "99999999999999999999"}, "days_before-error"),
        ({"body_sv": "Hej {namn}"}, "body_sv-error"),
        ({"subject_sv": ""}, "subject_sv-error"),
        ({"subject_en": "", "body_en": "Only the text"}, "subject_en-error"),
    ):
        response = set_reminder(client, conference, **fields)
        assert response.status_code == 200, fields
        assert f'id="{error_id}"' in response.get_data(as_text=True), fields


def test_two_runs_at_once_send_the_reminder_once(
    app, backend, make_conference, organiser, make_registration
):
    """Run A writes the reminder's mails and holds its transaction open while run B starts:
    B waits for A's lock on the reminder, then finds everyone recorded (PostgreSQL)."""
    import threading

    from okconf.messages import reminders
    from okconf.messages.services import Draft

    if backend != "postgresql":
        pytest.skip("concurrent transactions are a PostgreSQL matter; SQLite serialises writers")
    conference = make_conference(organisers=[organiser], date=today() + timedelta(days=1))
    for _ in range(3):
        make_registration(conference)
    draft = Draft(subject_sv="I morgon", body_sv="Hej {förnamn}")
    reminders.save_reminder(conference, draft, True, 2, organiser)
    db.session.commit()

    a_wrote, counts = threading.Event(), {}

    def run(index):
        with app.app_context():
            try:
                if index == 1:
                    a_wrote.wait(5)
                (message,) = reminders.due_reminders(today())
                counts[index] = reminders.send_reminder(message)
                if index == 0:
                    a_wrote.set()
                    threading.Event().wait(0.6)  # hold the lock while B tries
                db.session.commit()
            finally:
                a_wrote.set()
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(15)
    assert counts == {0: 3, 1: 0}
    assert reminder_mails() == 3
