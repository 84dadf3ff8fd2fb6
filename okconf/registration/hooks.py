"""Registration's receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference
from okconf.registration import formsetup  # noqa: F401  (its listener must hear every flush)


@signals.capacity_changed.connect
def move_the_queue_up(conference: Conference, **_) -> None:
    """More places: the first on the waiting list get them at once (and are told by mail)."""
    from okconf.registration.services import free_place

    free_place(conference)


@signals.confirmed_places.connect
def count_confirmed(conference: Conference, attendance: str | None = None, **_) -> int:
    """The conference's confirmed places (of one pool, or both), counted live."""
    from okconf.registration.rules import confirmed_count

    return confirmed_count(conference.id, attendance)


@signals.online_registrations.connect
def count_online(conference: Conference, **_) -> int:
    """Registrations that take part online, confirmed or waiting."""
    from okconf.registration.rules import online_registrations

    return online_registrations(conference.id)
