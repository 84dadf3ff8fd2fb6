"""The organisers' workshop pages run a number of queries that does not grow with people."""

from __future__ import annotations

from sqlalchemy import func, select

from okconf.extensions import db
from okconf.vocabulary import Party
from okconf.workshops.models import Assignment
from okconf.workshops.services import assignment, tables
from tests.test_query_counts import queries

SPECS = [
    (Party.CIVIL_SOCIETY, (0, 1, 2)),
    (Party.PUBLIC_SECTOR, (1, 0, 2)),
    (Party.BUSINESS_OTHER, (2, 0, 1)),
]


def pages(conference_id):
    base = f"/staff/konferenser/{conference_id}/workshops"
    return [
        base,
        base + "/resultat",
        base + "/deltagare",
        base + "/bord",
        base + "/listor",
        base + "/utskrift",
        base + "/utskrift?by=table",
    ]


def test_workshop_pages_do_not_grow_with_people(client, login, workshop_setup, app):
    counts = []
    for size in (2, 6):
        conference, organiser, *_ = workshop_setup(
            capacities=(20, 20, 20), rounds=2, people=SPECS * size
        )
        assignment.run_assignment(conference, 10)
        tables.seat_tables(conference, 6, None)
        db.session.commit()
        placed = db.session.scalar(select(func.count()).select_from(Assignment))
        assert placed >= 2 * len(SPECS) * size  # both rounds of this conference are placed
        login(organiser)
        counts.append([queries(client, url) for url in pages(conference.id)])
        client.post("/logout")
    assert counts[0] == counts[1]
