"""Bank details and receipts of claims are erased when the law no longer needs them, and a
participant's erasure keeps only what accounting requires."""

from datetime import date, timedelta

from sqlalchemy import select

from okconf.clock import today as stockholm_today
from okconf.db import utcnow
from okconf.extensions import db
from okconf.privacy import retention, services
from okconf.reimbursements.models import AccountKind, Claim, ClaimState, Receipt, ReceiptKind
from okconf.reimbursements.receipts import receipt_path


def make_claim(registration, state, *, paid_on=None, updated_days_ago=0, name="kvitto"):
    claim = Claim(
        registration_id=registration.id,
        conference_id=registration.conference_id,
        state=state,
        paid_on=paid_on,
        payee_name=registration.full_name,
        account_kind=AccountKind.BANKGIRO,
        account_number="5050-1055",
        claimed_ore=84000,
        approved_ore=84000 if state in (ClaimState.APPROVED, ClaimState.PAID) else None,
    )
    db.session.add(claim)
    db.session.flush()
    receipt = Receipt(
        claim_id=claim.id,
        kind=ReceiptKind.EXPENSE,
        stored_name=f"{name}-{claim.id}.png",
        original_name="parkering.png",
        content_type="image/png",
        size=4,
    )
    db.session.add(receipt)
    db.session.flush()
    path = receipt_path(receipt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG")
    claim.updated_at = utcnow() - timedelta(days=updated_days_ago)
    db.session.commit()
    return claim, path


def test_paid_claims_keep_bank_details_for_the_accounting_period(
    app, make_conference, make_registration
):
    conference = make_conference(date=date(2018, 12, 15))
    old, old_file = make_claim(
        make_registration(conference), ClaimState.PAID, paid_on=date(2019, 1, 20), name="old"
    )
    recent, recent_file = make_claim(
        make_registration(conference),
        ClaimState.PAID,
        paid_on=stockholm_today() - timedelta(days=400),
        name="new",
    )
    report = retention.purge(dry_run=True)
    db.session.rollback()
    assert report.extra["claims: bank details and receipts"] == 1
    assert old_file.exists()
    report = retention.purge()
    db.session.commit()
    erased = db.session.get(Claim, old.id)
    assert (erased.account_number, erased.account_kind) == ("", None)
    assert erased.approved_ore == 84000  # the amount stays in the accounts
    assert not old_file.exists()
    assert db.session.scalars(select(Receipt.claim_id)).all() == [recent.id]
    assert recent_file.exists()
    assert db.session.get(Claim, recent.id).account_number == "5050-1055"
    assert retention.purge().extra["claims: bank details and receipts"] == 0


def test_unpaid_claims_lose_bank_details_after_the_sensitive_period(
    app, make_conference, make_registration
):
    conference = make_conference(date=stockholm_today() - timedelta(days=100))
    rejected, rejected_file = make_claim(
        make_registration(conference), ClaimState.REJECTED, updated_days_ago=45
    )
    fresh, fresh_file = make_claim(
        make_registration(conference), ClaimState.WITHDRAWN, updated_days_ago=3, name="f"
    )
    retention.purge()
    db.session.commit()
    assert db.session.get(Claim, rejected.id).account_number == ""
    assert not rejected_file.exists()
    assert db.session.get(Claim, fresh.id).account_number == "5050-1055"
    assert fresh_file.exists()


def test_erasure_deletes_an_unapproved_claim(app, make_conference, make_registration, make_user):
    person = make_registration(make_conference())
    draft, draft_file = make_claim(person, ClaimState.DRAFT, name="d")
    data = services.personal_data(person)
    assert [c["id"] for c in data["reimbursement_claims"]] == [draft.id]
    assert data["reimbursement_claims"][0]["account_number"] == "5050-1055"
    erasure = services.request_erasure(person)
    db.session.commit()
    services.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert db.session.get(Claim, draft.id) is None
    assert not draft_file.exists()
    assert erasure.outcome == ""


def test_erasure_keeps_a_paid_claim_for_the_accounts(
    app, make_conference, make_registration, make_user
):
    person = make_registration(make_conference())
    paid, paid_file = make_claim(person, ClaimState.PAID, paid_on=stockholm_today(), name="p")
    erasure = services.request_erasure(person)
    db.session.commit()
    services.complete_erasure(erasure, make_user("organiser"))
    db.session.commit()
    assert db.session.get(Claim, paid.id).approved_ore == 84000
    assert paid_file.exists()
    assert f"Claim(s) {paid.id} kept" in erasure.outcome
