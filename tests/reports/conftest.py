"""Fixtures for the reports: the four conferences of autumn 2011 with their entered figures."""

from datetime import date

import pytest

from okconf.extensions import db
from okconf.reports import services

AUTUMN_2011 = (
    ("stockholm-2011", "Stockholm", date(2011, 11, 25), (120, 80, 30, 10)),
    ("goteborg-2011", "Göteborg", date(2011, 12, 1), (100, 60, 30, 10)),
    ("boden-2011", "Boden", date(2011, 12, 6), (70, 40, 25, 5)),
    ("sundsvall-2011", "Sundsvall", date(2011, 12, 15), (75, 35, 35, 5)),
)


@pytest.fixture
def autumn_2011(make_conference, make_user):
    """The four 2011 conferences, participants entered by hand as in seed 000."""
    organiser = make_user("organiser")
    conferences = []
    for slug, town, day, (total, cs, ps, bo) in AUTUMN_2011:
        conference = make_conference(
            organisers=[organiser],
            slug=slug,
            title=f"Regional konferens i {town}",
            town=town,
            date=day,
        )
        services.set_entered_figures(
            conference, total=total, civil_society=cs, public_sector=ps, business_other=bo
        )
        conferences.append(conference)
    db.session.commit()
    return conferences


@pytest.fixture
def english(client):
    """Ask for the English interface, so the tests read the msgids whatever the catalog says."""
    client.get("/language/en")
    return client


@pytest.fixture
def demo(app):
    """The whole demo, as `flask okconf demo` loads it (reports read their figures from it)."""
    from okconf.demo import load_demo

    load_demo()
    db.session.commit()
    return app


@pytest.fixture
def demo_reader(demo, make_user, login, english):
    """A steering-group reader signed in (in English) on the demo."""
    login(make_user("reader"), the_client=english)
    return english
