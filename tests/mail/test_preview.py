"""The admins' outbox: in the admin menu, a readable preview, attachments to download."""

from __future__ import annotations

import pytest

from okconf.extensions import db
from okconf.mail.models import OutboxAttachment, OutboxMail

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def mail(app):
    """A mail with a text and an HTML part (with a script that must not run) and two files."""
    outgoing = OutboxMail(
        recipient="deltagare@example.org",
        subject="Välkommen till Köping",
        body_text="Hej!\n\nVälkommen den 10 december.",
        body_html='<p>Hej!</p><script>parent.document.title="hacked"</script>',
        kind="confirmation",
    )
    outgoing.attachments = [
        OutboxAttachment(filename="konferens.ics", content_type="text/calendar", data=ICS),
        OutboxAttachment(
            filename='Program "Köping".pdf', content_type="application/pdf", data=b"%PDF-1.4"
        ),
    ]
    db.session.add(outgoing)
    db.session.commit()
    return outgoing


def test_outbox_is_in_the_admin_menu(client, login, make_user):
    login(make_user("admin"))
    page = client.get("/").get_data(as_text=True)
    assert 'href="/staff/admin/utkorg/"' in page


def test_others_have_no_outbox_in_their_menu(client, login, make_user):
    login(make_user("organiser"))
    assert 'href="/staff/admin/utkorg/"' not in client.get("/").get_data(as_text=True)


def test_preview_shows_headers_text_html_and_attachments(client, login, make_user, mail):
    login(make_user("admin"))
    page = client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True)
    assert "deltagare@example.org" in page and "okconf@example.org" in page
    assert "Välkommen den 10 december." in page
    assert "<script>" not in page  # the HTML part is framed, never inlined
    assert f'<iframe class="mail-html" sandbox src="/staff/admin/utkorg/{mail.id}/html"' in page
    for attachment in mail.attachments:
        assert f"/staff/admin/utkorg/{mail.id}/bilagor/{attachment.id}" in page


def test_html_part_is_sandboxed(client, login, make_user, mail):
    login(make_user("admin"))
    response = client.get(f"/staff/admin/utkorg/{mail.id}/html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    csp = response.headers["Content-Security-Policy"]
    assert csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp


def test_text_only_mail_has_no_html_page(client, login, make_user, mail):
    mail.body_html = None
    db.session.commit()
    login(make_user("admin"))
    assert client.get(f"/staff/admin/utkorg/{mail.id}/html").status_code == 404
    assert "<iframe" not in client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True)


def test_attachments_download(client, login, make_user, mail):
    login(make_user("admin"))
    ics, pdf = mail.attachments
    response = client.get(f"/staff/admin/utkorg/{mail.id}/bilagor/{ics.id}")
    assert response.status_code == 200
    assert response.data == ICS and response.mimetype == "text/calendar"
    assert 'filename="konferens.ics"' in response.headers["Content-Disposition"]
    response = client.get(f"/staff/admin/utkorg/{mail.id}/bilagor/{pdf.id}")
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "K%C3%B6ping" in disposition
    assert '"Program _K_ping_.pdf"' in disposition
    # An attachment of another mail is not reachable through this one.
    assert client.get(f"/staff/admin/utkorg/{mail.id + 1}/bilagor/{ics.id}").status_code == 404


@pytest.mark.parametrize("role", ["organiser", "reviewer", "reader"])
def test_only_admins(client, login, make_user, mail, role):
    login(make_user(role))
    ics = mail.attachments[0]
    for url in (
        f"/staff/admin/utkorg/{mail.id}",
        f"/staff/admin/utkorg/{mail.id}/html",
        f"/staff/admin/utkorg/{mail.id}/bilagor/{ics.id}",
    ):
        assert client.get(url).status_code == 403, url
