"""Garbage in never gives a 500; mixed counted and entered figures are told apart."""

import re

import pytest

from okconf.db import utcnow
from okconf.extensions import db
from okconf.groupwork import services as groupwork
from okconf.groupwork.models import NoteKind
from okconf.reports import services
from okconf.vocabulary import Theme

GARBAGE = [
    {},
    {"total": "abc", "civil_society": "-5", "kind": "maybe", "theme": "x" * 300},
    {"target": "abc", "duplicates": ["x", "999999"], "hidden": "yes"},
    {"knowledge_before": "0", "knowledge_after": "ten", "principles": ["nonsense"]},
    {"year": "19999", "name": "", "party": "kings", "office": "emperor", "number": "-1"},
    {"focus": "x" * 30000, "principles": ["evil"], "action": "submit"},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_no_post_gives_a_server_error(client, login, make_user, make_conference, data):
    admin = make_user("admin")
    conference = make_conference(organisers=[admin])
    note = groupwork.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="x")
    token = groupwork.note_link(conference).token
    db.session.commit()
    login(admin)
    urls = [
        f"/anteckna/{token}",
        f"/staff/konferens/{conference.id}/anteckningar/sla-ihop",
        f"/staff/konferens/anteckning/{note.id}",
        f"/staff/konferens/anteckning/{note.id}/dolj",
        f"/staff/konferens/{conference.id}/sammanfattning",
        f"/staff/konferens/{conference.id}/siffror",
        "/staff/styrgrupp/",
        "/staff/styrgrupp/atgarder",
    ]
    for url in urls:
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, response.status_code)
    for url in (
        "/rapporter/samlad?c=x",
        "/rapporter/arsrapport/99999",
        "/rapporter/statistik?c=-1",
    ):
        assert client.get(url).status_code < 500


def test_counted_and_entered_conferences_in_one_report(
    client, login, make_user, make_conference, make_registration, english
):
    counted = make_conference(town="Ronneby")
    for _ in range(3):
        make_registration(counted, checked_in_at=utcnow())
    entered = make_conference(town="Köping")
    services.set_entered_figures(
        entered, total=90, civil_society=60, public_sector=20, business_other=10
    )
    db.session.commit()
    login(make_user("reader"), the_client=english)
    html = english.get(f"/rapporter/samlad?c={counted.id}&c={entered.id}").get_data(as_text=True)
    names = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert "Ronneby" in names and "Köping*" in names and "Total*" in names
    assert "Entered figures" in html
