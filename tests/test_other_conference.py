"""An organiser reaches nothing of a conference they do not organise.

Every organiser route that names a conference, or an object of one (a programme slot, a
workshop, a note, a summary, an erasure request), is tried with the ids of another
organiser's conference; the answer must be 403 or 404 and nothing may change. The routes are
read from the URL map, so a route added later is tried too.
"""

from __future__ import annotations

from datetime import time

import pytest

from okconf import create_app
from okconf.accounts.models import Role
from okconf.extensions import db
from tests.conftest import base_config
from tests.test_access_matrix import IGNORED_METHODS, marks

# URL argument -> the attribute of the other conference's objects that fills it.
ID_ARGUMENTS = {
    "conference_id": "conference",
    "item_id": "item",
    "workshop_id": "workshop",
    "note_id": "note",
    "summary_id": "summary",
    "request_id": "erasure",
}


def _organiser_routes():
    app = create_app(base_config("sqlite://"))
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.endpoint, r.rule)):
        if rule.endpoint == "static" or rule.redirect_to is not None:
            continue
        if not set(rule.arguments) & set(ID_ARGUMENTS):
            continue
        public, roles = marks(app.view_functions[rule.endpoint])
        if public or roles is None or Role.ORGANISER not in roles:
            continue
        if set(rule.arguments) - set(ID_ARGUMENTS) - {"fmt", "action", "extension"}:
            continue
        for method in sorted((rule.methods or set()) - IGNORED_METHODS):
            routes.append((rule.endpoint, method))
    return routes


ROUTES = _organiser_routes()


@pytest.fixture
def other_conference(make_user, make_conference, make_registration):
    """A conference of another organiser, with one of each object a URL can name."""
    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
    from okconf.groupwork.models import NoteKind
    from okconf.groupwork.services import post_note
    from okconf.privacy.services import request_erasure
    from okconf.reports.models import Summary
    from okconf.vocabulary import Theme

    conference = make_conference(organisers=[make_user("organiser")])
    item = ProgrammeItem(
        conference_id=conference.id,
        kind=ItemKind.WORKSHOPS,
        starts_at=time(13, 0),
        ends_at=time(14, 0),
        title="Workshoppass",
    )
    db.session.add(item)
    db.session.flush()
    workshop = Workshop(conference_id=conference.id, round_id=item.id, title="Språk", position=1)
    db.session.add(workshop)
    db.session.flush()
    note = post_note(conference, kind=NoteKind.OBSTACLE, theme=next(iter(Theme)), text="Hinder")
    summary = Summary(conference_id=conference.id)
    db.session.add(summary)
    erasure = request_erasure(make_registration(conference))
    db.session.commit()
    return {
        "conference": conference.id,
        "item": item.id,
        "workshop": workshop.id,
        "note": note.id,
        "summary": summary.id,
        "erasure": erasure.id,
    }


def _snapshot():
    """What an organiser's request could change in the other conference."""
    from sqlalchemy import func, select

    from okconf.audit.models import AuditEntry

    return db.session.scalar(select(func.count()).select_from(AuditEntry))


@pytest.mark.parametrize(("endpoint", "method"), ROUTES)
def test_organiser_cannot_reach_another_conference(
    client, make_user, login, other_conference, endpoint, method
):
    from flask import url_for

    login(make_user("organiser"))
    app = client.application
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    values = {}
    for argument in rule.arguments:
        if argument in ID_ARGUMENTS:
            values[argument] = other_conference[ID_ARGUMENTS[argument]]
        elif argument == "fmt":
            values[argument] = "csv"
        elif argument == "extension":
            values[argument] = "pdf"
        elif argument == "action":
            values[argument] = "submit"
    with app.test_request_context():
        url = url_for(endpoint, **values)
    before = _snapshot()
    response = client.open(url, method=method, data={})
    assert response.status_code in (403, 404), (url, response.status_code)
    assert _snapshot() == before
