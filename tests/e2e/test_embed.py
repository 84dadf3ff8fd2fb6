"""The registration form on a host's website: a page served from another local site frames
it with okconf's embed.js, a participant registers inside the frame (no okconf cookies reach a
frame on another site), and a site not on the conference's list is refused the frame."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import free_port

pytestmark = pytest.mark.e2e


def _host_site(page_html: str):
    """A host's website on loopback under the name localhost (another site than 127.0.0.1)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = page_html.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    port = free_port()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{port}"


def _page_with_form(base: str, slug: str) -> str:
    return f"""<!doctype html><html lang="sv"><head><meta charset="utf-8">
<title>Länsstyrelsen – Anmälan</title></head><body><main>
<h1>Regional konferens på Länsstyrelsen</h1>
<script src="{base}/static/js/embed.js" data-conference="{slug}" data-lang="sv" async></script>
</main></body></html>"""


def test_register_through_the_frame_on_a_host_site(
    live_server, browser, page, axe_check, smtp, make_conference
):
    from playwright.sync_api import expect

    from okconf.extensions import db
    from okconf.mail.services import send_due_mails
    from okconf.registration.models import Registration

    base = live_server.url
    conference = make_conference(slug="koping-2026", title="Köping 2026")
    allowed, allowed_url = _host_site(_page_with_form(base, conference.slug))
    refused, refused_url = _host_site(_page_with_form(base, conference.slug))
    try:
        conference.embed_origins = allowed_url
        db.session.commit()

        # The form alone passes axe (the frame's own page).
        page.goto(f"{base}/konferens/{conference.slug}/anmalan/inbaddad?lang=sv")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Köping 2026")
        axe_check(page)

        # A host page that is on the list: a real browser context, its CSP enforced.
        context = browser.new_context(locale="sv-SE")
        context.set_default_timeout(15_000)
        host = context.new_page()
        host.goto(allowed_url)
        frame = host.frame_locator("iframe[title='Anmälningsformulär']")
        expect(frame.get_by_role("heading", level=1)).to_contain_text("Köping 2026")
        # The frame grows to its form: no scroll bar inside it.
        host.wait_for_function(
            "document.querySelector('iframe').getBoundingClientRect().height > 1000"
        )
        frame.get_by_label("Förnamn").fill("Alva")
        frame.get_by_label("Efternamn").fill("Exempelsson")
        frame.get_by_label("E-post", exact=True).fill("alva@example.org")
        frame.get_by_label("Telefon").fill("070-123 45 67")
        frame.get_by_label("Organisation, myndighet eller företag").fill("Föreningen Gemenskap")
        frame.get_by_label("Idéburna organisationer", exact=True).check()
        frame.get_by_label("Typ av organisation").select_option("civil_society_org")
        frame.get_by_label("Jag har läst hur mina uppgifter hanteras och godkänner det").check()
        frame.get_by_role("button", name="Anmäl dig").click()
        expect(frame.get_by_role("heading", level=1)).to_have_text("Du är anmäld")
        assert host.url.rstrip("/") == allowed_url  # only the frame moved on
        context.close()

        db.session.expire_all()
        registration = db.session.query(Registration).one()
        assert (registration.email, registration.locale) == ("alva@example.org", "sv")
        with live_server.app.app_context():
            assert send_due_mails()["failed"] == 0
        assert [m["To"] for m in smtp.messages] == ["alva@example.org"]

        # A site not on the list: the browser refuses to show okconf in its frame.
        context = browser.new_context(locale="sv-SE")
        other = context.new_page()
        refusals = []
        other.on("console", lambda m: refusals.append(m.text))
        other.goto(refused_url)
        other.wait_for_selector("iframe")
        other.wait_for_timeout(1500)
        inner = other.frames[1] if len(other.frames) > 1 else None
        assert inner is None or not inner.query_selector("form"), "framed by a site off the list"
        assert any("frame-ancestors" in text for text in refusals), refusals
        context.close()
    finally:
        for server in (allowed, refused):
            server.shutdown()
            server.server_close()
