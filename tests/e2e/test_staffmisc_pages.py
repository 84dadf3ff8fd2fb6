"""In Chromium: the wall as a 1920×1080 display, the audit log, the outbox preview, the
reimbursement rules and the reviewer's view, each checked with axe and photographed.

The screenshots go to $OKCONF_SCREENSHOTS (a folder) when it is set, else to the test's
temporary folder, so a person can look at them.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from okconf.extensions import db

pytestmark = [pytest.mark.e2e, pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")]

PASSWORD = "correct-horse-battery"
WIDTHS = (1280, 390)


def _shots(tmp_path) -> Path:
    folder = Path(os.environ.get("OKCONF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sign_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff.*"))


def _look(page, axe_check, folder: Path, name: str) -> None:
    """At each width: no horizontal overflow, no axe violation, and a full-page screenshot."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        axe_check(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_wall_display_fills_the_screen_and_shows_new_notes(
    live_server, browser, axe_check, make_conference, tmp_path
):
    from okconf.groupwork import services
    from okconf.groupwork.models import NoteKind
    from okconf.vocabulary import Theme

    conference = make_conference(title="Regional konferens i Göteborg (Hammarkullen)")
    token = services.note_link(conference).token
    texts = [
        (NoteKind.OBSTACLE, Theme.LANGUAGE, "Svårt att hitta språkpraktik för nyanlända"),
        (NoteKind.OPPORTUNITY, Theme.LANGUAGE, "Språkcaféer i föreningslokaler"),
        (NoteKind.OBSTACLE, Theme.WORK, "Arbetsgivare saknar kontakt med föreningarna"),
        (NoteKind.OPPORTUNITY, Theme.WORK, "Mentorprogram tillsammans med kommunen"),
        (NoteKind.OBSTACLE, Theme.HOUSING, "Trångboddhet gör det svårt att plugga hemma"),
        (NoteKind.OPPORTUNITY, Theme.HEALTH, "Hälsoskolor på modersmålet"),
        (NoteKind.OPPORTUNITY, Theme.MEETING_PLACES, "Öppna skolgårdar på kvällar och helger"),
    ]
    for kind, theme, text in texts:
        services.post_note(conference, kind=kind, theme=theme, text=text)
    db.session.commit()

    context = browser.new_context(
        bypass_csp=True, locale="sv-SE", viewport={"width": 1920, "height": 1080}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/anteckna/{token}/skarm")
    # A display: no site menus, the join QR code and short link, large type in columns.
    assert page.locator("nav").count() == 0
    expect(page.locator(".wall-display-qr svg")).to_be_visible()
    expect(page.locator(".wall-display-link")).to_contain_text(f"/anteckna/{token}")
    note_size = page.eval_on_selector(".wall-note", "n => parseFloat(getComputedStyle(n).fontSize)")
    assert note_size >= 28, note_size
    columns = page.eval_on_selector_all(
        ".wall-theme",
        "nodes => new Set(nodes.map(n => Math.round(n.getBoundingClientRect().left))).size",
    )
    assert columns >= 3, columns
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    axe_check(page)

    # A note posted from a phone appears without reloading, marked as new.
    services.post_note(
        conference, kind=NoteKind.OPPORTUNITY, theme=Theme.WORK, text="Praktikplatser via SKL"
    )
    db.session.commit()
    fresh = page.locator(".wall-note-new", has_text="Praktikplatser via SKL")
    expect(fresh).to_be_visible(timeout=12_000)
    assert page.locator(".wall-note-new").count() == 1
    page.screenshot(path=str(_shots(tmp_path) / "wall-display-1920x1080.png"))
    context.close()


def test_audit_log_outbox_rules_and_review(
    live_server, page, axe_check, make_conference, make_registration, make_user, tmp_path
):
    from okconf.mail.models import OutboxAttachment, OutboxMail
    from okconf.reimbursements import services
    from okconf.reimbursements.models import Budget, ClaimState, LostEarningsMode

    base, folder = live_server.url, _shots(tmp_path)
    organiser = make_user("organiser", email="olga@example.org", name="Olga Organisatör")
    admin = make_user("admin", email="adam@example.org", name="Adam Admin")
    reviewer = make_user("reviewer", email="rut@example.org", name="Rut Granskare")
    conference = make_conference(
        organisers=[organiser],
        title="Regional konferens i Köping",
        offers_travel_reimbursement=True,
    )
    services.save_rules(
        conference,
        None,
        lost_earnings_mode=LostEarningsMode.HOURLY,
        lost_earnings_hourly_ore=18050,
        lost_earnings_cap_ore=120000,
    )
    db.session.add(Budget(name="Uppföljning", year=conference.date.year, total_ore=90_000_000))
    volunteer = make_registration(conference, is_volunteer=True, checked_in_at=datetime.now(UTC))
    from okconf.registration.models import RegistrationDiet
    from okconf.vocabulary import Diet

    for n, diets in enumerate([[Diet.VEGETARIAN, Diet.OTHER], [Diet.VEGETARIAN], [], []]):
        person = make_registration(
            conference,
            first_name=f"Person{n}",
            diet_other="Ingen koriander" if Diet.OTHER in diets else "",
        )
        for diet in diets:
            db.session.add(RegistrationDiet(registration_id=person.id, diet=diet))
    claim = services.start_claim(volunteer)
    claim.state = ClaimState.REQUESTED
    claim.estimate_ore = 105000
    mail = OutboxMail(
        recipient="deltagare@example.org",
        subject="Bekräftelse: Regional konferens i Köping",
        body_text="Hej!\n\nDu är anmäld till Regional konferens i Köping den 10 december.",
        body_html="<h1>Välkommen</h1><p>Du är anmäld.</p>",
        kind="confirmation",
        conference_id=conference.id,
    )
    mail.attachments = [
        OutboxAttachment(
            filename="konferens.ics", content_type="text/calendar", data=b"BEGIN:VCALENDAR"
        )
    ]
    db.session.add(mail)
    db.session.commit()

    sign_in(page, base, organiser)
    page.goto(f"{base}/staff/konferenser/{conference.id}/export/mat")
    expect(page.locator(".catering-summary tfoot")).to_contain_text("5")
    expect(page.locator(".catering-summary")).to_contain_text("Vegetarisk + Övrigt")
    _look(page, axe_check, folder, "catering")
    page.goto(f"{base}/staff/konferenser/{conference.id}/ersattningsregler")
    expect(page.locator(".reimbursement-offer")).to_contain_text("180,50")
    _look(page, axe_check, folder, "rules")
    page.goto(f"{base}/staff/konferenser/{conference.id}/logg")
    expect(page.locator("table.audit-log").first).to_contain_text("Kostlista exporterad")
    expect(page.locator("table.audit-log")).to_contain_text("Olga Organisatör")
    _look(page, axe_check, folder, "audit-log")

    page.context.clear_cookies()
    sign_in(page, base, reviewer)
    page.goto(f"{base}/staff/ersattning/{claim.id}")
    expect(page.locator("#budget-standing")).to_contain_text("900")
    _look(page, axe_check, folder, "review")

    page.context.clear_cookies()
    sign_in(page, base, admin)
    page.click("nav.main-nav a[href='/staff/admin/utkorg/']")
    page.goto(f"{base}/staff/admin/utkorg/{mail.id}")
    frame = page.frame_locator("iframe.mail-html")
    expect(frame.locator("h1")).to_have_text("Välkommen")
    with page.expect_download() as download:
        page.click("a[download]")
    assert download.value.suggested_filename == "konferens.ics"
    _look(page, axe_check, folder, "outbox-mail")
