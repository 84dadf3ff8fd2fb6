"""The attendees services: statistics, check-in rules, walk-ins, the list's filters."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from okconf.attendees import desk, services
from okconf.attendees.statistics import conference_statistics
from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration.models import RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet, OrganisationType, Party


def test_statistics_count_the_report_figures(make_conference, make_registration, make_organisation):
    conference = make_conference(date=stockholm_today() - timedelta(days=2), capacity=10)
    kommun = make_organisation("Sundsvalls kommun", "municipality")
    now = utcnow()
    civil = {"party": Party.CIVIL_SOCIETY, "org_type": OrganisationType.CIVIL_SOCIETY_ORG}
    public = {"party": Party.PUBLIC_SECTOR, "org_type": OrganisationType.MUNICIPALITY}
    a = make_registration(conference, organisation_name="Röda Korset", checked_in_at=now, **civil)
    make_registration(conference, organisation_name="röda  korset", **civil)
    make_registration(
        conference, organisation_id=kommun.id, is_politician=True, checked_in_at=now, **public
    )
    make_registration(conference, organisation_id=kommun.id, **public)
    make_registration(
        conference,
        organisation_name="Länsstyrelsen Västernorrland",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.COUNTY_BOARD,
        checked_in_at=now,
    )
    make_registration(conference, status=RegistrationStatus.WAITING, **civil)
    make_registration(conference, status=RegistrationStatus.CANCELLED, **civil)
    make_registration(
        conference,
        status=RegistrationStatus.CANCELLED,
        late_cancellation=True,
        cancellation_fee_ore=40000,
        **civil,
    )
    make_registration(
        conference,
        status=RegistrationStatus.CANCELLED,
        late_cancellation=True,
        cancellation_fee_ore=40000,
        **public,
    )
    db.session.add(RegistrationDiet(registration_id=a.id, diet=Diet.HALAL))
    db.session.commit()

    stats = conference_statistics(conference)
    assert (stats.registered, stats.attended, stats.waiting, stats.cancelled) == (5, 3, 1, 3)
    assert stats.by_party[Party.CIVIL_SOCIETY].registered == 2
    assert stats.by_party[Party.CIVIL_SOCIETY].attended == 1
    assert stats.by_party[Party.PUBLIC_SECTOR].registered == 3
    assert stats.by_type[OrganisationType.COUNTY_BOARD].attended == 1
    # "Röda Korset" typed twice in different case is one organisation.
    assert stats.organisations.registered == 3 and stats.organisations.attended == 3
    assert stats.municipalities.registered == 1
    assert stats.agencies.registered == 1
    assert (stats.politicians.registered, stats.politicians.attended) == (1, 1)
    assert stats.no_shows == 2
    assert stats.late_cancellations == 2 and stats.late_cancellation_fees_ore == 80000
    assert stats.diets[Diet.HALAL] == 1 and stats.diets[Diet.VEGAN] == 0


def test_no_shows_unknown_before_the_day(make_conference, make_registration):
    conference = make_conference(date=stockholm_today() + timedelta(days=1))
    make_registration(conference)
    assert conference_statistics(conference).no_shows is None


def test_check_in_is_idempotent_and_audited(make_conference, make_registration):
    conference = make_conference()
    person = make_registration(conference)
    assert desk.check_in(person) is True
    first = person.checked_in_at
    assert desk.check_in(person) is False
    assert person.checked_in_at == first
    assert desk.arrivals(conference).arrived == 1
    assert desk.undo_check_in(person) is True
    assert desk.undo_check_in(person) is False
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["registration.check_in", "registration.check_in_undone"]


@pytest.mark.parametrize("status", [RegistrationStatus.WAITING, RegistrationStatus.CANCELLED])
def test_only_confirmed_people_are_checked_in(make_conference, make_registration, status):
    person = make_registration(make_conference(), status=status)
    with pytest.raises(Conflict):
        desk.check_in(person)
    assert person.checked_in_at is None


def test_walk_in_needs_names(make_conference):
    with pytest.raises(DomainError) as error:
        desk.register_walk_in(
            make_conference(),
            first_name=" ",
            last_name="X",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
        )
    assert error.value.field == "first_name"


def test_desk_search_leaves_out_cancelled(make_conference, make_registration):
    conference = make_conference()
    make_registration(conference, first_name="Sigrid", last_name="Sök")
    make_registration(conference, first_name="Sigge", status=RegistrationStatus.CANCELLED)
    make_registration(make_conference(), first_name="Sigvard")  # another conference
    names = [r.first_name for r in desk.desk_search(conference, "sig")]
    assert names == ["Sigrid"]
    assert desk.desk_search(conference, "  ") == []


def test_status_filters(make_conference, make_registration):
    conference = make_conference()
    make_registration(conference, first_name="Konf")
    make_registration(conference, first_name="Kom", checked_in_at=utcnow())
    make_registration(conference, first_name="Vänt", status=RegistrationStatus.WAITING)
    make_registration(conference, first_name="Avb", status=RegistrationStatus.CANCELLED)
    make_registration(
        conference, first_name="Sen", status=RegistrationStatus.CANCELLED, late_cancellation=True
    )

    def names(status):
        page = services.registration_page(conference, services.RegistrationFilter(status=status))
        return sorted(r.first_name for r, _ in page.rows)

    assert names("confirmed") == ["Kom", "Konf"]
    assert names("waiting") == ["Vänt"]
    assert names("cancelled") == ["Avb", "Sen"]
    assert names("late_cancelled") == ["Sen"]
    assert names("attended") == ["Kom"]
    assert len(names("")) == 5


def test_pages(make_conference, make_registration):
    conference = make_conference()
    for n in range(services.PAGE_SIZE + 3):
        make_registration(conference, last_name=f"N{n:03}")
    second = services.registration_page(conference, services.RegistrationFilter(page=2))
    assert (second.total, second.pages, len(second.rows)) == (services.PAGE_SIZE + 3, 2, 3)
    beyond = services.registration_page(conference, services.RegistrationFilter(page=99))
    assert beyond.page == 2


def test_percent_and_underscore_in_a_search_are_letters(make_conference, make_registration):
    conference = make_conference()
    make_registration(conference, first_name="Anna_B", organisation_name="100% Ideell")
    make_registration(conference, first_name="AnnaXB", organisation_name="1000 Ideella")

    def names(**filters):
        page = services.registration_page(conference, services.RegistrationFilter(**filters))
        return sorted(r.first_name for r, _ in page.rows)

    assert names(q="anna_b") == ["Anna_B"]
    assert names(q="100%") == ["Anna_B"]
    assert names(organisation="0% i") == ["Anna_B"]
    assert [r.first_name for r in desk.desk_search(conference, "a_b")] == ["Anna_B"]
