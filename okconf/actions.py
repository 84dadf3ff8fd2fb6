"""The shared shape of a view that changes something: call the service, commit once and say so;
a DomainError is rolled back and shown instead (flashed for a button, beside its field for a
form). Views keep their own loading, access checks and where they go next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect
from werkzeug.wrappers import Response

from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db

# A success message: a text, a function of the service's outcome giving one, or None.
Message = str | Callable[[Any], str | None] | None


def _say(success: Message, outcome) -> None:
    message = success(outcome) if callable(success) else success
    if message:
        flash(message, "success")


def act(call: Callable[[], Any], success: Message = None) -> tuple[bool, Any]:
    """Call the service of a button: commit and flash `success`, or roll back and flash the
    DomainError's message. Returns whether it was done, and the service's outcome."""
    try:
        outcome = call()
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return False, None
    db.session.commit()
    _say(success, outcome)
    return True, outcome


def act_and_go(call: Callable[[], Any], success: Message, then: str) -> Response:
    """`act`, then back to `then` whatever happened (the page shows the flashed message)."""
    act(call, success)
    return redirect(then)


def submit(form, call: Callable[[], Any], success: Message = None) -> tuple[bool, Any]:
    """Call the service of a validated form: commit and flash `success`, or roll back and put
    the DomainError beside its field (or above the form). Returns whether it was done, and the
    service's outcome; the view redirects or renders the form again."""
    try:
        outcome = call()
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return False, None
    db.session.commit()
    _say(success, outcome)
    return True, outcome
