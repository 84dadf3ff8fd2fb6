"""The steering group's rules (seed 001) are enforced in the services and shown in the form."""

import pytest
from sqlalchemy import select

from okconf.errors import DomainError
from okconf.extensions import db
from okconf.steering import services
from okconf.steering.models import AgreementParty as P
from okconf.steering.models import Office as O
from okconf.steering.models import SteeringMember


def seat(year=2012, party=P.CIVIL_SOCIETY, office=O.MEMBER, substitute=False, name=None):
    n = db.session.scalar(select(db.func.count()).select_from(SteeringMember)) + 1
    return services.add_member(
        year, name or f"Person {n}", party, office=office, is_substitute=substitute
    )


def test_at_most_four_members_per_party_and_year_substitutes_not_counted(app):
    for _ in range(4):
        seat()
    seat(substitute=True)
    seat(substitute=True)
    with pytest.raises(DomainError) as error:
        seat()
    assert error.value.field == "party"
    assert "4" in error.value.message
    # Another year and another party are not affected.
    seat(year=2013)
    seat(party=P.SKL)


def test_chair_and_vice_chair_from_different_parties(app):
    seat(party=P.GOVERNMENT, office=O.CHAIR)
    with pytest.raises(DomainError) as error:
        seat(party=P.GOVERNMENT, office=O.VICE_CHAIR)
    assert error.value.field == "office"
    assert "different parties" in error.value.message


def test_civil_society_must_hold_chair_or_vice_chair(app):
    seat(party=P.GOVERNMENT, office=O.CHAIR)
    with pytest.raises(DomainError) as error:
        seat(party=P.SKL, office=O.VICE_CHAIR)
    assert "civil-society" in error.value.message
    member = seat(party=P.CIVIL_SOCIETY, office=O.VICE_CHAIR)
    assert member.office is O.VICE_CHAIR
    assert services.problems(2012) == []


def test_one_chair_a_year_and_substitutes_hold_no_office(app):
    seat(office=O.CHAIR)
    with pytest.raises(DomainError):
        seat(party=P.SKL, office=O.CHAIR)
    with pytest.raises(DomainError) as error:
        seat(party=P.SKL, office=O.VICE_CHAIR, substitute=True)
    assert "substitute" in error.value.message.lower()
    assert services.problems(2012) == ["No vice chair has been appointed."]


def test_measures_are_numbered_per_party_and_reports_are_yearly(app):
    measure = services.add_measure(P.GOVERNMENT, 1, "Förenkla ansökningar.")
    services.add_measure(P.SKL, 1, "Göra överenskommelsen känd.")
    with pytest.raises(DomainError):
        services.add_measure(P.GOVERNMENT, 1, "Dubblett.")
    services.report_progress(measure, 2011, "Första")
    services.report_progress(measure, 2011, "Rättad")
    services.report_progress(measure, 2012, "Andra")
    db.session.commit()
    assert [(r.year, r.text) for r in measure.reports] == [(2011, "Rättad"), (2012, "Andra")]


def test_admin_form_shows_the_rule_beside_the_field(client, make_user, login):
    login(make_user("admin"))
    data = {"year": 2012, "name": "Ada Ordförande", "party": "government", "office": "chair"}
    assert client.post("/staff/styrgrupp", data=data).status_code == 302
    data = {"year": 2012, "name": "Bo Vice", "party": "skl", "office": "vice_chair"}
    response = client.post("/staff/styrgrupp", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="office-error"' in html
    assert db.session.scalar(select(db.func.count()).select_from(SteeringMember)) == 1


@pytest.mark.parametrize("role", ["reader", "organiser", "reviewer"])
def test_only_admins_manage_the_steering_group(client, make_user, login, role):
    login(make_user(role))
    assert client.get("/staff/styrgrupp").status_code == 403
    assert client.get("/staff/styrgrupp/atgarder").status_code == 403


def test_admin_adds_a_measure_and_its_progress_report(client, make_user, login):
    from okconf.steering.models import Measure

    login(make_user("admin"))
    data = {"party": "skl", "number": 2, "title": "Goda exempel", "commitment": "Sprida exempel."}
    response = client.post("/staff/styrgrupp/atgarder", data=data)
    assert response.status_code == 302
    measure = db.session.scalars(select(Measure)).one()
    duplicate = client.post("/staff/styrgrupp/atgarder", data=data)
    assert duplicate.status_code == 422 and 'id="number-error"' in duplicate.get_data(as_text=True)
    url = f"/staff/styrgrupp/atgarder/{measure.id}"
    assert client.post(url, data={"year": 2012, "text": ""}).status_code == 422
    assert client.post(url, data={"year": 2012, "text": "Tre exempel spridda."}).status_code == 302
    assert "Tre exempel spridda." in client.get(url).get_data(as_text=True)
    assert "Goda exempel" in client.get("/staff/styrgrupp/atgarder").get_data(as_text=True)
