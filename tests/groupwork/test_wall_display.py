"""The Open Space wall as a display for the big screen: no menus, the QR code, live notes."""

from __future__ import annotations

from okconf.extensions import db
from okconf.groupwork import services
from okconf.groupwork.models import NoteKind
from okconf.vocabulary import Theme


def test_display_has_no_menus_and_shows_how_to_join(client, make_conference):
    conference = make_conference()
    token = services.note_link(conference).token
    services.post_note(
        conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Få praktikplatser"
    )
    db.session.commit()
    response = client.get(f"/anteckna/{token}/skarm")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<nav" not in page and "main-nav" not in page
    assert f"localhost/anteckna/{token}</p>" in page  # the short link, without https://
    assert "<svg" in page and 'role="img"' in page  # the QR code, drawn on the server
    assert "Få praktikplatser" in page and 'data-note-id="' in page
    assert f'data-wall-url="/anteckna/{token}/vagg.json"' in page
    assert "js/wall.js" in page


def test_display_of_an_unknown_link_is_404(client):
    assert client.get("/anteckna/not-a-token/skarm").status_code == 404


def test_the_notes_page_opens_the_display(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/anteckningar").get_data(as_text=True)
    token = services.note_link(conference).token
    assert f"/anteckna/{token}/skarm" in page


def test_the_display_and_the_wall_show_notes_alike_but_the_display_skips_empty_kinds(
    client, make_conference
):
    """One template draws the notes for both (groupwork/_wall_groups.html)."""
    import re

    conference = make_conference()
    token = services.note_link(conference).token
    note = services.post_note(
        conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Få praktikplatser"
    )
    db.session.commit()
    wall = client.get(f"/anteckna/{token}/vagg").get_data(as_text=True)
    display = client.get(f"/anteckna/{token}/skarm").get_data(as_text=True)
    item = re.compile(r'<li class="wall-note" data-note-id="\d+">[^<]*</li>')
    assert item.findall(wall) == item.findall(display) != []
    assert f'data-note-id="{note.id}">Få praktikplatser</li>' in display
    kinds = re.compile(r'class="wall-kind wall-(\w+)"')
    assert kinds.findall(display) == [NoteKind.OBSTACLE.value]
    assert len(kinds.findall(wall)) == len(NoteKind)
