"""A hybrid conference: catering, badges, the door and the figures count only those on site
(online participants eat at home, wear no badge and are not checked in), the figures show both."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from okconf.attendees import desk, exports
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.registration.models import Attendance, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet
from okconf.workshops.services.loading import participants

ONLINE = Attendance.ONLINE


@pytest.fixture
def hybrid(make_conference, organiser, make_registration):
    """Two on site and two online (all confirmed, all gluten-free), one waiting online."""
    conference = make_conference(organisers=[organiser], capacity=10, online_capacity=10)
    people = [
        make_registration(conference, first_name="Plats", last_name="Ett"),
        make_registration(conference, first_name="Plats", last_name="Två"),
        make_registration(conference, first_name="Nät", last_name="Ett", attendance=ONLINE),
        make_registration(conference, first_name="Nät", last_name="Två", attendance=ONLINE),
        make_registration(
            conference,
            first_name="Nät",
            last_name="Väntar",
            attendance=ONLINE,
            status=RegistrationStatus.WAITING,
        ),
    ]
    for person in people:
        db.session.add(RegistrationDiet(registration_id=person.id, diet=Diet.GLUTEN_FREE))
    people[3].diet_other = "Inga nötter"
    db.session.commit()
    return conference


def test_catering_counts_only_those_on_site(client, signed_in, hybrid):
    summary = exports.catering(hybrid)
    assert summary.total == 2
    assert [g.count for g in summary.groups] == [2]
    assert summary.other_texts == []  # the online participant's own words stay out
    page = client.get(f"/staff/konferenser/{hybrid.id}/export/mat").get_data(as_text=True)
    assert "Plats Ett" in page and "Nät" not in page


def test_badges_only_for_those_on_site(client, signed_in, hybrid):
    response = client.get(f"/staff/konferenser/{hybrid.id}/export/namnbrickor.pdf")
    assert response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.get_data())).pages)
    assert "Plats Ett" in text and "Plats Två" in text
    assert "Nät" not in text


def test_door_tables_and_certificates_leave_online_participants_out(hybrid):
    from okconf.certificates.services import eligible, refusal

    online = next(p for p in participants_all(hybrid) if p.online)
    assert desk.arrivals(hybrid).expected == 2
    assert all(
        not r.online
        for r in desk.desk_search(hybrid, "Nät Ett") + desk.desk_search(hybrid, "Plats")
    )
    with pytest.raises(Conflict):
        desk.check_in(online)
    assert {p.first_name for p in participants(hybrid)} == {"Plats"}  # workshops and tables
    assert all(not r.online for r in eligible(hybrid))
    assert refusal(online) is not None


def participants_all(conference):
    from sqlalchemy import select

    from okconf.registration.models import Registration

    return db.session.scalars(
        select(Registration).where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()


def test_figures_show_both_pools(client, signed_in, hybrid):
    from okconf.attendees.statistics import conference_statistics
    from okconf.main.dashboard import conference_figures

    figures = conference_figures(hybrid)
    assert (figures.confirmed, figures.online_confirmed, figures.online_waiting) == (2, 2, 1)
    assert [n for _label, n in figures.diets] == [2]  # the diets of those on site
    stats = conference_statistics(hybrid)
    assert (stats.registered, stats.online, stats.online_waiting) == (4, 2, 1)
    from okconf.reports.statistics import counted

    report = counted(hybrid)  # nobody checked in yet: the two online took part
    assert (report.total, report.online, report.attended) == (2, 2, 0)
    page = client.get(f"/staff/konferenser/{hybrid.id}").get_data(as_text=True)
    assert "Online: confirmed / places" in page
    listing = client.get(
        f"/staff/konferenser/{hybrid.id}/anmalningar", query_string={"attendance": "online"}
    ).get_data(as_text=True)
    assert "Nät" in listing and "Plats Ett" not in listing
    waiting = client.get(f"/staff/konferenser/{hybrid.id}/vantelista").get_data(as_text=True)
    assert "Nät Väntar" in waiting and "Online: 2 of 10." in waiting
