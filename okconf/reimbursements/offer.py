"""What a conference offers in reimbursement, read from one place: its rules.

The editor, the rules page, the invitation, the registration form and the reviewer all show
`offer_for(conference)` through templates/reimbursements/_offer.html, so no two places can
state the offer differently. Lost earnings are offered only when the conference says so and
its rules say how they are paid (a fixed fee, or hours × rate): an offer without an amount
is no offer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okconf.conferences.models import Conference
from okconf.mail.batch import once_per_batch
from okconf.reimbursements.rules import LostEarningsMode


@dataclass(frozen=True)
class Offer:
    """The reimbursement a conference offers, as the invitation states it."""

    travel: bool
    min_round_trip_km: int
    car_rate_ore_per_km: int
    carpooling_expected: bool
    lost_earnings: LostEarningsMode
    lost_earnings_fixed_ore: int
    lost_earnings_hourly_ore: int
    lost_earnings_cap_ore: int
    request_deadline: date | None
    conditions: str

    @property
    def lost_earnings_offered(self) -> bool:
        """Lost earnings are compensated (by a fixed fee or by the hour)."""
        return self.lost_earnings is not LostEarningsMode.NONE

    @property
    def anything(self) -> bool:
        """Travel or lost earnings: anything at all."""
        return self.travel or self.lost_earnings_offered


def offer_for(conference: Conference) -> Offer:
    """The conference's offer, from its effective rules (its own, its series', the defaults).

    Read once per batch of the mail worker's (okconf.mail.batch): every confirmation states it.
    """
    return once_per_batch(("reimbursement_offer", conference.id), lambda: _offer(conference))


def _offer(conference: Conference) -> Offer:
    from okconf.reimbursements.services import effective_rules

    rules = effective_rules(conference)
    mode = rules.lost_earnings_mode if rules.offers_lost_earnings else LostEarningsMode.NONE
    return Offer(
        travel=rules.offers_travel,
        min_round_trip_km=rules.min_round_trip_km,
        car_rate_ore_per_km=rules.car_rate_ore_per_km,
        carpooling_expected=rules.carpooling_expected,
        lost_earnings=mode,
        lost_earnings_fixed_ore=rules.lost_earnings_fixed_ore,
        lost_earnings_hourly_ore=rules.lost_earnings_hourly_ore,
        lost_earnings_cap_ore=rules.lost_earnings_cap_ore,
        request_deadline=conference.reimbursement_request_deadline,
        conditions=(conference.reimbursement_rules or "").strip(),
    )
