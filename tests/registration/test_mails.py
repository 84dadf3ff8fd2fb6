"""The registration's mails are written with the registration and rendered by the mail worker
when it sends them: the same mail as before, a calendar file built once per conference version,
rendering failures retried and shown, erased registrations never mailed."""

from __future__ import annotations

from sqlalchemy import select, update

from okconf.db import utcnow
from okconf.extensions import db
from okconf.mail.models import MailStatus, OutboxAttachment, OutboxMail
from okconf.mail.services import render_body, send_due_mails
from okconf.registration import mails, services
from okconf.registration.models import Registration
from tests.registration.conftest import assert_current_link


def _register(conference, data):
    registration = services.register(conference, data)
    db.session.commit()
    return registration


def _parts(message) -> dict:
    return {
        (part.get_filename() or part.get_content_type()): part.get_payload(decode=True)
        for part in message.walk()
        if not part.is_multipart()
    }


def test_the_confirmation_is_written_with_the_registration_and_rendered_when_sent(
    app, make_conference, participant, smtp
):
    conference = make_conference(title="Sundsvall 2011")
    registration = _register(conference, participant())
    stored = db.session.scalars(select(OutboxMail)).one()
    # Only what the mail needs: nothing rendered, nothing attached yet.
    assert stored.renderer == mails.RENDERER
    assert stored.params["registration_id"] == registration.id
    assert stored.body_text == "" and stored.status is MailStatus.PENDING
    assert db.session.scalar(select(db.func.count()).select_from(OutboxAttachment)) == 0
    assert stored.subject == "Registration confirmed: Sundsvall 2011"

    assert send_due_mails() == {"sent": 1, "failed": 0}

    message = smtp.messages[0]
    assert message["To"] == registration.email
    parts = _parts(message)
    text = parts["text/plain"].decode().replace("\r\n", "\n")
    # The same text the confirmation always had (rendered then from the same template).
    expected, _html = render_body(
        "registration/email/confirmation",
        {
            "registration": registration,
            "conference": conference,
            "position": None,
            "link": mails.personal_url(registration),
        },
    )
    strip = lambda body: body.split("http://localhost/anmalan/")[0]  # noqa: E731 (token times)
    assert strip(text) == strip(expected)
    assert_current_link(text, registration)
    assert b"SUMMARY:Sundsvall 2011" in parts[f"{conference.slug}.ics"]
    assert parts["checkin-qr.png"] == mails.qr_png(mails.checkin_url(registration))
    db.session.expire_all()
    sent = db.session.get(OutboxMail, stored.id)
    assert sent.status is MailStatus.SENT and sent.attempts == 1
    assert sent.body_text.strip() == text.strip()  # kept for the admins' outbox page


def test_the_calendar_file_is_built_once_per_conference_version(
    app, make_conference, participant, smtp
):
    mails._ICS_CACHE.clear()
    conference = make_conference(title="Gävle 2012")
    for _ in range(3):
        _register(conference, participant())
    assert send_due_mails() == {"sent": 3, "failed": 0}
    files = [_parts(m)[f"{conference.slug}.ics"] for m in smtp.messages]
    assert files[0] == files[1] == files[2]  # the very same file, stamp and all
    assert len(mails._ICS_CACHE) == 1

    conference.title = "Gävle 2012 (ny lokal)"
    db.session.commit()
    _register(conference, participant())
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert (
        b"SUMMARY:G\xc3\xa4vle 2012 (ny lokal)"
        in _parts(smtp.messages[-1])[f"{conference.slug}.ics"]
    )
    assert len(mails._ICS_CACHE) == 2


def test_a_mail_whose_registration_was_erased_is_dropped_not_sent(
    app, make_conference, participant, smtp
):
    from okconf.privacy.retention import anonymise

    conference = make_conference()
    erased = _register(conference, participant())
    kept = _register(conference, participant())
    gone = _register(conference, participant())
    # The erasure deletes the person's own mails with the rest of their data ...
    anonymise([erased.id])
    # ... and a mail that escaped it (written by a request that committed meanwhile) finds
    # an anonymised registration when the worker renders it.
    db.session.execute(
        update(Registration).where(Registration.id == gone.id).values(anonymised_at=utcnow())
    )
    db.session.commit()

    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert [m["To"] for m in smtp.messages] == [kept.email]
    db.session.expire_all()
    dropped = db.session.scalars(
        select(OutboxMail).where(OutboxMail.status == MailStatus.DROPPED)
    ).one()
    assert "erased" in dropped.last_error and dropped.lease_token is None
    assert send_due_mails() == {"sent": 0, "failed": 0}  # never picked up again


def test_a_rendering_failure_is_retried_and_shown_to_admins(
    app, make_conference, participant, smtp, make_user, login, client
):
    conference = make_conference()
    registration = _register(conference, participant())
    mail = db.session.scalars(select(OutboxMail)).one()
    mail.params = {**mail.params, "template": "no-such-template"}
    db.session.commit()

    assert send_due_mails() == {"sent": 0, "failed": 1}
    db.session.expire_all()
    mail = db.session.get(OutboxMail, mail.id)
    assert mail.status is MailStatus.PENDING and mail.attempts == 1
    assert mail.last_error.startswith("Rendering failed: TemplateNotFound")
    assert mail.next_attempt_at > mail.created_at  # the same backoff as a failed delivery
    assert smtp.messages == []

    login(make_user("admin"))
    page = client.get("/staff/admin/utkorg/").get_data(as_text=True)
    assert "Rendering failed: TemplateNotFound" in page and "Retry now" in page
    shown = client.get(f"/staff/admin/utkorg/{mail.id}")
    assert shown.status_code == 200 and "cannot be shown" in shown.get_data(as_text=True)

    mail.params = {**mail.params, "template": "confirmation"}  # fixed: the next try works
    db.session.commit()
    client.post(f"/staff/admin/utkorg/{mail.id}/retry")
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert smtp.messages[0]["To"] == registration.email
    db.session.expire_all()
    assert db.session.get(OutboxMail, mail.id).attempts == 2


def test_a_place_handed_over_before_its_confirmation_went_out(
    app, make_conference, participant, smtp
):
    """The first holder's unsent confirmation is dropped (it would now show the colleague's
    details); the hand-over notice and the colleague's confirmation go out."""
    from okconf.registration.rules import Person
    from okconf.vocabulary import OrganisationType, Party

    conference = make_conference()
    registration = _register(conference, participant(email="forst@example.org"))
    colleague = Person(
        first_name="Kollega",
        last_name="Exempel",
        email="kollega@example.org",
        organisation_name="Sundsvalls kommun",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
    )
    services.hand_over(registration, colleague)
    db.session.commit()

    assert send_due_mails() == {"sent": 2, "failed": 0}
    sent = sorted((m["To"], m["Subject"].split(":")[0]) for m in smtp.messages)
    assert sent == [
        ("forst@example.org", "Your place was handed over"),
        ("kollega@example.org", "Registration confirmed"),
    ]
    db.session.expire_all()
    dropped = db.session.scalars(
        select(OutboxMail).where(OutboxMail.status == MailStatus.DROPPED)
    ).one()
    assert dropped.recipient == "forst@example.org" and "handed" in dropped.last_error


def test_admins_see_a_sent_deferred_mail_as_it_was_sent(
    app, make_conference, participant, smtp, make_user, login, client
):
    registration = _register(make_conference(), participant())
    assert send_due_mails() == {"sent": 1, "failed": 0}
    mail = db.session.scalars(select(OutboxMail)).one()
    login(make_user("admin"))
    page = client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True)
    assert f"Hello {registration.first_name}," in page
    assert "checkin-qr.png" in page and "would look now" not in page


def _personal_keys(page: str) -> list[str]:
    import re

    return re.findall(r"/anmalan/([A-Za-z0-9_\-]{32,})", page)


def test_the_outbox_preview_hides_the_personal_link_the_mail_keeps(
    app, make_conference, participant, smtp, make_user, login, client
):
    """An admin previewing a participant's mail (waiting, or sent) sees where the link goes,
    not the key that opens the participant's registration; the participant's mail has it."""
    registration = _register(make_conference(), participant())
    mail = db.session.scalars(select(OutboxMail)).one()
    token = mails.personal_token(registration)
    login(make_user("admin"))
    for state in ("waiting", "sent"):
        pages = [
            client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True),
            client.get(f"/staff/admin/utkorg/{mail.id}/html").get_data(as_text=True),
        ]
        assert "with their key hidden" in pages[0]
        for page in pages:
            assert "/anmalan/…" in page, state
            assert not _personal_keys(page), state
            assert token[:20] not in page, state
        if state == "waiting":
            assert send_due_mails() == {"sent": 1, "failed": 0}
    sent = _parts(smtp.messages[0])["text/plain"].decode()
    assert_current_link(sent, registration)


def test_the_qr_code_is_the_png_qrcode_draws_module_by_module():
    """qr_png scales the code's matrix in one piece instead of drawing each module: the image
    must stay the one qrcode's own PIL image gives (6 pixels a module, a border of 2)."""
    import io

    import qrcode
    from PIL import Image

    for data in ("http://localhost/staff/anmalningar/7/incheckning", "x" * 300, "å" * 40):
        code = qrcode.QRCode(box_size=6, border=2, mask_pattern=mails.QR_MASK)
        code.add_data(data)
        code.make(fit=True)
        drawn = io.BytesIO()
        code.make_image().save(drawn)
        assert mails.qr_png(data) == drawn.getvalue()
        image = Image.open(io.BytesIO(mails.qr_png(data)))
        assert image.mode == "1" and image.size == ((len(code.modules) + 4) * 6,) * 2
