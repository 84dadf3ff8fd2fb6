"""The confirmation page's "wrong address?" form (see corrections.py)."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from okconf.accounts.access import public
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.registration import corrections, emailcheck
from okconf.registration.forms import email_field
from okconf.registration.models import Registration
from okconf.registration.public_views import _published, bp


class CorrectEmailForm(FlaskForm):
    """The right address, right after registering."""

    email = email_field(_l("The right email address"))


def just_registered(conference) -> Registration | None:
    """The registration this browser session has just made for the conference, if any."""
    outcome = session.get("registration_done") or {}
    if not outcome.get("new"):
        return None
    registration = db.session.get(Registration, outcome.get("id") or 0)
    if registration is None or registration.conference_id != conference.id:
        return None
    return registration


def correction_context(registration: Registration | None, form=None) -> dict:
    """What done.html needs to show the address and offer to correct it."""
    if registration is None or not corrections.can_correct(registration):
        return {"correct_form": None, "suggestion": None}
    return {
        "correct_form": form or CorrectEmailForm(formdata=None),
        "suggestion": emailcheck.suggest(registration.email),
    }


@bp.route("/konferens/<slug>/anmalan/klar/e-post", methods=["POST"])
@public
@limiter.limit("10 per minute; 30 per hour", methods=["POST"])
def correct_email(slug: str):
    """Correct the address of the registration just made in this session."""
    conference = _published(slug)
    registration = just_registered(conference)
    if registration is None:
        return redirect(url_for("registration.register", slug=slug))
    if not corrections.can_correct(registration):
        flash(corrections.too_late_message(), "error")
        return redirect(url_for("registration.done", slug=slug))
    form = CorrectEmailForm()
    if form.validate_on_submit():
        try:
            corrections.correct_email(registration, form.email.data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(
                _("The confirmation is on its way to %(email)s.", email=registration.email),
                "success",
            )
            return redirect(url_for("registration.done", slug=slug))
    from okconf.registration import rules

    return render_template(
        "registration/done.html",
        conference=conference,
        registration=registration,
        position=rules.waiting_position(registration),
        **correction_context(registration, form),
    ), 200
