"""Numbers too big for a database id, in URLs, query strings and forms, are 'not found' or a
form error, never a 500 (SQLite raises OverflowError on them, PostgreSQL an out-of-range error).
"""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"
# One past PostgreSQL's INTEGER: SQLite takes it, PostgreSQL refuses it as out of range.
PAST_INTEGER = str(2**31)

URL_IDS = [
    "/staff/ersattning/" + HUGE,
    "/staff/ersattning/kvitto/" + HUGE,
    "/staff/ersattning/budget/" + HUGE,
    "/staff/konferenser/" + HUGE,
    "/staff/konferenser/1/program/" + HUGE,
    "/staff/anteckningar/" + HUGE,
    "/staff/sammanfattning/" + HUGE,
    "/staff/styrgrupp/atgarder/" + HUGE,
    "/staff/admin/utkorg/" + HUGE,
]


@pytest.mark.parametrize("url", URL_IDS + [u.replace(HUGE, PAST_INTEGER) for u in URL_IDS])
def test_huge_ids_in_urls_are_not_found(client, make_user, login, url):
    login(make_user("admin"))
    assert client.get(url).status_code == 404


QUERY_STRINGS = [
    "/staff/rapporter/statistik?c=" + HUGE,
    "/staff/rapporter/statistik?c=" + PAST_INTEGER,
    "/staff/rapporter/statistik?c=-1&c=abc",
    "/staff/rapporter/samlad?c=" + HUGE,
    "/staff/rapporter/samlad.pdf?c=" + HUGE,
]


@pytest.mark.parametrize("url", QUERY_STRINGS)
def test_huge_ids_in_query_strings(client, make_user, login, url):
    login(make_user("admin"))
    assert client.get(url).status_code in (200, 404)


def test_payment_batch_with_bad_ids(client, make_user, login):
    login(make_user("admin"))
    response = client.post(
        "/staff/ersattning/utbetalning",
        data={
            "claim_ids": [HUGE, PAST_INTEGER, "²", "-3", "abc"],
            "paid_on": "2026-01-05",
            "reference": "B1",
        },
    )
    assert response.status_code == 422
    assert "Choose the claims that were paid." in response.get_data(as_text=True)


def test_note_merge_with_bad_ids(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/anteckningar/sla-ihop",
        data={"target": PAST_INTEGER, "duplicates": [HUGE, PAST_INTEGER, "abc"]},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "data",
    [
        {"series_id": "abc"},
        {"series_id": HUGE},
        {"hosts": [HUGE]},
        {"hosts": [PAST_INTEGER]},
    ],
)
def test_conference_form_with_bad_choices(client, make_user, login, make_conference, data):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    page = client.get(f"/staff/konferenser/{conference.id}/redigera")
    assert page.status_code == 200
    form = {
        "title": conference.title,
        "slug": conference.slug,
        "date": conference.date.isoformat(),
        "start_time": "09:00",
        "end_time": "16:00",
        "venue_name": "Folkets hus",
        "town": "Sundsvall",
        "capacity": "100",
        "new_series": "",
        **data,
    }
    response = client.post(f"/staff/konferenser/{conference.id}/redigera", data=form)
    assert response.status_code < 500


@pytest.mark.parametrize(
    "path, data",
    [
        ("flytta", {"registration_id": HUGE, "round_id": "1", "workshop_id": "1"}),
        ("flytta", {"registration_id": "1", "round_id": "1", "workshop_id": HUGE}),
        ("las", {"assignment_id": HUGE, "locked": "y"}),
        ("las", {"assignment_id": "²"}),
        ("las", {"assignment_id": PAST_INTEGER, "locked": "y"}),
        ("bord/flytta", {"seat_id": HUGE, "table_number": "2"}),
    ],
)
def test_workshop_actions_with_bad_ids(client, make_user, login, make_conference, path, data):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    response = client.post(f"/staff/konferenser/{conference.id}/workshops/{path}", data=data)
    assert response.status_code in (302, 400, 404)


@pytest.mark.parametrize("bad", [HUGE, PAST_INTEGER, "١٢٣", "-1", "abc"])
def test_duplicate_actions_with_bad_ids(
    client, make_user, login, make_conference, make_registration, bad
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    kept = make_registration(conference)
    login(organiser)
    keep_all = client.post(
        f"/staff/konferenser/{conference.id}/anmalningar/dubbletter/behall-alla",
        data={"registration": [bad, str(kept.id)]},
    )
    assert keep_all.status_code == 302
    keep_one = client.post(f"/staff/anmalningar/{kept.id}/behall-bara", data={"duplicate": [bad]})
    assert keep_one.status_code == 302


@pytest.mark.parametrize(
    "query",
    [f"workshop={PAST_INTEGER}", f"answer={PAST_INTEGER}:ja", f"page={PAST_INTEGER}"],
)
def test_list_filters_with_bad_ids(client, make_user, login, make_conference, query):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    response = client.get(f"/staff/konferenser/{conference.id}/anmalningar?{query}")
    assert response.status_code in (200, 404)
