"""Workshops' receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference


@signals.wishes_closed.connect
def closed_once_published(conference: Conference, **_) -> bool:
    """The wishes close when the assignment is published."""
    from okconf.workshops.services.loading import is_published

    return is_published(conference)
