"""Pure amount rules: what a claim or a request is worth, in integer öre.

Nothing here touches the database or the request; the services build `Rules` from the
conference (and its series) and pass plain values in, so the arithmetic can be tested alone.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from flask_babel import gettext as _


class LostEarningsMode(enum.StrEnum):
    """How lost earnings (förlorad arbetsinkomst) are compensated."""

    NONE = "none"
    FIXED = "fixed"
    HOURLY = "hourly"


class TravelMode(enum.StrEnum):
    """How a leg was travelled."""

    CAR = "car"
    TRAIN = "train"
    BUS = "bus"
    OTHER = "other"


@dataclass(frozen=True)
class Rules:
    """The effective reimbursement rules of one conference."""

    offers_travel: bool = True
    offers_lost_earnings: bool = False
    min_round_trip_km: int = 100
    car_rate_ore_per_km: int = 250
    carpooling_expected: bool = True
    lost_earnings_mode: LostEarningsMode = LostEarningsMode.NONE
    lost_earnings_fixed_ore: int = 0
    lost_earnings_hourly_ore: int = 0
    lost_earnings_cap_ore: int = 0
    lost_earnings_document_required: bool = True


@dataclass(frozen=True)
class Leg:
    """One travelled leg as the amount rules see it."""

    mode: TravelMode
    distance_km: int
    cost_ore: int = 0
    passengers: int = 0


@dataclass
class Line:
    """One line of the computed amount, shown to the claimant before submitting."""

    text: str
    amount_ore: int


@dataclass
class Computation:
    """The result: lines, totals in öre, reasons an item is not paid, and warnings."""

    lines: list[Line] = field(default_factory=list)
    travel_ore: int = 0
    lost_earnings_ore: int = 0
    not_eligible: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needs_carpool_explanation: bool = False

    @property
    def total_ore(self) -> int:
        """Travel and lost earnings together."""
        return self.travel_ore + self.lost_earnings_ore


def car_allowance_ore(distance_km: int, rate_ore_per_km: int) -> int:
    """Kilometres times the rate: exact, in öre."""
    if distance_km < 0 or rate_ore_per_km < 0:
        raise ValueError("negative distance or rate")
    return distance_km * rate_ore_per_km


def lost_earnings_ore(rules: Rules, minutes: int) -> int:
    """The lost-earnings compensation for `minutes` of lost work under the rules.

    FIXED pays the fixed fee whenever lost earnings are claimed; HOURLY pays hours × rate,
    rounded to the nearest öre (half up), never more than the cap (a cap of 0 means no cap).
    """
    if minutes < 0:
        raise ValueError("negative time")
    if not rules.offers_lost_earnings or rules.lost_earnings_mode is LostEarningsMode.NONE:
        return 0
    if rules.lost_earnings_mode is LostEarningsMode.FIXED:
        return rules.lost_earnings_fixed_ore if minutes > 0 else 0
    amount = (rules.lost_earnings_hourly_ore * minutes + 30) // 60
    if rules.lost_earnings_cap_ore:
        amount = min(amount, rules.lost_earnings_cap_ore)
    return amount


def compute(
    rules: Rules,
    legs: list[Leg],
    expenses_ore: list[int] = (),
    lost_minutes: int = 0,
    wants_lost_earnings: bool = False,
) -> Computation:
    """Compute a claim or a request estimate: travel, other travel costs and lost earnings."""
    result = Computation()
    total_km = sum(leg.distance_km for leg in legs)
    travel_lines: list[Line] = []
    for leg in legs:
        if leg.mode is TravelMode.CAR:
            amount = car_allowance_ore(leg.distance_km, rules.car_rate_ore_per_km)
            travel_lines.append(
                Line(
                    _(
                        "Car, %(km)s km × %(rate)s öre/km",
                        km=leg.distance_km,
                        rate=rules.car_rate_ore_per_km,
                    ),
                    amount,
                )
            )
            if rules.carpooling_expected and leg.passengers == 0:
                result.needs_carpool_explanation = True
        else:
            travel_lines.append(
                Line(_("Ticket, %(km)s km", km=leg.distance_km), max(leg.cost_ore, 0))
            )
    for amount in expenses_ore:
        travel_lines.append(Line(_("Other travel cost (receipt)"), max(amount, 0)))
    if legs or expenses_ore:
        if not rules.offers_travel:
            result.not_eligible.append(_("This conference does not pay travel costs."))
        elif total_km < rules.min_round_trip_km:
            result.not_eligible.append(
                _(
                    "The round trip is %(km)s km, below the minimum of %(min)s km: "
                    "travel is not reimbursed.",
                    km=total_km,
                    min=rules.min_round_trip_km,
                )
            )
        else:
            result.lines.extend(travel_lines)
            result.travel_ore = sum(line.amount_ore for line in travel_lines)
    if result.needs_carpool_explanation and result.travel_ore:
        result.warnings.append(
            _(
                "Car-pooling is expected: a car trip without passengers needs an explanation "
                "for the reviewer."
            )
        )
    if wants_lost_earnings:
        if not rules.offers_lost_earnings or rules.lost_earnings_mode is LostEarningsMode.NONE:
            result.not_eligible.append(_("This conference does not compensate lost earnings."))
        else:
            amount = lost_earnings_ore(rules, lost_minutes)
            if rules.lost_earnings_mode is LostEarningsMode.FIXED:
                text = _("Lost earnings, fixed fee")
            else:
                text = _(
                    "Lost earnings, %(hours)s h × %(rate)s öre/h",
                    hours=format_hours(lost_minutes),
                    rate=rules.lost_earnings_hourly_ore,
                )
                uncapped = (rules.lost_earnings_hourly_ore * lost_minutes + 30) // 60
                if amount < uncapped:
                    text += " " + _("(capped)")
            result.lines.append(Line(text, amount))
            result.lost_earnings_ore = amount
    return result


_HOURS = re.compile(r"^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*$")


def parse_hours(text: str) -> int | None:
    """Hours as typed ("7,5", "8", "3.25") to whole minutes; None when unreadable."""
    match = _HOURS.match(text or "")
    if not match:
        return None
    whole, frac = match.group(1), match.group(2) or ""
    hundredths = int(whole) * 100 + int((frac + "00")[:2])
    return (hundredths * 60 + 50) // 100


def format_hours(minutes: int) -> str:
    """Minutes as hours with at most two decimals, e.g. 450 → "7.5"."""
    hundredths = (minutes * 100 + 30) // 60
    whole, frac = divmod(hundredths, 100)
    return f"{whole}" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0")


_KRONOR = re.compile(r"^\s*(\d{1,3}(?:[ \u00a0]?\d{3})*|\d+)(?:[.,](\d{1,2}))?\s*(?:kr)?\s*$")


def parse_kronor(text: str) -> int | None:
    """An amount typed in kronor ("1 234,50", "250", "99.9 kr") to öre; None when unreadable."""
    match = _KRONOR.match(text or "")
    if not match:
        return None
    kronor = int(re.sub(r"[ \u00a0]", "", match.group(1)))
    ore = int((match.group(2) or "").ljust(2, "0") or 0)
    return kronor * 100 + ore
