"""Series defaults, the second reviewer over HTTP, passengers, deadlines, real SMTP, SIE text."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.conferences.models import Series
from okconf.errors import Conflict, NotAllowed
from okconf.extensions import db
from okconf.mail.services import send_due_mails
from okconf.reimbursements import claims, review, services, sie
from okconf.reimbursements.models import AccountKind, Claim, ClaimState, PayeeKind
from okconf.reimbursements.rules import TravelMode
from tests.support import mail_text


def test_series_rules_are_the_default(client, make_user, login, make_conference):
    series = Series(name="Hösten 2011", year=2011)
    db.session.add(series)
    db.session.commit()
    conference = make_conference(series_id=series.id, offers_travel_reimbursement=True)
    login(make_user("admin"))
    response = client.post(
        f"/staff/ersattning/serie/{series.id}/regler",
        data={
            "car_rate": "1,85",
            "carpooling_expected": "y",
            "lost_earnings_mode": "fixed",
            "fixed": "500",
            "claim_deadline_days": "14",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rules = services.effective_rules(conference)
    assert rules.car_rate_ore_per_km == 185 and rules.lost_earnings_fixed_ore == 50000
    assert services.claim_deadline(conference) == conference.date + timedelta(days=14)
    # A conference's own rules win over the series'.
    services.save_rules(conference, None, car_rate_ore_per_km=250)
    assert services.effective_rules(conference).car_rate_ore_per_km == 250


def test_series_rules_only_for_admins(client, make_user, login):
    series = Series(name="Serie", year=2012)
    db.session.add(series)
    db.session.commit()
    login(make_user("organiser"))
    assert client.get(f"/staff/ersattning/serie/{series.id}/regler").status_code == 403


def test_second_reviewer_required_over_http(app, make_claim, make_user, login, budget):
    claim = make_claim(km=700)
    first, second = make_user("reviewer"), make_user("reviewer")
    one, two = app.test_client(), app.test_client()
    login(first, the_client=one)
    login(second, the_client=two)
    data = {"action": "approve", "travel": "3500"}
    assert one.post(f"/staff/ersattning/{claim.id}/beslut", data=data).status_code == 302
    assert db.session.get(Claim, claim.id).state is ClaimState.SUBMITTED
    again = one.post(f"/staff/ersattning/{claim.id}/beslut", data=data)
    assert again.status_code == 422 and "second, different reviewer" in again.get_data(as_text=True)
    assert two.post(f"/staff/ersattning/{claim.id}/beslut", data=data).status_code == 302
    claim = db.session.get(Claim, claim.id)
    assert claim.state is ClaimState.APPROVED and claim.first_approval_by_id == first.id
    assert claim.decided_by_id == second.id


def test_driver_cannot_list_a_passenger_who_claims_the_trip(
    make_claim, make_registration, conference
):
    rider = make_registration(conference, is_volunteer=True)
    theirs = make_claim(registration=rider, passengers=False, submit=False)
    claims.submit_claim(theirs, declared=True, carpool_explanation="Körde ensam")
    db.session.commit()
    mine = make_claim(submit=False, passengers=False)
    claims.add_leg(
        mine,
        travel_date=conference.date,
        from_place="sundsvall ",
        to_place="Östersund",
        mode=TravelMode.CAR,
        distance_km=1,
        passenger_emails=[rider.email],
    )
    with pytest.raises(NotAllowed) as error:
        claims.submit_claim(mine, declared=True)
    assert rider.full_name in error.value.message


def test_claim_deadline_and_not_before_the_conference(
    make_claim, conference, make_conference, make_registration
):
    claim = make_claim(submit=False)
    conference.date = stockholm_today() - timedelta(days=31)
    db.session.commit()
    with pytest.raises(Conflict):
        claims.submit_claim(claim, declared=True)
    db.session.rollback()
    future = make_conference(
        date=stockholm_today() + timedelta(days=3), offers_travel_reimbursement=True
    )
    early = services.start_claim(make_registration(future, is_volunteer=True))
    claims.save_payee(
        early,
        payee_kind=PayeeKind.PERSON,
        payee_name="E",
        account_kind=AccountKind.PLUSGIRO,
        account="900122-3",
    )
    with pytest.raises(Conflict):
        claims.submit_claim(early, declared=True)


def test_claimant_receives_decision_over_smtp(smtp, make_claim, make_user, budget):
    claim = make_claim()
    review.reject_claim(claim, make_user("reviewer"), reason="Resan gjordes inte till konferensen.")
    db.session.commit()
    assert send_due_mails()["sent"] == 2  # the receipt of the claim, then the decision
    message = smtp.messages[-1]
    assert message["To"] == claim.registration.email
    body = mail_text(message)
    assert "Resan gjordes inte" in body


def test_withdraw_through_the_page(client, volunteer):
    from okconf.accounts.links import make_token

    token = make_token("registration", volunteer.id, volunteer.link_version)
    client.get(f"/anmalan/{token}/ersattning/redovisning")  # a draft claim
    claim = db.session.scalar(select(Claim))
    assert claim.state is ClaimState.DRAFT
    assert client.post(f"/anmalan/{token}/ersattning/aterkalla").status_code == 302
    assert db.session.get(Claim, claim.id).state is ClaimState.WITHDRAWN
    # A withdrawn claim cannot be changed any more.
    response = client.post(
        f"/anmalan/{token}/ersattning/redovisning/kostnad", data={"description": "x", "amount": "1"}
    )
    assert response.status_code == 422


def test_sie_text_is_cp437_with_escaped_quotes(plain_app):
    claim = SimpleNamespace(
        id=7,
        paid_on=date(2011, 12, 20),
        payment_reference='B "1"',
        registration=SimpleNamespace(full_name="Åsa Öberg"),
        conference=SimpleNamespace(title="Sundsvall 2011"),
        approved_travel_ore=77700,
        approved_lost_ore=50050,
        approved_ore=127750,
    )
    data = sie.export([claim], year=2011, generated=date(2012, 1, 5))
    assert "Åsa Öberg".encode("cp437") in data
    assert b"#RAR 0 20110101 20111231" in data and b"#GEN 20120105" in data
    parsed = sie.parse(data)
    [voucher] = parsed["vouchers"]
    assert voucher["date"] == "20111220" and 'B "1"' in voucher["text"]
    assert voucher["trans"] == [("5800", 77700), ("7690", 50050), ("1930", -127750)]
