"""The webhook receivers of okconf's named signals: each change becomes a queued delivery.

They run inside the sender's transaction, after its change was flushed, so the delivery is
committed (or rolled back) with the change.
"""

from __future__ import annotations

from okconf import signals
from okconf.webhooks import events

# The services are imported by the receivers: creating the app does not import them
# (tests/test_light_workers.py).


def _registration(event: str):
    def receiver(registration, **_kwargs) -> None:
        from okconf.webhooks import services

        services.registration_event(event, registration)

    receiver.__name__ = f"queue_{event.replace('.', '_')}"
    return receiver


def _claim(event: str):
    def receiver(claim, **_kwargs) -> None:
        from okconf.webhooks import services

        services.claim_event(event, claim)

    receiver.__name__ = f"queue_{event.replace('.', '_')}"
    return receiver


def read_ahead(conference_id: int, **_kwargs) -> None:
    """Before a new registration takes the capacity lock: read the hooks that want it now."""
    from okconf.conferences.models import Conference
    from okconf.extensions import db
    from okconf.webhooks import services

    conference = db.session.get(Conference, conference_id)
    if conference is not None:
        services.prefetch(events.REGISTRATION_CREATED, conference)


# Kept in a module-level tuple: blinker holds receivers weakly.
RECEIVERS = (
    (signals.registration_creating, read_ahead),
    (signals.registration_created, _registration(events.REGISTRATION_CREATED)),
    (signals.registration_changed, _registration(events.REGISTRATION_CHANGED)),
    (signals.registration_cancelled, _registration(events.REGISTRATION_CANCELLED)),
    (signals.registration_promoted, _registration(events.REGISTRATION_PROMOTED)),
    (signals.registration_checked_in, _registration(events.REGISTRATION_CHECKED_IN)),
    (signals.claim_decided, _claim(events.CLAIM_DECIDED)),
    (signals.claim_paid, _claim(events.CLAIM_PAID)),
)

for _signal, _receiver in RECEIVERS:
    _signal.connect(_receiver)
