"""Whatever is posted to the participant's forms, the answer is a page, never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FIELDS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "organisation_name",
    "party",
    "org_type",
    "diets",
    "diet_other",
    "accessibility_needs",
    "consent",
    "is_volunteer",
    "requests_travel_reimbursement",
    "wish_0_1",
]
VALUES = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["civil_society", "municipality", "other", "y", "", "0", "-1", "99999999"]),
    st.lists(st.text(max_size=20), max_size=4),
)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(form=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=len(FIELDS)))
def test_random_posts_never_fail(client, make_conference, form):
    conference = _conference(make_conference)
    response = client.post(f"/konferens/{conference.slug}/anmalan", data=form)
    assert response.status_code in (200, 302, 400)  # 400: control characters are refused
    response = client.post("/anmalan/ny-lank", data=form)
    assert response.status_code in (200, 400)


_cache: dict = {}


def _conference(make_conference):
    """One conference per test run (hypothesis calls the test body many times)."""
    key = id(make_conference)
    if key not in _cache:
        _cache.clear()
        _cache[key] = make_conference(
            offers_travel_reimbursement=True, exhibition_tables_offered=True
        )
    return _cache[key]
