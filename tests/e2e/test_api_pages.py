"""In Chromium: the API token page (make a token, see it once, use it, revoke it) and the
API's operations page, each checked with axe at 1280 and 390 px and photographed.

The screenshots go to $OKCONF_SCREENSHOTS when it is set, else to the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from okconf.extensions import db

pytestmark = [pytest.mark.e2e, pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")]

WIDTHS = (1280, 390)


def _look(page, axe_check, folder: Path, name: str) -> None:
    """At each width: no sideways scrolling, no axe violation, a full-page screenshot."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} overflows by {overflow}px at {width}px"
        axe_check(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def _call(url: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_token_page_makes_shows_once_and_revokes(
    live_server, page, axe_check, make_user, make_conference, tmp_path
):
    folder = Path(os.environ.get("OKCONF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    organiser = make_user("organiser")
    make_conference(organisers=[organiser], title="Regional konferens i Sundsvall")
    db.session.commit()
    page.goto(f"{live_server.url}/login")
    page.fill("input[name=email]", organiser.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/staff**")
    page.click("text=API-nycklar")
    _look(page, axe_check, folder, "api-tokens-empty")

    # A token without a name is refused beside the field.
    page.click("button:has-text('Skapa nyckel')")
    assert page.locator("#name-error").is_visible()
    page.fill("#name", "Länsstyrelsens deltagarlista")
    page.check("input[value=read]")
    page.click("button:has-text('Skapa nyckel')")
    secret = page.input_value("#new-token")
    assert secret.startswith("okc_")
    _look(page, axe_check, folder, "api-tokens-new")

    status, body = _call(f"{live_server.url}/api/v1/conferences", secret)
    assert status == 200 and body["items"][0]["title"] == "Regional konferens i Sundsvall"
    page.goto(f"{live_server.url}/staff/konto/api-nycklar")
    assert secret not in page.content()

    page.click("a:has-text('Återkalla')")
    page.click("button:has-text('Återkalla nyckeln')")
    assert page.locator(".badge:has-text('Återkallad')").is_visible()
    _look(page, axe_check, folder, "api-tokens-revoked")
    assert _call(f"{live_server.url}/api/v1/conferences", secret)[0] == 401


def test_operations_page(live_server, page, axe_check, tmp_path):
    folder = Path(os.environ.get("OKCONF_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/api/v1/docs")
    assert page.locator("h2:has-text('POST /api/v1/conferences/{conference_id}/registrations')")
    page.set_viewport_size({"width": 1280, "height": 900})
    axe_check(page)
    page.screenshot(path=str(folder / "api-docs-1280.png"))
    page.set_viewport_size({"width": 390, "height": 900})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    page.screenshot(path=str(folder / "api-docs-390.png"))
