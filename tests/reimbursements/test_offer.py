"""One reimbursement offer: every place that states it says the same, read from the rules."""

from __future__ import annotations

import re
from html import unescape

import pytest

from okconf.conferences.models import Conference
from okconf.extensions import db
from okconf.reimbursements import services
from okconf.reimbursements.models import ClaimState
from okconf.reimbursements.rules import LostEarningsMode

OFFER = re.compile(r'<div class="reimbursement-offer">(.*?)</div>', re.S)

# (travel, mode, fixed öre, hourly öre, cap öre, conditions)
SETTINGS = [
    (True, LostEarningsMode.NONE, 0, 0, 0, ""),
    (True, LostEarningsMode.FIXED, 100000, 0, 0, "Vi utgår från att samåkning sker."),
    (False, LostEarningsMode.HOURLY, 0, 18050, 120000, ""),
    (True, LostEarningsMode.HOURLY, 0, 20000, 0, ""),
]


def _offer_texts(page: str) -> list[str]:
    """The offer blocks of a page, as plain text with the spaces evened out."""
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", " ", block)).split()) for block in OFFER.findall(page)
    ]


def _set(conference, travel, mode, fixed, hourly, cap, conditions):
    services.save_offer(conference, travel=travel, request_deadline=None, conditions=conditions)
    services.save_rules(
        conference,
        None,
        min_round_trip_km=80,
        car_rate_ore_per_km=185,
        lost_earnings_mode=mode,
        lost_earnings_fixed_ore=fixed,
        lost_earnings_hourly_ore=hourly,
        lost_earnings_cap_ore=cap,
    )
    db.session.commit()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: f"{s[0]}-{s[1].value}")
def test_every_place_states_the_same_offer(
    app, make_user, login, make_conference, make_registration, lang, setting
):
    organiser, reviewer = make_user("organiser"), make_user("reviewer")
    conference = make_conference(organisers=[organiser])
    _set(conference, *setting)
    registration = make_registration(conference, is_volunteer=True, locale=lang)
    claim = services.start_claim(registration)
    claim.state = ClaimState.REQUESTED
    db.session.commit()
    pages = {}
    staff, other = app.test_client(), app.test_client()
    for client, user in ((staff, organiser), (other, reviewer)):
        login(user, the_client=client)
        client.get(f"/language/{lang}")
    pages["editor"] = staff.get(f"/staff/konferenser/{conference.id}/redigera")
    pages["rules page"] = staff.get(f"/staff/konferenser/{conference.id}/ersattningsregler")
    public = app.test_client()
    public.get(f"/language/{lang}")
    pages["invitation"] = public.get(f"/konferens/{conference.slug}")
    pages["printed invitation"] = staff.get(f"/staff/konferenser/{conference.id}/forhandsvisning")
    pages["registration form"] = public.get(f"/konferens/{conference.slug}/anmalan")
    pages["reviewer"] = other.get(f"/staff/ersattning/{claim.id}")
    texts = {}
    for place, response in pages.items():
        assert response.status_code == 200, place
        found = _offer_texts(response.get_data(as_text=True))
        assert len(found) == 1, (place, found)
        texts[place] = found[0]
    assert len(set(texts.values())) == 1, texts
    offer = next(iter(texts.values()))
    travel, mode = setting[0], setting[1]
    lost = {"sv": "Förlorad arbetsinkomst ersätts inte", "en": "Lost earnings are not compensated"}
    assert (lost[lang] in offer) is (mode is LostEarningsMode.NONE)
    assert ("80 km" in offer) is travel


def test_the_rules_page_alone_switches_lost_earnings_on(client, make_user, login, make_conference):
    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], offers_lost_earnings=True)
    # Ticked in the old way but without an amount: no offer anywhere, and the rules page says so.
    assert not services.offer_for(conference).lost_earnings_offered
    login(organiser)
    form = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert 'name="requests_lost_earnings"' not in form
    data = {
        "min_round_trip_km": "100",
        "car_rate": "2,50",
        "lost_earnings_mode": "fixed",
        "fixed": "",
        "claim_deadline_days": "30",
    }
    response = client.post(f"/staff/konferenser/{conference.id}/ersattningsregler", data=data)
    assert response.status_code == 422
    assert "Give the fixed fee" in response.get_data(as_text=True)
    data["fixed"] = "1 000"
    response = client.post(f"/staff/konferenser/{conference.id}/ersattningsregler", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    assert services.offer_for(conference).lost_earnings is LostEarningsMode.FIXED
    form = client.get(f"/konferens/{conference.slug}/anmalan").get_data(as_text=True)
    assert 'name="requests_lost_earnings"' in form and "a fixed fee of" in form
    data["lost_earnings_mode"] = "none"
    client.post(f"/staff/konferenser/{conference.id}/ersattningsregler", data=data)
    db.session.expire_all()
    assert conference.offers_lost_earnings is False


def test_reviewer_sees_the_budget_before_deciding(client, make_user, login, make_claim, conference):
    claim = make_claim()
    login(make_user("reviewer"))
    page = client.get(f"/staff/ersattning/{claim.id}").get_data(as_text=True)
    assert "No budget covers this conference" in page
    assert page.index("No budget covers") < page.index('id="claim-decision"')


def test_reviewer_sees_what_is_left(client, make_user, login, make_claim, budget):
    claim = make_claim()
    login(make_user("reviewer"))
    page = client.get(f"/staff/ersattning/{claim.id}").get_data(as_text=True)
    assert "SEK\xa0900,000 of SEK\xa0900,000 left" in page


def test_switching_reimbursement_off_while_claims_exist_asks_first(
    client, login, make_user, make_conference, make_registration
):
    """The rules page, the one place the offer is set, warns before it switches travel off
    while claims exist; nothing is saved until "Save anyway"."""
    from okconf.reimbursements.services import start_claim

    organiser = make_user("organiser")
    conference = make_conference(organisers=[organiser], offers_travel_reimbursement=True)
    url = f"/staff/konferenser/{conference.id}/ersattningsregler"
    login(organiser)
    on = {
        "offers_travel": "y",
        "min_round_trip_km": "100",
        "car_rate": "2,50",
        "lost_earnings_mode": "none",
        "claim_deadline_days": "30",
    }
    off = {k: v for k, v in on.items() if k != "offers_travel"}
    # Without claims, switching off is just a change.
    assert client.post(url, data=off).status_code == 302
    assert client.post(url, data=on).status_code == 302
    start_claim(make_registration(conference, is_volunteer=True))
    db.session.commit()
    response = client.post(url, data=off)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 reimbursement claim has already been made" in page
    db.session.expire_all()
    assert services.offer_for(db.session.get(Conference, conference.id)).travel is True
    assert client.post(url, data={**off, "save_anyway": "y"}).status_code == 302
    db.session.expire_all()
    assert services.offer_for(db.session.get(Conference, conference.id)).travel is False
