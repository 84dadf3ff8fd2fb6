"""Every mail has an HTML and a text part from one template, in the shared layout, over real
SMTP; the organisers' introductions appear and can remove none of the facts."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from markupsafe import Markup
from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.invitations import services as invitations
from okconf.invitations.recipients import Recipient
from okconf.mail.models import OutboxMail
from okconf.mail.services import html_to_text, render, send_due_mails, text_to_html
from okconf.mailtexts import services as mailtexts
from okconf.mailtexts.models import IntroducedMail
from okconf.registration import services as registration
from okconf.registration.rules import Person
from tests.mail.test_services import subject
from tests.support import mail_parts, mail_text

# Set OKCONF_MAIL_DUMP to a folder to keep the delivered mails there (for looking at them).
DUMP = os.environ.get("OKCONF_MAIL_DUMP")


@pytest.fixture
def participant():
    from okconf.registration.services import ParticipantData
    from okconf.vocabulary import OrganisationType, Party

    def make(n: int, locale: str = "sv"):
        return ParticipantData(
            first_name=f"Deltagare{n}",
            last_name="Exempelsson",
            email=f"deltagare{n}@example.org",
            phone="070-123 45 67",
            organisation_name="Föreningen Gemenskap",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
            locale=locale,
        )

    return make


@pytest.fixture
def conference(make_conference):
    return make_conference(
        title="Köping 2026",
        capacity=1,
        contact_name="Kim Kontakt",
        contact_email="kontakt@example.org",
        contact_phone="0221-123 45",
    )


def _dump(message, name: str) -> None:
    if not DUMP:
        return
    folder = Path(DUMP)
    folder.mkdir(parents=True, exist_ok=True)
    parts = mail_parts(message)
    (folder / f"{name}.html").write_text(parts["text/html"], encoding="utf-8")
    (folder / f"{name}.txt").write_text(parts["text/plain"], encoding="utf-8")


def _files(message) -> list[str]:
    return [part.get_filename() for part in message.walk() if part.get_filename()]


def test_every_kind_of_mail_goes_out_with_both_parts_in_the_layout(
    app, conference, participant, smtp
):
    """Confirmation, waiting list, link, cancellation, promotion, handing over, invitation and
    reminder, delivered through the local SMTP server."""
    first = registration.register(conference, participant(1))
    second = registration.register(conference, participant(2, locale="en"))
    db.session.commit()
    registration.resend_links(first.email)
    db.session.commit()
    send_due_mails()  # before the place changes hands (later, these would be dropped)
    registration.hand_over(
        first, Person(first_name="Kollega", last_name="Exempel", email="kollega@example.org")
    )
    db.session.commit()
    send_due_mails()
    registration.cancel(first)  # the colleague's place goes to the waiting list's first
    db.session.commit()
    invitations.send_invitations(
        conference, [Recipient("inbjuden@example.org", "Alex Exempel")], greeting="Välkomna!"
    )
    db.session.commit()
    invitations.send_reminders(conference)
    db.session.commit()
    send_due_mails()

    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.sent_at, OutboxMail.id))
    kinds = [m.kind for m in mails]
    assert len(smtp.messages) == len(kinds) == 9
    assert set(kinds) == {
        "confirmation",
        "registration_link",
        "registration_handed_over",
        "registration_cancelled",
        "invitation",
        "invitation_reminder",
    }
    for index, message in enumerate(smtp.messages):
        text = mail_text(message)  # multipart/alternative, text then HTML, CSS inlined
        html = mail_parts(message)["text/html"]
        _dump(message, f"{index:02d}-{message['To'].split('@')[0]}")
        assert text.startswith("Köping 2026\n"), text[:80]
        assert "<h1" in html and "Köping 2026</h1>" in html
        assert re.search(r'<html lang="(sv|en)"', html)
        # The contact person and the privacy notice, in both parts.
        for part in (text, html):
            assert "Kim Kontakt" in part and "kontakt@example.org" in part
            assert "http://localhost/integritet" in part
        assert 'style="' in html  # the layout's CSS, inlined

    by_subject = {subject(message): message for message in smtp.messages}
    confirmed = by_subject["Anmälan bekräftad: Köping 2026"]
    assert _files(confirmed) == [f"{conference.slug}.ics", "checkin-qr.png"]
    waiting = next(m for m in smtp.messages if m["To"] == second.email)
    assert subject(waiting) == "Waiting list: Köping 2026"
    assert 'lang="en"' in mail_parts(waiting)["text/html"]
    assert "number 1 on the waiting list" in mail_text(waiting)
    assert _files(waiting) == [f"{conference.slug}.ics"]


def test_the_confirmation_reads_well_as_text(app, conference, participant):
    conference.late_cancellation_fee_ore = 40000
    person = registration.register(conference, participant(1))
    db.session.commit()
    mail = render(db.session.scalars(select(OutboxMail)).one())
    text = mail.body_text
    assert "Hej Deltagare1," in text
    assert "När och var" in text and "Folkets hus, Storgatan 1, Sundsvall" in text
    # The personal link on a line of its own, without markup around it.
    assert re.search(r"^http://localhost/anmalan/\S+$", text, re.M)
    assert "**" not in text and "](" not in text and "<" not in text
    assert person.first_name in mail.body_html


def test_the_edited_introduction_appears_and_the_facts_stay(app, conference, participant):
    mailtexts.save(
        conference,
        {
            IntroducedMail.CONFIRMATION: (
                "Varmt välkommen till Köping!\n\nTa med gott humör.",
                "A warm welcome to Köping!",
            ),
        },
    )
    registration.register(conference, participant(1))
    db.session.commit()
    mail = render(db.session.scalars(select(OutboxMail)).one())
    assert "Varmt välkommen till Köping!\n\nTa med gott humör." in mail.body_text
    assert "<p>Varmt välkommen till Köping!</p>" in re.sub(r' style="[^"]*"', "", mail.body_html)
    # okconf's facts follow, whatever the introduction says.
    for fact in ("När:", "Var:", "Folkets hus", "http://localhost/anmalan/", "400 kr"):
        assert fact in mail.body_text, fact
    assert "Välkommen till Köping 2026. Din plats är bekräftad." not in mail.body_text


def test_an_english_reader_never_gets_the_swedish_introduction(app, conference, participant):
    mailtexts.save(conference, {IntroducedMail.CONFIRMATION: ("Bara på svenska.", "")})
    registration.register(conference, participant(1, locale="en"))
    db.session.commit()
    mail = render(db.session.scalars(select(OutboxMail)).one())
    assert "Bara på svenska." not in mail.body_text
    assert "Welcome to Köping 2026. Your place is confirmed." in mail.body_text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script><img src=x onerror=alert(1)>",
        "{{ config.SECRET_KEY }} {% for x in range(9) %}x{% endfor %}",
        "Radbrytning\u2028och\u202eriktning\x00\x07",
        "[länk](javascript:alert(1)) <a href='javascript:alert(1)'>klick</a>",
    ],
)
def test_an_introduction_is_text_never_markup_or_a_template(app, conference, participant, hostile):
    mailtexts.save(conference, {IntroducedMail.CONFIRMATION: (hostile, "")})
    registration.register(conference, participant(1))
    db.session.commit()
    mail = render(db.session.scalars(select(OutboxMail)).one())
    html = mail.body_html
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<a [^>]*href=.?javascript", html, re.I)
    assert app.config["SECRET_KEY"] not in html + mail.body_text
    assert "xxxxxxxxx" not in html
    assert not re.search("[\x00-\x08\u2028\u202e]", html + mail.body_text)
    assert "http://localhost/anmalan/" in mail.body_text  # the facts are still there


def test_an_empty_introduction_is_okconf_own_and_too_long_is_refused(app, conference):
    from okconf.errors import DomainError

    mailtexts.save(conference, {IntroducedMail.WAITING_LIST: ("  \n\n ", "")})
    assert mailtexts.introductions(conference) == {}
    with pytest.raises(DomainError) as error:
        mailtexts.save(conference, {IntroducedMail.REMINDER: ("x" * 2001, "")})
    assert error.value.field == "reminder_sv"


def test_the_reminder_introduction_is_used_in_the_invitation_reminder(app, conference, smtp):
    mailtexts.save(conference, {IntroducedMail.REMINDER: ("Hög tid att anmäla sig!", "")})
    invitations.send_invitations(conference, [Recipient("inbjuden@example.org", "Alex")])
    invitations.send_reminders(conference)
    db.session.commit()
    send_due_mails()
    reminder = mail_text(smtp.messages[-1])
    assert "Hög tid att anmäla sig!" in reminder
    assert "http://localhost/inbjudan/" in reminder  # the personal link is okconf's


def test_a_copied_conference_keeps_its_introductions(app, conference, make_user):
    from okconf.conferences.services import copy_conference

    mailtexts.save(conference, {IntroducedMail.CONFIRMATION: ("Välkommen!", "Welcome!")})
    copy = copy_conference(conference, actor=make_user("admin"))
    db.session.commit()
    copied = mailtexts.introductions(copy)[IntroducedMail.CONFIRMATION]
    assert (copied.text_sv, copied.text_en) == ("Välkommen!", "Welcome!")


def test_text_to_html_and_back():
    html = text_to_html("Hej <b>du</b> & co\nrad två\n\n- ett\n- två http://example.org/a?b=1.")
    assert html == (
        "<p>Hej &lt;b&gt;du&lt;/b&gt; &amp; co<br>\nrad två</p>\n"
        '<ul><li>ett</li><li>två <a href="http://example.org/a?b=1">'
        "http://example.org/a?b=1</a>.</li></ul>"
    )
    assert html_to_text(html) == (
        "Hej <b>du</b> & co\nrad två\n\n- ett\n- två http://example.org/a?b=1.\n"
    )


def test_the_date_in_the_mail_is_the_conference_day(app, make_conference, participant):
    day = stockholm_today() + timedelta(days=40)
    conference = make_conference(date=day)
    registration.register(conference, participant(1))
    db.session.commit()
    mail = render(db.session.scalars(select(OutboxMail)).one())
    assert str(day.year) in mail.body_text and str(day.day) in mail.body_text


def test_the_outbox_frames_the_html_of_a_mail_not_yet_rendered(
    app, client, login, make_user, conference, participant
):
    registration.register(conference, participant(1))
    db.session.commit()
    mail = db.session.scalars(select(OutboxMail)).one()
    assert mail.body_html is None  # deferred: rendered when sent
    login(make_user("admin"))
    page = client.get(f"/staff/admin/utkorg/{mail.id}").get_data(as_text=True)
    assert f'<iframe class="mail-html" sandbox src="/staff/admin/utkorg/{mail.id}/html"' in page
    response = client.get(f"/staff/admin/utkorg/{mail.id}/html")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith("sandbox;")
    html = response.get_data(as_text=True)
    assert "Köping 2026</h1>" in html and "<style" not in html and 'style="' in html


@pytest.mark.parametrize("with_conference", [True, False])
@pytest.mark.parametrize("locale", ["sv", "en"])
def test_the_layout_rendered_once_per_batch_is_the_layout_rendered_around_each_mail(
    mail_templates, conference, with_conference, locale
):
    """render_body puts each mail's content into the layout rendered once per batch, with a
    marker where the content goes: the same parts as the layout rendered around the content."""
    from flask import render_template
    from flask_babel import force_locale, get_locale

    from okconf.mail.batch import rendering_batch
    from okconf.mail.rendering import (
        _privacy_url,
        _tidy,
        mail_request_context,
        render_body,
    )

    context = {"conference": conference if with_conference else None}
    with mail_request_context(), force_locale(locale), rendering_batch():
        for name in ("Åsa & <Bo>", "Cecilia\n\n\n  "):
            content_html = Markup("<p>{}</p>").format(name)
            text, html = render_body("testmail/email/layout_probe", {**context, "name": name})
            layout = {
                **context,
                "lang": str(get_locale()),
                "privacy_url": _privacy_url(),
                "site_name": mail_templates.config.get("SITE_NAME", "okconf"),
            }
            assert html == render_template("mail/layout.html", content=content_html, **layout)
            content_text = html_to_text(content_html)
            expected = render_template("mail/layout.txt", content=content_text, **layout)
            assert text == _tidy(expected)


def test_one_batch_of_mails_in_two_languages_gives_each_its_own(
    app, make_conference, participant, smtp
):
    """The worker renders a batch in one request context and, per mail, its own language: a
    Swedish, an English and a Swedish reader in one batch each get their language, the
    layout's included (its text is rendered once per batch and language)."""
    conference = make_conference(title="Köping 2026", capacity=10, contact_name="Kim Kontakt")
    for n, locale in enumerate(("sv", "en", "sv")):
        registration.register(conference, participant(n, locale=locale))
    db.session.commit()
    assert send_due_mails() == {"sent": 3, "failed": 0}
    texts = {m["To"]: mail_parts(m)["text/plain"] for m in smtp.messages}
    for n, locale in enumerate(("sv", "en", "sv")):
        text = texts[f"deltagare{n}@example.org"]
        swedish = "Din plats är bekräftad" in text and "Kontakt: Kim Kontakt" in text
        english = "Your place is confirmed" in text and "Contact: Kim Kontakt" in text
        assert (swedish, english) == (locale == "sv", locale == "en"), text
