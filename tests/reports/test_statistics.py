"""Participation figures counted from registrations and check-ins, or entered and marked."""

import re

from okconf.db import utcnow
from okconf.extensions import db
from okconf.registration.models import RegistrationStatus
from okconf.reports import services
from okconf.reports.statistics import figures_for, statistics
from okconf.vocabulary import OrganisationType as T
from okconf.vocabulary import Party


def test_a_conference_run_in_okconf_is_counted(
    make_conference, make_registration, make_organisation
):
    conference = make_conference()
    kommun = make_organisation("Sundsvalls kommun", "municipality")
    lst = make_organisation("Länsstyrelsen Västernorrland", "county_board")
    af = make_organisation("Arbetsförmedlingen", "government_agency")
    rk = make_organisation("Röda Korset Sundsvall")
    now = utcnow()
    for org, politician in (
        (kommun, True),
        (kommun, False),
        (lst, False),
        (af, False),
        (rk, False),
    ):
        make_registration(
            conference,
            organisation_id=org.id,
            organisation_name=org.name,
            party=org.party,
            org_type=org.org_type,
            is_politician=politician,
            checked_in_at=now,
        )
    make_registration(  # typed organisation name, no registry entry
        conference,
        organisation_name="Företaget AB",
        party=Party.BUSINESS_OTHER,
        org_type=T.COMPANY,
        checked_in_at=now,
    )
    make_registration(conference)  # registered, never came
    make_registration(conference, status=RegistrationStatus.CANCELLED)
    make_registration(
        conference, status=RegistrationStatus.WAITING, checked_in_at=None
    )  # on the waiting list: neither registered nor attended
    # Typed figures are ignored once anyone was checked in.
    services.set_entered_figures(
        conference, total=999, civil_society=1, public_sector=1, business_other=1
    )
    figures = figures_for(conference)
    assert figures.source == "counted" and not figures.entered
    assert figures.total == figures.attended == 6
    assert figures.registered == 7
    assert figures.by_party == {
        Party.CIVIL_SOCIETY: 1,
        Party.PUBLIC_SECTOR: 4,
        Party.BUSINESS_OTHER: 1,
    }
    assert figures.organisations == 5
    assert figures.municipalities == 1
    assert figures.agencies == 2
    assert figures.politicians == 1


def test_entered_figures_are_used_and_marked_when_nobody_was_registered(autumn_2011):
    rows, totals = statistics(autumn_2011)
    assert [r.source for r in rows] == ["entered"] * 4
    assert [r.total for r in rows] == [120, 100, 70, 75]
    assert totals.total == 365
    assert totals.by_party == {
        Party.CIVIL_SOCIETY: 215,
        Party.PUBLIC_SECTOR: 120,
        Party.BUSINESS_OTHER: 30,
    }
    assert totals.includes_entered
    assert totals.registered is None


def test_organisations_at_three_of_the_conferences(make_conference, make_registration):
    conferences = [make_conference() for _ in range(4)]
    now = utcnow()
    for i, conference in enumerate(conferences):
        make_registration(conference, organisation_name="Caritas", checked_in_at=now)
        if i < 2:
            make_registration(conference, organisation_name="Bilda", checked_in_at=now)
        if i < 3:
            make_registration(conference, organisation_name="Svenska kyrkan", checked_in_at=now)
    _rows, totals = statistics(conferences)
    assert totals.repeat_threshold == 3
    assert totals.repeat_organisations == [("Caritas", 4), ("Svenska kyrkan", 3)]
    assert totals.organisations == 3  # distinct over the conferences, not summed


def test_entered_sectors_may_be_unknown(make_conference):
    conference = make_conference()
    services.set_entered_figures(
        conference, total=180, civil_society=None, public_sector=None, business_other=None
    )
    db.session.commit()
    rows, totals = statistics([conference])
    assert rows[0].by_party[Party.CIVIL_SOCIETY] is None
    assert totals.unsplit == 180


def test_sectors_cannot_exceed_the_total(make_conference, make_user, client, login):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    response = client.post(
        f"/staff/konferenser/{conference.id}/siffror",
        data={"total": 10, "civil_society": 8, "public_sector": 5, "business_other": 0},
    )
    assert response.status_code == 422
    assert 'id="total-error"' in response.get_data(as_text=True)
    response = client.post(
        f"/staff/konferenser/{conference.id}/siffror",
        data={"total": -1, "civil_society": "", "public_sector": "", "business_other": ""},
    )
    assert response.status_code == 422
    from okconf.reports.models import EnteredFigures

    assert db.session.get(EnteredFigures, conference.id) is None
    response = client.post(
        f"/staff/konferenser/{conference.id}/siffror",
        data={"total": 10, "civil_society": 5, "public_sector": 5, "business_other": 0},
    )
    assert response.status_code == 302
    assert db.session.get(EnteredFigures, conference.id).total == 10


def test_statistics_page_shows_registered_and_attended(
    client, login, make_user, make_conference, make_registration, english
):
    conference = make_conference(town="Malmö")
    make_registration(conference, checked_in_at=utcnow())
    make_registration(conference)
    login(make_user("reader"), the_client=english)
    html = english.get(f"/staff/rapporter/statistik?c={conference.id}").get_data(as_text=True)
    row = html[html.index('<th scope="row">Malmö</th>') :].split("</tr>")[0]
    assert "counted" in row
    assert [int(n) for n in re.findall(r'class="num">(\d+)<', row)][:2] == [2, 1]
