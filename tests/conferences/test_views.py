"""Organiser and public pages: access, forms with field errors, publishing, copying."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlalchemy import func, select

from okconf.conferences import programme
from okconf.conferences.models import Conference, ConferenceState, ItemKind, Workshop
from okconf.extensions import db

KOPING_FORM = {
    "title": "Den nationella överenskommelsen inom integrationsområdet",
    "guiding_question": "Hur kan den användas i integrationsarbetet i Mellansverige?",
    "date": "2012-12-10",
    "start_time": "09.00",
    "end_time": "16:00",
    "venue_name": "Opalen i Folkets hus",
    "street_address": "Karlagatan 2",
    "town": "Köping",
    "price_ore": "0",
    "late_cancellation_fee_ore": "400",
    "capacity": "120",
    "registration_deadline": "2012-11-30",
    "new_series": "Regionala konferenser hösten 2012",
    "contact_email": "konferens.koping@example.org",
}


def test_staff_list_by_role(client, login, make_user, make_conference):
    organiser, other = make_user("organiser"), make_user("organiser")
    make_conference(title="Min konferens", organisers=[organiser])
    make_conference(title="Någon annans", organisers=[other])
    assert client.get("/staff/konferenser").status_code == 302  # to the sign-in page
    login(organiser)
    page = client.get("/staff/konferenser").get_data(as_text=True)
    assert "Min konferens" in page and "Någon annans" not in page


@pytest.mark.parametrize("role", ["reviewer", "reader"])
def test_reviewers_and_readers_cannot_manage_conferences(client, login, make_user, role):
    login(make_user(role))
    assert client.get("/staff/konferenser").status_code == 403
    assert client.get("/staff/konferenser/ny").status_code == 403


# Every organiser route of one conference (users cost a password hash each, so one pair of
# users is shared by the whole matrix).
OWN_ROUTES = [
    ("get", ""),
    ("get", "/redigera"),
    ("post", "/redigera"),
    ("post", "/publicera"),
    ("post", "/avpublicera"),
    ("post", "/kopiera"),
    ("get", "/forhandsvisning"),
    ("get", "/program"),
    ("post", "/program"),
    ("get", "/program/nytt"),
    ("post", "/program/nytt"),
    ("get", "/workshops/ny"),
]


def test_organiser_gets_403_on_someone_elses_conference(client, login, make_user, make_conference):
    theirs = make_conference(
        organisers=[make_user("organiser")], title="Deras", state=ConferenceState.DRAFT
    )
    login(make_user("organiser"))
    for method, path in OWN_ROUTES:
        response = getattr(client, method)(
            f"/staff/konferenser/{theirs.id}{path}", data={"title": "X", "moderator": "X"}
        )
        assert response.status_code == 403, (method, path)
    theirs = db.session.get(Conference, theirs.id)
    assert theirs.title == "Deras" and theirs.state is ConferenceState.DRAFT
    assert theirs.moderator == "" and len(theirs.programme) == 0
    assert db.session.scalar(select(func.count(Conference.id))) == 1
    assert client.get("/staff/konferenser/99999").status_code == 404


def test_organiser_creates_a_conference_through_the_form(client, login, make_user):
    organiser = make_user("organiser")
    login(organiser)
    form = client.get("/staff/konferenser/ny").get_data(as_text=True)
    assert 'for="guiding_question"' in form and 'name="organisers"' not in form
    response = client.post("/staff/konferenser/ny", data=KOPING_FORM)
    assert response.status_code == 302
    conference = db.session.scalar(select(Conference))
    assert response.headers["Location"].endswith(f"/staff/konferenser/{conference.id}")
    assert conference.slug == "koping-2012" and conference.state is ConferenceState.DRAFT
    assert conference.start_time == time(9) and conference.date == date(2012, 12, 10)
    assert conference.late_cancellation_fee_ore == 40000 and conference.capacity == 120
    assert conference.series.name == "Regionala konferenser hösten 2012"
    assert conference.organisers == [organiser]
    # A draft is not public.
    assert client.get("/konferens/koping-2012").status_code == 404


INVALID = [
    ({"title": ""}, "title", "Enter a title."),
    ({"date": "10/12/2012"}, "date", "YYYY-MM-DD"),
    ({"start_time": "nio"}, "start_time", "HH:MM"),
    ({"end_time": "08:00"}, "end_time", "must end after it starts"),
    ({"capacity": "-5"}, "capacity", "cannot be negative"),
    ({"capacity": "många"}, "capacity", "whole number"),
    ({"capacity": "99999999999"}, "capacity", "too large"),
    ({"price_ore": "Infinity"}, "price_ore", "amount in kronor"),
    ({"price_ore": "1e30"}, "price_ore", "amount in kronor"),
    ({"price_ore": "12,345"}, "price_ore", "amount in kronor"),
    ({"price_ore": "gratis"}, "price_ore", "amount in kronor"),
    ({"late_cancellation_fee_ore": "-400"}, "late_cancellation_fee_ore", "amount in kronor"),
    ({"contact_email": "inte-en-adress"}, "contact_email", "valid email"),
    ({"more_info_url": "www"}, "more_info_url", "full web address"),
    ({"registration_deadline": "2012-12-24"}, "registration_deadline", "on or before"),
    ({"slug": "Köping 2012!"}, "slug", "lower-case"),
]


def test_invalid_fields_give_field_errors_and_change_nothing(client, login, make_user):
    login(make_user("organiser"))
    for changes, field, message in INVALID:
        response = client.post("/staff/konferenser/ny", data={**KOPING_FORM, **changes})
        assert response.status_code == 200, field
        page = response.get_data(as_text=True)
        assert f'id="{field}-error"' in page, field
        assert message in page, field
        assert 'aria-invalid="true"' in page
    assert db.session.scalar(select(Conference)) is None


def test_taken_slug_is_a_field_error(client, login, make_user, make_conference):
    make_conference(slug="koping-2012")
    login(make_user("organiser"))
    response = client.post("/staff/konferenser/ny", data={**KOPING_FORM, "slug": "koping-2012"})
    assert response.status_code == 200
    assert 'id="slug-error"' in response.get_data(as_text=True)


def test_admin_assigns_organisers_and_hosts(
    client, login, make_user, make_conference, make_organisation
):
    admin, organiser = make_user("admin"), make_user("organiser", name="Olle Organisatör")
    reviewer = make_user("reviewer")
    host = make_organisation("SIOS Mellansverige")
    conference = make_conference()
    login(admin)
    form = client.get(f"/staff/konferenser/{conference.id}/redigera").get_data(as_text=True)
    assert "Olle Organisatör" in form and "SIOS Mellansverige" in form
    data = {**KOPING_FORM, "organisers": [organiser.id, reviewer.id], "hosts": [host.id]}
    response = client.post(f"/staff/konferenser/{conference.id}/redigera", data=data)
    assert response.status_code == 302
    conference = db.session.get(Conference, conference.id)
    # Only organiser accounts can be made organisers.
    assert conference.organisers == [organiser]
    assert conference.hosts == [host]


def test_publish_unpublish_and_public_page(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], state=ConferenceState.DRAFT)
    login(organiser)
    client.post(f"/staff/konferenser/{conference.id}/publicera")
    assert db.session.get(Conference, conference.id).state is ConferenceState.PUBLISHED
    assert client.get(f"/konferens/{conference.slug}").status_code == 200
    client.post(f"/staff/konferenser/{conference.id}/avpublicera")
    assert client.get(f"/konferens/{conference.slug}").status_code == 404
    # The preview still works for staff.
    preview = client.get(f"/staff/konferenser/{conference.id}/forhandsvisning")
    assert preview.status_code == 200 and conference.title in preview.get_data(as_text=True)


def test_publishing_an_incomplete_conference_is_refused_with_a_message(
    client, login, make_user, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], state=ConferenceState.DRAFT, town="")
    login(organiser)
    response = client.post(f"/staff/konferenser/{conference.id}/publicera", follow_redirects=True)
    assert "town" in response.get_data(as_text=True)
    assert db.session.get(Conference, conference.id).state is ConferenceState.DRAFT


def test_copy_through_the_staff_page(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], slug="koping-2012")
    programme.save_item(
        conference, None, kind=ItemKind.BREAK, starts_at=time(12), ends_at=None, title="Lunch"
    )
    login(organiser)
    response = client.post(f"/staff/konferenser/{conference.id}/kopiera")
    assert response.status_code == 302
    copy = db.session.scalar(select(Conference).where(Conference.slug == "koping-2012-kopia"))
    assert response.headers["Location"].endswith(f"/staff/konferenser/{copy.id}/redigera")
    assert copy.date is None and [i.title for i in copy.programme] == ["Lunch"]
    assert copy.organisers == [organiser]


def test_programme_editor_adds_slots_and_workshops(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], start_time=time(9), end_time=time(16))
    login(organiser)
    base = f"/staff/konferenser/{conference.id}"
    assert client.get(f"{base}/workshops/ny").status_code == 302  # no block yet
    response = client.post(
        f"{base}/program/nytt",
        data={
            "starts_at": "09:30",
            "ends_at": "09:45",
            "kind": "session",
            "title": "Välkommen",
            "show_time": "y",
            "speakers": "Paola Ricci; ordförande; SIOS Mellansverige",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        f"{base}/program/nytt",
        data={"starts_at": "10:00", "ends_at": "09:00", "kind": "session", "title": "Fel"},
    )
    assert bad.status_code == 200 and 'id="ends_at-error"' in bad.get_data(as_text=True)
    bad_speaker = client.post(
        f"{base}/program/nytt",
        data={"starts_at": "10:00", "kind": "session", "title": "Fel", "speakers": "; roll"},
    )
    assert 'id="speakers-error"' in bad_speaker.get_data(as_text=True)
    early = client.post(
        f"{base}/program/nytt",
        data={"starts_at": "08:30", "kind": "break", "title": "Kaffe", "show_time": "y"},
        follow_redirects=True,
    )
    assert "starts before the conference" in early.get_data(as_text=True)
    client.post(
        f"{base}/program/nytt",
        data={"starts_at": "14:00", "ends_at": "15:25", "kind": "workshops", "title": "Grupper"},
    )
    conference = db.session.get(Conference, conference.id)
    assert [i.title for i in conference.programme] == ["Kaffe", "Välkommen", "Grupper"]
    block = conference.programme[2]
    response = client.post(
        f"{base}/workshops/ny",
        data={"round_id": block.id, "title": "Språk", "theme": "language", "capacity": "-1"},
    )
    assert 'id="capacity-error"' in response.get_data(as_text=True)
    response = client.post(
        f"{base}/workshops/ny",
        data={"round_id": block.id, "title": "Språk", "theme": "language", "capacity": "25"},
    )
    assert response.status_code == 302
    workshop = db.session.scalar(select(Workshop))
    assert workshop.round_id == block.id and workshop.capacity == 25
    page = client.get(f"{base}/program").get_data(as_text=True)
    assert "Paola Ricci" in page and "Språk" in page
    # Deleting a block with workshops is refused; the workshop first, then the block.
    client.post(f"{base}/program/{block.id}/ta-bort")
    assert db.session.get(Workshop, workshop.id) is not None
    client.post(f"{base}/workshops/{workshop.id}/ta-bort")
    client.post(f"{base}/program/{block.id}/ta-bort")
    assert [i.title for i in db.session.get(Conference, conference.id).programme] == [
        "Kaffe",
        "Välkommen",
    ]


def test_slots_of_another_conference_are_404(client, login, make_user, make_conference):
    organiser = make_user("organiser")
    mine = make_conference(organisers=[organiser])
    theirs = make_conference()
    item = programme.save_item(
        theirs, None, kind=ItemKind.SESSION, starts_at=time(9), ends_at=None, title="Deras"
    )
    db.session.commit()
    login(organiser)
    assert client.get(f"/staff/konferenser/{mine.id}/program/{item.id}").status_code == 404
    assert client.post(f"/staff/konferenser/{mine.id}/program/{item.id}/ta-bort").status_code == 404


def test_public_page_reads_as_the_invitation(client, make_conference, make_registration):
    conference = make_conference(
        slug="ronneby-2013",
        title="Regional konferens",
        guiding_question="Hur går vi från ord till handling?",
        capacity=1,
        late_cancellation_fee_ore=40000,
        cancellation_terms="Anmälan är bindande men kan överlåtas till kollega.",
        exhibition_tables_offered=True,
        offers_travel_reimbursement=True,
        min_round_trip_km=100,
        programme_highlights="Goda exempel\nFrån ord till handling",
        moderator="Maria Strand, journalist",
    )
    programme.save_item(
        conference,
        None,
        kind=ItemKind.SESSION,
        starts_at=time(11),
        ends_at=None,
        title="Etableringslotsar",
        speakers=[("Lina Rosén", "", "Arbetsförmedlingen")],
    )
    page = client.get("/konferens/ronneby-2013").get_data(as_text=True)
    for expected in (
        "Hur går vi från ord till handling?",
        "Folkets hus",
        "Goda exempel",
        "Lina Rosén",
        "SEK\xa0400",
        "överlåtas till kollega",
        "100 km",
        "Maria Strand, journalist",
        "badge-open",
        "inbjudan.pdf",
        "konferens.ics",
    ):
        assert expected in page, expected
    make_registration(conference)
    assert "badge-full" in client.get("/konferens/ronneby-2013").get_data(as_text=True)


def test_calendar_downloads(client, make_conference):
    make_conference(slug="koping-2012", date=date(2012, 12, 10))
    response = client.get("/konferens/koping-2012/konferens.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert b"TZID=Europe/Stockholm:20121210T090000" in response.data
    assert client.get("/konferens/koping-2012/program.ics").status_code == 200
    assert client.get("/konferens/finns-inte/konferens.ics").status_code == 404


def test_slots_of_a_conference_over_several_days_have_a_day(
    client, login, make_user, make_conference
):
    organiser = make_user("organiser")
    conference = make_conference(
        organisers=[organiser], date=date(2026, 11, 29), end_date=date(2026, 11, 30)
    )
    one_day = make_conference(organisers=[organiser], date=date(2026, 11, 29))
    login(organiser)
    client.get("/language/en")
    base = f"/staff/konferenser/{conference.id}/program"
    assert 'name="day"' in client.get(f"{base}/nytt").get_data(as_text=True)
    assert 'name="day"' not in client.get(f"/staff/konferenser/{one_day.id}/program/nytt").get_data(
        as_text=True
    )
    slot = {"starts_at": "09:00", "kind": "session", "show_time": "y"}
    for day, title in (("2", "Andra dagen"), ("1", "Första dagen")):
        assert (
            client.post(f"{base}/nytt", data=slot | {"day": day, "title": title}).status_code == 302
        )
    for bad in ("3", "0", "x", "99999999999"):
        response = client.post(f"{base}/nytt", data=slot | {"day": bad, "title": "Fel"})
        assert response.status_code == 200 and 'id="day-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(i.day, i.title) for i in conference.programme] == [
        (1, "Första dagen"),
        (2, "Andra dagen"),
    ]
    conference.state = ConferenceState.PUBLISHED
    db.session.commit()
    page = client.get(f"/konferens/{conference.slug}").get_data(as_text=True)
    # each day under its own heading, the first day's slot before the second's
    programme_part = page[page.index('class="programme-day"') :]
    assert programme_part.index("29 November 2026") < programme_part.index("Första dagen")
    assert (
        programme_part.index("Första dagen")
        < programme_part.index("30 November 2026")
        < programme_part.index("Andra dagen")
    )
    # the slot can be saved again without a day on a one-day conference (the field is absent)
    client.post(f"/staff/konferenser/{one_day.id}/program/nytt", data=slot | {"title": "Ensam"})
    db.session.expire_all()
    assert [(i.day, i.title) for i in one_day.programme] == [(1, "Ensam")]
