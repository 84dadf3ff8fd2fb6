"""Undo of the last destructive action: one offer kept in the user's session.

A view that deletes or removes something cheap to restore calls `offer()`; the next page shows
the message with an "Undo" button (templates/macros/undo.html), which posts to the offer's
action; that view calls `take()` to get the data back. A newer offer replaces an older one.
"""

from __future__ import annotations

import json

from flask import session

KEY = "undo"
# The session is a cookie of at most 4 kB: bigger snapshots get no undo (they were confirmed).
MAX_BYTES = 2000


def offer(kind: str, message: str, action: str, data: dict) -> bool:
    """Offer to undo `kind` (posting to `action`) on the next page; False when too big."""
    if len(json.dumps(data, default=str)) > MAX_BYTES:
        session.pop(KEY, None)
        return False
    session[KEY] = {
        "kind": kind,
        "message": str(message),
        "action": action,
        "data": data,
        "shown": False,
    }
    return True


def take(kind: str) -> dict | None:
    """The data of the pending offer of this kind (used once), or None."""
    pending_offer = session.get(KEY)
    if not pending_offer or pending_offer.get("kind") != kind:
        return None
    session.pop(KEY, None)
    return pending_offer["data"]


def pending(kind: str) -> dict | None:
    """The offer of this kind to show on this page (each offer is shown once)."""
    pending_offer = session.get(KEY)
    if not pending_offer or pending_offer.get("shown") or pending_offer.get("kind") != kind:
        return None
    session[KEY] = {**pending_offer, "shown": True}
    return pending_offer
