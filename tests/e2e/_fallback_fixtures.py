"""Browser fixtures for when tests/e2e/conftest.py does not provide them yet.

The foundation writes the shared ones (`live_server` with `.url` and `.app`, `page`,
`axe_check`); test modules import these only when that conftest lacks them.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(os.environ.get("OKCONF_AXE_JS") or ROOT / "node_modules" / "axe-core" / "axe.min.js")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def live_server(app, make_app):
    """The app served over HTTP on loopback, BASE_URL pointing at it."""
    from werkzeug.serving import make_server

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    application = make_app(BASE_URL=url)
    server = make_server("127.0.0.1", port, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=url, app=application)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page():
    """A Chromium page (Debian's chromium; axe is injected, so CSP is bypassed for tests)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(bypass_csp=True, locale="sv-SE")
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        yield tab
        context.close()
        browser.close()


@pytest.fixture
def axe_check():
    """Run axe-core's WCAG 2.1 A/AA rules on the page; fail with the violations."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make browser)")
    source = AXE.read_text()

    def check(tab, context: str = ""):
        tab.add_script_tag(content=source)
        result = tab.evaluate(
            """async () => await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]
        assert violations == [], f"{context or tab.url}: {json.dumps(violations, indent=1)}"

    return check
