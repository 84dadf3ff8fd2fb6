"""The registration rules: places, the waiting list, changes, substitutes and cancellation."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.audit.models import AuditEntry
from okconf.clock import today
from okconf.clock import today as stockholm_today
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration import mails, rules, services
from okconf.registration.models import Registration, RegistrationStatus
from okconf.registration.rules import Person
from okconf.vocabulary import Diet, OrganisationType, Party
from okconf.workshops.models import WorkshopPreference
from tests.registration.conftest import assert_current_link, outbox


def _register(conference, data, **kwargs):
    registration = services.register(conference, data, **kwargs)
    db.session.commit()
    return registration


def test_places_then_waiting_list_in_order(make_conference, participant):
    conference = make_conference(capacity=2)
    first, second = (_register(conference, participant()) for _ in range(2))
    third, fourth = (_register(conference, participant()) for _ in range(2))
    assert [r.status for r in (first, second)] == [RegistrationStatus.CONFIRMED] * 2
    assert [r.status for r in (third, fourth)] == [RegistrationStatus.WAITING] * 2
    assert third.waiting_since is not None
    assert rules.waiting_position(third) == 1
    assert rules.waiting_position(fourth) == 2
    assert rules.waiting_position(first) is None
    waiting_mail = outbox("confirmation", fourth.email)[0]
    assert "number 2 on the waiting list" in waiting_mail.body_text


def test_unlimited_capacity_confirms_everyone(make_conference, participant):
    conference = make_conference(capacity=None)
    for _ in range(5):
        assert _register(conference, participant()).status is RegistrationStatus.CONFIRMED


def test_cancellation_gives_the_place_to_the_first_waiting(make_conference, participant):
    conference = make_conference(capacity=1)
    holder = _register(conference, participant())
    first = _register(conference, participant())
    second = _register(conference, participant())
    promoted = services.cancel(holder)
    db.session.commit()
    assert [p.id for p in promoted] == [first.id]
    db.session.refresh(first)
    db.session.refresh(second)
    assert first.status is RegistrationStatus.CONFIRMED and first.waiting_since is None
    assert second.status is RegistrationStatus.WAITING
    assert rules.waiting_position(second) == 1
    promoted_mail = outbox("confirmation", first.email)[-1]
    assert conference.title in promoted_mail.subject
    assert {a.filename for a in promoted_mail.attachments} == {
        f"{conference.slug}.ics",
        "checkin-qr.png",
    }


def test_cancelling_a_waiting_place_promotes_nobody(make_conference, participant):
    conference = make_conference(capacity=1)
    _register(conference, participant())
    waiting = _register(conference, participant())
    other = _register(conference, participant())
    assert services.cancel(waiting) == []
    db.session.commit()
    assert db.session.get(Registration, other.id).status is RegistrationStatus.WAITING
    assert rules.waiting_position(db.session.get(Registration, other.id)) == 1


def test_raised_capacity_moves_the_queue_up(make_conference, participant):
    conference = make_conference(capacity=1)
    regs = [_register(conference, participant()) for _ in range(4)]
    conference.capacity = 3
    promoted = services.free_place(conference)
    db.session.commit()
    assert [p.id for p in promoted] == [regs[1].id, regs[2].id]
    assert rules.confirmed_count(conference.id) == 3
    assert db.session.get(Registration, regs[3].id).status is RegistrationStatus.WAITING


def test_late_cancellation_costs_the_fee(make_conference, participant):
    conference = make_conference(
        cancellation_deadline=stockholm_today() - timedelta(days=1), late_cancellation_fee_ore=40000
    )
    registration = _register(conference, participant())
    services.cancel(registration)
    db.session.commit()
    assert registration.status is RegistrationStatus.CANCELLED
    assert registration.late_cancellation is True
    assert registration.cancellation_fee_ore == 40000
    receipt = outbox("registration_cancelled", registration.email)[0]
    assert "SEK\xa0400" in receipt.body_text


def test_cancellation_in_time_is_free(make_conference, participant):
    conference = make_conference()
    registration = _register(conference, participant())
    services.cancel(registration)
    db.session.commit()
    assert registration.late_cancellation is False
    assert registration.cancellation_fee_ore == 0
    with pytest.raises(Conflict):
        services.cancel(registration)


def test_organiser_removal_is_never_charged(make_conference, participant):
    conference = make_conference(cancellation_deadline=stockholm_today() - timedelta(days=1))
    registration = _register(conference, participant())
    services.cancel(registration, by_staff=True)
    db.session.commit()
    assert registration.late_cancellation is False and registration.cancellation_fee_ore == 0


def test_same_email_any_case_gets_no_second_place(make_conference, participant):
    conference = make_conference()
    first = _register(conference, participant(email="Kim.Test@Example.org"))
    assert first.email == "kim.test@example.org"
    with pytest.raises(rules.AlreadyRegistered) as caught:
        services.register(conference, participant(email="KIM.TEST@example.ORG"))
    assert caught.value.registration.id == first.id
    db.session.rollback()
    registration, created = services.submit_public(
        conference, participant(email=" kim.test@EXAMPLE.org")
    )
    db.session.commit()
    assert (registration.id, created) == (first.id, False)
    assert db.session.scalar(select(db.func.count()).select_from(Registration)) == 1
    resent = outbox("registration_link", "kim.test@example.org")
    assert len(resent) == 1
    assert_current_link(resent[0].body_text, first)


def test_after_cancelling_one_can_register_again(make_conference, participant):
    conference = make_conference()
    first = _register(conference, participant(email="again@example.org"))
    services.cancel(first)
    db.session.commit()
    second = _register(conference, participant(email="again@example.org"))
    assert second.id != first.id and second.status is RegistrationStatus.CONFIRMED


def test_registration_closes_after_the_deadline_but_staff_may_override(
    make_conference, participant
):
    conference = make_conference(registration_deadline=stockholm_today() - timedelta(days=1))
    with pytest.raises(rules.RegistrationClosed):
        services.register(conference, participant())
    with pytest.raises(rules.RegistrationClosed):
        services.register(conference, participant(), by_staff=True)
    registration = _register(conference, participant(), by_staff=True, override_deadline=True)
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.consent_at is None


def test_deadline_day_itself_is_still_open(make_conference):
    conference = make_conference(registration_deadline=today())
    assert rules.registration_open(conference)


def test_staff_capacity_override(make_conference, participant):
    conference = make_conference(capacity=1)
    _register(conference, participant())
    queued = _register(conference, participant(), by_staff=True)
    assert queued.status is RegistrationStatus.WAITING
    forced = _register(conference, participant(), by_staff=True, override_capacity=True)
    assert forced.status is RegistrationStatus.CONFIRMED
    assert rules.confirmed_count(conference.id) == 2


def test_promote_needs_an_override_when_full(make_conference, participant):
    conference = make_conference(capacity=1)
    _register(conference, participant())
    waiting = _register(conference, participant())
    with pytest.raises(Conflict) as caught:
        services.promote(waiting)
    assert caught.value.field == "override_capacity"
    db.session.rollback()
    services.promote(waiting, override_capacity=True)
    db.session.commit()
    assert waiting.status is RegistrationStatus.CONFIRMED
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.promoted")
    ).one()
    assert entry.details["over_capacity"] is True


def test_phone_numbers_are_stored_as_e164():
    assert rules.normalise_phone("070-123 45 67") == "+46701234567"
    assert rules.normalise_phone("+47 22 22 22 22") == "+4722222222"
    assert rules.normalise_phone("0046 8 123 456 78") == "+46812345678"
    for bad in ("123", "telefon", "+46 70", "0" * 400):
        with pytest.raises(DomainError) as caught:
            rules.normalise_phone(bad)
        assert caught.value.field == "phone"


def test_type_must_belong_to_the_sector(make_conference, participant):
    conference = make_conference()
    with pytest.raises(DomainError) as caught:
        services.register(
            conference,
            participant(party=Party.CIVIL_SOCIETY, org_type=OrganisationType.MUNICIPALITY),
        )
    assert caught.value.field == "org_type"


def _pays_lost_earnings(conference):
    """The rules pay lost earnings (a fixed fee): only then does the conference offer them."""
    from okconf.reimbursements.models import LostEarningsMode
    from okconf.reimbursements.services import save_rules

    save_rules(
        conference,
        None,
        lost_earnings_mode=LostEarningsMode.FIXED,
        lost_earnings_fixed_ore=50000,
    )
    db.session.commit()


def test_reimbursement_requests_only_for_volunteers_where_offered(make_conference, participant):
    offered = make_conference(offers_travel_reimbursement=True)
    _pays_lost_earnings(offered)
    not_offered = make_conference()
    with pytest.raises(DomainError) as caught:
        services.register(not_offered, participant(requests_travel_reimbursement=True))
    assert caught.value.field == "requests_travel_reimbursement"
    with pytest.raises(DomainError) as caught:
        services.register(
            offered,
            participant(
                party=Party.PUBLIC_SECTOR,
                org_type=OrganisationType.MUNICIPALITY,
                is_volunteer=True,
                requests_lost_earnings=True,
            ),
        )
    assert caught.value.field == "requests_lost_earnings"
    db.session.rollback()
    registration = _register(
        offered,
        participant(
            is_volunteer=True, requests_travel_reimbursement=True, requests_lost_earnings=True
        ),
    )
    assert registration.requests_travel_reimbursement and registration.requests_lost_earnings


def test_diets_and_organisation_link(make_conference, make_organisation, participant):
    org = make_organisation("Röda Korset Sundsvall")
    conference = make_conference()
    registration = _register(
        conference,
        participant(
            organisation_name="röda korset sundsvall",
            diets=[Diet.GLUTEN_FREE, Diet.OTHER],
            diet_other="Inga svamp",
        ),
    )
    assert registration.organisation_id == org.id
    assert {d.diet for d in registration.diets} == {Diet.GLUTEN_FREE, Diet.OTHER}
    with pytest.raises(DomainError) as caught:
        services.register(conference, participant(diets=[Diet.OTHER]))
    assert caught.value.field == "diet_other"


def test_an_organisation_name_shared_by_two_is_not_matched(
    make_conference, make_organisation, participant
):
    """Only a name the registry has once is linked (any case, spaces around it ignored);
    two organisations of that name in different towns: neither. The look ahead reads the
    match on PostgreSQL, the registry's query on SQLite: the same answers."""
    make_organisation("Studieförbundet Vuxenskolan", town="Umeå")
    make_organisation("Studieförbundet Vuxenskolan", town="Luleå")
    only = make_organisation("Länsstyrelsen Västernorrland")
    conference = make_conference()
    shared = _register(conference, participant(organisation_name="studieförbundet vuxenskolan"))
    assert shared.organisation_id is None
    assert shared.organisation_name == "studieförbundet vuxenskolan"
    matched = _register(conference, participant(organisation_name=" LÄNSSTYRELSEN västernorrland "))
    assert matched.organisation_id == only.id
    unknown = _register(conference, participant(organisation_name="Ingen sådan förening"))
    assert unknown.organisation_id is None


def _with_workshops(make_conference):
    from okconf.conferences.models import ItemKind, ProgrammeItem, Workshop

    conference = make_conference()
    rounds = []
    for hour in (10, 13):
        item = ProgrammeItem(
            conference=conference,
            kind=ItemKind.WORKSHOPS,
            starts_at=time(hour),
            title=f"Pass {hour}",
        )
        db.session.add(item)
        rounds.append(item)
    workshops = {}
    for item in rounds:
        for title in ("Språk", "Hälsa", "Bostad", "Arbete"):
            workshop = Workshop(conference=conference, round=item, title=f"{title} {item.title}")
            db.session.add(workshop)
            workshops.setdefault(item, []).append(workshop)
    db.session.commit()
    return conference, rounds, workshops


def test_workshop_wishes_are_ranked_per_round(make_conference, participant):
    conference, rounds, workshops = _with_workshops(make_conference)
    keys = [key for key, _t, _w in rules.workshop_rounds(conference)]
    assert keys == [str(r.id) for r in rounds]
    first, second = workshops[rounds[0]], workshops[rounds[1]]
    wishes = {str(rounds[0].id): [first[2].id, first[0].id], str(rounds[1].id): [second[1].id]}
    registration = _register(conference, participant(workshop_wishes=wishes))
    prefs = db.session.scalars(
        select(WorkshopPreference)
        .where(WorkshopPreference.registration_id == registration.id)
        .order_by(WorkshopPreference.workshop_id)
    ).all()
    assert {(p.workshop_id, p.rank) for p in prefs} == {
        (first[2].id, 1),
        (first[0].id, 2),
        (second[1].id, 1),
    }
    with pytest.raises(DomainError) as caught:
        services.register(
            conference, participant(workshop_wishes={str(rounds[0].id): [first[1].id] * 2})
        )
    assert caught.value.field == f"wish_{rounds[0].id}_2"
    with pytest.raises(DomainError):  # a workshop of the other round
        services.register(
            conference, participant(workshop_wishes={str(rounds[0].id): [second[0].id]})
        )


def test_changes_are_audited_without_sensitive_contents(make_conference, participant):
    conference = make_conference()
    registration = _register(conference, participant(diets=[Diet.HALAL]))
    changed = participant(
        email=registration.email,
        first_name=registration.first_name,
        phone="+46 8 123 456 78",
        diets=[Diet.KOSHER],
        accessibility_needs="Hörslinga",
    )
    services.update_details(registration, changed)
    db.session.commit()
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.updated")
    ).one()
    assert entry.details["phone"] == {"before": "+46701234567", "after": "+46812345678"}
    assert entry.details["diets_changed"] is True
    assert entry.details["accessibility_needs_changed"] is True
    text = str(entry.details)
    assert "kosher" not in text and "halal" not in text and "Hörslinga" not in text
    assert entry.actor == "participant"


def test_participants_cannot_change_after_the_deadline(make_conference, participant):
    conference = make_conference()
    registration = _register(conference, participant())
    conference.registration_deadline = stockholm_today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(DomainError):
        services.update_details(registration, participant(email=registration.email))
    changes = services.update_details(
        registration, participant(email=registration.email, first_name="Ny"), by_staff=True
    )
    assert "first_name" in changes


def test_hand_over_moves_the_place_and_retires_the_old_link(make_conference, participant):
    conference = make_conference()
    registration = _register(
        conference, participant(diets=[Diet.VEGAN], accessibility_needs="Rullstol")
    )
    old_token = make_token("registration", registration.id, registration.link_version)
    old_email = registration.email
    colleague = Person(
        first_name="Kollega",
        last_name="Exempel",
        email="kollega@example.org",
        phone="08-123 456 78",
        organisation_name="Sundsvalls kommun",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
    )
    services.hand_over(registration, colleague)
    db.session.commit()
    assert registration.email == "kollega@example.org"
    assert registration.phone == "+46812345678"
    assert registration.diets == [] and registration.accessibility_needs == ""
    assert registration.link_version == 2
    assert services.registration_from_token(old_token) == (registration, False)
    assert services.registration_from_token(mails.personal_token(registration)) == (
        registration,
        True,
    )
    assert outbox("registration_handed_over", old_email)
    new_mail = outbox("confirmation", "kollega@example.org")[0]
    assert_current_link(new_mail.body_text, registration)
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "registration.handed_over")
    ).one()
    assert entry.details["before"]["email"] == old_email
    assert "Rullstol" not in str(entry.details)


def test_hand_over_refuses_someone_already_registered(make_conference, participant):
    conference = make_conference()
    registration = _register(conference, participant())
    other = _register(conference, participant())
    with pytest.raises(DomainError) as caught:
        services.hand_over(
            registration, Person(first_name="A", last_name="B", email=other.email.upper())
        )
    assert caught.value.field == "email"


def test_confirmation_has_calendar_link_and_qr_code(app, make_conference, participant):
    conference = make_conference(title="Stockholm 2011")
    registration = _register(conference, participant())
    mail = outbox("confirmation", registration.email)[0]
    files = {a.filename: a for a in mail.attachments}
    ics = files[f"{conference.slug}.ics"].data.decode()
    assert "BEGIN:VEVENT" in ics and "SUMMARY:Stockholm 2011" in ics
    assert "TZID=Europe/Stockholm" in ics
    qr = files["checkin-qr.png"].data
    assert qr.startswith(b"\x89PNG")
    url = f"http://localhost/staff/anmalningar/{registration.id}/incheckning"
    assert mails.checkin_url(registration) == url
    assert qr == mails.qr_png(url)
    assert_current_link(mail.body_text, registration)


def test_resend_links_mails_only_current_registrations(make_conference, participant):
    upcoming = make_conference()
    past = make_conference(date=stockholm_today() - timedelta(days=3))
    _register(upcoming, participant(email="many@example.org"))
    past_reg = Registration(
        conference_id=past.id,
        first_name="P",
        last_name="Q",
        email="many@example.org",
        party=Party.CIVIL_SOCIETY,
        org_type=OrganisationType.CIVIL_SOCIETY_ORG,
    )
    db.session.add(past_reg)
    db.session.commit()
    assert services.resend_links("MANY@example.org") == 1
    assert services.resend_links("nobody@example.org") == 0
    assert services.resend_links("x" * 500) == 0


def test_wishes_are_closed_once_the_assignment_is_published(make_conference, participant):
    from okconf.db import utcnow
    from okconf.workshops.models import AssignmentRun

    conference, rounds, workshops = _with_workshops(make_conference)
    first = workshops[rounds[0]]
    wishes = {str(rounds[0].id): [first[0].id]}
    data = participant(workshop_wishes=wishes)
    registration = _register(conference, data)
    db.session.add(
        AssignmentRun(conference_id=conference.id, round_id=rounds[0].id, published_at=utcnow())
    )
    db.session.commit()
    # Unchanged wishes still save (the rest of the details may change) ...
    services.update_details(registration, data)
    # ... changed ones are refused with a reason.
    changed = participant(
        email=registration.email, workshop_wishes={str(rounds[0].id): [first[1].id]}
    )
    with pytest.raises(DomainError, match="published"):
        services.update_details(registration, changed)


def test_the_confirmation_qr_code_opens_the_registrations_own_check_in(
    make_conference, participant, backend
):
    from okconf.mail.models import OutboxMail
    from okconf.mail.services import render

    conference = make_conference()
    registration = _register(conference, participant())
    db.session.commit()
    mail = db.session.scalars(
        select(OutboxMail).where(OutboxMail.recipient == registration.email)
    ).one()
    qr = [a.data for a in render(mail).attachments if a.filename == "checkin-qr.png"]
    # Drawn by the mail worker from the registration's id: it must be the same picture.
    assert qr == [mails.qr_png(mails.checkin_url(registration))]
    assert mails.checkin_url(registration).endswith(
        f"/staff/anmalningar/{registration.id}/incheckning"
    )
