"""Invitations' receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference


@signals.address_registered.connect
def mark_the_invitation(conference: Conference, *, email: str, **_) -> None:
    """An invited address registered: its invitation says so."""
    from okconf.invitations.services import mark_registered

    mark_registered(conference, email)
