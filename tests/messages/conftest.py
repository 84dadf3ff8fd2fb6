"""Fixtures of the messages tests: an organiser signed in on their own conference, people."""

from __future__ import annotations

import pytest

from okconf.vocabulary import OrganisationType, Party


@pytest.fixture
def organiser(make_user):
    """An organiser."""
    return make_user("organiser", email="arrangor@example.org")


@pytest.fixture
def conference(make_conference, organiser):
    """A conference the organiser organises."""
    return make_conference(organisers=[organiser], title="Regional konferens Köping")


@pytest.fixture
def signed_in(login, organiser):
    """The organiser, signed in."""
    login(organiser)
    return organiser


@pytest.fixture
def people(conference, make_registration):
    """Two public-sector people (one Swedish, one English), a civil-society one, one waiting,
    one cancelled public-sector one."""
    from okconf.registration.models import RegistrationStatus

    public = {"party": Party.PUBLIC_SECTOR, "org_type": OrganisationType.MUNICIPALITY}
    return {
        "sv": make_registration(
            conference, first_name="Karin", email="karin@example.org", **public
        ),
        "en": make_registration(
            conference, first_name="Sam", email="sam@example.org", locale="en", **public
        ),
        "civil": make_registration(conference, first_name="Leyla", email="leyla@example.org"),
        "waiting": make_registration(
            conference,
            first_name="Bo",
            email="bo@example.org",
            status=RegistrationStatus.WAITING,
            **public,
        ),
        "cancelled": make_registration(
            conference,
            first_name="Ulla",
            email="ulla@example.org",
            status=RegistrationStatus.CANCELLED,
            **public,
        ),
    }
