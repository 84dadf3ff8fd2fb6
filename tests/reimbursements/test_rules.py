"""The amount rules, in exact öre."""

from __future__ import annotations

import pytest

from okconf.reimbursements.rules import (
    Leg,
    LostEarningsMode,
    Rules,
    TravelMode,
    car_allowance_ore,
    compute,
    format_hours,
    lost_earnings_ore,
    parse_hours,
    parse_kronor,
)

CAR = TravelMode.CAR
TRAIN = TravelMode.TRAIN


@pytest.fixture(autouse=True)
def _babel(plain_app):
    """The rules translate their texts, so they need the app (any backend)."""


def rules(**fields) -> Rules:
    base = {"offers_travel": True, "min_round_trip_km": 100, "car_rate_ore_per_km": 250}
    base.update(fields)
    return Rules(**base)


def test_car_allowance_is_km_times_rate_in_ore():
    assert car_allowance_ore(210, 250) == 52500
    assert car_allowance_ore(1, 185) == 185
    with pytest.raises(ValueError):
        car_allowance_ore(-1, 250)


def test_two_car_legs_of_210_km_with_passengers():
    result = compute(rules(), [Leg(CAR, 210, passengers=2), Leg(CAR, 210, passengers=2)])
    assert result.travel_ore == 105000
    assert result.total_ore == 105000
    assert not result.not_eligible
    assert not result.needs_carpool_explanation


def test_tickets_and_parking_add_their_costs():
    result = compute(
        rules(), [Leg(TRAIN, 60, cost_ore=34550), Leg(TRAIN, 60, cost_ore=34550)], [4000]
    )
    assert result.travel_ore == 34550 * 2 + 4000
    assert [line.amount_ore for line in result.lines] == [34550, 34550, 4000]


def test_round_trip_below_minimum_is_not_paid_with_a_reason():
    result = compute(rules(), [Leg(CAR, 45, passengers=1), Leg(CAR, 45, passengers=1)], [2000])
    assert result.travel_ore == 0
    assert result.lines == []
    assert "90 km" in result.not_eligible[0] and "100 km" in result.not_eligible[0]


def test_exactly_the_minimum_is_paid():
    result = compute(rules(), [Leg(CAR, 50, passengers=1), Leg(CAR, 50, passengers=1)])
    assert result.travel_ore == 25000


def test_car_without_passengers_needs_explanation_when_carpooling_expected():
    result = compute(rules(carpooling_expected=True), [Leg(CAR, 300)])
    assert result.needs_carpool_explanation and result.warnings
    assert result.travel_ore == 75000  # a warning, not a refusal
    assert not compute(rules(carpooling_expected=False), [Leg(CAR, 300)]).needs_carpool_explanation


def test_no_travel_when_the_conference_offers_none():
    result = compute(rules(offers_travel=False), [Leg(CAR, 300, passengers=1)])
    assert result.travel_ore == 0 and result.not_eligible


def hourly(**fields):
    return rules(
        offers_lost_earnings=True,
        lost_earnings_mode=LostEarningsMode.HOURLY,
        lost_earnings_hourly_ore=fields.pop("rate", 18050),
        lost_earnings_cap_ore=fields.pop("cap", 120000),
        **fields,
    )


def test_lost_earnings_hours_times_rate_rounded_half_up():
    assert lost_earnings_ore(hourly(), 60) == 18050
    assert lost_earnings_ore(hourly(), 90) == 27075
    # 1 minute at 18050 öre/h = 300.83 öre → 301
    assert lost_earnings_ore(hourly(), 1) == 301
    # 20 minutes at 100 öre/h = 33.33 → 33; 30 minutes at 1 öre/h = 0.5 → 1 (half up)
    assert lost_earnings_ore(hourly(rate=100), 20) == 33
    assert lost_earnings_ore(hourly(rate=1), 30) == 1


def test_lost_earnings_capped():
    assert lost_earnings_ore(hourly(), 8 * 60) == 120000  # 8 × 180.50 = 1444 kr → cap 1200 kr
    assert lost_earnings_ore(hourly(cap=0), 8 * 60) == 144400  # no cap
    result = compute(hourly(), [], (), 8 * 60, True)
    assert result.lost_earnings_ore == 120000
    assert "capped" in result.lines[0].text or "tak" in result.lines[0].text


def test_lost_earnings_fixed_fee():
    fixed = rules(
        offers_lost_earnings=True,
        lost_earnings_mode=LostEarningsMode.FIXED,
        lost_earnings_fixed_ore=50000,
    )
    assert lost_earnings_ore(fixed, 1) == 50000
    assert lost_earnings_ore(fixed, 0) == 0
    total = compute(
        fixed, [Leg(CAR, 210, passengers=1), Leg(CAR, 210, passengers=1)], (), 240, True
    )
    assert total.total_ore == 105000 + 50000


def test_lost_earnings_not_offered():
    result = compute(rules(), [], (), 120, True)
    assert result.lost_earnings_ore == 0 and result.not_eligible


@pytest.mark.parametrize(
    ("text", "ore"),
    [("250", 25000), ("1 234,50", 123450), ("99.9 kr", 9990), ("0,05", 5), ("12 000", 1200000)],
)
def test_parse_kronor(text, ore):
    assert parse_kronor(text) == ore


@pytest.mark.parametrize("text", ["", "abc", "1,234", "-5", "1.2.3", "12 00"])
def test_parse_kronor_refuses(text):
    assert parse_kronor(text) is None


def test_hours():
    assert parse_hours("7,5") == 450
    assert parse_hours("8") == 480
    assert parse_hours("0.25") == 15
    assert parse_hours("x") is None
    assert format_hours(450) == "7.5"
    assert format_hours(480) == "8"
