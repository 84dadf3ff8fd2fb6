"""The audit log page: a conference's organisers and admins see who did what, filtered, paged."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.privacy.audit_log import PAGE_SIZE
from okconf.reimbursements.models import Claim
from okconf.reimbursements.services import start_claim


@pytest.fixture
def organiser(make_user):
    return make_user("organiser", name="Olga Organisatör")


@pytest.fixture
def conference(make_conference, organiser):
    return make_conference(organisers=[organiser])


def _log(client, conference, **args):
    """The status and the log table's body (the filters' choices left out)."""
    response = client.get(f"/staff/konferenser/{conference.id}/logg", query_string=args)
    page = response.get_data(as_text=True)
    return response.status_code, page[page.find('role="status"') :]


def test_organiser_sees_who_exported_what(client, login, organiser, conference):
    login(organiser)
    client.get("/language/sv")
    client.get(f"/staff/konferenser/{conference.id}/export/mat")
    status, page = _log(client, conference)
    assert status == 200
    assert "Kostlista exporterad" in page and "Olga Organisatör" in page
    assert "1 händelse." in page


def test_filters_by_action_person_and_date(
    app, client, login, make_user, organiser, conference, make_registration
):
    other = make_user("organiser", name="Per Person")
    conference.organisers.append(other)
    make_registration(conference)
    db.session.commit()
    login(organiser)
    client.get(f"/staff/konferenser/{conference.id}/export/mat")
    second_desk = app.test_client()
    login(other, the_client=second_desk)
    second_desk.get(f"/staff/konferenser/{conference.id}/export/utstallarbord")
    _status, page = _log(client, conference, action="export.catering")
    assert "Catering list exported" in page and "Exhibition tables exported" not in page
    _status, page = _log(client, conference, person=other.id)
    assert "Exhibition tables exported" in page and "Catering list exported" not in page
    tomorrow = stockholm_today() + timedelta(days=1)
    _status, page = _log(client, conference, since=tomorrow.isoformat())
    assert "Nothing in the log matches." in page
    _status, page = _log(client, conference, until=stockholm_today().isoformat())
    assert "2 entries." in page
    response = client.get(
        f"/staff/konferenser/{conference.id}/logg",
        query_string={"since": "2026-12-02", "until": "2026-12-01"},
    )
    assert response.status_code == 400
    assert "The end date must be on or after the start date." in response.get_data(as_text=True)
    status, _page = _log(client, conference, person="not-a-person")
    assert status == 400


def test_a_registration_and_its_claim(client, login, organiser, conference, make_registration):
    from okconf import audit

    conference.offers_travel_reimbursement = True
    mine = make_registration(conference, is_volunteer=True)
    other = make_registration(conference)
    claim = start_claim(mine)
    db.session.flush()
    audit.record("registration.updated", mine, actor="test")
    audit.record("reimbursement.submitted", claim, actor="test")
    audit.record("registration.updated", other, actor="test")
    db.session.commit()
    login(organiser)
    _status, page = _log(client, conference, registration=mine.id)
    assert "2 entries." in page and f"Claim {claim.id}" in page
    _status, page = _log(client, conference, claim=claim.id)
    assert "1 entry." in page
    assert db.session.scalar(select(func.count(Claim.id))) == 1


def test_paged(client, login, organiser, conference):
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(PAGE_SIZE + 5):
        db.session.add(
            AuditEntry(
                action="conference.updated",
                object_type="Conference",
                object_id=conference.id,
                conference_id=conference.id,
                actor=f"actor-{n:03d}",
                at=start + timedelta(minutes=n),
                details={},
            )
        )
    db.session.commit()
    login(organiser)
    _status, first = _log(client, conference)
    assert "actor-054" in first and "actor-004" not in first and 'rel="next"' in first
    _status, second = _log(client, conference, page=2)
    assert "actor-004" in second and "actor-054" not in second
    # Filters survive paging.
    _status, page = _log(client, conference, action="conference.updated")
    assert "action=conference.updated" in page


@pytest.mark.parametrize("role", ["reviewer", "reader"])
def test_other_roles_are_refused(client, login, make_user, conference, role):
    login(make_user(role))
    assert _log(client, conference)[0] == 403


def test_another_conferences_organiser_is_refused(client, login, make_user, conference):
    login(make_user("organiser"))
    assert _log(client, conference)[0] == 403


def test_admin_sees_every_conference_log(client, login, make_user, conference):
    login(make_user("admin"))
    assert _log(client, conference)[0] == 200


EXPORTS = [
    (
        "/staff/konferenser/{c}/export/deltagare?format=csv&scope=all&columns=last_name",
        "export.attendees",
    ),
    (
        "/staff/konferenser/{c}/export/deltagare?format=xlsx&scope=all&columns=last_name",
        "export.attendees",
    ),
    ("/staff/konferenser/{c}/export/mat", "export.catering"),
    ("/staff/konferenser/{c}/export/mat?format=xlsx", "export.catering"),
    ("/staff/konferenser/{c}/export/workshops", "export.workshops"),
    ("/staff/konferenser/{c}/export/namnbrickor.pdf", "export.badges"),
    ("/staff/konferenser/{c}/export/utstallarbord", "export.exhibition_tables"),
    ("/staff/konferenser/{c}/workshops/export.csv", "export.workshop_placements"),
    ("/staff/konferenser/{c}/workshops/export.xlsx", "export.workshop_placements"),
    ("/staff/konferenser/{c}/workshops/utskrift", "export.workshop_print"),
]


def test_every_export_records_an_audit_row_with_the_name(
    client, login, organiser, conference, make_registration
):
    """The export page promises "Every export is recorded in the audit log with your name"."""
    make_registration(conference)
    login(organiser)
    for url, action in EXPORTS:
        before = db.session.scalar(select(func.count(AuditEntry.id)))
        response = client.get(url.format(c=conference.id))
        assert response.status_code == 200, url
        response.get_data()
        entries = db.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)
        ).all()
        assert db.session.scalar(select(func.count(AuditEntry.id))) == before + 1, url
        assert entries[0].action == action and entries[0].user_id == organiser.id, url
        assert entries[0].conference_id == conference.id, url
    _status, page = _log(client, conference)
    assert f"{len(EXPORTS)} entries." in page


def test_report_downloads_are_logged_with_the_name(client, login, make_user, conference):
    reader = make_user("reader")
    login(reader)
    assert client.get("/staff/rapporter/arsrapport/2011.docx").status_code == 200
    response = client.get(f"/staff/rapporter/samlad.docx?c={conference.id}")
    assert response.status_code == 200
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action.like("export.%")).order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.user_id) for e in entries] == [
        ("export.annual_report", reader.id),
        ("export.joint_report", reader.id),
    ]
    assert entries[1].details["conferences"] == [conference.id]
