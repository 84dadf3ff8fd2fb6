"""The organiser's flow, access, and the participant's wishes page."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.mail.services import send_due_mails
from okconf.registration.models import RegistrationStatus
from okconf.workshops.models import Assignment, AssignmentRun, TableSeating, WorkshopPreference
from tests.support import mail_text


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English msgids, whatever the Swedish catalog says."""
    client.get("/language/en")


def _assignments(round_id):
    return {
        a.registration_id: a
        for a in db.session.scalars(select(Assignment).where(Assignment.round_id == round_id))
    }


def test_other_organisers_get_403_and_anonymous_sign_in(client, login, make_user, workshop_setup):
    conference, _o, _r, _w, _regs = workshop_setup()
    url = f"/staff/konferenser/{conference.id}/workshops"
    assert client.get(url).status_code == 302
    login(make_user("organiser"))
    assert client.get(url).status_code == 403
    assert client.post(url + "/fordela", data={"balance_points": 10}).status_code == 403
    assert client.post(url + "/publicera").status_code == 403
    assert client.get(url + "/export.csv").status_code == 403


def test_reviewer_cannot_manage(client, login, make_user, workshop_setup):
    conference, *_ = workshop_setup()
    login(make_user("reviewer"))
    assert client.get(f"/staff/konferenser/{conference.id}/workshops").status_code == 403


def test_organiser_runs_moves_locks_and_publishes(client, login, workshop_setup, smtp):
    conference, organiser, rounds, ws_by_round, regs = workshop_setup(capacities=(3, 3, 3))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    page = client.get(base).get_data(as_text=True)
    assert "Workshop A" in page
    assert "may place them in any workshop" in page  # one person gave no wishes

    response = client.post(base + "/fordela", data={"balance_points": 30})
    assert response.status_code == 302
    current = _assignments(rounds[0].id)
    assert set(current) == {r.id for r in regs}
    sizes = Counter(a.workshop_id for a in current.values())
    assert all(n <= 3 for n in sizes.values())
    run = db.session.scalar(select(AssignmentRun).where(AssignmentRun.round_id == rounds[0].id))
    assert run.status == "optimal" and run.balance_points == 30

    page = client.get(base + "/resultat").get_data(as_text=True)
    assert "got their first wish" in page and "Mix of sectors" in page
    assert "the best possible result" in page

    # Move one person from a full workshop to the one with a free seat: they are locked there.
    target = next(w for w in ws_by_round[0] if sizes[w.id] < 3)
    mover = next(r for r in regs if current[r.id].workshop_id != target.id)
    response = client.post(
        base + "/flytta",
        data={"registration_id": mover.id, "round_id": rounds[0].id, "workshop_id": target.id},
    )
    assert response.status_code == 302
    moved = _assignments(rounds[0].id)[mover.id]
    assert moved.workshop_id == target.id and moved.locked

    # A re-run keeps the locked person.
    client.post(base + "/fordela", data={"balance_points": 30})
    assert _assignments(rounds[0].id)[mover.id].workshop_id == target.id

    # Unlock, lock again through the form.
    a = _assignments(rounds[0].id)[mover.id]
    client.post(base + "/las", data={"assignment_id": a.id})
    assert not _assignments(rounds[0].id)[mover.id].locked

    # Tables in the plenary.
    response = client.post(base + "/bord", data={"scope": "plenary", "table_size": 4})
    assert response.status_code == 302
    seats = db.session.scalars(select(TableSeating)).all()
    assert len(seats) == len(regs)

    response = client.post(base + "/publicera")
    assert response.status_code == 302
    mails = db.session.scalars(
        select(OutboxMail).where(OutboxMail.kind == "workshop_assignment")
    ).all()
    assert len(mails) == len(regs)
    send_due_mails()
    assert len(smtp.messages) == len(regs)
    mail_of_mover = next(m for m in smtp.messages if m["To"] == mover.email)
    body = mail_text(mail_of_mover)
    assert target.title in body
    seat = next(s for s in seats if s.registration_id == mover.id)
    assert f"{seat.table_number}" in body

    # The participant page shows the workshop and table; wishes are closed now.
    token = make_token("registration", mover.id, mover.link_version)
    page = client.get(f"/anmalan/{token}/workshops").get_data(as_text=True)
    assert target.title in page
    assert "Save my wishes" not in page
    response = client.post(f"/anmalan/{token}/workshops", data={})
    assert response.status_code == 302

    # Publishing blocks re-runs.
    response = client.post(base + "/fordela", data={"balance_points": 10})
    assert response.status_code == 409
    assert "published" in response.get_data(as_text=True)


def test_run_reports_too_few_seats(client, login, workshop_setup):
    conference, organiser, rounds, _ws, _regs = workshop_setup(capacities=(2, 2, 2))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 10})
    page = client.get(base + "/resultat").get_data(as_text=True)
    assert "2 people do not fit" in page
    assert _assignments(rounds[0].id) == {}


def test_bad_balance_is_a_message_not_a_500(client, login, workshop_setup):
    conference, organiser, *_ = workshop_setup()
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/workshops/fordela", data={"balance_points": "abc"}
    )
    assert response.status_code == 400
    assert "balance" in response.get_data(as_text=True).lower()
    response = client.post(
        f"/staff/konferenser/{conference.id}/workshops/fordela", data={"balance_points": 150}
    )
    assert "between 0 and 100" in response.get_data(as_text=True)


def test_move_into_a_full_workshop_is_refused(client, login, workshop_setup):
    conference, organiser, rounds, ws_by_round, regs = workshop_setup(capacities=(3, 3, 3))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 40})
    current = _assignments(rounds[0].id)
    sizes = Counter(a.workshop_id for a in current.values())
    full = next(w for w in ws_by_round[0] if sizes[w.id] == 3)
    mover = next(r for r in regs if current[r.id].workshop_id != full.id)
    response = client.post(
        base + "/flytta",
        data={"registration_id": mover.id, "round_id": rounds[0].id, "workshop_id": full.id},
        follow_redirects=True,
    )
    assert "is full" in response.get_data(as_text=True)
    assert _assignments(rounds[0].id)[mover.id].workshop_id == current[mover.id].workshop_id


def test_two_rounds_no_repeats_and_late_registrant(
    client, login, workshop_setup, make_registration
):
    conference, organiser, rounds, ws_by_round, regs = workshop_setup(
        capacities=(4, 4, 4), rounds=2
    )
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 40})
    first, second = _assignments(rounds[0].id), _assignments(rounds[1].id)
    titles = {w.id: w.title for ws in ws_by_round for w in ws}
    for r in regs:
        assert titles[first[r.id].workshop_id] != titles[second[r.id].workshop_id]
    before = {rid: (first[rid].workshop_id, second[rid].workshop_id) for rid in first}
    late = make_registration(conference, party=regs[0].party, org_type=regs[0].org_type)
    client.post(base + "/sena")
    first, second = _assignments(rounds[0].id), _assignments(rounds[1].id)
    assert {rid: (first[rid].workshop_id, second[rid].workshop_id) for rid in before} == before
    assert late.id in first and late.id in second


def test_cancelled_workshop_and_cancelled_registration(client, login, workshop_setup):
    conference, organiser, rounds, ws_by_round, regs = workshop_setup(capacities=(5, 5, 5))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 50})
    before = _assignments(rounds[0].id)
    gone = ws_by_round[0][0]
    displaced = [rid for rid, a in before.items() if a.workshop_id == gone.id]
    assert displaced
    kept = {rid: a.workshop_id for rid, a in before.items() if a.workshop_id != gone.id}
    response = client.post(base + f"/{gone.id}/stall-in", follow_redirects=True)
    assert "is cancelled" in response.get_data(as_text=True)
    after = _assignments(rounds[0].id)
    assert {rid: after[rid].workshop_id for rid in kept} == kept
    assert all(after[rid].workshop_id != gone.id for rid in displaced)
    # A participant cancels: they no longer count and their row goes at the next placement.
    regs[1].status = RegistrationStatus.CANCELLED
    db.session.commit()
    client.post(base + "/sena")
    assert regs[1].id not in _assignments(rounds[0].id)


def test_participant_changes_wishes_until_published(client, workshop_setup):
    _conference, _o, rounds, ws_by_round, regs = workshop_setup()
    reg = regs[7]
    token = make_token("registration", reg.id, reg.link_version)
    url = f"/anmalan/{token}/workshops"
    page = client.get(url).get_data(as_text=True)
    assert "Your workshop wishes" in page
    r, ws = rounds[0], ws_by_round[0]
    response = client.post(url, data={f"round_{r.id}_1": ws[2].id, f"round_{r.id}_2": ws[2].id})
    assert response.status_code == 400
    assert "only once" in response.get_data(as_text=True)
    response = client.post(url, data={f"round_{r.id}_1": ws[2].id, f"round_{r.id}_2": ws[0].id})
    assert response.status_code == 302
    prefs = db.session.scalars(
        select(WorkshopPreference)
        .where(WorkshopPreference.registration_id == reg.id)
        .order_by(WorkshopPreference.rank)
    ).all()
    assert [p.workshop_id for p in prefs] == [ws[2].id, ws[0].id]
    # A forged or outdated link is a 404.
    assert client.get("/anmalan/not-a-token/workshops").status_code == 404
    old = make_token("registration", reg.id, reg.link_version + 1)
    assert client.get(f"/anmalan/{old}/workshops").status_code == 404


def test_exports_and_print(client, login, workshop_setup):
    conference, organiser, rounds, _ws, regs = workshop_setup()
    regs[0].last_name = "=cmd"
    db.session.commit()
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 40})
    client.post(base + "/bord", data={"scope": str(rounds[0].id), "table_size": 3})
    csv_text = client.get(base + "/export.csv").get_data().decode("utf-8-sig")
    assert len(csv_text.strip().splitlines()) == len(regs) + 1
    assert "'" + "=cmd" not in csv_text  # the name starts with the first name
    wb = load_workbook(io.BytesIO(client.get(base + "/export.xlsx").data))
    assert wb.active.max_row == len(regs) + 1
    page = client.get(base + "/utskrift?by=table").get_data(as_text=True)
    assert "table 1" in page
    page = client.get(base + "/utskrift?by=workshop").get_data(as_text=True)
    assert "Workshop A" in page
    assert client.get(base + "/export.pdf").status_code == 404


def test_forms_need_the_csrf_token(make_app, workshop_setup):
    from tests.conftest import PASSWORD

    conference, organiser, *_ = workshop_setup()
    c = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = c.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    c.post("/login", data={"email": organiser.email, "password": PASSWORD, "csrf_token": token})
    base = f"/staff/konferenser/{conference.id}/workshops"
    assert c.get(base).status_code == 200
    assert c.post(base + "/fordela", data={"balance_points": 10}).status_code == 400
    assert c.post(base + "/publicera").status_code == 400


def test_tables_within_workshops_and_moving_by_hand(client, login, workshop_setup):
    conference, organiser, rounds, _ws_by_round, regs = workshop_setup(capacities=(4, 4, 4))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 40})
    response = client.post(base + "/bord", data={"scope": str(rounds[0].id), "table_size": 3})
    assert response.status_code == 302
    seats = db.session.scalars(select(TableSeating)).all()
    current = _assignments(rounds[0].id)
    assert len(seats) == len(regs)
    assert all(s.workshop_id == current[s.registration_id].workshop_id for s in seats)
    seat = seats[0]
    response = client.post(base + "/bord/flytta", data={"seat_id": seat.id, "table_number": 7})
    assert response.status_code == 302
    assert db.session.get(TableSeating, seat.id).table_number == 7
    response = client.post(
        base + "/bord/flytta", data={"seat_id": seat.id, "table_number": 0}, follow_redirects=True
    )
    assert "Enter a table number from 1." in response.get_data(as_text=True)
    response = client.post(base + "/bord", data={"scope": "plenary", "table_size": 2})
    assert response.status_code == 400
    assert "between 3 and 50" in response.get_data(as_text=True)


def test_unbalanced_locks_report_and_offer_the_nearest_balance(client, login, workshop_setup):
    from okconf.vocabulary import Party

    people = [(Party.CIVIL_SOCIETY, (0,))] * 5 + [(Party.PUBLIC_SECTOR, (1,))] * 5
    conference, organiser, rounds, ws_by_round, regs = workshop_setup(
        capacities=(5, 5), people=people
    )
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    # Four civil-society people locked into workshop A by hand.
    for reg in regs[:4]:
        client.post(
            base + "/flytta",
            data={
                "registration_id": reg.id,
                "round_id": rounds[0].id,
                "workshop_id": ws_by_round[0][0].id,
            },
        )
    client.post(base + "/fordela", data={"balance_points": 10})
    page = client.get(base + "/resultat").get_data(as_text=True)
    assert "Balance in “Workshop A”" in page
    assert "The nearest balance that can hold: ±30 points." in page
    assert "Run with ±30 points" in page
    client.post(base + "/fordela", data={"balance_points": 30})
    assert len(_assignments(rounds[0].id)) == 10


def test_a_round_on_the_second_day_says_its_day(client, login, workshop_setup):
    conference, organiser, rounds, _w, _regs = workshop_setup(rounds=2)
    conference.end_date = conference.date + timedelta(days=1)
    rounds[1].day = 2
    db.session.commit()
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/workshops").get_data(as_text=True)
    # "(tis 1 dec. 13.00)" or "(Tue 1 Dec 13:00)": the day of the month and the clock time
    first, second = conference.date.day, conference.end_date.day
    assert re.search(rf"Workshoppass 2 \(\w+ {second} \w+\.? 13[.:]00\)", page), page
    assert re.search(rf"Workshoppass 1 \(\w+ {first} \w+\.? 10[.:]00\)", page)
