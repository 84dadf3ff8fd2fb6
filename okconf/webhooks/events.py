"""The events a webhook can receive, and what each delivery's body says.

The body carries what a host's system needs to keep its own list of participants and claims:
who (name, email, organisation, sector), the state and when it changed. It never carries
dietary or accessibility answers, phone numbers, consent, personal links, bank details,
payees, amounts of individual costs or reviewers' reasons: what okconf does not send cannot
leak from a receiver.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from okconf.db import utcnow

REGISTRATION_CREATED = "registration.created"
REGISTRATION_CHANGED = "registration.changed"
REGISTRATION_CANCELLED = "registration.cancelled"
REGISTRATION_PROMOTED = "registration.promoted"
REGISTRATION_CHECKED_IN = "registration.checked_in"
CLAIM_DECIDED = "claim.decided"
CLAIM_PAID = "claim.paid"
PING = "ping"

EVENTS = (
    REGISTRATION_CREATED,
    REGISTRATION_CHANGED,
    REGISTRATION_CANCELLED,
    REGISTRATION_PROMOTED,
    REGISTRATION_CHECKED_IN,
    CLAIM_DECIDED,
    CLAIM_PAID,
)


def labels() -> dict[str, str]:
    """The events' names in the interface."""
    return {
        REGISTRATION_CREATED: _l("Registration created"),
        REGISTRATION_CHANGED: _l("Registration changed"),
        REGISTRATION_CANCELLED: _l("Registration cancelled"),
        REGISTRATION_PROMOTED: _l("Given a place from the waiting list"),
        REGISTRATION_CHECKED_IN: _l("Checked in"),
        CLAIM_DECIDED: _l("Reimbursement claim decided"),
        CLAIM_PAID: _l("Reimbursement paid"),
        PING: _l("Test ping"),
    }


def _iso(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _text(value) -> str | None:
    # A state just assigned may still be the plain string (StrEnum or str: the same text).
    return None if value is None else str(value)


def conference_part(conference) -> dict:
    """The conference an event belongs to."""
    return {
        "id": conference.id,
        "slug": conference.slug,
        "title": conference.title,
        "date": _iso(conference.date),
    }


def registration_part(registration) -> dict:
    """A registration's essentials (no diets, accessibility needs, phone or links).

    A new registration's part on PostgreSQL is written before its place is decided; its
    `status` and `waiting_since` are then set by take_place() (okconf/registration/places.py)
    in SQL, as this writes them (tests/registration/test_statements.py compares the two)."""
    return {
        "id": registration.id,
        "status": _text(registration.status),
        "first_name": registration.first_name,
        "last_name": registration.last_name,
        "email": registration.email,
        "organisation_name": registration.organisation_name,
        "organisation_id": registration.organisation_id,
        "party": _text(registration.party),
        "org_type": _text(registration.org_type),
        "locale": registration.locale,
        "created_at": _iso(registration.created_at),
        "updated_at": _iso(registration.updated_at),
        "waiting_since": _iso(registration.waiting_since),
        "cancelled_at": _iso(registration.cancelled_at),
        "late_cancellation": registration.late_cancellation,
        "checked_in_at": _iso(registration.checked_in_at),
        # "on_site" or "online" (a hybrid conference's two pools), and the places a companion
        # takes beside the participant's own (0 or 1; the companion's name and needs stay).
        "attendance": _text(registration.attendance),
        "companion_places": registration.companion_places,
    }


def claim_part(claim) -> dict:
    """A claim's state and totals (no bank details, payee, costs or reasons)."""
    return {
        "id": claim.id,
        "registration_id": claim.registration_id,
        "state": _text(claim.state),
        "wants_travel": claim.wants_travel,
        "wants_lost_earnings": claim.wants_lost_earnings,
        "preapproved_ore": claim.preapproved_ore,
        "approved_ore": claim.approved_ore,
        "decided_at": _iso(claim.decided_at),
        "paid_on": _iso(claim.paid_on),
    }


def body(event: str, data: dict) -> tuple[str, str]:
    """(event id, the JSON body) of one event: its id, name and time, then `data`."""
    event_id = str(uuid.uuid4())
    document = {"id": event_id, "event": event, "time": utcnow().isoformat(), **data}
    return event_id, json.dumps(document, ensure_ascii=False, separators=(",", ":"))
