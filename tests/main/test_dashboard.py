"""The organiser's console: the conference dashboard's figures and tasks, the grouped
conference menu on every page of the conference, and the staff start page's order."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.extensions import db
from okconf.main.dashboard import conference_figures, figures_for, next_tasks
from okconf.registration.models import RegistrationDiet, RegistrationStatus
from okconf.vocabulary import Diet


def test_figures_count_each_state_once(make_conference, make_registration):
    conference = make_conference(capacity=10)
    other = make_conference()
    make_registration(conference, checked_in_at=utcnow())
    make_registration(conference)
    make_registration(conference, status=RegistrationStatus.WAITING)
    make_registration(
        conference,
        status=RegistrationStatus.CANCELLED,
        cancelled_at=utcnow(),
        late_cancellation=True,
    )
    make_registration(conference, status=RegistrationStatus.CANCELLED, cancelled_at=utcnow())
    make_registration(other)

    figures = figures_for([conference, other])
    mine = figures[conference.id]
    assert (mine.confirmed, mine.capacity, mine.free) == (2, 10, 8)
    assert (mine.waiting, mine.checked_in, mine.checked_in_today) == (1, 1, 1)
    assert mine.late_cancellations == 1
    assert mine.days_to_deadline == (conference.registration_deadline - stockholm_today()).days
    assert figures[other.id].confirmed == 1 and figures[other.id].waiting == 0


def test_diets_at_a_glance_count_confirmed_people_only(make_conference, make_registration):
    conference = make_conference()
    first = make_registration(conference)
    second = make_registration(conference)
    gone = make_registration(conference, status=RegistrationStatus.CANCELLED, cancelled_at=utcnow())
    for registration, diet in (
        (first, Diet.VEGETARIAN),
        (second, Diet.VEGETARIAN),
        (second, Diet.GLUTEN_FREE),
        (gone, Diet.HALAL),
    ):
        db.session.add(RegistrationDiet(registration_id=registration.id, diet=diet))
    db.session.commit()
    diets = dict(conference_figures(conference).diets)
    assert diets == {Diet.VEGETARIAN.label: 2, Diet.GLUTEN_FREE.label: 1}


def test_next_tasks_name_the_waiting_list_and_the_missing_summary(
    make_conference, make_registration
):
    conference = make_conference(capacity=5)
    make_registration(conference, status=RegistrationStatus.WAITING)
    tasks = next_tasks(conference, figures_for([conference])[conference.id])
    assert [t.endpoint for t in tasks] == ["registration.staff_waiting"]

    held = make_conference(date=stockholm_today() - timedelta(days=3))
    tasks = next_tasks(held, figures_for([held])[held.id])
    assert [t.endpoint for t in tasks] == ["summaries.edit"]


def test_dashboard_shows_figures_tasks_and_phases(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], capacity=120)
    login(organiser)
    html = client.get(f"/staff/konferenser/{conference.id}").get_data(as_text=True)
    assert 'class="tiles"' in html and "0 <small>/ 120</small>" in html
    for phase in ("Before", "Registration", "On the day", "After"):
        assert f"{phase}" in html
    assert "Nothing waits for you right now." in html


@pytest.mark.parametrize(
    "path",
    [
        "/staff/konferenser/{id}",
        "/staff/konferenser/{id}/redigera",
        "/staff/konferenser/{id}/program",
        "/staff/konferenser/{id}/workshops",
        "/staff/konferenser/{id}/vantelista",
        "/staff/konferenser/{id}/anmalningar",
        "/staff/konferenser/{id}/inbjudningar",
    ],
)
def test_every_conference_page_has_the_same_grouped_menu(
    client, make_user, login, make_conference, path
):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser])
    login(organiser)
    response = client.get(path.format(id=conference.id))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="console-nav"') == 1
    assert html.count(f'href="/staff/konferenser/{conference.id}/redigera"') >= 1
    for phase in ("before", "registration", "day", "after"):
        assert f'id="nav-phase-{phase}"' in html


def test_start_page_lists_upcoming_conferences_first(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    later = make_conference(
        organisers=[organiser], title="Senare", date=stockholm_today() + timedelta(60)
    )
    sooner = make_conference(
        organisers=[organiser], title="Snart", date=stockholm_today() + timedelta(9)
    )
    held = make_conference(organisers=[organiser], title="Hållen", date=date(2011, 11, 25))
    make_conference(title="Någon annans")
    login(organiser)
    html = client.get("/staff").get_data(as_text=True)
    assert html.index(sooner.title) < html.index(later.title) < html.index(held.title)
    assert "Någon annans" not in html


def test_main_menu_names_conferences_once(client, make_user, login):
    login(make_user("organiser"))
    html = client.get("/staff").get_data(as_text=True)
    menu = html[
        html.index('class="main-nav"') : html.index("</nav>", html.index('class="main-nav"'))
    ]
    assert menu.count(">Conferences<") == 1
