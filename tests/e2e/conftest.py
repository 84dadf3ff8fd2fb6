"""Browser tests: the app served on loopback, Debian's Chromium driven by Playwright, axe-core.

- `app` (overrides tests/conftest.py's for this folder): the same app on the test's database
  backend as every other test, with CSRF protection on (as in production: a browser sends the
  forms' real tokens) and BASE_URL set to the live server's address. Like the unit tests it
  speaks English (the msgids) by default; a test that needs the product's own default, Swedish,
  or any other setting asks with `@pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")`.
- `live_server`: that very `app` object served by werkzeug in a thread; `.url` is its address
  and `.app` the app. Because it is the `app` fixture's app on the `app` fixture's database,
  data made with the factories (`make_user`, `make_conference`, `make_registration`, ...) or
  in `with live_server.app.app_context(): ...; db.session.commit()` is what the browser sees,
  on SQLite and (when OKCONF_TEST_DATABASE_URL is set) PostgreSQL alike, and the tables are
  emptied after each test as for every other test. Mail goes to the session's aiosmtpd server
  when a test delivers it with `send_due_mails()` (the `smtp` fixture shows it).
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

from okconf.extensions import db
from tests.conftest import empty_all_tables, free_port
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


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "app_config(**settings): configuration overrides of the browser tests' app, e.g. "
        "BABEL_DEFAULT_LOCALE='sv' to see the product's default language",
    )


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
def live_port() -> int:
    """The loopback port the live server will listen on (known before the app is built)."""
    return free_port()


@pytest.fixture
def app(request, make_app, live_port):
    """The test's app (see tests/conftest.py) as a browser needs it, with its app context
    pushed for the test's own work; the tables are emptied afterwards."""
    marker = request.node.get_closest_marker("app_config")
    settings = {
        "BASE_URL": f"http://127.0.0.1:{live_port}",
        "WTF_CSRF_ENABLED": True,  # a browser sends the forms' real tokens
    }
    settings.update(marker.kwargs if marker else {})
    application = make_app(**settings)
    with application.app_context():
        yield application
        db.session.rollback()
        empty_all_tables()
        db.session.remove()


@pytest.fixture
def live_server(app, live_port):
    """The `app` fixture's app, served by werkzeug in a daemon thread.

    Each request runs in its own thread with its own app context and database session, as in
    production; the test's own context (pushed by `app`) is separate, so the test commits what
    the browser should see and re-reads (`db.session.expire_all()`) what the browser changed.
    """
    server = make_server("127.0.0.1", live_port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://127.0.0.1:{live_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


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
