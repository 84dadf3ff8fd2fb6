"""Conference rules: saving, slugs, publishing, copying, registration state."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from okconf import clock
from okconf.conferences import programme, services
from okconf.conferences.models import ConferenceState, ItemKind
from okconf.conferences.services import RegistrationState
from okconf.errors import Conflict, DomainError
from okconf.extensions import db
from okconf.registration.models import RegistrationStatus
from okconf.vocabulary import Theme


def koping_values(**overrides):
    values = {
        "title": "Den nationella överenskommelsen inom integrationsområdet",
        "guiding_question": "Hur kan den användas i integrationsarbetet i Mellansverige?",
        "date": date(2012, 12, 10),
        "start_time": time(9, 0),
        "end_time": time(16, 0),
        "venue_name": "Opalen i Folkets hus",
        "street_address": "Karlagatan 2",
        "town": "Köping",
        "registration_deadline": date(2012, 12, 1),
    }
    values.update(overrides)
    return values


def test_slugify_folds_swedish_letters():
    assert services.slugify("Köping 2012") == "koping-2012"
    assert services.slugify("Göteborg – Hammarkullen!") == "goteborg-hammarkullen"
    assert services.slugify("!!!") == "konferens"


def test_new_conference_is_a_draft_with_a_slug_from_town_and_year(app, make_user):
    organiser = make_user("organiser")
    conference = services.save_conference(None, koping_values(), actor=organiser)
    db.session.commit()
    assert conference.slug == "koping-2012"
    assert conference.state is ConferenceState.DRAFT
    # The organiser who creates a conference organises it.
    assert conference.organisers == [organiser]
    second = services.save_conference(None, koping_values(), actor=organiser)
    assert second.slug == "koping-2012-2"


def test_slug_taken_by_another_conference_is_refused_on_the_field(app, make_conference):
    make_conference(slug="ronneby-2013")
    other = make_conference(slug="malmo-2012")
    with pytest.raises(Conflict) as error:
        services.save_conference(other, koping_values(), actor=None, slug="ronneby-2013")
    assert error.value.field == "slug"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_time": time(8, 0)}, "end_time"),
        ({"end_time": time(9, 0)}, "end_time"),
        ({"registration_deadline": date(2012, 12, 11)}, "registration_deadline"),
        ({"cancellation_deadline": date(2012, 12, 12)}, "cancellation_deadline"),
        ({"reimbursement_request_deadline": date(2013, 1, 1)}, "reimbursement_request_deadline"),
        ({"capacity": -1}, "capacity"),
        ({"late_cancellation_fee_ore": -100}, "late_cancellation_fee_ore"),
    ],
)
def test_invitation_rules_name_the_field(app, overrides, field):
    with pytest.raises(DomainError) as error:
        services.save_conference(None, koping_values(**overrides), actor=None)
    assert error.value.field == field


def test_publish_needs_date_times_and_place(app, make_conference):
    conference = make_conference(state=ConferenceState.DRAFT, venue_name="")
    conference.date = None
    with pytest.raises(DomainError) as error:
        services.publish(conference, actor=None)
    assert "venue" in error.value.message and "date" in error.value.message
    assert conference.state is ConferenceState.DRAFT
    conference.venue_name = "Folkets hus"
    conference.date = date(2030, 5, 6)
    services.publish(conference, actor=None)
    assert conference.state is ConferenceState.PUBLISHED
    services.unpublish(conference, actor=None)
    assert conference.state is ConferenceState.DRAFT


def test_series_are_found_by_name_case_insensitively(app):
    first = services.get_or_create_series("Regionala konferenser hösten 2012", 2012)
    again = services.get_or_create_series("regionala konferenser HÖSTEN 2012")
    assert first.id == again.id
    with pytest.raises(DomainError):
        services.get_or_create_series("   ")


def test_copy_takes_programme_workshops_and_hosts_and_clears_dates(
    app, make_conference, make_organisation, make_user
):
    admin = make_user("admin")
    host = make_organisation("SIOS Mellansverige")
    source = make_conference(slug="koping-2012", moderator="Azad Baran")
    source.hosts.append(host)
    source.reimbursement_request_deadline = source.date
    talk = programme.save_item(
        source,
        None,
        kind=ItemKind.SESSION,
        starts_at=time(9, 30),
        ends_at=time(9, 45),
        title="Välkommen",
        speakers=[("Paola Ricci", "ordförande", "SIOS Mellansverige")],
    )
    block = programme.save_item(
        source, None, kind=ItemKind.WORKSHOPS, starts_at=time(14), ends_at=time(15), title="Grupper"
    )
    programme.save_workshop(
        source, None, round_item=block, title="Språk", theme=Theme.LANGUAGE, capacity=20
    )
    db.session.commit()

    copy = services.copy_conference(source, actor=admin)
    db.session.commit()

    assert copy.id != source.id and copy.slug == "koping-2012-kopia"
    assert copy.state is ConferenceState.DRAFT
    assert copy.date is None and copy.registration_deadline is None
    assert copy.cancellation_deadline is None and copy.reimbursement_request_deadline is None
    assert copy.title == source.title and copy.venue_name == source.venue_name
    assert copy.moderator == "Azad Baran"
    assert [h.name for h in copy.hosts] == ["SIOS Mellansverige"]
    assert [i.title for i in copy.programme] == ["Välkommen", "Grupper"]
    assert copy.programme[0].speakers[0].organisation_name == "SIOS Mellansverige"
    assert copy.programme[0].id != talk.id
    # The copied workshop hangs on the copy's own block, not on the source's.
    assert copy.workshops[0].round is copy.programme[1]
    assert copy.workshops[0].theme is Theme.LANGUAGE and copy.workshops[0].capacity == 20
    # The source is untouched.
    assert len(source.programme) == 2 and source.workshops[0].round is block
    assert services.copy_conference(source, actor=admin).slug == "koping-2012-kopia-2"


def test_registration_state(app, make_conference, make_registration):
    today = clock.today()
    conference = make_conference(capacity=2, date=today + timedelta(days=20))
    assert services.registration_state(conference) is RegistrationState.OPEN
    make_registration(conference)
    make_registration(conference, status=RegistrationStatus.CANCELLED)
    make_registration(conference, status=RegistrationStatus.WAITING)
    # Only confirmed registrations take places.
    assert services.registration_state(conference) is RegistrationState.OPEN
    make_registration(conference)
    assert services.registration_state(conference) is RegistrationState.FULL
    conference.capacity = None
    assert services.registration_state(conference) is RegistrationState.OPEN
    # The deadline day itself is still open; the day after is closed.
    conference.registration_deadline = today
    assert services.registration_state(conference) is RegistrationState.OPEN
    conference.registration_deadline = today - timedelta(days=1)
    assert services.registration_state(conference) is RegistrationState.CLOSED
    conference.date = today - timedelta(days=1)
    assert services.registration_state(conference) is RegistrationState.PAST
    draft = make_conference(state=ConferenceState.DRAFT)
    assert services.registration_state(draft) is RegistrationState.CLOSED


def test_public_conferences_hide_drafts_and_split_past_from_upcoming(app, make_conference):
    today = clock.today()
    upcoming = make_conference(date=today + timedelta(days=3))
    past = make_conference(date=date(2011, 11, 25))
    make_conference(state=ConferenceState.DRAFT)
    assert services.public_conferences() == ([upcoming], [past])
    assert services.published_conference(upcoming.slug) is upcoming
    assert services.published_conference("konferens-3") is None


def test_managed_conferences_by_role(app, make_conference, make_user):
    organiser, other, admin = make_user("organiser"), make_user("organiser"), make_user("admin")
    mine = make_conference(organisers=[organiser])
    theirs = make_conference(organisers=[other])
    assert services.managed_conferences(organiser) == [mine]
    assert set(services.managed_conferences(admin)) == {mine, theirs}


def test_raising_capacity_gives_places_to_the_waiting_list_in_order(
    app, make_user, make_conference, make_registration, smtp
):
    from okconf.db import utcnow
    from okconf.mail.models import OutboxMail

    organiser = make_user("organiser")
    conference = make_conference(capacity=1, organisers=[organiser])
    make_registration(conference)
    first = make_registration(
        conference, status=RegistrationStatus.WAITING, waiting_since=utcnow() - timedelta(hours=2)
    )
    second = make_registration(
        conference, status=RegistrationStatus.WAITING, waiting_since=utcnow() - timedelta(hours=1)
    )
    third = make_registration(conference, status=RegistrationStatus.WAITING)
    values = {name: getattr(conference, name) for name in services.INVITATION_FIELDS}
    services.save_conference(conference, {**values, "capacity": 3}, actor=organiser)
    db.session.commit()
    statuses = [db.session.get(type(first), r.id).status for r in (first, second, third)]
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITING,
    ]
    told = {m.recipient for m in db.session.query(OutboxMail).all()}
    assert {first.email, second.email} <= told
    assert third.email not in told


def test_lowering_capacity_moves_nobody(app, make_user, make_conference, make_registration):
    organiser = make_user("organiser")
    conference = make_conference(capacity=5, organisers=[organiser])
    waiting = make_registration(conference, status=RegistrationStatus.WAITING)
    values = {name: getattr(conference, name) for name in services.INVITATION_FIELDS}
    services.save_conference(conference, {**values, "capacity": 4}, actor=organiser)
    db.session.commit()
    assert db.session.get(type(waiting), waiting.id).status is RegistrationStatus.WAITING
