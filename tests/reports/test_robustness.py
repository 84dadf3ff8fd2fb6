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
        f"/staff/konferenser/{conference.id}/anteckningar/sla-ihop",
        f"/staff/anteckningar/{note.id}",
        f"/staff/anteckningar/{note.id}/dolj",
        f"/staff/konferenser/{conference.id}/sammanfattning",
        f"/staff/konferenser/{conference.id}/siffror",
        "/staff/styrgrupp",
        "/staff/styrgrupp/atgarder",
    ]
    for url in urls:
        response = client.post(url, data=data)
        assert response.status_code < 500, (url, response.status_code)
    for url in (
        "/staff/rapporter/samlad?c=x",
        "/staff/rapporter/arsrapport/99999",
        "/staff/rapporter/statistik?c=-1",
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
    html = english.get(f"/staff/rapporter/samlad?c={counted.id}&c={entered.id}").get_data(
        as_text=True
    )
    names = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert "Ronneby" in names and "Köping*" in names and "Total*" in names
    assert "Figures entered by the organisers" in html
    assert "for Köping" in html
    assert "Figures counted from registrations and check-ins in okconf for Ronneby." in html


def test_the_organiser_chooses_entered_or_counted_figures(app, make_conference, make_registration):
    """Entered figures are the default only while nobody is registered; the choice wins."""
    from okconf.reports.models import FigureSource
    from okconf.reports.statistics import figures_for

    conference = make_conference(town="Boden")
    services.set_entered_figures(
        conference, total=70, civil_society=40, public_sector=25, business_other=5
    )
    assert figures_for(conference).entered and figures_for(conference).total == 70
    make_registration(conference, checked_in_at=utcnow())
    db.session.flush()
    shown = figures_for(conference)
    assert not shown.entered and shown.total == 1  # registered in okconf: counted by default
    services.choose_figures(conference, FigureSource.ENTERED)
    assert figures_for(conference).total == 70
    services.choose_figures(conference, FigureSource.COUNTED)
    assert figures_for(conference).total == 1


def test_figures_page_keeps_both_and_saves_the_choice(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], town="Sundsvall")
    make_registration(conference, checked_in_at=utcnow())
    db.session.commit()
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/siffror"
    data = {"total": "75", "civil_society": "35", "public_sector": "35", "business_other": "5"}
    response = client.post(url, data={**data, "source": "entered", "action": "save"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Counted in okconf" in page, page
    assert re.search(r'<input checked[^>]*value="entered"', page)
    from okconf.reports.models import EnteredFigures, FigureSource

    assert db.session.get(EnteredFigures, conference.id).source is FigureSource.ENTERED
    bad = client.post(url, data={**data, "civil_society": "80", "action": "save"})
    assert bad.status_code == 422 and "add up to more than the total" in bad.get_data(as_text=True)


def test_an_empty_save_does_not_hide_the_counted_figures(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], town="Köping")
    db.session.commit()
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/siffror"
    response = client.post(url, data={"source": "auto", "action": "save"})
    assert response.status_code == 422
    assert "Enter the total, or at least one count." in response.get_data(as_text=True)
    from okconf.reports.models import EnteredFigures

    assert db.session.get(EnteredFigures, conference.id) is None
