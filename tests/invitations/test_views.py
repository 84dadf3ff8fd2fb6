"""The organiser's invitation page, real delivery over SMTP, and the personal link."""

import re

import pytest
from sqlalchemy import func, select

from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.invitations import services
from okconf.invitations.models import Invitation
from okconf.invitations.recipients import parse_addresses
from okconf.mail.models import OutboxMail
from okconf.mail.services import send_due_mails


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def organiser(make_user, login):
    user = make_user("organiser")
    login(user)
    return user


@pytest.fixture
def conference(make_conference, organiser):
    return make_conference(organisers=[organiser], slug="koping-2012", town="Köping")


def url(conference, suffix=""):
    return f"/staff/konferenser/{conference.id}/inbjudningar{suffix}"


def body_of(message) -> str:
    if message.is_multipart():
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                return part.get_payload(decode=True).decode(part.get_content_charset())
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_page_shows_the_form_and_no_invitations(client, conference):
    response = client.get(url(conference))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="addresses"' in page
    assert 'class="invitation-status"' not in page


@pytest.mark.parametrize("role", ["reviewer", "reader"])
def test_other_roles_are_refused(client, make_user, login, make_conference, role):
    conference = make_conference()
    login(make_user(role))
    assert client.get(url(conference)).status_code == 403


def test_organisers_cannot_see_other_organisers_invitations(
    client, make_user, login, make_conference
):
    owner = make_user("organiser")
    conference = make_conference(organisers=[owner])
    services.send_invitations(conference, parse_addresses("a@example.org")[0])
    db.session.commit()
    login(make_user("organiser"))
    assert client.get(url(conference)).status_code == 403
    assert client.post(url(conference), data={"addresses": "b@example.org"}).status_code == 403
    assert client.post(url(conference, "/paminn")).status_code == 403
    assert count(OutboxMail) == 1


def test_admin_sees_any_conference(client, make_user, login, make_conference):
    conference = make_conference()
    login(make_user("admin"))
    assert client.get(url(conference)).status_code == 200


def test_missing_conference_is_404(client, organiser):
    assert client.get("/staff/konferenser/9999/inbjudningar").status_code == 404


def test_preview_writes_nothing_and_shows_the_message(client, conference, make_organisation):
    make_organisation(
        "Köpings kommun", org_type="municipality", town="Köping", email="k@example.se"
    )
    response = client.post(
        url(conference),
        data={
            "parties": "public_sector",
            "organisation_email": "y",
            "addresses": "a@example.org",
            "greeting": "Hej alla i Köping!",
            "action": "preview",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Hej alla i Köping!" in page
    assert "k@example.se" in page and "a@example.org" in page
    assert 'value="send"' in page
    assert count(Invitation) == 0
    assert count(OutboxMail) == 0


def test_invalid_pasted_addresses_are_reported_by_line(client, conference):
    response = client.post(
        url(conference), data={"addresses": "ok@example.org\nfel@\n", "action": "send"}
    )
    page = response.get_data(as_text=True)
    assert 'id="addresses-error"' in page
    assert "2" in page and "fel@" in page
    assert count(OutboxMail) == 0


def test_no_recipients_is_a_form_error(client, conference):
    response = client.post(url(conference), data={"action": "preview"})
    assert 'class="error-summary"' in response.get_data(as_text=True)


def test_draft_conference_refuses_sending_readably(client, make_conference, organiser):
    from okconf.conferences.models import ConferenceState

    conference = make_conference(organisers=[organiser], state=ConferenceState.DRAFT)
    preview = client.post(url(conference), data={"addresses": "a@example.org"})
    page = preview.get_data(as_text=True)
    assert 'class="preview-mail"' in page
    assert 'value="send"' not in page  # the preview says why it cannot be sent
    assert 'class="flash flash-warning"' in page
    response = client.post(url(conference), data={"addresses": "a@example.org", "action": "send"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert count(Invitation) == 0


def test_mail_reaches_smtp_and_the_personal_link_works(app, client, conference, smtp):
    response = client.post(
        url(conference),
        data={"addresses": "Kim Kontakt <kim@example.org>", "action": "send"},
    )
    assert response.status_code == 302
    assert send_due_mails() == {"sent": 1, "failed": 0}
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "kim@example.org"
    text = body_of(message)
    assert "Kim Kontakt" in text
    link = re.search(r"http://localhost(/inbjudan/\S+)", text).group(1)
    response = client.get(link)
    assert response.status_code == 302
    if "registration.register" in app.view_functions:
        assert "email=kim@example.org" in response.headers["Location"]
    else:
        assert response.headers["Location"] == "/konferens/koping-2012"
        assert client.get(response.headers["Location"]).status_code == 200
    invitation = db.session.scalar(select(Invitation))
    assert invitation.opened_at is not None
    first_open = invitation.opened_at
    client.get(link)
    db.session.refresh(invitation)
    assert invitation.opened_at == first_open
    # The organiser sees it opened.
    page = client.get(url(conference)).get_data(as_text=True)
    row = re.search(r"<td>kim@example.org</td>.*?</tr>", page, re.S).group(0)
    assert row.count("<td>No</td>") + row.count("<td>Nej</td>") == 2  # not reminded/registered


def test_sending_twice_reports_skipped(client, conference):
    data = {"addresses": "a@example.org", "action": "send"}
    client.post(url(conference), data=data)
    response = client.post(url(conference), data=data, follow_redirects=True)
    assert response.status_code == 200
    assert count(Invitation) == 1
    assert count(OutboxMail) == 1
    page = response.get_data(as_text=True)
    assert re.search(r'class="flash flash-info">[^<]*a@example.org', page)


def test_forged_or_unknown_link_is_404(client):
    assert client.get("/inbjudan/not-a-token").status_code == 404


def test_link_redirects_to_the_registration_form_with_the_email(app, client, make_conference):
    conference = make_conference(slug="malmo-2012")
    invitation = services.send_invitations(conference, parse_addresses("Sam@Example.org")[0]).sent[
        0
    ]
    link = services.invitation_link(invitation)
    db.session.commit()
    response = client.get(link.replace("http://localhost", ""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/konferens/malmo-2012/anmalan?email=sam@example.org"
    form = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="sam@example.org"' in form


def test_reminder_button_reminds_once(client, conference, make_registration):
    client.post(
        url(conference), data={"addresses": "a@example.org\nb@example.org", "action": "send"}
    )
    make_registration(conference, email="a@example.org")
    client.post(url(conference, "/paminn"))
    client.post(url(conference, "/paminn"))
    reminders = db.session.scalars(
        select(OutboxMail.recipient).where(OutboxMail.kind == "invitation_reminder")
    ).all()
    assert reminders == ["b@example.org"]


def test_send_reminders_command(runner, make_conference):
    from datetime import timedelta

    conference = make_conference(registration_deadline=stockholm_today() + timedelta(days=3))
    services.send_invitations(conference, parse_addresses("a@example.org")[0])
    db.session.commit()
    result = runner.invoke(args=["okconf", "send-reminders"])
    assert result.exit_code == 0, result.output
    assert "1 reminders" in result.output
    result = runner.invoke(args=["okconf", "send-reminders"])
    assert "0 reminders" in result.output
    result = runner.invoke(args=["okconf", "send-reminders", "--on", "tomorrow"])
    assert result.exit_code != 0
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMail)
            .where(OutboxMail.kind == "invitation_reminder")
        )
        == 1
    )


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_forms_carry_csrf_tokens(make_app, make_user, make_conference):
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user("organiser")
        conference = make_conference(organisers=[user])
        client = app.test_client()
        login_page = client.get("/login").get_data(as_text=True)
        client.post(
            "/login",
            data={
                "email": user.email,
                "password": "correct-horse-battery",
                "csrf_token": csrf_token(login_page),
            },
        )
        response = client.post(
            url(conference), data={"addresses": "a@example.org", "action": "send"}
        )
        assert response.status_code == 400  # no token: refused
        page = client.get(url(conference)).get_data(as_text=True)
        response = client.post(
            url(conference),
            data={"addresses": "a@example.org", "action": "send", "csrf_token": csrf_token(page)},
        )
        assert response.status_code == 302
        assert count(Invitation) == 1


def test_registering_through_the_form_marks_the_invitation_registered(app, client, make_conference):
    from okconf.invitations.models import Invitation

    conference = make_conference(slug="boden-2011")
    invitation = services.send_invitations(conference, parse_addresses("kim@example.org")[0]).sent[
        0
    ]
    db.session.commit()
    response = client.post(
        "/konferens/boden-2011/anmalan",
        data={
            "first_name": "Kim",
            "last_name": "Exempel",
            "email": "Kim@Example.org",
            "phone": "070-123 45 67",
            "organisation_name": "Föreningen Exempel",
            "party": "civil_society",
            "org_type": "civil_society_org",
            "consent": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert db.session.get(Invitation, invitation.id).registered_at is not None
