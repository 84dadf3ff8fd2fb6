"""In the browser: a Röda Korset volunteer requests, is pre-approved, attends, claims with a
parking receipt, and a reviewer approves a corrected amount that the budget dashboard shows.

Selectors avoid visible text where they can. The scenario runs in Swedish, the product's
default (the other browser tests speak English): a Swedish volunteer and reviewer type amounts
the Swedish way ("1 000") and read them the Swedish way ("1 170,00 kr").
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from okconf.accounts.links import make_token
from okconf.clock import today as stockholm_today
from okconf.extensions import db
from okconf.vocabulary import OrganisationType, Party

pytestmark = [pytest.mark.e2e, pytest.mark.app_config(BABEL_DEFAULT_LOCALE="sv")]

PASSWORD = "correct-horse-battery"


def sign_in(page, base, user):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r".*/staff.*"))


def sign_out(page):
    page.click("header form[action$='/logout'] button")


def test_volunteer_request_claim_and_review(
    live_server, page, axe_check, make_conference, make_registration, make_user, tmp_path
):
    from okconf.reimbursements.models import Budget, Claim, ClaimState

    base = live_server.url
    sundsvall = make_conference(
        slug="sundsvall-e2e",
        title="Regional konferens i Sundsvall",
        town="Sundsvall",
        date=stockholm_today() + timedelta(days=20),
        offers_travel_reimbursement=True,
        min_round_trip_km=100,
    )
    db.session.add(Budget(name="Uppföljning", year=sundsvall.date.year, total_ore=90_000_000))
    volunteer = make_registration(
        sundsvall,
        first_name="Vera",
        last_name="Volontär",
        email="vera.volontar@example.org",
        organisation_name="Röda Korset Östersund",
        is_volunteer=True,
    )
    riders = [
        make_registration(sundsvall, email=f"passagerare{i}@example.org", is_volunteer=True)
        for i in (1, 2)
    ]
    reviewer = make_user("reviewer", email="granskare@example.org")
    db.session.commit()
    token = make_token("registration", volunteer.id, volunteer.link_version)

    # 1. The request before the conference.
    page.goto(f"{base}/anmalan/{token}/ersattning")
    axe_check(page)
    page.fill("input[name=from_town]", "Östersund")
    page.check("input[name=est_mode][value=car]")
    page.fill("input[name=est_round_trip_km]", "420")
    page.fill("input[name=est_passengers]", "2")
    page.click("form[aria-labelledby=request-heading] button[type=submit]")
    expect(page.locator("#claim-state")).to_have_count(1)
    axe_check(page)
    db.session.expire_all()
    claim = db.session.query(Claim).one()
    assert claim.state is ClaimState.REQUESTED and claim.estimate_ore == 105000

    # 2. A reviewer pre-approves it.
    sign_in(page, base, reviewer)
    page.goto(f"{base}/staff/ersattning")
    axe_check(page)
    page.click(f"a[href$='/staff/ersattning/{claim.id}']  >> nth=0")
    page.click("form[aria-labelledby=request-decision] button[value=approve]")
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).state is ClaimState.PRE_APPROVED
    sign_out(page)

    # 3. The conference takes place and the volunteer is marked as attended.
    sundsvall.date = stockholm_today() - timedelta(days=1)
    volunteer.checked_in_at = datetime.now(UTC)
    db.session.commit()

    # 4. The claim: two car legs of 210 km with two passengers, and a parking receipt.
    page.goto(f"{base}/anmalan/{token}/ersattning/redovisning")
    for a, b in (("Östersund", "Sundsvall"), ("Sundsvall", "Östersund")):
        page.fill("input[name=travel_date]", sundsvall.date.isoformat())
        page.fill("input[name=from_place]", a)
        page.fill("input[name=to_place]", b)
        page.check("input[name=mode][value=car]")
        page.fill("input[name=distance_km]", "210")
        page.fill("textarea[name=passengers]", "\n".join(r.email for r in riders))
        page.click("form[aria-labelledby=leg-heading] button[type=submit]")
        page.wait_for_selector(".flash-success")
    receipt = tmp_path / "parkering.png"
    image = io.BytesIO()
    Image.new("RGB", (40, 20), (250, 250, 250)).save(image, format="PNG")
    receipt.write_bytes(image.getvalue())
    page.fill("input[name=description]", "Parkering Sundsvall")
    page.fill("input[name=amount]", "120")
    page.set_input_files("form[aria-labelledby=expense-heading] input[name=receipt]", str(receipt))
    page.click("form[aria-labelledby=expense-heading] button[type=submit]")
    page.wait_for_selector(".flash-success")
    page.check("input[name=payee_kind][value=person]")
    page.fill("input[name=payee_name]", "Vera Volontär")
    page.check("input[name=account_kind][value=se_account]")
    page.fill("input[name=clearing]", "5839")
    page.fill("input[name=account]", "8257467")  # a typo: the check digit catches it
    page.click("form[aria-labelledby=payee-heading] button[type=submit]")
    expect(page.locator("#account-error")).to_be_visible()
    page.fill("input[name=account]", "8257466")
    page.click("form[aria-labelledby=payee-heading] button[type=submit]")
    page.wait_for_selector(".flash-success")
    axe_check(page)
    page.click(f"a[href$='/anmalan/{token}/ersattning/redovisning/granska']")
    assert "1\xa0170,00\xa0kr" in page.locator("#claim-total").inner_text()
    axe_check(page)
    page.check("input[name=declaration]")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".flash-success")
    db.session.expire_all()
    claim = db.session.get(Claim, claim.id)
    assert claim.state is ClaimState.SUBMITTED and claim.claimed_ore == 117000

    # 5. The reviewer approves a corrected amount.
    sign_in(page, base, reviewer)
    page.goto(f"{base}/staff/ersattning/{claim.id}")
    axe_check(page)
    page.fill("input[name=travel]", "1 000")
    page.fill("textarea[name=reason]", "Parkeringen ersätts inte; kortare väg enligt karta.")
    page.click("form[aria-labelledby=claim-decision] button[value=approve]")
    page.wait_for_selector("#approved-amount")
    assert "1\xa0000,00\xa0kr" in page.locator("#approved-amount").inner_text()
    axe_check(page)

    # 6. The budget dashboard shows it.
    page.goto(f"{base}/staff/ersattning/budget")
    table = page.locator(".budget-table").inner_text()
    assert "1\xa0000,00\xa0kr" in table
    assert "899\xa0000,00\xa0kr" in table  # 900 000 kr less the approved 1 000 kr
    axe_check(page)

    # 7. Paid in a batch; the SIE file for the bookkeeping has the voucher.
    page.goto(f"{base}/staff/ersattning/utbetalning")
    axe_check(page)
    page.check(f"#pay-{claim.id}")
    page.fill("input[name=paid_on]", stockholm_today().isoformat())
    page.fill("input[name=reference]", "Bankfil 2011-12")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".flash-success")
    with page.expect_download() as info:
        page.click(f"a[href$='/staff/ersattning/utbetalning/sie/{stockholm_today().year}']")
    from okconf.reimbursements import sie

    parsed = sie.parse(_read(info.value))
    [voucher] = parsed["vouchers"]
    assert voucher["trans"] == [("5800", 100000), ("1930", -100000)]
    assert "Vera Volontär" in voucher["text"]


def _read(download) -> bytes:
    with open(download.path(), "rb") as fh:
        return fh.read()


def test_public_sector_official_is_refused(
    live_server, page, axe_check, make_conference, make_registration
):
    conference = make_conference(offers_travel_reimbursement=True)
    official = make_registration(
        conference,
        organisation_name="Sundsvalls kommun",
        party=Party.PUBLIC_SECTOR,
        org_type=OrganisationType.MUNICIPALITY,
    )
    token = make_token("registration", official.id, official.link_version)
    page.goto(f"{live_server.url}/anmalan/{token}/ersattning")
    # The reason names the party the registration is for, in the page's language.
    expect(page.locator("#not-eligible")).to_be_visible()
    assert "offentlig sektor" in page.locator("#not-eligible p").inner_text()
    expect(page.locator("input[name=est_round_trip_km]")).to_have_count(0)
    axe_check(page)
    page.goto(f"{live_server.url}/anmalan/{token}/ersattning/redovisning")
    assert page.url.endswith("/ersattning")  # sent back to the page that says why
    expect(page.locator("#not-eligible")).to_be_visible()
    expect(page.locator("input[name=distance_km]")).to_have_count(0)
    axe_check(page)
