"""On the demo, a steering-group reader picks the 2011 series in one click, reads the seed's
figures, and follows the published edition and its history; the figures page shows both
counted and entered figures. Every page passes axe; screenshots at 1280 and 390 px wide are
kept in test-artifacts/reports/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

from okconf.demo import load_demo
from okconf.extensions import db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def _shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(live_server.url + "/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/staff")


def test_reader_picks_the_2011_series_and_follows_the_edition(live_server, page, axe_check):
    with live_server.app.app_context():
        load_demo()
        db.session.commit()
    _sign_in(page, live_server, "reader@example.org", "demo-reader-2011")
    page.locator("nav.main-nav a[href='/staff/rapporter']").click()
    axe_check(page)
    _shoot(page, "page-reports")
    page.get_by_role("link", name="Regionala konferenser hösten 2011", exact=False).click()
    page.wait_for_selector("table.report-table")
    total_row = page.locator("table.report-table tr.total-row").first.inner_text()
    assert total_row.split()[-4:] == ["365", "215", "120", "30"]
    axe_check(page)

    page.goto(live_server.url + "/staff/rapporter/utgavor")
    axe_check(page)
    _shoot(page, "page-editions")
    page.locator("main table a").first.click()
    assert "Stina Styrgrupp" in page.locator("main").inner_text()
    axe_check(page)
    _shoot(page, "page-edition")
    page.locator("main a[href$='/historik']").click()
    assert page.locator("pre.diff ins").count() > 0
    axe_check(page)
    _shoot(page, "page-edition-history")
    page.go_back()
    page.locator("main a[href$='/rapport']").click()
    assert "Stockholm i maj 2012" in page.locator("main").inner_text()
    axe_check(page)
    _shoot(page, "page-edition-report")


def test_organiser_sees_both_figures_and_chooses(live_server, page, axe_check):
    with live_server.app.app_context():
        load_demo()
        db.session.commit()
        from sqlalchemy import select

        from okconf.conferences.models import Conference

        boden = db.session.scalar(select(Conference).where(Conference.slug == "boden-2011")).id
    _sign_in(page, live_server, "organiser@example.org", "demo-organiser-2011")
    page.goto(f"{live_server.url}/staff/konferenser/{boden}/siffror")
    main = page.locator("main").inner_text()
    assert "70" in main and "Counted in okconf" in main
    assert page.locator("input[name=source][value=entered]").is_checked()
    axe_check(page)
    _shoot(page, "page-figures")
