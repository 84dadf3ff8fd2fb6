"""On site or online: two pools with their own places and waiting lists, the switch, and the
stream link that only confirmed online participants ever get."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from okconf.clock import STOCKHOLM
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.registration import attendance, services, streaming
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.registration.rules import Person
from tests.registration.conftest import outbox

STREAM = "https://stream.example.org/live/abc123"
ONLINE = Attendance.ONLINE


@pytest.fixture
def hybrid(make_conference):
    """A conference with one place on site and one online, and a stream link."""
    return make_conference(capacity=1, online_capacity=1, stream_url=STREAM)


def _status(registration) -> RegistrationStatus:
    db.session.refresh(registration)
    return registration.status


def test_pools_fill_and_promote_separately(hybrid, participant):
    on_site = services.register(hybrid, participant())
    online = services.register(hybrid, participant(attendance=ONLINE))
    assert on_site.status is online.status is RegistrationStatus.CONFIRMED
    # Each pool is full now: the next ones wait, each in their own queue, both first in line.
    waiting_on_site = services.register(hybrid, participant())
    waiting_online = services.register(hybrid, participant(attendance=ONLINE))
    assert waiting_on_site.status is waiting_online.status is RegistrationStatus.WAITING
    assert services.waiting_position(waiting_on_site) == 1
    assert services.waiting_position(waiting_online) == 1
    db.session.commit()
    # An online place freed goes to the online queue, not to the one waiting on site.
    promoted = services.cancel(online)
    db.session.commit()
    assert [r.id for r in promoted] == [waiting_online.id]
    assert _status(waiting_on_site) is RegistrationStatus.WAITING
    promoted = services.cancel(on_site)
    db.session.commit()
    assert [r.id for r in promoted] == [waiting_on_site.id]


def test_online_needs_the_conference_to_offer_it(make_conference, participant):
    conference = make_conference(capacity=10)
    with pytest.raises(DomainError) as error:
        services.register(conference, participant(attendance=ONLINE))
    assert error.value.field == "attendance"


def test_switch_while_there_is_room_moves_the_freed_pools_queue(hybrid, participant):
    hybrid.online_capacity = 2
    db.session.commit()
    mover = services.register(hybrid, participant())
    waiting = services.register(hybrid, participant())
    db.session.commit()
    promoted = attendance.switch(mover)
    db.session.commit()
    assert mover.attendance is ONLINE and mover.status is RegistrationStatus.CONFIRMED
    assert [r.id for r in promoted] == [waiting.id]  # the place on site went to the queue
    # Back on site is refused now: the one place there is taken; nothing changes.
    with pytest.raises(Conflict) as error:
        attendance.switch(mover)
    db.session.rollback()
    assert "All places on site are taken" in error.value.message
    db.session.refresh(mover)
    assert mover.attendance is ONLINE


def test_switch_refused_when_the_other_pool_is_full(hybrid, participant):
    services.register(hybrid, participant(attendance=ONLINE))
    mover = services.register(hybrid, participant())
    db.session.commit()
    with pytest.raises(Conflict) as error:
        attendance.switch(mover)
    db.session.rollback()
    assert "All online places are taken" in error.value.message
    assert db.session.get(Registration, mover.id).attendance is Attendance.ON_SITE


def test_waiting_person_switches_to_a_free_pool_and_gets_a_place(hybrid, participant):
    services.register(hybrid, participant())
    waiting = services.register(hybrid, participant())
    db.session.commit()
    assert waiting.status is RegistrationStatus.WAITING
    assert attendance.switch(waiting) == []
    db.session.commit()
    assert waiting.status is RegistrationStatus.CONFIRMED and waiting.online
    assert STREAM in outbox(recipient=waiting.email)[-1].body_text


def _mails(**where) -> list[tuple[OutboxMail, str]]:
    """Mails in the outbox with their text and HTML as they would go out now; mails the worker
    would drop (a place handed over since) are rendered as written, with the old link."""
    from okconf.mail.services import MailObsolete, render

    query = select(OutboxMail).order_by(OutboxMail.id)
    for name, value in where.items():
        query = query.where(getattr(OutboxMail, name) == value)
    result = []
    for mail in db.session.scalars(query):
        try:
            body = render(mail)
        except MailObsolete:
            continue
        result.append((mail, f"{body.body_text}\n{body.body_html}"))
    return result


def test_stream_link_never_reaches_on_site_participants(hybrid, participant):
    # On site: one with the place who cancels, one waiting who is promoted and hands over.
    first = services.register(hybrid, participant())
    second = services.register(hybrid, participant())
    second_email = second.email
    # Online: one with the place who cancels, one waiting (promoted), one who gets a new place.
    digital = services.register(hybrid, participant(attendance=ONLINE))
    digital_waiting = services.register(hybrid, participant(attendance=ONLINE))
    digital_queue = services.register(hybrid, participant(attendance=ONLINE))
    db.session.commit()
    assert STREAM in _mails(recipient=digital.email)[0][1]  # the confirmation, while confirmed
    services.cancel(first)  # promotes `second` (on site)
    db.session.commit()
    # Before the hand-over (after it, the worker drops the mails of the old holder's place).
    before = _mails(recipient=second_email)
    assert [mail.kind for mail, _text in before] == ["confirmation", "confirmation"]
    assert all(STREAM not in text for _mail, text in before)  # waiting list, promotion
    colleague = Person(first_name="Kim", last_name="Kollega", email="kim@example.org")
    services.hand_over(second, colleague)
    db.session.commit()
    services.cancel(digital)  # promotes `digital_waiting` (online)
    hybrid.online_capacity = 2
    db.session.flush()
    services.free_place(hybrid)  # the new online place goes to `digital_queue`
    db.session.commit()
    with pytest.raises(Conflict):  # no room on site: the switch is refused
        attendance.switch(digital_queue)
    db.session.rollback()
    # The mail before the start, sent by two runs: once per person, online and confirmed only.
    start = datetime.combine(hybrid.date, hybrid.start_time, STOCKHOLM)
    for _ in range(2):
        for conference in streaming.due_conferences(start - timedelta(hours=1)):
            streaming.send_stream_links(conference)
        db.session.commit()

    on_site = [
        m for e in (first.email, second_email, "kim@example.org") for m in _mails(recipient=e)
    ]
    # confirmation and cancellation; the hand-over; the colleague's confirmation
    assert len(on_site) == 4
    assert all(STREAM not in text for _mail, text in on_site)
    # Cancelled since: a mail still in the outbox then goes out without the link.
    assert all(STREAM not in text for _mail, text in _mails(recipient=digital.email))
    waited = _mails(recipient=digital_waiting.email)
    assert STREAM not in waited[0][1]  # "you are number 1 on the waiting list"
    assert [mail.kind for mail, text in waited if STREAM in text] == ["confirmation", "stream_link"]
    sent = [mail.recipient for mail, _text in _mails(kind="stream_link")]
    assert sorted(sent) == sorted([digital_waiting.email, digital_queue.email])


def test_a_switch_before_sending_takes_the_link_out(hybrid, participant):
    hybrid.capacity = 5
    db.session.commit()
    person = services.register(hybrid, participant(attendance=ONLINE))
    db.session.commit()
    start = datetime.combine(hybrid.date, time(9), STOCKHOLM)
    assert streaming.send_stream_links(streaming.due_conferences(start)[0]) == 1
    db.session.commit()
    attendance.switch(person)  # on site before the worker sent anything
    db.session.commit()
    assert all(STREAM not in text for _mail, text in _mails(recipient=person.email))


def test_no_stream_mail_outside_the_window(hybrid):
    start = datetime.combine(hybrid.date, hybrid.start_time, STOCKHOLM)
    assert streaming.due_conferences(start - timedelta(days=1)) == []
    assert streaming.due_conferences(start - timedelta(hours=1)) == [hybrid]
    assert streaming.due_conferences(start + timedelta(days=1)) == []


def test_personal_page_switch(client, hybrid, participant):
    from okconf.registration.mails import personal_token

    hybrid.online_capacity = 1
    person = services.register(hybrid, participant())
    db.session.commit()
    token = personal_token(person)
    page = client.get(f"/anmalan/{token}").get_data(as_text=True)
    assert "Take part online instead" in page and STREAM not in page
    response = client.post(f"/anmalan/{token}/deltagande", data={}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You now take part: online" in page and STREAM in page
    # Someone else takes the place on site; the way back is closed, with a readable message.
    services.register(hybrid, participant())
    db.session.commit()
    page = client.get(f"/anmalan/{token}").get_data(as_text=True)
    assert "All places on site are taken" in page
    response = client.post(f"/anmalan/{token}/deltagande", data={}, follow_redirects=True)
    assert "All places on site are taken" in response.get_data(as_text=True)
    assert db.session.get(Registration, person.id).attendance is ONLINE


def test_public_form_asks_only_when_online_is_offered(client, hybrid, make_conference, form_data):
    page = client.get(f"/konferens/{hybrid.slug}/anmalan").get_data(as_text=True)
    assert 'name="attendance"' in page
    plain = make_conference()
    page = client.get(f"/konferens/{plain.slug}/anmalan").get_data(as_text=True)
    assert 'name="attendance"' not in page
    client.post(f"/konferens/{hybrid.slug}/anmalan", data=form_data(attendance="online"))
    registration = db.session.scalar(select(Registration))
    assert registration.online and registration.status is RegistrationStatus.CONFIRMED
    response = client.post(
        f"/konferens/{hybrid.slug}/anmalan",
        data=form_data(email="other@example.org", attendance="somewhere"),
    )
    assert response.status_code == 200
    assert "Choose one of the options." in response.get_data(as_text=True)


def test_two_runs_at_once_send_the_stream_link_once(app, backend, hybrid, make_registration):
    """Run A claims the online participants and holds its transaction open while run B
    starts: B's UPDATE waits for A's row locks, then finds them sent (PostgreSQL)."""
    import threading

    if backend != "postgresql":
        pytest.skip("concurrent transactions are a PostgreSQL matter; SQLite serialises writers")
    hybrid.online_capacity = 10
    for _ in range(3):
        make_registration(hybrid, attendance=ONLINE)
    make_registration(hybrid)  # on site: never claimed
    db.session.commit()
    start = datetime.combine(hybrid.date, hybrid.start_time, STOCKHOLM)
    a_wrote, counts = threading.Event(), {}

    def run(index):
        with app.app_context():
            try:
                if index == 1:
                    a_wrote.wait(5)
                (conference,) = streaming.due_conferences(start)
                counts[index] = streaming.send_stream_links(conference)
                if index == 0:
                    a_wrote.set()
                    threading.Event().wait(0.6)  # hold the rows while B tries
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
    assert len(_mails(kind="stream_link")) == 3
