"""Registration's receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference
from okconf.registration.rules import confirmed_count
from okconf.registration.services import free_place


@signals.capacity_changed.connect
def move_the_queue_up(conference: Conference, **_) -> None:
    """More places: the first on the waiting list get them at once (and are told by mail)."""
    free_place(conference)


@signals.confirmed_places.connect
def count_confirmed(conference: Conference, **_) -> int:
    """The conference's confirmed places, counted live."""
    return confirmed_count(conference.id)
