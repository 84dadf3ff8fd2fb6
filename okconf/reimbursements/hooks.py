"""Reimbursements' receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference
from okconf.reimbursements.offer import Offer, offer_for


@signals.reimbursement_offer.connect
def the_offer(conference: Conference, **_) -> Offer:
    """What the conference offers, from its effective rules."""
    return offer_for(conference)
