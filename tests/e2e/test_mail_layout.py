"""A delivered mail's HTML part, opened in Chromium as a mail program would show it: readable
at 1280 and 390 px without scrolling sideways, and passing axe (WCAG 2.1 AA)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from okconf.extensions import db
from okconf.mail.services import send_due_mails
from okconf.mailtexts import services as mailtexts
from okconf.mailtexts.models import IntroducedMail
from tests.support import ROOT, mail_parts

pytestmark = pytest.mark.e2e

ARTIFACTS = ROOT / "test-artifacts" / "mails"


@pytest.mark.parametrize("locale", ["sv", "en"])
def test_the_confirmation_reads_well_in_a_browser(
    app, browser, axe_check, make_conference, smtp, locale
):
    from okconf.registration import services
    from okconf.registration.models import Registration
    from okconf.vocabulary import OrganisationType, Party

    conference = make_conference(
        title="Köping 2026: Överenskommelsen i Mellansverige", contact_phone="0221-123 45"
    )
    mailtexts.save(
        conference,
        {
            IntroducedMail.CONFIRMATION: (
                "Varmt välkommen till Köping!\n\nVi bjuder på fika och lunch.",
                "A warm welcome to Köping!",
            )
        },
    )
    services.register(
        conference,
        services.ParticipantData(
            first_name="Åsa",
            last_name="Exempelsson",
            email="asa@example.org",
            phone="070-123 45 67",
            organisation_name="Föreningen Bro",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
            locale=locale,
        ),
    )
    db.session.commit()
    assert db.session.scalars(select(Registration)).one()
    assert send_due_mails()["sent"] == 1
    html = mail_parts(smtp.messages[0])["text/html"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_content(html)
        assert page.locator("h1").inner_text().startswith("Köping 2026")
        assert page.locator("html").get_attribute("lang") == locale
        welcome = "Varmt välkommen till Köping!" if locale == "sv" else "A warm welcome"
        assert page.get_by_text(welcome).is_visible()
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"{width}px: scrolls sideways ({scroll} > {inner})"
        page.screenshot(path=str(ARTIFACTS / f"confirmation-{locale}-{width}.png"), full_page=True)
        axe_check(page)
        context.close()
