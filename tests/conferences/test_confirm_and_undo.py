"""Destructive actions ask first, and the cheap ones can be undone: programme slots and staff
removals from the registration list (hostile and stale undos give a message, never a 500)."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select

from okconf.conferences import programme
from okconf.conferences.models import Conference, ItemKind, ProgrammeItem, Workshop
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationStatus


def _slot(conference, title="Välkommen", **fields):
    item = programme.save_item(
        conference,
        None,
        kind=fields.pop("kind", ItemKind.SESSION),
        starts_at=fields.pop("starts_at", time(9, 30)),
        ends_at=fields.pop("ends_at", time(10)),
        title=title,
        description="Inledning av dagen.",
        speakers=[("Kim Berg", "moderator", "SIOS"), ("Ali Ek", "", "")],
        **fields,
    )
    db.session.commit()
    return item


def test_deleting_a_slot_asks_first_and_can_be_undone(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    item = _slot(conference)
    base = f"/staff/konferenser/{conference.id}"
    login(organiser)
    # The programme links to a confirmation page; opening it deletes nothing.
    listing = client.get(f"{base}/program").get_data(as_text=True)
    assert f'href="{base}/program/{item.id}/ta-bort"' in listing
    page = client.get(f"{base}/program/{item.id}/ta-bort").get_data(as_text=True)
    assert "Delete “Välkommen”?" in page and "Kim Berg, Ali Ek" in page
    assert "button danger" in page
    assert db.session.get(ProgrammeItem, item.id) is not None
    # Deleting offers an undo on the programme page, once.
    response = client.post(f"{base}/program/{item.id}/ta-bort")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ProgrammeItem.id))) == 0
    page = client.get(f"{base}/program").get_data(as_text=True)
    assert "“Välkommen” was deleted." in page and f'action="{base}/program/angra"' in page
    assert "was deleted" not in client.get(f"{base}/program").get_data(as_text=True)
    # Undo restores the slot with its times, description and speakers.
    assert client.post(f"{base}/program/angra").status_code == 302
    db.session.expire_all()
    restored = db.session.scalar(select(ProgrammeItem))
    assert restored.title == "Välkommen" and restored.description == "Inledning av dagen."
    assert (restored.starts_at, restored.ends_at) == (time(9, 30), time(10))
    assert [(s.name, s.role, s.organisation_name) for s in restored.speakers] == [
        ("Kim Berg", "moderator", "SIOS"),
        ("Ali Ek", "", ""),
    ]
    # A second undo has nothing to undo: a message, not a second copy.
    response = client.post(f"{base}/program/angra", follow_redirects=True)
    assert response.status_code == 200
    assert "There is nothing to undo." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgrammeItem.id))) == 1


def test_an_undo_cannot_restore_into_another_conference(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    first = make_conference(organisers=[organiser])
    second = make_conference(organisers=[organiser])
    item = _slot(first)
    login(organiser)
    client.post(f"/staff/konferenser/{first.id}/program/{item.id}/ta-bort")
    response = client.post(f"/staff/konferenser/{second.id}/program/angra", follow_redirects=True)
    assert "There is nothing to undo." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ProgrammeItem.id))) == 0


def test_deleting_a_workshop_asks_first(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    block = _slot(conference, "Grupper", kind=ItemKind.WORKSHOPS)
    workshop = programme.save_workshop(
        conference, None, round_item=block, title="Språk", theme=None
    )
    db.session.commit()
    login(organiser)
    workshop_id = workshop.id
    url = f"/staff/konferenser/{conference.id}/workshops/{workshop_id}/ta-bort"
    page = client.get(url).get_data(as_text=True)
    assert "Delete the workshop “Språk”?" in page and "cannot be undone" in page
    assert db.session.get(Workshop, workshop_id) is not None
    assert client.post(url).status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Workshop.id))) == 0


def test_a_removed_registration_can_be_put_back(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=5)
    person = make_registration(conference, first_name="Rut")
    login(organiser)
    listing = f"/staff/konferenser/{conference.id}/anmalningar"
    response = client.post(
        f"/staff/anmalningar/{person.id}/avanmal?next={listing}", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Rut Testsson was removed." in page
    assert f'action="/staff/anmalningar/{person.id}/ater"' in page
    db.session.expire_all()
    assert db.session.get(Registration, person.id).status is RegistrationStatus.CANCELLED
    response = client.post(f"/staff/anmalningar/{person.id}/ater?next={listing}")
    assert response.status_code == 302 and response.headers["Location"].endswith(listing)
    db.session.expire_all()
    back = db.session.get(Registration, person.id)
    assert back.status is RegistrationStatus.CONFIRMED and back.cancelled_at is None


def test_a_removal_whose_place_went_to_the_queue_offers_no_undo(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=1)
    person = make_registration(conference, first_name="Rut")
    make_registration(conference, first_name="Sam", status=RegistrationStatus.WAITING)
    login(organiser)
    page = client.post(f"/staff/anmalningar/{person.id}/avanmal", follow_redirects=True).get_data(
        as_text=True
    )
    assert "Sam Testsson got the place" in page and '/ater"' not in page
    # A forged undo changes nothing and says so.
    response = client.post(f"/staff/anmalningar/{person.id}/ater", follow_redirects=True)
    assert "There is nothing to undo." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Registration, person.id).status is RegistrationStatus.CANCELLED


def test_an_undo_for_one_registration_does_not_reinstate_another(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    removed = make_registration(conference)
    other = make_registration(conference, status=RegistrationStatus.CANCELLED)
    login(organiser)
    client.post(f"/staff/anmalningar/{removed.id}/avanmal")
    response = client.post(f"/staff/anmalningar/{other.id}/ater")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, other.id).status is RegistrationStatus.CANCELLED
    assert db.session.get(Conference, conference.id) is not None


def test_an_undo_is_offered_only_on_the_page_of_its_kind(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    person = make_registration(conference)
    login(organiser)
    client.post(f"/staff/anmalningar/{person.id}/avanmal")
    programme_page = client.get(f"/staff/konferenser/{conference.id}/program")
    assert '/ater"' not in programme_page.get_data(as_text=True)
    listing = client.get(f"/staff/konferenser/{conference.id}/anmalningar")
    assert f"/staff/anmalningar/{person.id}/ater" in listing.get_data(as_text=True)


def test_a_block_with_workshops_is_not_offered_for_deletion(
    client, login, make_user, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    block = _slot(conference, "Grupper", kind=ItemKind.WORKSHOPS)
    programme.save_workshop(conference, None, round_item=block, title="Språk", theme=None)
    db.session.commit()
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/program/{block.id}/ta-bort")
    text = page.get_data(as_text=True)
    assert "Delete or move this block" in text and "button danger" not in text
    response = client.post(f"/staff/konferenser/{conference.id}/program/{block.id}/ta-bort")
    assert response.status_code == 302
    assert db.session.scalar(select(func.count(ProgrammeItem.id))) == 1
