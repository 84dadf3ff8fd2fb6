"""Registry rules: party from type, duplicates, deleting, searching and the signatory order."""

from datetime import date

import pytest
from sqlalchemy import func, select

from okconf.errors import Conflict
from okconf.extensions import db
from okconf.organisations import services
from okconf.organisations.models import Organisation
from okconf.vocabulary import OrganisationType, Party

# The first signatories of seed 001, in the order they joined (dates invented, order kept).
SEED_SIGNATORIES = [
    "Civilförsvarsförbundet",
    "Riksteatern",
    "Caritas Sverige",
    "Romersk-Katolska Kyrkan",
    "SKL – Sveriges Kommuner och Landsting",
]


def test_party_defaults_from_type(app):
    org = services.save_organisation(
        None, name="Köpings kommun", org_type=OrganisationType.MUNICIPALITY, town="Köping"
    )
    assert org.party is Party.PUBLIC_SECTOR
    company = services.save_organisation(
        None, name="Bolaget AB", org_type=OrganisationType.COMPANY, town="Köping"
    )
    assert company.party is Party.BUSINESS_OTHER


def test_party_can_be_chosen_against_the_type(app):
    org = services.save_organisation(
        None,
        name="Sveriges Kommuner och Landsting",
        org_type=OrganisationType.OTHER,
        party=Party.PUBLIC_SECTOR,
    )
    assert org.party is Party.PUBLIC_SECTOR


def test_same_name_and_town_is_refused_case_insensitively(app, make_organisation):
    make_organisation("Röda Korset", town="Sundsvall")
    with pytest.raises(Conflict) as caught:
        services.save_organisation(
            None, name="röda korset", org_type=OrganisationType.CIVIL_SOCIETY_ORG, town="SUNDSVALL"
        )
    assert caught.value.field == "name"
    # Same name in another town is another organisation.
    other = services.save_organisation(
        None, name="Röda Korset", org_type=OrganisationType.CIVIL_SOCIETY_ORG, town="Boden"
    )
    assert other.id


def test_editing_keeps_own_name(app, make_organisation):
    org = make_organisation("SIOS", town="Stockholm")
    services.save_organisation(
        org,
        name="SIOS",
        org_type=OrganisationType.CIVIL_SOCIETY_ORG,
        town="Stockholm",
        email="Info@Example.org",
    )
    assert org.email == "info@example.org"


def test_signatories_in_order_of_joining_then_name(app, make_organisation):
    for n, name in enumerate(reversed(SEED_SIGNATORIES)):
        make_organisation(name, signed_agreement_on=date(2010, 6, 1 + len(SEED_SIGNATORIES) - n))
    make_organisation("Aaa samma dag", signed_agreement_on=date(2010, 6, 2))
    make_organisation("Inte ansluten")
    names = [o.name for o in services.signatories()]
    assert names == [
        "Aaa samma dag",  # joined the same day as the next: by name
        "Civilförsvarsförbundet",
        "Riksteatern",
        "Caritas Sverige",
        "Romersk-Katolska Kyrkan",
        "SKL – Sveriges Kommuner och Landsting",
    ]


def test_search_filters(app, make_organisation):
    make_organisation("Köpings kommun", org_type="municipality", town="Köping")
    make_organisation("Hela Sverige ska leva", town="Boden", signed_agreement_on=date(2010, 9, 1))
    make_organisation("Länsstyrelsen Västmanland", org_type="county_board", town="Västerås")
    found = services.search_organisations(services.Filters(party=Party.PUBLIC_SECTOR))
    assert {o.name for o in found} == {"Köpings kommun", "Länsstyrelsen Västmanland"}
    found = services.search_organisations(services.Filters(signatory=True))
    assert [o.name for o in found] == ["Hela Sverige ska leva"]
    found = services.search_organisations(services.Filters(q="köping"))
    assert [o.name for o in found] == ["Köpings kommun"]
    found = services.search_organisations(services.Filters(town="västerås"))
    assert [o.name for o in found] == ["Länsstyrelsen Västmanland"]
    found = services.search_organisations(services.Filters(q="100%"))
    assert found == []


def test_search_finds_contact_people(app, make_organisation):
    org = make_organisation("Sociala Missionen")
    services.save_contact(org, None, name="Pat Exempel", email="pat@example.org")
    db.session.commit()
    assert services.search_organisations(services.Filters(q="pat@ex")) == [org]


def test_delete_refused_while_hosting(app, make_organisation, make_conference):
    org = make_organisation("Caritas Sundsvall")
    conference = make_conference()
    conference.hosts.append(org)
    db.session.commit()
    with pytest.raises(Conflict):
        services.delete_organisation(org)
    conference.hosts.clear()
    db.session.commit()
    services.delete_organisation(org)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_contact_email_unique_within_organisation(app, make_organisation):
    org = make_organisation()
    services.save_contact(org, None, name="A", email="a@example.org")
    with pytest.raises(Conflict):
        services.save_contact(org, None, name="B", email="A@example.org")
