"""Requests, claims, review, budget and payments, against the real database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.errors import Conflict, DomainError, NotAllowed
from okconf.extensions import db
from okconf.mail.models import OutboxMail
from okconf.reimbursements import claims, review, services
from okconf.reimbursements.models import Budget, BudgetAllocation, ClaimState
from okconf.reimbursements.rules import TravelMode
from okconf.vocabulary import OrganisationType, Party

from .conftest import png_bytes, upload


def test_public_sector_official_is_refused_with_a_reason(make_registration, conference):
    official = make_registration(
        conference, party=Party.PUBLIC_SECTOR, org_type=OrganisationType.MUNICIPALITY
    )
    problems = services.eligibility_problems(official)
    assert any("civil-society" in p and "public sector" in p for p in problems)
    with pytest.raises(NotAllowed):
        services.start_claim(official)
    assert services.claim_for(official) is None


def test_non_volunteer_is_refused(make_registration, conference):
    paid = make_registration(conference, is_volunteer=False)
    assert any("volunteer" in p for p in services.eligibility_problems(paid))


def test_request_computes_estimate(make_conference, make_registration):
    future = make_conference(
        date=stockholm_today() + timedelta(days=20), offers_travel_reimbursement=True
    )
    reg = make_registration(future, is_volunteer=True)
    claim = services.submit_request(
        reg,
        wants_travel=True,
        from_town="Östersund",
        est_mode=TravelMode.CAR,
        est_round_trip_km=420,
        est_passengers=2,
    )
    assert claim.state is ClaimState.REQUESTED
    assert claim.estimate_ore == 420 * 250


def test_request_below_minimum_is_refused(make_conference, make_registration):
    future = make_conference(
        date=stockholm_today() + timedelta(days=20), offers_travel_reimbursement=True
    )
    reg = make_registration(future, is_volunteer=True)
    with pytest.raises(DomainError) as error:
        services.submit_request(
            reg, wants_travel=True, est_mode=TravelMode.CAR, est_round_trip_km=80
        )
    assert "80 km" in error.value.message
    db.session.rollback()


def test_request_after_deadline_is_refused(make_conference, make_registration):
    future = make_conference(
        date=stockholm_today() + timedelta(days=20),
        offers_travel_reimbursement=True,
        reimbursement_request_deadline=stockholm_today() - timedelta(days=1),
    )
    reg = make_registration(future, is_volunteer=True)
    with pytest.raises(Conflict):
        services.submit_request(
            reg, wants_travel=True, est_mode=TravelMode.CAR, est_round_trip_km=300
        )


def test_claim_amount_and_passenger_rules(make_claim, make_registration, conference, make_user):
    claim = make_claim()
    assert claim.state is ClaimState.SUBMITTED
    assert claim.claimed_ore == 2 * 210 * 250 == 105000
    passenger = claim.legs[0].passengers[0].registration
    # The passenger cannot claim the same trip.
    own = services.start_claim(passenger)
    claims.add_leg(
        own,
        travel_date=conference.date,
        from_place="Sundsvall",
        to_place="Östersund",
        mode=TravelMode.CAR,
        distance_km=210,
    )
    claims.save_payee(
        own,
        payee_kind=claims.PayeeKind.PERSON,
        payee_name="P",
        account_kind=claims.AccountKind.BANKGIRO,
        account="5050-1055",
    )
    with pytest.raises(NotAllowed) as error:
        claims.submit_claim(own, declared=True, carpool_explanation="Jag körde själv")
    assert "passenger" in error.value.message
    db.session.rollback()


def test_passenger_must_be_registered(make_claim, conference):
    claim = make_claim(submit=False, passengers=False)
    with pytest.raises(DomainError) as error:
        claims.add_leg(
            claim,
            travel_date=conference.date,
            from_place="A",
            to_place="B",
            mode=TravelMode.CAR,
            distance_km=10,
            passenger_emails=["nobody@example.org"],
        )
    assert error.value.field == "passengers"
    db.session.rollback()


def test_car_alone_needs_explanation(make_claim):
    claim = make_claim(submit=False, passengers=False)
    with pytest.raises(DomainError) as error:
        claims.submit_claim(claim, declared=True)
    assert error.value.field == "carpool_explanation"
    db.session.rollback()
    claims.submit_claim(claim, declared=True, carpool_explanation="Ingen annan åkte härifrån.")
    assert claim.state is ClaimState.SUBMITTED


def test_declaration_required(make_claim):
    claim = make_claim(submit=False)
    with pytest.raises(DomainError) as error:
        claims.submit_claim(claim, declared=False)
    assert error.value.field == "declaration"


def test_ticket_needs_receipt_and_parking_is_added(make_claim, conference):
    claim = make_claim(submit=False)
    with pytest.raises(DomainError) as error:
        claims.add_leg(
            claim,
            travel_date=conference.date,
            from_place="A",
            to_place="B",
            mode=TravelMode.TRAIN,
            distance_km=10,
            cost_ore=5000,
        )
    assert error.value.field == "receipt"
    db.session.rollback()
    claims.add_expense(
        claim, description="Parkering", amount_ore=12000, receipt=upload(png_bytes())
    )
    claims.submit_claim(claim, declared=True)
    assert claim.claimed_ore == 105000 + 12000


def test_review_approve_lower_amount_is_audited_and_mailed(make_claim, make_user, budget):
    claim = make_claim()
    reviewer = make_user("reviewer")
    with pytest.raises(DomainError) as error:
        review.approve_claim(claim, reviewer, travel_ore=100000, lost_ore=0)
    assert error.value.field == "reason"
    review.approve_claim(claim, reviewer, travel_ore=100000, lost_ore=0, reason="Kortare väg")
    db.session.commit()
    assert claim.state is ClaimState.APPROVED and claim.approved_ore == 100000
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "reimbursement.approved")
    )
    assert entry.details["before"]["claimed_ore"] == 105000
    assert entry.details["after"]["approved_ore"] == 100000
    subjects = db.session.scalars(
        select(OutboxMail.subject)
        .where(OutboxMail.recipient == claim.registration.email)
        .order_by(OutboxMail.id)
    ).all()
    assert subjects == [
        "We have received your reimbursement claim",
        "Your reimbursement claim is approved",
    ]
    mail = db.session.scalars(
        select(OutboxMail)
        .where(OutboxMail.recipient == claim.registration.email)
        .order_by(OutboxMail.id.desc())
    ).first()
    assert "SEK\xa01,000.00" in mail.body_text and "Kortare väg" in mail.body_text


def test_nobody_decides_their_own_claim(make_claim, make_user, budget):
    claim = make_claim()
    me = make_user("reviewer", email=claim.registration.email.lower())
    with pytest.raises(NotAllowed):
        review.approve_claim(claim, me, travel_ore=105000, lost_ore=0)
    with pytest.raises(NotAllowed):
        review.reject_claim(claim, me, reason="x")


def test_not_checked_in_needs_override(
    make_claim, make_user, budget, make_registration, conference
):
    absent = make_registration(conference, is_volunteer=True)
    claim = make_claim(registration=absent)
    reviewer = make_user("reviewer")
    with pytest.raises(DomainError) as error:
        review.approve_claim(claim, reviewer, travel_ore=105000, lost_ore=0)
    assert error.value.field == "attendance_override"
    review.approve_claim(
        claim,
        reviewer,
        travel_ore=105000,
        lost_ore=0,
        attendance_override="Syns på gruppfotot; glömde checka in.",
    )
    assert claim.state is ClaimState.APPROVED


def test_two_reviewers_above_threshold(make_app, make_claim, make_user, budget):
    claim = make_claim(km=700)  # 2 × 700 × 250 = 3 500 kr > 3 000 kr
    assert claim.claimed_ore == 350000
    first, second = make_user("reviewer"), make_user("reviewer")
    assert review.approve_claim(claim, first, travel_ore=350000, lost_ore=0) is False
    assert claim.state is ClaimState.SUBMITTED and claim.first_approval_by_id == first.id
    with pytest.raises(NotAllowed):
        review.approve_claim(claim, first, travel_ore=350000, lost_ore=0)
    assert review.approve_claim(claim, second, travel_ore=350000, lost_ore=0) is True
    assert claim.state is ClaimState.APPROVED


def test_return_and_resubmit(make_claim, make_user, budget):
    claim = make_claim()
    reviewer = make_user("reviewer")
    with pytest.raises(DomainError):
        review.return_claim(claim, reviewer, reason=" ")
    review.return_claim(claim, reviewer, reason="Kvitto saknas")
    assert claim.state is ClaimState.RETURNED
    claims.submit_claim(claim, declared=True)
    assert claim.state is ClaimState.SUBMITTED


def test_budget_overspend_refused_until_admin_raises_it(make_claim, make_user, conference):
    small = Budget(name="Liten", year=conference.date.year, total_ore=150000)
    db.session.add(small)
    db.session.commit()
    reviewer = make_user("reviewer")
    one, two = make_claim(), make_claim()
    review.approve_claim(one, reviewer, travel_ore=105000, lost_ore=0)
    db.session.commit()
    with pytest.raises(Conflict) as error:
        review.approve_claim(two, reviewer, travel_ore=105000, lost_ore=0)
    assert "SEK\xa0450 remains" in error.value.message
    db.session.rollback()
    from okconf.reimbursements.budget import save_budget

    with pytest.raises(DomainError):  # cannot go below what is committed
        save_budget(small, name="Liten", year=small.year, series_id=None, total_ore=100000)
    db.session.rollback()
    save_budget(small, name="Liten", year=small.year, series_id=None, total_ore=300000)
    db.session.commit()
    review.approve_claim(two, reviewer, travel_ore=105000, lost_ore=0)
    assert two.state is ClaimState.APPROVED


def test_allocation_limits_the_conference(make_claim, make_user, budget, conference):
    db.session.add(BudgetAllocation(budget=budget, conference_id=conference.id, amount_ore=100000))
    db.session.commit()
    claim = make_claim()
    with pytest.raises(Conflict) as error:
        review.approve_claim(claim, make_user("reviewer"), travel_ore=105000, lost_ore=0)
    assert "allocation" in error.value.message


def test_pre_approval_reserves_budget(make_conference, make_registration, make_user, budget):
    future = make_conference(date=budget_date(budget), offers_travel_reimbursement=True)
    reg = make_registration(future, is_volunteer=True)
    claim = services.submit_request(
        reg, wants_travel=True, est_mode=TravelMode.CAR, est_round_trip_km=420, est_passengers=2
    )
    review.decide_request(claim, make_user("reviewer"), approve=True, amount_ore=105000, reason="")
    db.session.commit()
    from okconf.reimbursements.budget import dashboard

    total, _rows = dashboard(budget)
    assert total.pre_approved == 105000
    assert total.remaining == 90_000_000 - 105000
    assert db.session.scalar(select(OutboxMail).where(OutboxMail.recipient == reg.email))


def budget_date(budget):
    """A future day in the budget's year (or the next year's first days, still that year)."""
    day = stockholm_today() + timedelta(days=10)
    return day if day.year == budget.year else date(budget.year, 12, 31)


def test_mark_paid_all_or_nothing(make_claim, make_user, budget):
    reviewer = make_user("reviewer")
    approved, pending = make_claim(), make_claim()
    review.approve_claim(approved, reviewer, travel_ore=105000, lost_ore=0)
    db.session.commit()
    with pytest.raises(Conflict):
        review.mark_paid([approved, pending], reviewer, paid_on=stockholm_today(), reference="B1")
    db.session.rollback()
    assert approved.state is ClaimState.APPROVED and pending.state is ClaimState.SUBMITTED
    assert review.mark_paid([approved], reviewer, paid_on=stockholm_today(), reference="B1") == 1
    assert approved.state is ClaimState.PAID and approved.paid_on == stockholm_today()


def test_lost_earnings_need_document(make_claim, conference):
    from okconf.reimbursements.models import LostEarningsMode

    services.save_rules(
        conference,
        None,
        lost_earnings_mode=LostEarningsMode.HOURLY,
        lost_earnings_hourly_ore=20000,
        lost_earnings_cap_ore=100000,
    )
    claim = make_claim(submit=False)
    claims.save_lost_earnings(claim, wanted=True, minutes=8 * 60)
    with pytest.raises(DomainError) as error:
        claims.submit_claim(claim, declared=True)
    assert error.value.field == "document"
    db.session.rollback()
    claim = db.session.get(type(claim), claim.id)
    claims.save_lost_earnings(claim, wanted=True, minutes=8 * 60, document=upload(png_bytes()))
    claims.submit_claim(claim, declared=True)
    assert claim.claimed_lost_ore == 100000  # 8 × 200 kr capped at 1 000 kr
    assert claim.claimed_ore == 105000 + 100000


def test_checked_in_timestamp_is_used(volunteer):
    assert volunteer.checked_in_at <= datetime.now(UTC)
