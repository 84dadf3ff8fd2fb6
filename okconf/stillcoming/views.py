"""'Kommer du fortfarande?': the organisers' page and the participant's two answers.

The "yes" link records the answer when opened. The "no" link opens a page with one button:
a link that gave a place away when merely opened would be followed by the link checkers of
mail services, and people would lose places they never gave up.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField
from wtforms.validators import InputRequired, NumberRange

from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.registration.models import RegistrationStatus
from okconf.registration.services import current_registration_or_404
from okconf.stillcoming import services
from okconf.stillcoming.models import Answer

bp = Blueprint("stillcoming", __name__)

CONFERENCE_NAV = [
    ("stillcoming.staff_page", _l("Still coming?"), (Role.ORGANISER,), "before"),
]


class SettingsForm(FlaskForm):
    enabled = BooleanField(_l("Ask the confirmed participants whether they still come"))
    days_before = IntegerField(
        _l("Days before the conference"),
        validators=[
            InputRequired(_l("Give a number of days from 1 to 60.")),
            NumberRange(1, 60, _l("Give a number of days from 1 to 60.")),
        ],
        render_kw={"inputmode": "numeric", "class": "narrow-input"},
    )


class ConfirmForm(FlaskForm):
    pass


@bp.route("/staff/konferenser/<int:conference_id>/kommer-du", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_page(conference_id: int):
    """The setting, who answered what, who is silent."""
    conference = get_managed_conference(conference_id)
    settings = services.settings_for(conference)
    form = SettingsForm(data={"enabled": settings.enabled, "days_before": settings.days_before})
    if form.validate_on_submit():
        try:
            services.save_settings(
                conference, enabled=form.enabled.data, days_before=form.days_before.data
            )
        except DomainError as error:
            db.session.rollback()
            conference = get_managed_conference(conference_id)
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("stillcoming.staff_page", conference_id=conference_id))
    return render_template(
        "stillcoming/staff_page.html",
        conference=conference,
        form=form,
        settings=settings,
        ask_on=services.ask_on(conference),
        overview=services.overview(conference),
        action_form=ConfirmForm(),
    )


def _act(conference_id: int, action, done_message):
    conference = get_managed_conference(conference_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        count = action(conference)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(done_message(count), "success")
    return redirect(url_for("stillcoming.staff_page", conference_id=conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/kommer-du/fraga", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_ask(conference_id: int):
    """Ask now those not yet asked (instead of waiting for the day)."""
    return _act(
        conference_id,
        services.ask,
        lambda n: _("%(count)s participants were asked.", count=n),
    )


@bp.route("/staff/konferenser/<int:conference_id>/kommer-du/paminn", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_remind(conference_id: int):
    """Ask again those who have not answered."""
    return _act(
        conference_id,
        services.remind_silent,
        lambda n: _("%(count)s participants were reminded.", count=n),
    )


def _page(registration, token, template, status=200, **context):
    return (
        render_template(
            template,
            registration=registration,
            conference=registration.conference,
            token=token,
            question=services.question_for(registration),
            **context,
        ),
        status,
    )


@bp.route("/anmalan/<token>/kommer/ja")
@public
def yes(token: str):
    """ "Ja, jag kommer": recorded when the link is opened."""
    registration = current_registration_or_404(token)
    try:
        services.answer(registration, Answer.YES)
    except DomainError as error:
        db.session.rollback()
        return _page(registration, token, "stillcoming/answer.html", 409, error=error.message)
    db.session.commit()
    return _page(registration, token, "stillcoming/answer.html", form=ConfirmForm())


@bp.route("/anmalan/<token>/kommer/nej", methods=["GET", "POST"])
@public
@limiter.limit("10 per minute", methods=["POST"])
def no(token: str):
    """ "Nej, ge min plats till någon annan": one button, then the place goes to the queue."""
    registration = current_registration_or_404(token)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        if registration.status is not RegistrationStatus.CANCELLED:
            try:
                services.answer(registration, Answer.NO)
            except DomainError as error:
                db.session.rollback()
                return _page(
                    registration,
                    token,
                    "stillcoming/give_away.html",
                    409,
                    form=form,
                    error=error.message,
                )
            db.session.commit()
        return _page(registration, token, "stillcoming/given_away.html")
    if registration.status is RegistrationStatus.CANCELLED:
        return _page(registration, token, "stillcoming/given_away.html")
    return _page(registration, token, "stillcoming/give_away.html", form=form)
