"""Posting notes by the conference's short link, the wall, and organisers' moderation."""

import pytest
from sqlalchemy import select

from okconf.extensions import db
from okconf.groupwork import services
from okconf.groupwork.models import GroupNote, NoteKind
from okconf.vocabulary import Theme


@pytest.fixture
def conference(make_conference, make_user):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    conference.organiser_user = organiser
    return conference


@pytest.fixture
def token(conference):
    link = services.note_link(conference)
    db.session.commit()
    return link.token


def post(client, token, **fields):
    data = {"kind": "obstacle", "theme": "housing", "text": "Bostadsbrist", "group_label": "Bord 3"}
    data.update(fields)
    return client.post(f"/anteckna/{token}", data=data)


def test_anyone_with_the_link_posts_a_note(client, conference, token):
    assert client.get(f"/anteckna/{token}").status_code == 200
    response = post(client, token, principle="dialogue")
    assert response.status_code == 200
    note = db.session.scalars(select(GroupNote)).one()
    assert (note.kind, note.theme, note.text, note.group) == (
        NoteKind.OBSTACLE,
        Theme.HOUSING,
        "Bostadsbrist",
        "Bord 3",
    )
    assert note.principle.value == "dialogue"
    assert note.conference_id == conference.id


def test_wrong_or_rotated_link_is_refused(client, conference, token):
    assert post(client, "not-a-token").status_code == 404
    services.rotate_link(conference)
    db.session.commit()
    assert post(client, token).status_code == 404
    assert client.get(f"/anteckna/{token}/vagg").status_code == 404
    assert db.session.scalars(select(GroupNote)).all() == []


def test_note_errors_are_shown_beside_the_fields(client, token):
    response = post(client, token, text="x" * 501, theme="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="text-error"' in html
    assert 'id="theme-error"' in html
    assert db.session.scalars(select(GroupNote)).all() == []


def test_posting_is_rate_limited(make_app, make_conference):
    app = make_app(RATELIMIT_ENABLED=True)
    with app.app_context():
        conference = make_conference()
        link = services.note_link(conference)
        db.session.commit()
        client = app.test_client()
        codes = [post(client, link.token).status_code for _ in range(21)]
        assert codes[:20] == [200] * 20
        assert codes[20] == 429


def test_wall_groups_visible_notes_by_theme_and_kind(client, conference, token):
    a = services.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Få jobb")
    b = services.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Få jobb!")
    c = services.post_note(
        conference, kind=NoteKind.OPPORTUNITY, theme=Theme.LANGUAGE, text="Språkcafé"
    )
    hidden = services.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.WORK, text="Spam")
    services.set_hidden(hidden, True)
    services.merge_notes(a, [b])
    db.session.commit()
    data = client.get(f"/anteckna/{token}/vagg.json").json
    themes = {t["theme"]: t for t in data["themes"]}
    assert list(themes) == ["language", "work"]
    work = {k["kind"]: k["notes"] for k in themes["work"]["kinds"]}
    assert [(n["text"], n["count"]) for n in work["obstacle"]] == [("Få jobb", 2)]
    assert work["opportunity"] == []
    html = client.get(f"/anteckna/{token}/vagg").get_data(as_text=True)
    assert "Språkcafé" in html and "Spam" not in html
    assert "js/wall.js" in html and "<script>" not in html
    assert c.id


def test_organiser_moderates_edit_hide_merge(client, conference, token, login):
    notes = [
        services.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.HEALTH, text=t)
        for t in ("Lång väntan", "Lång väntetid", "Långa köer", "Reklam")
    ]
    db.session.commit()
    login(conference.organiser_user)
    page = client.get(f"/staff/konferenser/{conference.id}/anteckningar")
    assert page.status_code == 200 and token in page.get_data(as_text=True)
    response = client.post(
        f"/staff/anteckningar/{notes[0].id}",
        data={"kind": "obstacle", "theme": "health", "text": "Lång väntan i vården"},
    )
    assert response.status_code == 302
    client.post(f"/staff/anteckningar/{notes[3].id}/dolj", data={"hidden": "1"})
    client.post(
        f"/staff/konferenser/{conference.id}/anteckningar/sla-ihop",
        data={"target": notes[0].id, "duplicates": [notes[1].id, notes[2].id]},
    )
    kept = db.session.get(GroupNote, notes[0].id)
    assert kept.text == "Lång väntan i vården"
    assert kept.count == 3
    assert [n.id for n in kept.merged] == [notes[1].id, notes[2].id]
    assert db.session.get(GroupNote, notes[3].id).hidden
    assert [n.id for n in services.notes_of(conference, visible_only=True)] == [notes[0].id]
    client.post(f"/staff/anteckningar/{notes[2].id}/dela")
    assert db.session.get(GroupNote, notes[0].id).count == 2


def test_merging_into_a_merged_note_is_refused(conference):
    a, b, c = (
        services.post_note(conference, kind=NoteKind.OBSTACLE, theme=Theme.HEALTH, text=t)
        for t in "abc"
    )
    services.merge_notes(a, [b])
    with pytest.raises(Exception) as error:
        services.merge_notes(b, [c])
    assert "merged" in str(error.value)


def test_organisers_of_other_conferences_and_readers_cannot_moderate(
    client, conference, make_conference, make_user, login
):
    other = make_conference(organisers=[make_user("organiser")])
    note = services.post_note(other, kind=NoteKind.OBSTACLE, theme=Theme.HEALTH, text="x")
    db.session.commit()
    login(conference.organiser_user)
    assert client.get(f"/staff/konferenser/{other.id}/anteckningar").status_code == 403
    assert (
        client.post(f"/staff/anteckningar/{note.id}/dolj", data={"hidden": "1"}).status_code == 403
    )
    assert client.get(f"/staff/konferenser/{other.id}/vagg.json").status_code == 403
    client.post("/logout")
    login(make_user("reader"))
    assert client.get(f"/staff/konferenser/{conference.id}/anteckningar").status_code == 403
    assert not db.session.get(GroupNote, note.id).hidden


def test_qr_code_points_at_the_current_link(client, conference, token, login):
    login(conference.organiser_user)
    response = client.get(f"/staff/konferenser/{conference.id}/anteckningar/qr.svg")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.data.startswith(b"<svg")
    client.post(f"/staff/konferenser/{conference.id}/anteckningar/ny-lank")
    assert services.conference_for_token(token) is None
    page = client.get(f"/staff/konferenser/{conference.id}/anteckningar").get_data(as_text=True)
    assert f"/anteckna/{services.note_link(conference).token}" in page
