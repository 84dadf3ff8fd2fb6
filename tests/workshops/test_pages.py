"""The workshop pages in parts: tabs, the result's summary, the participants filtered and
paged, cancelling a workshop after a confirmation page and taking it back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.conferences.models import Workshop
from okconf.extensions import db
from okconf.vocabulary import Party
from okconf.workshops import pages
from okconf.workshops.models import Assignment


def _assignments(round_id):
    db.session.expire_all()
    rows = db.session.scalars(select(Assignment).where(Assignment.round_id == round_id))
    return {a.registration_id: a for a in rows}


def test_every_tab_is_its_own_page(client, login, workshop_setup):
    conference, organiser, *_ = workshop_setup()
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    tabs = [
        ("", "First wishes"),
        ("/resultat", "Run the assignment"),
        ("/deltagare", "Participants and their workshops"),
        ("/bord", "Lay the tables"),
        ("/listor", "Printable list per workshop"),
    ]
    for path, heading in tabs:
        page = client.get(base + path).get_data(as_text=True)
        assert heading in page, path
        assert f'href="{base + path}" aria-current="page"' in page, path
        # The other tabs are not marked (the conference menu may mark its Workshops entry).
        others = [p for p, _h in tabs if p not in ("", path)]
        assert not any(f'href="{base + p}" aria-current' in page for p in others), path


def test_the_result_is_summarised_in_plain_words(client, login, workshop_setup):
    conference, organiser, _rounds, ws_by_round, _regs = workshop_setup(capacities=(4, 4, 4))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 40})
    page = client.get(base + "/resultat").get_data(as_text=True)
    assert "got their first wish" in page and "the best possible result" in page
    assert "percentage points" not in page and "costs" not in page
    # One row per sector with its share of everybody placed, and the range in the workshops.
    for party in Party:
        assert f'<th scope="row">{party.label}</th>' in page
    # The workshops' actions are quiet links to a confirmation page, not red buttons.
    assert "button small danger" not in page
    assert f'href="{base}/{ws_by_round[0][0].id}/stall-in"' in page


def test_balance_per_sector():
    class Summary:
        placed = 4
        workshops = [type("W", (), {"id": 1}), type("W", (), {"id": 2})]
        sizes = {1: 2, 2: 2}
        mix = {
            1: {Party.CIVIL_SOCIETY.value: 2, Party.PUBLIC_SECTOR.value: 0},
            2: {Party.CIVIL_SOCIETY.value: 1, Party.PUBLIC_SECTOR.value: 1},
        }

    for p in Party:
        for w in (1, 2):
            Summary.mix[w].setdefault(p.value, 0)
    from flask import Flask
    from flask_babel import Babel

    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        rows = {b.party: b for b in pages.balance(Summary)}
    civil = rows[Party.CIVIL_SOCIETY]
    assert (civil.overall, civil.lowest, civil.highest) == ("75%", "50%", "100%")


def test_cancelling_a_workshop_asks_first_and_can_be_taken_back(client, login, workshop_setup):
    conference, organiser, rounds, ws_by_round, _regs = workshop_setup(capacities=(5, 5, 5))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    client.post(base + "/fordela", data={"balance_points": 50})
    gone = ws_by_round[0][0]
    placed = sum(1 for a in _assignments(rounds[0].id).values() if a.workshop_id == gone.id)
    page = client.get(f"{base}/{gone.id}/stall-in").get_data(as_text=True)
    assert f"Cancel the workshop “{gone.title}”?" in page
    assert f"{placed} people are placed in it now" in page or "1 person is placed" in page
    assert db.session.get(Workshop, gone.id).cancelled is False
    client.post(f"{base}/{gone.id}/stall-in")
    db.session.expire_all()
    assert db.session.get(Workshop, gone.id).cancelled is True
    # Cancelling twice is a message, not a second re-placement.
    response = client.post(f"{base}/{gone.id}/stall-in", follow_redirects=True)
    assert "is already cancelled" in response.get_data(as_text=True)
    page = client.get(base + "/resultat").get_data(as_text=True)
    assert "Cancelled workshops" in page and "Take it back" in page
    response = client.post(f"{base}/{gone.id}/aterinfor", follow_redirects=True)
    assert "is back" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Workshop, gone.id).cancelled is False
    response = client.post(f"{base}/{gone.id}/aterinfor", follow_redirects=True)
    assert "is not cancelled" in response.get_data(as_text=True)
    assert client.post(f"{base}/999999/aterinfor").status_code == 404


def test_the_participants_are_filtered_and_paged(client, login, workshop_setup, monkeypatch):
    people = [(Party.CIVIL_SOCIETY, (0, 1, 2))] * 7
    conference, organiser, _rounds, ws_by_round, regs = workshop_setup(
        capacities=(10, 10, 10), people=people
    )
    monkeypatch.setattr(pages, "PAGE_SIZE", 3)
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops/deltagare"
    page = client.get(base).get_data(as_text=True)
    assert "7 of 7 participants." in page and "Page 3" in page
    assert page.count('<th scope="row">') == 3
    page = client.get(base + "?page=3").get_data(as_text=True)
    assert page.count('<th scope="row">') == 1
    page = client.get(base + f"?q={regs[0].full_name}").get_data(as_text=True)
    assert "1 of 7 participants." in page
    page = client.get(base + "?workshop=none").get_data(as_text=True)
    assert "7 of 7 participants." in page  # nobody is placed before the first run
    page = client.get(base + f"?workshop={ws_by_round[0][0].id}").get_data(as_text=True)
    assert "0 of 7 participants." in page


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-5",
        "?page=99999999999999999999",
        "?workshop=<script>",
        "?workshop=-1",
        "?q=" + "x" * 5000,
        "?q=%3Cscript%3Ealert(1)%3C/script%3E",
    ],
)
def test_hostile_filters_are_harmless(client, login, workshop_setup, query):
    conference, organiser, *_ = workshop_setup()
    login(organiser)
    response = client.get(f"/staff/konferenser/{conference.id}/workshops/deltagare{query}")
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)


def test_a_move_returns_to_a_local_page_only(client, login, workshop_setup):
    conference, organiser, rounds, ws_by_round, regs = workshop_setup()
    login(organiser)
    base = f"/staff/konferenser/{conference.id}/workshops"
    data = {"registration_id": regs[0].id, "round_id": rounds[0].id}
    data["workshop_id"] = ws_by_round[0][1].id
    response = client.post(base + "/flytta", data={**data, "next": base + "/deltagare?page=2"})
    assert response.headers["Location"].endswith(base + "/deltagare?page=2")
    response = client.post(base + "/flytta", data={**data, "next": "//evil.example/"})
    assert response.headers["Location"].endswith(base + "/deltagare")
