"""List pages run a number of queries that does not grow with their rows (no N+1).

Each page is loaded at two sizes; the queries are counted with a before_cursor_execute
listener on the engine the request uses.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import url_for
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
    [
        "/staff",
        "/staff/konferenser",
        "/staff/uppfoljning",
        "/staff/rapporter",
        "/staff/rapporter/statistik",
    ],
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


@pytest.mark.parametrize("path", ["/staff/rapporter/samlad", "/staff/rapporter/samlad.docx"])
def test_joint_report_does_not_grow_with_conferences(
    client, make_user, login, grow_conferences, path
):
    login(make_user("reader"))
    counts = []
    for size in (2, 6):
        url = path + "?" + "&".join(f"c={c.id}" for c in grow_conferences(size))
        counts.append(queries(client, url))
    assert counts[0] == counts[1]


def test_note_pages_do_not_grow_with_notes(client, make_user, login, make_conference):
    """Each note's count of merged duplicates was loaded one note at a time (the wall's JSON
    is fetched every few seconds by every open wall)."""
    from okconf.conferences.models import Workshop
    from okconf.groupwork.models import NoteKind
    from okconf.groupwork.services import merge_notes, note_link, post_note
    from okconf.vocabulary import Theme

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    workshop = Workshop(conference_id=conference.id, title="Språk", position=1)
    db.session.add(workshop)
    token = note_link(conference).token
    db.session.commit()
    login(organiser)
    urls = [
        f"/staff/konferenser/{conference.id}/anteckningar",
        f"/staff/konferenser/{conference.id}/vagg",
        f"/staff/konferenser/{conference.id}/vagg.json",
        f"/anteckna/{token}/vagg",
        f"/anteckna/{token}/vagg.json",
    ]

    def add(n):
        for i in range(n):
            kept, duplicate = (
                post_note(
                    conference,
                    kind=NoteKind.OBSTACLE,
                    theme=theme,
                    text=f"Hinder {i}",
                    workshop_id=workshop.id,
                )
                for theme in (Theme.LANGUAGE, Theme.LANGUAGE)
            )
            merge_notes(kept, [duplicate])
        db.session.commit()

    add(2)
    small = [queries(client, url) for url in urls]
    add(4)
    assert [queries(client, url) for url in urls] == small


def test_erasure_requests_page_does_not_grow_with_requests(
    client, make_user, login, make_conference, make_registration
):
    from okconf.privacy.services import request_erasure

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    url = f"/staff/konferenser/{conference.id}/integritet"

    def add(n):
        for _ in range(n):
            request_erasure(make_registration(conference))
        db.session.commit()

    add(2)
    small = queries(client, url)
    add(4)
    assert queries(client, url) == small


def test_public_conference_page_does_not_grow_with_the_programme(client, make_conference):
    from datetime import time as clock

    from okconf.conferences.models import ItemKind, ProgrammeItem, Speaker, Workshop

    conference = make_conference()
    made = []

    def add(n):
        for _ in range(n):
            hour = 8 + len(made)
            item = ProgrammeItem(
                conference_id=conference.id,
                kind=ItemKind.WORKSHOPS if len(made) % 2 else ItemKind.SESSION,
                starts_at=clock(hour, 0),
                ends_at=clock(hour, 45),
                title=f"Pass {len(made)}",
            )
            db.session.add(item)
            db.session.flush()
            db.session.add(Speaker(item_id=item.id, name="Kim Talare", position=1))
            if item.kind is ItemKind.WORKSHOPS:
                db.session.add(
                    Workshop(
                        conference_id=conference.id, round_id=item.id, title="Språk", position=1
                    )
                )
            made.append(item)
        db.session.commit()

    url = f"/konferens/{conference.slug}"
    add(2)
    small = queries(client, url)
    add(4)
    assert queries(client, url) == small


def test_conference_dashboard_does_not_grow_with_registrations_or_claims(
    client, make_user, login, make_conference, make_registration
):
    """The dashboard's figures (places, waiting list, check-ins, diets, claims, budget) are
    grouped counts, not one query per registration or claim."""
    from okconf.db import utcnow
    from okconf.registration.models import RegistrationDiet, RegistrationStatus
    from okconf.reimbursements.models import Budget, Claim, ClaimState
    from okconf.vocabulary import Diet

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], offers_travel_reimbursement=True)
    db.session.add(Budget(name="Uppföljning", year=conference.date.year, total_ore=900_000_00))
    db.session.commit()
    login(organiser)
    url = f"/staff/konferenser/{conference.id}"

    def add(n):
        for i in range(n):
            person = make_registration(conference, checked_in_at=utcnow() if i % 2 else None)
            db.session.add(RegistrationDiet(registration_id=person.id, diet=Diet.VEGETARIAN))
            db.session.add(
                Claim(
                    registration_id=person.id,
                    conference_id=conference.id,
                    state=ClaimState.REQUESTED,
                    requested_at=utcnow(),
                    estimate_ore=10_000,
                )
            )
            make_registration(conference, status=RegistrationStatus.WAITING)
        db.session.commit()

    add(2)
    small = queries(client, url)
    add(5)
    assert queries(client, url) == small


def test_staff_programme_page_does_not_grow_with_the_programme(
    app, client, make_user, login, make_conference
):
    from datetime import time as clock

    from okconf.conferences.models import ItemKind, ProgrammeItem, Speaker, Workshop

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    made = []

    def add(n):
        for _ in range(n):
            hour = 7 + len(made)
            item = ProgrammeItem(
                conference_id=conference.id,
                kind=ItemKind.WORKSHOPS if len(made) % 2 else ItemKind.SESSION,
                starts_at=clock(hour, 0),
                ends_at=clock(hour, 45),
                title=f"Pass {len(made)}",
                position=len(made),
            )
            db.session.add(item)
            db.session.flush()
            for position in (1, 2):
                db.session.add(Speaker(item_id=item.id, name="Kim Talare", position=position))
            if item.kind is ItemKind.WORKSHOPS:
                for position in (1, 2, 3):
                    db.session.add(
                        Workshop(
                            conference_id=conference.id,
                            round_id=item.id,
                            title=f"Verkstad {position}",
                            position=position,
                        )
                    )
            made.append(item)
        db.session.commit()

    with app.test_request_context():
        url = url_for("conferences.staff_programme", conference_id=conference.id)
    add(2)
    small = queries(client, url)
    add(10)
    response = client.get(url)
    assert response.get_data(as_text=True).count("Verkstad 3") == 6  # every round is shown
    assert queries(client, url) == small
