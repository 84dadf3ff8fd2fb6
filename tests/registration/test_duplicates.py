"""Likely duplicate registrations are flagged in the organiser's list, kept or merged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.registration import duplicates
from okconf.registration.models import Registration, RegistrationStatus


def test_same_name_and_organisation_or_same_phone_are_grouped(
    app, make_conference, make_registration
):
    conference = make_conference()
    first = make_registration(conference, first_name="Alva", email="alva@gmial.com", phone="")
    again = make_registration(
        conference, first_name=" alva ", last_name="TESTSSON", email="alva@gmail.com", phone=""
    )
    same_phone = make_registration(
        conference, first_name="Bo", phone="+46709999999", organisation_name="Annan"
    )
    also_phone = make_registration(
        conference, first_name="Bosse", phone="070-999 99 99", organisation_name="Annan"
    )
    make_registration(
        conference, first_name="Alva", organisation_name="Annan förening", phone="+46701111111"
    )
    make_registration(
        conference, first_name="Alva", status=RegistrationStatus.CANCELLED, phone="+4670222222"
    )
    make_registration(make_conference(), first_name="Alva", phone="")  # another conference
    groups = duplicates.likely_duplicates(conference.id)
    assert [(g.reason, g.ids) for g in groups] == [
        ("name", [first.id, again.id]),
        ("phone", [same_phone.id, also_phone.id]),
    ]
    assert duplicates.flagged_ids(conference.id) == {
        first.id,
        again.id,
        same_phone.id,
        also_phone.id,
    }


def test_keep_all_stops_the_flag_until_a_new_lookalike_comes(
    app, make_conference, make_registration, make_user
):
    conference = make_conference()
    a = make_registration(conference, first_name="Kim")
    b = make_registration(conference, first_name="Kim")
    duplicates.keep_all(conference.id, [a.id, b.id], make_user("organiser"))
    db.session.commit()
    assert duplicates.likely_duplicates(conference.id) == []
    c = make_registration(conference, first_name="Kim")
    assert [g.ids for g in duplicates.likely_duplicates(conference.id)] == [[a.id, b.id, c.id]]


def test_keep_one_moves_the_kept_one_into_the_duplicates_place(
    app, make_conference, make_registration
):
    conference = make_conference(capacity=2, late_cancellation_fee_ore=40000)
    wrong = make_registration(conference, first_name="Alva", email="alva@gmial.com")
    make_registration(conference, first_name="Other")
    right = make_registration(
        conference,
        first_name="Alva",
        email="alva@gmail.com",
        status=RegistrationStatus.WAITING,
    )
    queued = make_registration(conference, first_name="Queued", status=RegistrationStatus.WAITING)
    promoted = duplicates.keep_one(right, [wrong.id])
    db.session.commit()
    assert promoted == []
    assert db.session.get(Registration, right.id).status is RegistrationStatus.CONFIRMED
    cancelled = db.session.get(Registration, wrong.id)
    assert cancelled.status is RegistrationStatus.CANCELLED
    assert (cancelled.cancellation_fee_ore, cancelled.late_cancellation) == (0, False)
    assert db.session.get(Registration, queued.id).status is RegistrationStatus.WAITING
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "registration.duplicates_merged" in actions


def test_keep_one_gives_a_freed_place_to_the_queue(app, make_conference, make_registration):
    conference = make_conference(capacity=2)
    kept = make_registration(conference, first_name="Alva")
    duplicate = make_registration(conference, first_name="Alva")
    queued = make_registration(conference, first_name="Queued", status=RegistrationStatus.WAITING)
    promoted = duplicates.keep_one(kept, [duplicate.id])
    db.session.commit()
    assert [r.id for r in promoted] == [queued.id]
    assert db.session.get(Registration, kept.id).status is RegistrationStatus.CONFIRMED


def test_keep_one_refuses_a_stale_list(app, make_conference, make_registration):
    conference = make_conference()
    kept = make_registration(conference, first_name="Alva")
    gone = make_registration(conference, first_name="Alva", status=RegistrationStatus.CANCELLED)
    other = make_registration(make_conference(), first_name="Alva")
    for others in ([gone.id], [other.id], [kept.id], []):
        with pytest.raises(Conflict):
            duplicates.keep_one(kept, others)
        db.session.rollback()


def test_the_list_flags_and_the_page_merges(
    client, login, make_user, make_conference, make_registration
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    wrong = make_registration(conference, first_name="Alva", email="alva@gmial.com", phone="")
    right = make_registration(conference, first_name="Alva", email="alva@gmail.com", phone="")
    make_registration(conference, first_name="Bo", phone="")
    login(organiser)
    listing = client.get(f"/staff/konferenser/{conference.id}/anmalningar")
    assert listing.status_code == 200
    text = listing.get_data(as_text=True)
    assert text.count("Possible duplicate") == 2
    assert "2 registrations may be duplicates" in text
    page = client.get(f"/staff/konferenser/{conference.id}/anmalningar/dubbletter")
    assert page.status_code == 200
    assert "alva@gmial.com" in page.get_data(as_text=True)
    response = client.post(
        f"/staff/anmalningar/{right.id}/behall-bara", data={"duplicate": [str(wrong.id)]}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Registration, wrong.id).status is RegistrationStatus.CANCELLED
    page = client.get(f"/staff/konferenser/{conference.id}/anmalningar/dubbletter")
    assert "No likely duplicates." in page.get_data(as_text=True)


def test_keep_all_from_the_page(client, login, make_user, make_conference, make_registration):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    a = make_registration(conference, first_name="Kim")
    b = make_registration(conference, first_name="Kim")
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/anmalningar/dubbletter/behall-alla",
        data={"registration": [str(a.id), str(b.id)]},
    )
    assert response.status_code == 302
    assert duplicates.likely_duplicates(conference.id) == []
    listing = client.get(f"/staff/konferenser/{conference.id}/anmalningar")
    assert "Possible duplicate" not in listing.get_data(as_text=True)


def test_another_conferences_organiser_cannot_merge(
    client, login, make_user, make_conference, make_registration
):
    conference = make_conference(organisers=[make_user("organiser")])
    a = make_registration(conference, first_name="Kim")
    b = make_registration(conference, first_name="Kim")
    login(make_user("organiser"))
    response = client.post(f"/staff/anmalningar/{a.id}/behall-bara", data={"duplicate": [b.id]})
    assert response.status_code in (403, 404)
    db.session.expire_all()
    assert db.session.get(Registration, b.id).status is RegistrationStatus.CONFIRMED
