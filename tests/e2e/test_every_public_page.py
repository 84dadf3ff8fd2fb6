"""Every public and participant page, in Swedish and in English, passes axe (WCAG 2.1 AA).

The pages are those a visitor or a participant (through their personal links) can reach:
the front page, a conference's invitation, the registration form and its error state, the
lost-link form, the privacy and signatory pages, sign-in, the personal registration page and
its hand-over, cancellation, workshop-wish, reimbursement and erasure pages, the group-note
form and wall, the feedback form, and the error page.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop
from okconf.extensions import db
from okconf.vocabulary import Theme

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(live_server, make_conference, make_registration, make_organisation):
    """A conference with workshops, reimbursements, an attending volunteer and the links."""
    from okconf.groupwork.services import note_link

    make_organisation("Röda Korset Sundsvall", signed_agreement_on=date(2011, 5, 1))
    conference = make_conference(
        slug="sundsvall-2026",
        title="Regional konferens i Sundsvall",
        guiding_question="Hur tar vi emot nyanlända tillsammans?",
        offers_travel_reimbursement=True,
        offers_lost_earnings=True,
        exhibition_tables_offered=True,
        date=stockholm_today() + timedelta(days=20),
    )
    block = ProgrammeItem(
        conference=conference,
        kind=ItemKind.WORKSHOPS,
        starts_at=time(13),
        ends_at=time(14, 30),
        title="Workshoppar",
    )
    db.session.add(block)
    for title, theme in (("Språk", Theme.LANGUAGE), ("Arbete", Theme.WORK)):
        db.session.add(Workshop(conference=conference, round=block, title=title, theme=theme))
    from okconf.db import utcnow

    person = make_registration(
        conference,
        is_volunteer=True,
        requests_travel_reimbursement=True,
        checked_in_at=utcnow(),  # the feedback form is for those who came
    )
    token = make_token("registration", person.id, person.link_version)
    notes = note_link(conference).token
    feedback = make_token("feedback", person.id, person.link_version)
    db.session.commit()
    return {
        "front page": "/",
        "conference": f"/konferens/{conference.slug}",
        "registration form": f"/konferens/{conference.slug}/anmalan",
        "lost link": "/anmalan/ny-lank",
        "privacy": "/integritet",
        "signatories": "/anslutna-organisationer",
        "sign-in": "/login",
        "personal page": f"/anmalan/{token}",
        "hand over": f"/anmalan/{token}/overlat",
        "cancel": f"/anmalan/{token}/avanmal",
        "workshop wishes": f"/anmalan/{token}/workshops",
        "reimbursement": f"/anmalan/{token}/ersattning",
        "erasure": f"/anmalan/{token}/radera",
        "group notes": f"/anteckna/{notes}",
        "wall": f"/anteckna/{notes}/vagg",
        "feedback": f"/aterkoppling/{feedback}",
        "not found": "/finns-inte",
    }


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_public_and_participant_page_passes_axe(live_server, page, axe_check, site, language):
    page.goto(f"{live_server.url}/language/{language}?next=/")
    assert page.locator("html").get_attribute("lang") == language
    for name, path in site.items():
        response = page.goto(live_server.url + path)
        expected = 404 if name == "not found" else 200
        assert response.status == expected, (name, path, response.status)
        assert page.locator("html").get_attribute("lang") == language, name
        axe_check(page)
    # The registration form in its error state, too.
    page.goto(live_server.url + site["registration form"])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").count() == 1
    axe_check(page)
