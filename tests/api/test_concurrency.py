"""Registrations sent through the API at the same moment never oversell (PostgreSQL): the API
uses the registration service, its capacity lock included."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

PEOPLE = 8
CAPACITY = 3


def test_api_registrations_at_once_keep_to_capacity(
    app, backend, make_user, make_token, make_conference
):
    if backend != "postgresql":
        pytest.skip("SQLite serialises writers: the race needs PostgreSQL")
    organiser = make_user("organiser")
    token = make_token(organiser)
    conference = make_conference(organisers=[organiser], capacity=CAPACITY)
    url = f"/api/v1/conferences/{conference.id}/registrations"
    barrier = threading.Barrier(PEOPLE)
    answers: Counter = Counter()
    guard = threading.Lock()

    def worker(n: int):
        client = app.test_client()
        body = {
            "first_name": f"Samtidig{n}",
            "last_name": "Exempel",
            "email": f"samtidig{n}@example.org",
            "organisation_name": "Föreningen Kö",
            "party": "civil_society",
            "org_type": "civil_society_org",
        }
        barrier.wait(timeout=30)
        response = client.post(url, json=body, headers={"Authorization": f"Bearer {token}"})
        with guard:
            answers[response.get_json().get("status") or response.status_code] += 1

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert answers["confirmed"] == CAPACITY, answers
    assert answers["confirmed"] + answers["waiting"] + answers[503] == PEOPLE, answers
