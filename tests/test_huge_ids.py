"""Numbers too big for a database id, in URLs, query strings and forms, are 'not found' or a
form error, never a 500 (SQLite raises OverflowError on them, PostgreSQL an out-of-range error).
"""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"

URL_IDS = [
    "/ersattning/" + HUGE,
    "/ersattning/kvitto/" + HUGE,
    "/ersattning/budget/" + HUGE,
    "/staff/konferenser/" + HUGE,
    "/staff/konferenser/1/program/" + HUGE,
    "/staff/konferens/anteckning/" + HUGE,
    "/staff/sammanfattning/" + HUGE,
    "/staff/styrgrupp/atgarder/" + HUGE,
    "/admin/outbox/" + HUGE,
]


@pytest.mark.parametrize("url", URL_IDS)
def test_huge_ids_in_urls_are_not_found(client, make_user, login, url):
    login(make_user("admin"))
    assert client.get(url).status_code == 404
