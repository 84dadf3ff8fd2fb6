"""The catering list: one meal per person, by combination of needs, rows adding up to the total."""

from __future__ import annotations

import io

import openpyxl
from sqlalchemy import func, select

from okconf.attendees import exports
from okconf.conferences.models import Conference
from okconf.demo import load_demo
from okconf.extensions import db
from okconf.registration.models import Registration, RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet


def _confirmed(conference) -> int:
    """The meals: confirmed people on site and their companions (online people eat at home)."""
    from okconf.companions.models import Companion
    from okconf.registration.models import Attendance

    on_site = (
        Registration.conference_id == conference.id,
        Registration.status == RegistrationStatus.CONFIRMED,
        Registration.attendance == Attendance.ON_SITE,
    )
    people = db.session.scalar(select(func.count()).where(*on_site))
    companions = db.session.scalar(
        select(func.count()).select_from(Companion).join(Registration).where(*on_site)
    )
    return people + companions


def _adds_up(summary) -> bool:
    return sum(g.count for g in summary.groups) + summary.without_special_diet == summary.total


def test_rows_add_up_for_every_demo_conference(app):
    load_demo()
    db.session.commit()
    conferences = db.session.scalars(select(Conference)).all()
    assert len(conferences) >= 7
    # the upcoming one is hybrid with companions: both change its meals
    upcoming = next(c for c in conferences if c.slug == "koping-2026")
    assert upcoming.offers_online and upcoming.companions_allowed
    assert _confirmed(upcoming) != db.session.scalar(
        select(func.count()).where(
            Registration.conference_id == upcoming.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    for conference in conferences:
        summary = exports.catering(conference)
        assert summary.total == _confirmed(conference), conference.slug
        assert _adds_up(summary), conference.slug
        assert summary.without_special_diet >= 0, conference.slug


def test_two_or_more_needs_are_one_meal(client, signed_in, conference, make_registration):
    needs = [
        ([Diet.VEGETARIAN], "Inga svampar"),  # vegetarian and "other": one row, not two
        ([Diet.VEGETARIAN, Diet.GLUTEN_FREE, Diet.LACTOSE_FREE], ""),
        ([Diet.GLUTEN_FREE, Diet.VEGETARIAN, Diet.LACTOSE_FREE], ""),  # same combination
        ([Diet.VEGAN, Diet.NUT_ALLERGY], ""),
        ([Diet.VEGETARIAN], ""),
        ([], "Inte för starkt"),
        ([], ""),
    ]
    for n, (diets, other) in enumerate(needs):
        registration = make_registration(conference, first_name=f"P{n}", last_name="Test")
        registration.diet_other = other
        for diet in diets:
            db.session.add(RegistrationDiet(registration_id=registration.id, diet=diet))
    gone = make_registration(conference, status=RegistrationStatus.CANCELLED)
    db.session.add(RegistrationDiet(registration_id=gone.id, diet=Diet.HALAL))
    db.session.commit()

    summary = exports.catering(conference)
    rows = {g.diets: g.count for g in summary.groups}
    assert rows == {
        (Diet.VEGETARIAN, Diet.GLUTEN_FREE, Diet.LACTOSE_FREE): 2,
        (Diet.VEGETARIAN, Diet.OTHER): 1,
        (Diet.VEGAN, Diet.NUT_ALLERGY): 1,
        (Diet.VEGETARIAN,): 1,
        (Diet.OTHER,): 1,
    }
    assert summary.total == 7 and summary.without_special_diet == 1 and _adds_up(summary)

    client.get("/language/sv")
    page = client.get(f"/staff/konferenser/{conference.id}/export/mat").get_data(as_text=True)
    assert ">Antal<" in page and "Nummer" not in page
    assert "Vegetarisk + Glutenfri + Laktosfri (2)" in page
    assert "Vegetarisk + Övrigt (1)" in page and "Inga svampar" in page
    xlsx = client.get(
        f"/staff/konferenser/{conference.id}/export/mat", query_string={"format": "xlsx"}
    ).get_data()
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Kost", "Antal")
    total = dict(values)["Totalt"]
    assert total == 7 and sum(v for k, v in values[1:-1]) == total
