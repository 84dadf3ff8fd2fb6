"""Invitation rules: recipients, sending once, personal links, mark_registered, reminders."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from okconf.clock import today as stockholm_today
from okconf.conferences.models import ConferenceState
from okconf.errors import Conflict
from okconf.extensions import db
from okconf.invitations import services
from okconf.invitations.models import Invitation
from okconf.invitations.recipients import parse_addresses, registry_recipients
from okconf.mail.models import OutboxMail
from okconf.organisations.models import ContactPerson
from okconf.registration.models import RegistrationStatus
from okconf.vocabulary import OrganisationType, Party


def outbox(kind=None):
    query = select(OutboxMail).order_by(OutboxMail.id)
    if kind:
        query = query.where(OutboxMail.kind == kind)
    return list(db.session.scalars(query))


@pytest.fixture
def registry(make_organisation):
    kommun = make_organisation(
        "Köpings kommun", org_type="municipality", town="Köping", email="Info@Koping.example.se"
    )
    kommun.contacts.append(ContactPerson(name="Alex Exempel", email="alex@koping.example.se"))
    forening = make_organisation("Föreningen Bro", town="Köping", email="bro@example.org")
    forening.contacts.append(ContactPerson(name="Utan Adress", email=None))
    make_organisation("Boden kommun", org_type="municipality", town="Boden", email="b@example.se")
    make_organisation("Länsstyrelsen", org_type="county_board", town="Västerås")  # no email
    db.session.commit()
    return kommun, forening


def test_registry_recipients_by_type_party_and_town(app, registry):
    found = registry_recipients([], [Party.PUBLIC_SECTOR], ["köping"])
    assert [r.email for r in found] == ["info@koping.example.se", "alex@koping.example.se"]
    assert found[1].name == "Alex Exempel"
    assert found[1].organisation_name == "Köpings kommun"
    found = registry_recipients([OrganisationType.MUNICIPALITY], [], [], contacts=False)
    assert {r.email for r in found} == {"info@koping.example.se", "b@example.se"}
    found = registry_recipients([], [], ["Köping"], organisation_email=False)
    assert [r.email for r in found] == ["alex@koping.example.se"]
    assert registry_recipients([], [], []) == []


def test_pasted_addresses_report_invalid_lines(app, registry):
    text = (
        "a@example.org, B@Example.org\n\nnot an address\n"
        "Kim Kontakt <kim@example.org>;x@\nalex@koping.example.se"
    )
    recipients, problems = parse_addresses(text)
    assert [r.email for r in recipients] == [
        "a@example.org",
        "b@example.org",
        "kim@example.org",
        "alex@koping.example.se",
    ]
    assert recipients[2].name == "Kim Kontakt"
    # A pasted address found in the registry is linked to its organisation.
    assert recipients[3].organisation_name == "Köpings kommun"
    assert [(p.line, p.text) for p in problems] == [(3, "not an address"), (4, "x@")]


def test_send_queues_one_mail_each_and_refuses_twice(app, make_conference, registry):
    conference = make_conference()
    recipients = registry_recipients([], [Party.PUBLIC_SECTOR], ["Köping"])
    result = services.send_invitations(conference, recipients, greeting="Välkomna!")
    db.session.commit()
    assert len(result.sent) == 2
    mails = outbox("invitation")
    assert [m.recipient for m in mails] == ["info@koping.example.se", "alex@koping.example.se"]
    assert all(m.conference_id == conference.id for m in mails)
    assert "Välkomna!" in mails[0].body_text
    assert conference.title in mails[0].subject
    # Again, with the same people in other case and one new: only the new one gets a mail.
    again, _ = parse_addresses("ALEX@koping.example.se\nny@example.org")
    result = services.send_invitations(conference, again)
    db.session.commit()
    assert [i.email for i in result.sent] == ["ny@example.org"]
    assert [r.email for r in result.skipped] == ["alex@koping.example.se"]
    assert len(outbox("invitation")) == 3
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 3


def test_duplicates_within_one_send_are_merged(app, make_conference):
    conference = make_conference()
    recipients, _ = parse_addresses("a@example.org\nA@EXAMPLE.ORG, a@example.org")
    result = services.send_invitations(conference, recipients)
    assert len(result.sent) == 1


def test_database_refuses_a_second_invitation_for_the_same_address(app, make_conference):
    conference = make_conference()
    db.session.add(Invitation(conference_id=conference.id, email="a@example.org"))
    db.session.commit()
    db.session.add(Invitation(conference_id=conference.id, email="a@example.org"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_same_address_may_be_invited_to_another_conference(app, make_conference):
    first, second = make_conference(), make_conference()
    recipients, _ = parse_addresses("a@example.org")
    services.send_invitations(first, recipients)
    assert len(services.send_invitations(second, recipients).sent) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"state": ConferenceState.DRAFT},
        {"date": stockholm_today() - timedelta(days=1)},
        {"registration_deadline": stockholm_today() - timedelta(days=1)},
    ],
    ids=["draft", "past", "deadline-passed"],
)
def test_sending_refused_when_conference_not_open(app, make_conference, fields):
    conference = make_conference(**fields)
    recipients, _ = parse_addresses("a@example.org")
    with pytest.raises(Conflict):
        services.send_invitations(conference, recipients)
    assert outbox() == []


def test_personal_link_names_the_invitation(app, make_conference):
    conference = make_conference()
    recipients, _ = parse_addresses("a@example.org")
    invitation = services.send_invitations(conference, recipients).sent[0]
    link = services.invitation_link(invitation)
    assert link.startswith("http://localhost/inbjudan/")
    token = link.rsplit("/", 1)[1]
    assert services.invitation_for_token(token) is invitation
    assert services.invitation_for_token(token[:-2] + "xx") is None
    invitation.link_version += 1
    assert services.invitation_for_token(token) is None


def test_mark_registered_is_idempotent_and_case_insensitive(app, make_conference):
    conference = make_conference()
    recipients, _ = parse_addresses("kim@example.org")
    services.send_invitations(conference, recipients)
    invitation = services.mark_registered(conference, "  KIM@Example.org ")
    assert invitation.registered_at is not None
    first = invitation.registered_at
    assert services.mark_registered(conference, "kim@example.org").registered_at == first
    assert services.mark_registered(conference, "nobody@example.org") is None
    other = make_conference()
    assert services.mark_registered(other, "kim@example.org") is None


def test_reminders_go_once_and_only_to_those_not_registered(
    app, make_conference, make_registration
):
    conference = make_conference()
    recipients, _ = parse_addresses("a@example.org\nb@example.org\nc@example.org\nd@example.org")
    services.send_invitations(conference, recipients)
    services.mark_registered(conference, "a@example.org")
    make_registration(conference, email="B@example.org")  # registered, not yet marked
    make_registration(conference, email="c@example.org", status=RegistrationStatus.CANCELLED)
    reminded = services.send_reminders(conference)
    db.session.commit()
    assert sorted(i.email for i in reminded) == ["c@example.org", "d@example.org"]
    assert sorted(m.recipient for m in outbox("invitation_reminder")) == [
        "c@example.org",
        "d@example.org",
    ]
    assert services.send_reminders(conference) == []
    assert len(outbox("invitation_reminder")) == 2


def test_due_reminders_follow_the_configured_days(make_app, make_conference):
    app = make_app(INVITATION_REMINDER_DAYS_BEFORE_DEADLINE=5)
    with app.app_context():
        today = stockholm_today()
        near = make_conference(
            date=today + timedelta(days=10), registration_deadline=today + timedelta(days=5)
        )
        far = make_conference(
            date=today + timedelta(days=30), registration_deadline=today + timedelta(days=6)
        )
        for conference in (near, far):
            recipients, _ = parse_addresses("a@example.org")
            services.send_invitations(conference, recipients)
        sent = services.send_due_reminders(today)
        db.session.commit()
        assert {c.id: n for c, n in sent.items()} == {near.id: 1}
        assert services.send_due_reminders(today) == {near: 0}
        # A day later the far one is due.
        sent = services.send_due_reminders(today + timedelta(days=1))
        assert {c.id: n for c, n in sent.items()} == {near.id: 0, far.id: 1}


def test_preview_is_rendered_with_the_conference_facts(app, make_conference):
    conference = make_conference(
        title="Överenskommelsen i Köping", town="Köping", programme_highlights="Lokala exempel"
    )
    subject, body = services.render_invitation(conference, name="Kim", greeting="Hej Västmanland")
    assert "Överenskommelsen i Köping" in subject
    assert "Hej Västmanland" in body
    assert "Kim" in body
    assert "- Lokala exempel" in body
    assert "/konferens/" + conference.slug in body


def test_people_already_registered_are_not_invited(app, make_conference, make_registration):
    conference = make_conference()
    make_registration(conference, email="Reg@example.org")
    make_registration(conference, email="gone@example.org", status=RegistrationStatus.CANCELLED)
    recipients, _ = parse_addresses("reg@example.org\ngone@example.org")
    result = services.send_invitations(conference, recipients)
    assert [i.email for i in result.sent] == ["gone@example.org"]
    assert [r.email for r in result.skipped] == ["reg@example.org"]
