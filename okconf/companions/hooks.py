"""Companions' receivers: the form's fields, the companion saved with a new registration,
and the companion gone with a cancellation or a hand-over; a changed rule recounts."""

from __future__ import annotations

from okconf import signals

# The forms and services are imported by the receivers: creating the app imports neither
# (tests/test_light_workers.py).


@signals.registration_form_parts.connect
def companion_on_the_form(conference, *, purpose: str, **_):
    """The public form, the embedded form and the organiser's "add" ask for a companion."""
    from okconf.companions import forms

    return forms.part_for(conference, purpose)


@signals.registration_validating.connect
def companions_come_on_site(conference, *, data, **_) -> None:
    """Someone taking part online brings no companion (however the data arrives)."""
    from okconf.companions import services

    services.check_attendance(data.attendance, data.extra.get("companion"))


@signals.registration_switching.connect
def companion_stays_on_site(registration, *, to, **_) -> None:
    """A place with a companion does not move online: the companion would be left behind."""
    from okconf.companions import services

    services.check_switch(registration, to)


@signals.registration_created.connect
def save_companion(registration, *, extra=None, **_) -> None:
    """The companion named on the form, saved with the registration (its place is counted)."""
    from okconf.companions import services

    data = (extra or {}).get("companion")
    if data is not None:
        services.add_at_registration(registration, data)


@signals.registration_cancelled.connect
def companion_goes_with_cancellation(registration, **_) -> None:
    """Nobody comes with someone who does not come: the companion's data goes."""
    from okconf.companions import services

    services.drop(registration, move_queue=False)


@signals.registration_handing_over.connect
def companion_does_not_pass(registration, **_) -> None:
    """The colleague who takes the place does not take the companion along."""
    from okconf.companions import services

    services.drop(registration)


@signals.companion_rule_changed.connect
def recount(conference, **_) -> None:
    from okconf.companions import services

    services.recount(conference)
