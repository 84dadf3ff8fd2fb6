"""The confirmed-places counter always equals the live count; one active registration per
address is the database's rule too."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError

from okconf.errors import DomainError
from okconf.extensions import db
from okconf.registration import services
from okconf.registration.models import ConferencePlaces, Registration, RegistrationStatus
from okconf.registration.rules import Person
from okconf.vocabulary import OrganisationType, Party
from tests.registration.conftest import outbox


def live(conference_id: int) -> int:
    """Confirmed places on site, counted: each confirmed registration on site and its
    companion who takes a place of their own (companion_places)."""
    return db.session.scalar(
        select(func.coalesce(func.sum(1 + Registration.companion_places), 0))
        .select_from(Registration)
        .where(
            Registration.conference_id == conference_id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.attendance == "on_site",
        )
    )


def counter(conference_id: int) -> tuple[int | None, int]:
    """(capacity, confirmed) as conference_places holds them, read from the database."""
    row = db.session.execute(
        text("SELECT capacity, confirmed FROM conference_places WHERE conference_id = :c"),
        {"c": conference_id},
    ).one()
    return row.capacity, row.confirmed


def assert_true(conference) -> None:
    """The counter row agrees with the live count and with the conference's capacity."""
    db.session.commit()
    capacity = db.session.scalar(
        text("SELECT capacity FROM conferences WHERE id = :c"), {"c": conference.id}
    )
    assert counter(conference.id) == (capacity, live(conference.id))


def test_every_status_change_moves_the_counter(make_conference, make_registration, participant):
    from okconf.attendees.desk import register_walk_in
    from okconf.privacy.retention import anonymise, purge

    conference = make_conference(capacity=2)
    assert counter(conference.id) == (2, 0)  # created with the conference
    first = services.register(conference, participant())
    assert_true(conference)
    second = services.register(conference, participant())
    waiting = [services.register(conference, participant()) for _ in range(3)]
    assert_true(conference)
    assert counter(conference.id) == (2, 2)
    # hand-over: the place changes hands, the count does not
    services.hand_over(second, Person(first_name="K", last_name="E", email="kollega@example.org"))
    assert_true(conference)
    # a participant cancels: the first waiting is promoted
    promoted = services.cancel(first)
    assert [r.id for r in promoted] == [waiting[0].id]
    assert_true(conference)
    # an organiser removes someone (staff cancellation), then the queue moves up
    services.cancel(second, by_staff=True)
    assert_true(conference)
    # an organiser promotes over capacity
    services.promote(waiting[2], override_capacity=True)
    assert_true(conference)
    assert counter(conference.id) == (2, 3)
    # capacity raised: the queue moves up (nobody is waiting now); lowered: nobody is demoted
    conference.capacity = 5
    db.session.flush()
    services.free_place(conference)
    assert_true(conference)
    conference.capacity = 1
    assert_true(conference)
    # a walk-in at the door, over capacity
    register_walk_in(
        conference,
        first_name="Dörr",
        last_name="Gäst",
        party=Party.CIVIL_SOCIETY,
        org_type=OrganisationType.CIVIL_SOCIETY_ORG,
    )
    assert_true(conference)
    # test factories and direct writes count too
    made = make_registration(conference)
    make_registration(conference, status=RegistrationStatus.WAITING)
    assert_true(conference)
    db.session.execute(
        update(Registration)
        .where(Registration.id == made.id)
        .values(status=RegistrationStatus.CANCELLED)
    )
    assert_true(conference)
    db.session.execute(delete(Registration).where(Registration.id == waiting[1].id))
    assert_true(conference)
    # purge and anonymisation keep the places (statistics need them)
    ids = list(db.session.scalars(select(Registration.id)))
    anonymise(ids)
    assert_true(conference)
    purge()
    assert_true(conference)
    assert counter(conference.id)[1] == 3


def test_unlimited_conference_and_raised_capacity(make_conference, participant):
    conference = make_conference(capacity=None)
    assert counter(conference.id) == (None, 0)
    for _ in range(3):
        services.register(conference, participant())
    assert_true(conference)
    assert counter(conference.id) == (None, 3)


def test_the_counter_can_never_go_below_zero(make_conference):
    conference = make_conference()
    with pytest.raises(IntegrityError):
        db.session.execute(
            update(ConferencePlaces)
            .where(ConferencePlaces.conference_id == conference.id)
            .values(confirmed=-1)
        )
        db.session.flush()
    db.session.rollback()


def test_deleting_a_conference_deletes_its_row(make_conference, make_registration):
    from okconf.conferences.models import Conference

    conference = make_conference()
    make_registration(conference)
    db.session.execute(delete(Conference).where(Conference.id == conference.id))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(ConferencePlaces)) == 0


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "register",
                "register_pair",
                "cancel",
                "remove",
                "promote",
                "capacity",
                "hand_over",
                "add_companion",
                "drop_companion",
                "companion_rule",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
# Found by the search: a pair waits for two places while one is free; once the companion goes
# (handed over to a colleague, or removed), the one left fits and must not keep waiting.
@example(
    operations=[("register", 0)] * 4 + [("register_pair", 0), ("capacity", 5), ("hand_over", 4)]
)
@example(
    operations=[("register", 0)] * 4
    + [("register_pair", 0), ("capacity", 5), ("drop_companion", 4)]
)
def test_any_sequence_keeps_the_counter_true(make_conference, participant, operations):
    from okconf.companions import services as companions
    from okconf.companions.services import CompanionData

    conference = make_conference(capacity=3, companions_allowed=True, companions_take_places=True)
    for operation, n in operations:
        active = db.session.scalars(
            select(Registration)
            .where(
                Registration.conference_id == conference.id,
                Registration.status != RegistrationStatus.CANCELLED,
            )
            .order_by(Registration.id)
        ).all()
        chosen = active[n % len(active)] if active else None
        try:
            if operation == "register":
                services.register(conference, participant())
            elif operation == "register_pair":
                companion = CompanionData(name=f"Ledsagare {n}")
                pair = participant(
                    companion_places=companions.places_of_companion(conference),
                    extra={"companion": companion},
                )
                services.register(conference, pair)
            elif operation == "add_companion" and chosen:
                companions.save(chosen, CompanionData(name=f"L {n}"), by_staff=True)
            elif operation == "drop_companion" and chosen:
                companions.remove(chosen, by_staff=True)
            elif operation == "companion_rule":
                conference.companions_take_places = not conference.companions_take_places
                db.session.flush()
                companions.recount(conference)
            elif operation == "cancel" and chosen:
                services.cancel(chosen)
            elif operation == "remove" and chosen:
                services.cancel(chosen, by_staff=True)
            elif operation == "promote" and chosen:
                services.promote(chosen, override_capacity=n % 2 == 0)
            elif operation == "capacity":
                before = conference.capacity
                conference.capacity = n % 7
                db.session.flush()
                if conference.capacity > before:
                    services.free_place(conference)
            elif operation == "hand_over" and chosen:
                services.hand_over(
                    chosen, Person(first_name="K", last_name="E", email=f"k{n}x{chosen.id}@ex.se")
                )
        except DomainError:
            db.session.rollback()
        assert_true(conference)
        capacity, confirmed = counter(conference.id)
        smallest = db.session.scalar(
            select(func.min(1 + Registration.companion_places)).where(
                Registration.conference_id == conference.id,
                Registration.status == RegistrationStatus.WAITING,
            )
        )
        # nobody waits who fits in the free places (places given by an organiser's override
        # aside; a pair needs two)
        assert not (smallest is not None and confirmed + smallest <= capacity)


# --- one active registration per address ------------------------------------------------------


def test_the_database_refuses_a_second_active_registration(make_conference, make_registration):
    conference = make_conference()
    make_registration(conference, email="dubbel@example.org")
    with pytest.raises(IntegrityError):
        make_registration(conference, email="Dubbel@Example.org")
    db.session.rollback()
    # cancelled ones, other conferences and registrations without an address do not count
    make_registration(conference, email="ny@example.org", status=RegistrationStatus.CANCELLED)
    make_registration(conference, email="ny@example.org")
    make_registration(make_conference(), email="dubbel@example.org")
    make_registration(conference, email="")
    make_registration(conference, email="")


def test_a_duplicate_the_lock_did_not_see_is_already_registered(
    make_conference, make_registration, participant
):
    """A registration made outside the lock (here: written directly) is still found: the
    unique index refuses the insert and the person gets their link, in a usable transaction."""
    conference = make_conference()
    existing = make_registration(conference, email="forst@example.org")
    registration, created = services.submit_public(
        conference, participant(email="FORST@example.org")
    )
    db.session.commit()
    assert (registration.id, created) == (existing.id, False)
    assert len(outbox("registration_link", "forst@example.org")) == 1
    assert_true(conference)


def test_walk_in_with_a_registered_address_is_refused(make_conference, make_registration):
    from okconf.attendees.desk import register_walk_in

    conference = make_conference()
    make_registration(conference, email="redan@example.org")
    with pytest.raises(DomainError) as caught:
        register_walk_in(
            conference,
            first_name="Redan",
            last_name="Här",
            email="Redan@example.org",
            party=Party.CIVIL_SOCIETY,
            org_type=OrganisationType.CIVIL_SOCIETY_ORG,
        )
    assert caught.value.field == "email"
    db.session.rollback()


def test_changing_to_an_address_taken_meanwhile_is_a_field_error(
    make_conference, participant, monkeypatch
):
    """The check before the update misses an address registered meanwhile; the index
    refuses it and the participant reads why beside the field."""
    conference = make_conference()
    mine = services.register(conference, participant())
    services.register(conference, participant(email="tagen@example.org"))
    db.session.commit()
    monkeypatch.setattr(services, "find_active", lambda *_args: None)
    with pytest.raises(DomainError) as caught:
        services.update_details(mine, participant(email="tagen@example.org"), by_staff=True)
    assert caught.value.field == "email"
    db.session.rollback()


def test_handing_over_to_an_address_taken_meanwhile_is_a_field_error(
    make_conference, participant, monkeypatch
):
    conference = make_conference()
    mine = services.register(conference, participant())
    services.register(conference, participant(email="kollega@example.org"))
    db.session.commit()
    monkeypatch.setattr(services, "find_active", lambda *_args: None)
    with pytest.raises(DomainError) as caught:
        services.hand_over(mine, Person(first_name="K", last_name="E", email="kollega@example.org"))
    assert caught.value.field == "email"
    db.session.rollback()
    assert_true(conference)


# --- companions who take a place of their own ---------------------------------------------------


def test_companions_count_when_they_take_places(make_conference, participant):
    """A pair needs two places, else waits together; a place freed goes to the first who fits;
    cancelling, handing over and removing the companion free their place."""
    from okconf.companions import services as companions
    from okconf.companions.services import CompanionData

    conference = make_conference(capacity=3, companions_allowed=True, companions_take_places=True)

    def pair():
        return participant(companion_places=1, extra={"companion": CompanionData(name="L")})

    first = services.register(conference, pair())
    assert first.status is RegistrationStatus.CONFIRMED
    assert counter(conference.id) == (3, 2)
    second = services.register(conference, pair())  # one place left: the pair waits
    assert second.status is RegistrationStatus.WAITING
    single = services.register(conference, participant())  # one fits
    assert single.status is RegistrationStatus.CONFIRMED
    assert_true(conference)
    late = services.register(conference, participant())
    assert late.status is RegistrationStatus.WAITING
    # the single cancels: one place, the pair keeps its position, the next single gets it
    assert services.cancel(single) == [late]
    assert second.status is RegistrationStatus.WAITING
    assert_true(conference)
    # the first pair's companion stays at home: the place goes to... nobody who fits (a pair)
    assert companions.remove(first, by_staff=True) == []
    assert counter(conference.id) == (3, 2)
    # the first hands over: the companion does not pass, the count stays
    companions.save(first, CompanionData(name="Ny"), by_staff=True)
    assert counter(conference.id) == (3, 3)
    services.hand_over(first, Person(first_name="K", last_name="E", email="kollega@example.org"))
    assert companions.companion_of(first) is None
    assert first.companion_places == 0
    assert_true(conference)
    # a cancellation frees two places: the waiting pair moves up together
    services.cancel(late)
    assert second.status is RegistrationStatus.CONFIRMED
    assert counter(conference.id) == (3, 3)
    assert_true(conference)
    # the organiser decides companions come in addition: the pair counts 1
    conference.companions_take_places = False
    db.session.flush()
    companions.recount(conference)
    assert counter(conference.id) == (3, 2)
    assert_true(conference)


def test_companions_who_take_no_place_are_not_counted(make_conference, participant):
    from okconf.companions.services import CompanionData

    conference = make_conference(capacity=1, companions_allowed=True)
    data = participant(companion_places=0, extra={"companion": CompanionData(name="L")})
    registration = services.register(conference, data)
    assert registration.status is RegistrationStatus.CONFIRMED
    assert registration.companion is not None
    assert counter(conference.id) == (1, 1)
    assert_true(conference)


def test_both_pools_are_counted_apart(make_conference, make_registration, participant):
    """A hybrid conference: on-site places in `confirmed`, online ones in `online_confirmed`,
    also when a registration switches pool, by the service or by a direct write."""
    from okconf.registration import attendance
    from okconf.registration.models import Attendance

    def pools(conference_id):
        row = db.session.execute(
            text(
                "SELECT capacity, confirmed, online_capacity, online_confirmed "
                "FROM conference_places WHERE conference_id = :c"
            ),
            {"c": conference_id},
        ).one()
        return tuple(row)

    def live_pools(conference_id):
        db.session.commit()
        rows = db.session.execute(
            select(Registration.attendance, func.count())
            .where(
                Registration.conference_id == conference_id,
                Registration.status == RegistrationStatus.CONFIRMED,
            )
            .group_by(Registration.attendance)
        ).all()
        found = {str(a): n for a, n in rows}
        return found.get("on_site", 0), found.get("online", 0)

    def assert_pools(conference):
        on_site, online = live_pools(conference.id)
        assert pools(conference.id) == (
            conference.capacity,
            on_site,
            conference.online_capacity,
            online,
        )

    conference = make_conference(capacity=2, online_capacity=1)
    assert pools(conference.id) == (2, 0, 1, 0)
    online = services.register(conference, participant(attendance=Attendance.ONLINE))
    on_site = services.register(conference, participant())
    waiting_online = services.register(conference, participant(attendance=Attendance.ONLINE))
    assert waiting_online.status is RegistrationStatus.WAITING
    assert_pools(conference)
    assert pools(conference.id) == (2, 1, 1, 1)
    # a switch moves the place from one pool to the other, and the online queue moves up
    promoted = attendance.switch(online)
    assert [r.id for r in promoted] == [waiting_online.id]
    assert_pools(conference)
    assert pools(conference.id) == (2, 2, 1, 1)
    # cancellation and promotion over capacity in the online pool
    services.cancel(waiting_online)
    late = services.register(conference, participant(attendance=Attendance.ONLINE))
    services.promote(
        services.register(conference, participant(attendance=Attendance.ONLINE)),
        override_capacity=True,
    )
    assert late.status is RegistrationStatus.CONFIRMED
    assert_pools(conference)
    # direct writes: attendance changed, status changed, a row deleted; capacities changed
    db.session.execute(
        update(Registration)
        .where(Registration.id == on_site.id)
        .values(attendance=Attendance.ONLINE)
    )
    assert_pools(conference)
    db.session.execute(
        update(Registration)
        .where(Registration.id == on_site.id)
        .values(status=RegistrationStatus.CANCELLED, attendance=Attendance.ON_SITE)
    )
    assert_pools(conference)
    db.session.execute(delete(Registration).where(Registration.id == late.id))
    assert_pools(conference)
    conference.online_capacity = 5
    conference.capacity = 3
    assert_pools(conference)
    made = make_registration(conference, attendance=Attendance.ONLINE)
    assert_pools(conference)
    assert pools(conference.id)[3] == 2
    db.session.delete(made)
    assert_pools(conference)


def test_a_waiting_pair_handed_over_into_a_free_place_gets_one_mail(make_conference, participant):
    """The companion does not pass to the colleague, so the colleague alone fits in the place
    that stood free for the pair: one mail tells them they have it, not a promotion and a
    confirmation."""
    from okconf.companions.services import CompanionData
    from okconf.mail.models import OutboxMail

    conference = make_conference(capacity=2, companions_allowed=True, companions_take_places=True)
    services.register(conference, participant())
    pair = services.register(
        conference, participant(companion_places=1, extra={"companion": CompanionData(name="L")})
    )
    assert pair.status is RegistrationStatus.WAITING
    services.hand_over(pair, Person(first_name="K", last_name="E", email="kollega@example.org"))
    db.session.commit()
    assert pair.status is RegistrationStatus.CONFIRMED
    mails = db.session.scalars(
        select(OutboxMail).where(OutboxMail.recipient == "kollega@example.org")
    ).all()
    assert [(m.kind, m.params.get("template")) for m in mails] == [("confirmation", "promoted")]
    assert_true(conference)
