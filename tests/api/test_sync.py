"""Paging and incremental sync; programme, workshop assignments, claims and organisations."""

from __future__ import annotations

from datetime import time, timedelta

from okconf.conferences.models import ItemKind, ProgrammeItem, Speaker, Workshop
from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration.models import RegistrationStatus


def _pages(api, url, token):
    """Every item, following `next` links; and the number of pages."""
    items, pages = [], 0
    while url:
        body = api("GET", url, token).get_json()
        items.extend(body["items"])
        pages += 1
        url = body["next"]
        if url:
            assert body["next_cursor"] in url
            url = url.removeprefix("http://localhost")
    return items, pages


def test_pages_follow_a_stable_order_without_gaps(
    app, api, make_user, make_token, make_conference, make_registration
):
    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser])
    people = [make_registration(conference) for _ in range(7)]
    items, pages = _pages(api, f"/api/v1/conferences/{conference.id}/registrations?limit=3", token)
    assert pages == 3
    assert [i["id"] for i in items] == [p.id for p in people]
    # A change while paging moves the row to the end: it comes again, nothing is skipped.
    first = api("GET", f"/api/v1/conferences/{conference.id}/registrations?limit=3", token)
    people[0].phone = "+46701111111"
    db.session.commit()
    rest, _pages_left = _pages(
        api, first.get_json()["next"].removeprefix("http://localhost"), token
    )
    assert [i["id"] for i in rest] == [p.id for p in people[3:]] + [people[0].id]


def test_updated_since_returns_the_changes_cancellations_and_erasures(
    app, api, make_user, make_token, make_conference, make_registration
):
    from okconf.privacy.retention import anonymise

    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser])
    staying, leaving, erased = (make_registration(conference) for _ in range(3))
    since = utcnow()
    url = f"/api/v1/conferences/{conference.id}/registrations"
    assert (
        api("GET", url, token, query_string={"updated_since": since.isoformat()}).get_json()[
            "items"
        ]
        == []
    )
    api("POST", f"/api/v1/registrations/{leaving.id}/status", token, json={"status": "cancelled"})
    anonymise([erased.id])
    db.session.commit()
    changed = api("GET", url, token, query_string={"updated_since": since.isoformat()})
    by_id = {i["id"]: i for i in changed.get_json()["items"]}
    assert set(by_id) == {leaving.id, erased.id}
    assert by_id[leaving.id]["status"] == "cancelled" and by_id[leaving.id]["cancelled_at"]
    assert by_id[erased.id]["anonymised_at"] and by_id[erased.id]["email"] == ""
    assert staying.id not in by_id
    only_cancelled = api("GET", url, token, query_string={"status": "cancelled"})
    assert [i["id"] for i in only_cancelled.get_json()["items"]] == [leaving.id]


def test_programme_and_workshop_assignments(
    app, api, make_user, make_token, make_conference, make_registration
):
    from okconf.workshops.models import Assignment, AssignmentRun

    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser])
    talk = ProgrammeItem(
        conference_id=conference.id, starts_at=time(9, 30), title="Välkommen", position=0
    )
    talk.speakers.append(Speaker(name="Kim Talare", role="moderator", organisation_name="SKR"))
    block = ProgrammeItem(
        conference_id=conference.id, kind=ItemKind.WORKSHOPS, starts_at=time(9), title="Pass", day=2
    )
    conference.end_date = conference.date + timedelta(days=1)  # two days: the round is on the 2nd
    db.session.add_all([talk, block])
    db.session.flush()
    workshop = Workshop(conference_id=conference.id, round_id=block.id, title="Språk", room="A")
    db.session.add(workshop)
    db.session.commit()
    person = make_registration(conference)
    db.session.add(
        Assignment(registration_id=person.id, round_id=block.id, workshop_id=workshop.id)
    )
    db.session.add(
        AssignmentRun(conference_id=conference.id, round_id=block.id, published_at=utcnow())
    )
    db.session.commit()
    programme = api("GET", f"/api/v1/conferences/{conference.id}/programme", token).get_json()
    assert [i["title"] for i in programme["items"]] == ["Välkommen", "Pass"]
    assert programme["items"][0]["day"] == 1
    assert programme["items"][0]["date"] == conference.date.isoformat()
    assert programme["items"][1]["day"] == 2
    assert programme["items"][1]["date"] == conference.end_date.isoformat()
    assert programme["items"][0]["speakers"][0]["name"] == "Kim Talare"
    assert programme["items"][1]["workshops"][0]["title"] == "Språk"
    assignments = api(
        "GET", f"/api/v1/conferences/{conference.id}/workshop-assignments", token
    ).get_json()["items"]
    assert [(a["registration_id"], a["workshop_title"], a["published"]) for a in assignments] == [
        (person.id, "Språk", True)
    ]


def test_claims_for_reviewers(app, api, make_user, make_token, make_conference, make_registration):
    from okconf.reimbursements.models import Claim, ClaimState

    conference = make_conference()
    other = make_conference()
    claim = Claim(
        registration_id=make_registration(conference).id,
        conference_id=conference.id,
        state=ClaimState.SUBMITTED,
        claimed_ore=45000,
        account_number="1234567",
    )
    elsewhere = Claim(
        registration_id=make_registration(other).id,
        conference_id=other.id,
        state=ClaimState.REQUESTED,
    )
    db.session.add_all([claim, elsewhere])
    db.session.commit()
    reviewer = make_token(make_user("reviewer"), scopes=("read",))
    listed = api("GET", "/api/v1/claims", reviewer).get_json()["items"]
    assert [c["id"] for c in listed] == [claim.id, elsewhere.id]
    assert "account_number" not in listed[0]
    filtered = api("GET", f"/api/v1/claims?conference_id={conference.id}&state=submitted", reviewer)
    assert [c["id"] for c in filtered.get_json()["items"]] == [claim.id]
    one = api("GET", f"/api/v1/claims/{claim.id}", reviewer).get_json()
    assert (one["state"], one["claimed_ore"]) == ("submitted", 45000)
    assert api("GET", "/api/v1/claims/999999", reviewer).status_code == 404
    organiser = make_token(make_user("organiser"))
    assert api("GET", "/api/v1/claims", organiser).status_code == 403


def test_organisations_and_their_changes(app, api, make_user, make_token, make_organisation):
    token = make_token(make_user("organiser"))
    first, second = make_organisation(), make_organisation()
    since = utcnow()
    listed = api("GET", "/api/v1/organisations", token).get_json()["items"]
    assert [o["id"] for o in listed] == [first.id, second.id]
    first.name = "Föreningen Nytt Namn"
    db.session.commit()
    changed = api("GET", "/api/v1/organisations", token, query_string={"updated_since": since})
    assert [o["name"] for o in changed.get_json()["items"]] == ["Föreningen Nytt Namn"]
    assert api("GET", f"/api/v1/organisations/{second.id}", token).get_json()["id"] == second.id
    assert api("GET", "/api/v1/organisations/999999", token).status_code == 404


def test_the_waiting_list_of_a_conference_without_queue(
    app, api, make_user, make_token, make_conference, make_registration
):
    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser], capacity=None)
    make_registration(conference, status=RegistrationStatus.CONFIRMED)
    body = api("GET", f"/api/v1/conferences/{conference.id}/waiting-list", token).get_json()
    assert body == {"conference_id": conference.id, "capacity": None, "confirmed": 1, "entries": []}


def test_a_change_of_diets_alone_is_a_change(
    app, api, make_user, make_token, make_conference, make_registration
):
    from okconf.registration.models import RegistrationDiet
    from okconf.vocabulary import Diet

    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser])
    person = make_registration(conference)
    since = utcnow()
    person.diets.append(RegistrationDiet(diet=Diet.VEGAN))
    db.session.commit()
    changed = api(
        "GET",
        f"/api/v1/conferences/{conference.id}/registrations",
        token,
        query_string={"updated_since": since.isoformat()},
    ).get_json()["items"]
    assert [(i["id"], i["diets"]) for i in changed] == [(person.id, ["vegan"])]
