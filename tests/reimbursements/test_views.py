"""The participant's pages through the personal link, and the staff pages, over HTTP."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from okconf.accounts.links import make_token
from okconf.audit.models import AuditEntry
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.reimbursements.models import Budget, Claim, ClaimState
from okconf.vocabulary import OrganisationType, Party

from .conftest import png_bytes


def token_of(registration):
    return make_token("registration", registration.id, registration.link_version)


def test_forged_or_old_link_is_404(client, volunteer):
    assert client.get("/anmalan/not-a-token/ersattning").status_code == 404
    old = make_token("registration", volunteer.id, volunteer.link_version)
    volunteer.link_version += 1
    db.session.commit()
    assert client.get(f"/anmalan/{old}/ersattning").status_code == 404


def test_public_sector_official_sees_the_reason(client, make_registration, conference):
    official = make_registration(
        conference, party=Party.PUBLIC_SECTOR, org_type=OrganisationType.MUNICIPALITY
    )
    page = client.get(f"/anmalan/{token_of(official)}/ersattning").get_data(as_text=True)
    assert "civil-society" in page and "not-eligible" in page
    response = client.get(f"/anmalan/{token_of(official)}/ersattning/redovisning")
    assert response.status_code == 302
    assert db.session.scalar(select(Claim)) is None


def test_claim_through_the_pages(client, volunteer, make_registration, conference):
    token = token_of(volunteer)
    passenger = make_registration(conference, is_volunteer=True, email="pass@example.org")
    base = f"/anmalan/{token}/ersattning/redovisning"
    assert client.get(base).status_code == 200
    # A form error is shown beside its field, never a 500.
    bad = client.post(base + "/resa", data={"travel_date": "", "mode": "car"})
    assert bad.status_code == 422 and "Give the date." in bad.get_data(as_text=True)
    for a, b in (("Östersund", "Sundsvall"), ("Sundsvall", "Östersund")):
        response = client.post(
            base + "/resa",
            data={
                "travel_date": conference.date.isoformat(),
                "from_place": a,
                "to_place": b,
                "mode": "car",
                "distance_km": "210",
                "passengers": passenger.email,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    fake = client.post(
        base + "/kostnad",
        data={
            "description": "Parkering",
            "amount": "120",
            "receipt": (io.BytesIO(b"just text"), "kvitto.png"),
        },
        content_type="multipart/form-data",
    )
    assert fake.status_code == 422 and "PDF, JPEG or PNG" in fake.get_data(as_text=True)
    ok = client.post(
        base + "/kostnad",
        data={
            "description": "Parkering",
            "amount": "120",
            "receipt": (io.BytesIO(png_bytes()), "kvitto.png"),
        },
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    wrong_account = client.post(
        base + "/betalning",
        data={
            "payee_kind": "person",
            "payee_name": "Vera Volontär",
            "account_kind": "se_account",
            "clearing": "5839",
            "account": "8257467",
        },
    )
    assert wrong_account.status_code == 422
    assert "check digit" in wrong_account.get_data(as_text=True)
    client.post(
        base + "/betalning",
        data={
            "payee_kind": "person",
            "payee_name": "Vera Volontär",
            "account_kind": "se_account",
            "clearing": "5839",
            "account": "8257466",
        },
    )
    review_page = client.get(base + "/granska").get_data(as_text=True)
    assert "SEK\xa01,170.00" in review_page  # 420 km × 2,50 kr + 120 kr parking
    refused = client.post(base + "/granska", data={})
    assert refused.status_code == 422
    sent = client.post(base + "/granska", data={"declaration": "y"})
    assert sent.status_code == 302
    claim = db.session.scalar(select(Claim))
    assert claim.state is ClaimState.SUBMITTED and claim.claimed_ore == 117000


@pytest.fixture
def claim_with_receipt(client, volunteer):
    token = token_of(volunteer)
    client.get(f"/anmalan/{token}/ersattning/redovisning")
    client.post(
        f"/anmalan/{token}/ersattning/redovisning/kostnad",
        data={
            "description": "Parkering",
            "amount": "120",
            "receipt": (io.BytesIO(png_bytes()), "kvitto.png"),
        },
        content_type="multipart/form-data",
    )
    claim = db.session.scalar(select(Claim))
    return claim, token


def test_claimant_gets_own_receipt_only(client, claim_with_receipt, make_registration, conference):
    claim, token = claim_with_receipt
    receipt_id = claim.receipts[0].id
    response = client.get(f"/anmalan/{token}/ersattning/kvitto/{receipt_id}")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.data == png_bytes()
    other = make_registration(conference, is_volunteer=True)
    assert (
        client.get(f"/anmalan/{token_of(other)}/ersattning/kvitto/{receipt_id}").status_code == 404
    )


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 403), ("organiser", 403), ("reviewer", 200), ("admin", 200)]
)
def test_receipt_for_staff(client, claim_with_receipt, make_user, login, role, status):
    claim, _token = claim_with_receipt
    login(make_user(role))
    response = client.get(f"/staff/ersattning/kvitto/{claim.receipts[0].id}")
    assert response.status_code == status
    opened = db.session.scalar(
        select(AuditEntry).where(AuditEntry.action == "reimbursement.receipt_opened")
    )
    assert (opened is not None) == (status == 200)


def test_anonymous_staff_pages_need_sign_in(client):
    for path in (
        "/staff/ersattning",
        "/staff/ersattning/budget",
        "/staff/ersattning/utbetalning",
        "/staff/ersattning/kvitto/1",
    ):
        assert client.get(path).status_code == 302


@pytest.mark.parametrize(
    ("role", "status"), [("reader", 403), ("organiser", 403), ("reviewer", 200)]
)
def test_queue_and_claim_page_access(client, make_claim, make_user, login, role, status):
    claim = make_claim()
    login(make_user(role))
    assert client.get("/staff/ersattning").status_code == status
    assert client.get(f"/staff/ersattning/{claim.id}").status_code == status


def test_reader_sees_budget_but_cannot_create_one(client, make_user, login, budget):
    login(make_user("reader"))
    assert client.get("/staff/ersattning/budget").status_code == 200
    response = client.post(
        "/staff/ersattning/budget",
        data={"budget-name": "X", "budget-year": "2030", "budget-total": "1"},
    )
    assert response.status_code == 403


def test_review_and_pay_and_export(client, make_claim, make_user, login, budget):
    from okconf.reimbursements import sie

    claim = make_claim()
    login(make_user("reviewer"))
    response = client.post(
        f"/staff/ersattning/{claim.id}/beslut",
        data={"action": "approve", "travel": "1000", "reason": "Kortare väg enligt karta"},
    )
    assert response.status_code == 302
    client.post(
        "/staff/ersattning/utbetalning",
        data={
            "claim_ids": [str(claim.id)],
            "paid_on": stockholm_today().isoformat(),
            "reference": "Batch 7",
        },
    )
    claim = db.session.get(Claim, claim.id)
    assert claim.state is ClaimState.PAID and claim.payment_reference == "Batch 7"
    page = client.get(f"/staff/ersattning/{claim.id}").get_data(as_text=True)
    assert 'id="paid-on"' in page and "Batch 7" in page and "Decided by" in page  # an English user
    data = client.get(f"/staff/ersattning/utbetalning/sie/{stockholm_today().year}").data
    parsed = sie.parse(data)
    assert parsed["header"]["#SIETYP"] == ["4"] and parsed["header"]["#FORMAT"] == ["PC8"]
    assert parsed["accounts"]["5800"] == "Resekostnader"
    [voucher] = parsed["vouchers"]
    assert voucher["trans"] == [("5800", 100000), ("1930", -100000)]
    assert sum(amount for _account, amount in voucher["trans"]) == 0
    assert claim.registration.full_name in voucher["text"]
    csv_text = client.get("/staff/ersattning/utbetalning/lista.csv").data.decode("utf-8-sig")
    assert "1000.00" in csv_text and "8257466" in csv_text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/staff/ersattning/utbetalning/lista.xlsx").data))
    rows = list(book.active.values)
    assert float(rows[1][7]) == 1000.0


def test_decision_form_errors_are_readable(client, make_claim, make_user, login, budget):
    claim = make_claim()
    login(make_user("reviewer"))
    response = client.post(
        f"/staff/ersattning/{claim.id}/beslut", data={"action": "reject", "reason": ""}
    )
    assert response.status_code == 422
    assert "Give the reason" in response.get_data(as_text=True)
    response = client.post(
        f"/staff/ersattning/{claim.id}/beslut", data={"action": "approve", "travel": "abc"}
    )
    assert response.status_code == 422
    assert "kronor" in response.get_data(as_text=True)


def test_organiser_sets_rules_of_own_conference_only(
    client, make_user, login, make_conference, conference
):
    organiser = make_user("organiser")
    own = make_conference(organisers=[organiser])
    login(organiser)
    assert client.get(f"/staff/konferenser/{conference.id}/ersattningsregler").status_code == 403
    response = client.post(
        f"/staff/konferenser/{own.id}/ersattningsregler",
        data={
            "offers_travel": "y",
            "min_round_trip_km": "80",
            "car_rate": "1,85",
            "carpooling_expected": "y",
            "lost_earnings_mode": "hourly",
            "hourly": "150",
            "cap": "1000",
            "fixed": "",
            "claim_deadline_days": "21",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    from okconf.conferences.models import Conference
    from okconf.reimbursements.services import claim_deadline, effective_rules

    own = db.session.get(Conference, own.id)
    rules = effective_rules(own)
    assert own.min_round_trip_km == 80 and rules.car_rate_ore_per_km == 185
    assert rules.lost_earnings_hourly_ore == 15000 and rules.lost_earnings_cap_ore == 100000
    assert (claim_deadline(own) - own.date).days == 21


def test_own_claim_shows_no_decision_form(client, make_claim, make_user, login, budget):
    claim = make_claim()
    me = make_user("reviewer", email=claim.registration.email.lower())
    login(me)
    page = client.get(f"/staff/ersattning/{claim.id}").get_data(as_text=True)
    assert "your own claim" in page
    response = client.post(
        f"/staff/ersattning/{claim.id}/beslut", data={"action": "approve", "travel": "1050"}
    )
    assert response.status_code == 422
    assert db.session.get(Claim, claim.id).state is ClaimState.SUBMITTED


def test_queue_filters(client, make_claim, make_user, login, conference):
    small, big = make_claim(km=60), make_claim(km=400)
    login(make_user("reviewer"))
    page = client.get("/staff/ersattning", query_string={"min_amount": "1000"}).get_data(
        as_text=True
    )
    assert f'/staff/ersattning/{big.id}"' in page and f'/staff/ersattning/{small.id}"' not in page
    page = client.get("/staff/ersattning", query_string={"state": "approved"}).get_data(
        as_text=True
    )
    assert f'/staff/ersattning/{big.id}"' not in page
    for bad in ({"state": "bogus"}, {"conference": "x"}, {"max_amount": "lots"}):
        assert client.get("/staff/ersattning", query_string=bad).status_code == 200


def test_admin_creates_raises_and_allocates(client, make_user, login, conference):
    login(make_user("admin"))
    response = client.post(
        "/staff/ersattning/budget",
        data={
            "budget-name": "Uppföljning",
            "budget-year": str(conference.date.year),
            "budget-total": "900 000",
        },
    )
    assert response.status_code == 302
    budget = db.session.scalar(select(Budget))
    assert budget.total_ore == 90_000_000
    again = client.post(
        "/staff/ersattning/budget",
        data={"budget-name": "Igen", "budget-year": str(conference.date.year), "budget-total": "1"},
    )
    assert again.status_code == 422 and "already a budget" in again.get_data(as_text=True)
    response = client.post(
        f"/staff/ersattning/budget/{budget.id}",
        data={"alloc-conference_id": str(conference.id), "alloc-amount": "150 000"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/staff/ersattning/budget/{budget.id}",
        data={
            "budget-name": "Uppföljning",
            "budget-year": str(conference.date.year),
            "budget-total": "950 000",
        },
    )
    assert response.status_code == 302
    budget = db.session.get(Budget, budget.id)
    assert budget.total_ore == 95_000_000
    assert budget.allocations[0].amount_ore == 15_000_000
    page = client.get("/staff/ersattning/budget").get_data(as_text=True)
    assert "SEK\xa0150,000" in page and "SEK\xa0950,000" in page


def test_claim_forms_work_with_csrf(make_app, volunteer):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    web = csrf_app.test_client()
    base = f"/anmalan/{token_of(volunteer)}/ersattning/redovisning"
    db.session.commit()
    page = web.get(base).get_data(as_text=True)
    import re

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    refused = web.post(base + "/kostnad", data={"description": "Parkering", "amount": "120"})
    assert refused.status_code == 400
    accepted = web.post(
        base + "/kostnad",
        data={
            "csrf_token": token,
            "description": "Parkering",
            "amount": "120",
            "receipt": (io.BytesIO(png_bytes()), "p.png"),
        },
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 302
    db.session.expire_all()
    claim = db.session.scalar(select(Claim))
    stored = claim.receipts[0]
    from okconf.reimbursements.receipts import receipt_path

    with csrf_app.app_context():
        path = receipt_path(stored)
    assert path.exists()
    page = web.get(base).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    removed = web.post(
        base + f"/kostnad/{claim.expenses[0].id}/ta-bort", data={"csrf_token": token}
    )
    assert removed.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(Claim)).receipts == []
    assert not path.exists()


def test_participant_section_links_to_the_page(app, volunteer):
    from flask import render_template

    assert (
        "reimbursements/_participant_section.html" in app.extensions["okconf_participant_sections"]
    )
    html = render_template(
        "reimbursements/_participant_section.html",
        registration=volunteer,
        token=token_of(volunteer),
    )
    assert f"/anmalan/{token_of(volunteer)}/ersattning" in html


def test_unknown_export_format_is_404(client, make_user, login):
    login(make_user("reviewer"))
    assert client.get("/staff/ersattning/utbetalning/lista.exe").status_code == 404
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action.like("%exported"))) is None
