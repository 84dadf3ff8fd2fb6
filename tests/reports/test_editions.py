"""Editions of the joint report: drafted, edited with a version history, reviewed, approved
and published; a published edition is frozen."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.db import utcnow
from okconf.errors import Conflict, NotAllowed
from okconf.extensions import db
from okconf.reports import editions, services
from okconf.reports.edition_models import EditionState, ReportEdition
from okconf.reports.models import FigureSource


@pytest.fixture
def edition(autumn_2011, make_user):
    editor = make_user("reader", name="Rut Redaktör")
    edition = editions.create_edition(
        autumn_2011, title="Rapport hösten 2011", season="Hösten 2011", editor=editor
    )
    db.session.commit()
    return edition


def test_a_new_edition_is_drafted_from_the_figures(edition):
    assert edition.state is EditionState.DRAFT
    assert "365" in edition.text("who_came") and "215" in edition.text("who_came")
    assert [v.number for v in edition.versions] == [1]


def test_the_editor_edits_and_the_history_shows_what_changed(edition, make_user):
    editor = edition.editor
    editions.save_sections(edition, editor, {"conclusions": "Första slutsatsen."})
    editions.save_sections(edition, editor, {"conclusions": "Andra slutsatsen."}, note="Skärpt")
    assert editions.save_sections(edition, editor, {"conclusions": "Andra slutsatsen."}) is None
    assert [v.number for v in edition.versions] == [1, 2, 3]
    ((label, lines),) = editions.changes(edition.versions[1], edition.versions[2])
    assert label == "Conclusions"
    assert "-Första slutsatsen." in lines and "+Andra slutsatsen." in lines
    with pytest.raises(NotAllowed):
        editions.save_sections(edition, make_user("reader"), {"conclusions": "Inte min text."})


def test_states_and_the_published_edition_is_frozen(
    edition, autumn_2011, make_user, make_registration
):
    editor, other = edition.editor, make_user("reader")
    with pytest.raises(Conflict):
        editions.transition(edition, "publish", other)
    editions.transition(edition, "submit", editor)
    with pytest.raises(Conflict):
        editions.save_sections(edition, editor, {"conclusions": "För sent."})
    with pytest.raises(NotAllowed):
        editions.transition(edition, "approve", editor)  # another member approves
    editions.transition(edition, "approve", other)
    editions.transition(edition, "publish", other)
    assert edition.state is EditionState.PUBLISHED and edition.published_at is not None
    before = editions.build_document(edition).text()
    assert "Total* 365 215 120 30" in " ".join(before.split())
    # Registrations and the choice of figures change after publication; the edition does not.
    stockholm = autumn_2011[0]
    for _ in range(3):
        make_registration(stockholm, checked_in_at=utcnow())
    services.choose_figures(stockholm, FigureSource.COUNTED)
    db.session.commit()
    assert editions.build_document(edition).text() == before
    assert "Total* 365" not in " ".join(editions.build_document(edition, live=True).text().split())


def test_the_pages_of_an_edition(client, login, edition, english):
    login(edition.editor, the_client=english)
    page = english.get(f"/staff/rapporter/utgavor/{edition.id}")
    assert page.status_code == 200 and "Rut Redaktör" in page.get_data(as_text=True)
    assert (  # the state buttons (macros/forms.html state_buttons), the solid one to submit
        f'action="/staff/rapporter/utgavor/{edition.id}/submit" class="inline-form">'
        in page.get_data(as_text=True)
    )
    assert 'class="button">Send for review</button>' in page.get_data(as_text=True)
    response = english.post(
        f"/staff/rapporter/utgavor/{edition.id}",
        data={"title": "Rapport hösten 2011", "conclusions": "Ny slutsats.", "note": "Slutsats"},
    )
    assert response.status_code == 302
    history = english.get(f"/staff/rapporter/utgavor/{edition.id}/historik").get_data(as_text=True)
    assert "Version 2" in history and "+Ny slutsats." in history and "Slutsats" in history
    empty = english.post(f"/staff/rapporter/utgavor/{edition.id}", data={"title": ""})
    assert empty.status_code == 422
    report = english.get(f"/staff/rapporter/utgavor/{edition.id}/rapport").get_data(as_text=True)
    assert "Ny slutsats." in report and "Hösten 2011" in report
    assert english.get(f"/staff/rapporter/utgavor/{edition.id}/rapport.pdf").mimetype == (
        "application/pdf"
    )
    assert english.post(f"/staff/rapporter/utgavor/{edition.id}/submit").status_code == 302
    assert db.session.get(ReportEdition, edition.id).state is EditionState.REVIEW


def test_the_demo_publishes_the_2011_edition(demo_reader):
    edition = db.session.scalar(select(ReportEdition))
    assert edition.state is EditionState.PUBLISHED and edition.season == "Hösten 2011"
    assert edition.editor.name == "Stina Styrgrupp"
    assert edition.signed_place_date == "Stockholm i maj 2012"
    report = demo_reader.get(f"/staff/rapporter/utgavor/{edition.id}/rapport").get_data(
        as_text=True
    )
    for text in ("Who came?", "Likenesses and differences", "Stockholm i maj 2012", "Foreword"):
        assert text in report, text
    assert "Omkring 350 personer kom" in report
