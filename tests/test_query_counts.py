"""List pages run a number of queries that does not grow with their rows (no N+1).

Each page is loaded at two sizes; the queries are counted with a before_cursor_execute
listener on the engine the request uses.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event

from okconf.extensions import db


@contextmanager
def counting():
    """Count the SQL statements run inside the block."""
    calls = []

    def listener(*args, **kwargs):
        calls.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield calls
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def queries(client, url) -> int:
    with counting() as calls:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(calls)


@pytest.fixture
def grow_conferences(make_user, make_conference, make_registration, make_organisation):
    """Add conferences (each in its own series, with attending participants from registered
    organisations and a submitted summary) until there are `size`."""
    from okconf.conferences.models import Series
    from okconf.reports.models import Summary, SummaryState

    made = []

    def grow(size, organisers=()):
        while len(made) < size:
            n = len(made)
            series = Series(name=f"Serie {n}")
            db.session.add(series)
            db.session.commit()
            conference = make_conference(
                organisers=organisers, series_id=series.id, date=date(2012, 1, 10) + timedelta(n)
            )
            for _ in range(n + 2):
                make_registration(
                    conference,
                    organisation_id=make_organisation().id,
                    checked_in_at=datetime.now(UTC),
                )
            db.session.add(Summary(conference_id=conference.id, state=SummaryState.SUBMITTED))
            db.session.commit()
            made.append(conference)
        return made

    return grow


@pytest.mark.parametrize(
    "url",
    ["/staff/konferenser", "/staff/uppfoljning", "/rapporter/", "/rapporter/statistik"],
)
def test_conference_lists_do_not_grow_with_conferences(
    client, make_user, login, grow_conferences, url
):
    admin = make_user("admin")
    login(admin)
    grow_conferences(2, organisers=[admin])
    small = queries(client, url)
    grow_conferences(6, organisers=[admin])
    assert queries(client, url) == small


@pytest.mark.parametrize("path", ["/rapporter/samlad", "/rapporter/samlad.docx"])
def test_joint_report_does_not_grow_with_conferences(
    client, make_user, login, grow_conferences, path
):
    login(make_user("reader"))
    counts = []
    for size in (2, 6):
        url = path + "?" + "&".join(f"c={c.id}" for c in grow_conferences(size))
        counts.append(queries(client, url))
    assert counts[0] == counts[1]
