"""Browser: an organiser assigns Malmö-like workshops, moves one person, lays tables and
publishes; the participant sees their workshop and table on their page and in the mail.

Uses the fixtures of tests/e2e/conftest.py: `live_server` (.url, .app), `page`, `axe_check`.
"""

from __future__ import annotations

import random
from datetime import date, time

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.support import mail_text

pytestmark = pytest.mark.e2e

WORKSHOPS = [
    "Mottagande och etablering",
    "Språk och arbete",
    "Föreningslivets roll",
    "Hälsa och trygghet",
    "Boende och närmiljö",
    "Barn och unga",
    "Samverkan i praktiken",
]


def _build(app):
    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user
    from okconf.conferences.models import (
        Conference,
        ConferenceState,
        ItemKind,
        ProgrammeItem,
        Workshop,
    )
    from okconf.extensions import db
    from okconf.registration.models import Registration
    from okconf.vocabulary import OrganisationType
    from okconf.workshops.models import WorkshopPreference

    with app.app_context():
        organiser = create_user(
            "arrangor@example.org", "Alva Arrangör", Role.ORGANISER, "correct-horse-battery"
        )
        conference = Conference(
            slug="malmo-e2e",
            title="Regional konferens i Malmö",
            state=ConferenceState.PUBLISHED,
            date=date(2030, 5, 16),
            start_time=time(9, 0),
            end_time=time(16, 0),
            contact_name="Kim Kontakt",
        )
        conference.organisers.append(organiser)
        db.session.add(conference)
        db.session.flush()
        item = ProgrammeItem(
            conference_id=conference.id,
            kind=ItemKind.WORKSHOPS,
            starts_at=time(13, 0),
            ends_at=time(14, 30),
            title="Workshoppar",
        )
        db.session.add(item)
        db.session.flush()
        ws = []
        for i, title in enumerate(WORKSHOPS):
            w = Workshop(
                conference_id=conference.id, round_id=item.id, title=title, capacity=6, position=i
            )
            db.session.add(w)
            ws.append(w)
        db.session.flush()
        rng = random.Random(6)
        types = [OrganisationType.CIVIL_SOCIETY_ORG] * 5 + [OrganisationType.MUNICIPALITY] * 3
        types += [OrganisationType.COMPANY] * 2
        ids = []
        for n in range(30):
            org_type = types[n % len(types)]
            reg = Registration(
                conference_id=conference.id,
                first_name=f"Person{n:02d}",
                last_name="Malmström",
                email=f"person{n:02d}@example.org",
                organisation_name=f"Organisation {n % 6}",
                party=org_type.party,
                org_type=org_type,
            )
            db.session.add(reg)
            db.session.flush()
            for rank, w in enumerate(rng.sample(ws, 3), start=1):
                db.session.add(
                    WorkshopPreference(registration_id=reg.id, workshop_id=w.id, rank=rank)
                )
            ids.append(reg.id)
        db.session.commit()
        return conference.id, ids


def test_organiser_assigns_moves_publishes(live_server, page, axe_check, smtp):
    from okconf.accounts.links import make_token
    from okconf.extensions import db
    from okconf.mail.services import send_due_mails
    from okconf.registration.models import Registration
    from okconf.workshops.models import Assignment, TableSeating

    app = live_server.app
    conference_id, ids = _build(app)

    page.goto(f"{live_server.url}/language/en")
    page.goto(f"{live_server.url}/login")
    page.fill("#email", "arrangor@example.org")
    page.fill("#password", "correct-horse-battery")
    page.click("button[type=submit]")
    base = f"{live_server.url}/staff/konferenser/{conference_id}/workshops"
    page.goto(base + "/resultat")
    page.fill("#balance_points", "20")
    page.get_by_role("button", name="Run the assignment").click()
    page.wait_for_load_state()
    expect(page.locator(".badge", has_text="the best possible result")).to_have_count(1)
    axe_check(page)
    page.goto(base + "/deltagare")

    # Move the first person to a workshop that is not theirs and has room.
    with app.app_context():
        current = {a.registration_id: a.workshop_id for a in db.session.scalars(select(Assignment))}
    mover = ids[0]
    sizes = {}
    for w in current.values():
        sizes[w] = sizes.get(w, 0) + 1
    select_box = page.locator(f"select[name=workshop_id][id$='-{mover}']")
    options = select_box.locator("option").all()
    target = next(
        o
        for o in options
        if int(o.get_attribute("value")) != current[mover]
        and sizes.get(int(o.get_attribute("value")), 0) < 6
    )
    target_id, target_title = int(target.get_attribute("value")), target.inner_text()
    select_box.select_option(str(target_id))
    select_box.locator("xpath=..").get_by_role("button").click()
    page.wait_for_load_state()
    assert "(locked)" in page.inner_text(".flashes")

    page.goto(base + "/bord")
    page.select_option("#scope", "plenary")
    page.fill("#table_size", "6")
    page.get_by_role("button", name="Lay the tables").click()
    page.wait_for_load_state()
    assert "hold all three parties" in page.inner_text(".flashes")

    # Before publication a participant can still change their wishes through their link.
    with app.app_context():
        other = db.session.get(Registration, ids[1])
        other_token = make_token("registration", other.id, other.link_version)
    page.goto(f"{live_server.url}/anmalan/{other_token}/workshops")
    expect(page.get_by_role("button", name="Save my wishes")).to_have_count(1)
    axe_check(page)
    page.goto(base + "/listor")

    page.get_by_role("button", name="Publish and email every participant").click()
    page.wait_for_load_state()
    assert "Published: 30 participants" in page.inner_text(".flashes")

    with app.app_context():
        reg = db.session.get(Registration, mover)
        token = make_token("registration", reg.id, reg.link_version)
        table = db.session.scalar(
            select(TableSeating.table_number).where(TableSeating.registration_id == mover)
        )
        assert (
            db.session.scalar(
                select(Assignment.workshop_id).where(Assignment.registration_id == mover)
            )
            == target_id
        )
        send_due_mails()
    page.goto(f"{live_server.url}/anmalan/{token}/workshops")
    section = page.inner_text(".participant-workshops")
    assert target_title in section
    assert f"{table}" in section
    axe_check(page)

    mail = next(m for m in smtp.messages if m["To"] == "person00@example.org")
    body = mail_text(mail)
    assert target_title in body
    assert f"{table}" in body
