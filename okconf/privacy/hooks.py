"""Privacy's receivers of other features' signals (imported when the app is made)."""

from __future__ import annotations

from okconf import signals
from okconf.conferences.models import Conference


@signals.retention_periods.connect
def conference_periods(conference: Conference, **_):
    """The conference's own retention periods, or the configured defaults."""
    from okconf.privacy.retention import periods

    return periods(conference)
