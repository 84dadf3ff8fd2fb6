"""Browser tests: the app served on loopback, Debian's Chromium driven by Playwright, axe-core.

- `live_server`: the app on a fresh SQLite file (CSRF protection on, as in production; mails
  stay in the outbox), served by werkzeug in a thread; `.url` is its
  address and `.app` the app, so a test creates its data with
  `with live_server.app.app_context(): ...; db.session.commit()`.
- `browser` (session): /usr/bin/chromium through Playwright's `executable_path`; Playwright
  never downloads a browser here.
- `page`: a fresh browser context and page for each test (CSP bypassed so axe can be injected).
- `axe_check(page)`: runs axe-core (node_modules/axe-core, from the npm registry) against
  WCAG 2.1 A and AA and fails with a readable list of the violations.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from okconf import create_app
from okconf.extensions import db
from tests.conftest import base_config, free_port
from tests.support import ROOT

CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
]


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder e2e, and skip them (saying why) without Chromium."""
    here = Path(__file__).parent
    missing = None
    if not os.access(CHROMIUM, os.X_OK):
        missing = f"{CHROMIUM} is missing: `make test` (or `apt-get install chromium`) installs it"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


class LiveServer:
    """The app served over HTTP on a free loopback port."""

    def __init__(self, app, url: str):
        self.app = app
        self.url = url

    def __repr__(self) -> str:
        return f"<LiveServer {self.url}>"


@pytest.fixture
def live_server(tmp_path):
    """The app on its own SQLite file, served by werkzeug in a daemon thread."""
    port = free_port()
    config = base_config(
        f"sqlite:///{tmp_path / 'e2e.sqlite'}",
        BASE_URL=f"http://127.0.0.1:{port}",
        UPLOAD_FOLDER=str(tmp_path / "uploads"),
        MAIL_BACKEND="log",
        WTF_CSRF_ENABLED=True,  # a browser sends the forms' real tokens
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{port}")
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, for the whole session."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A new page in a new context (no cookies shared between tests)."""
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {' '.join(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's source, from node_modules (npm ci installs it)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    return AXE.read_text()


@pytest.fixture
def axe_check(axe_source):
    """Check the page against WCAG 2.1 A/AA with axe-core; fail listing every violation."""

    def check(page, context: str | None = None) -> dict:
        page.add_script_tag(content=axe_source)
        results = page.evaluate(
            """async ([context, tags]) => await axe.run(context || document,
                   {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
            [context, AXE_TAGS],
        )
        violations = results["violations"]
        assert not violations, (
            f"axe found {len(violations)} WCAG 2.1 AA violation(s) on {page.url}:\n"
            + _describe(violations)
        )
        return results

    return check
