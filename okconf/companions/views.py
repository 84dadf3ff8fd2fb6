"""The companion on the participant's own page and on the organiser's page of a registration."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.companions import forms, services
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.registration.models import Registration
from okconf.registration.services import current_registration

bp = Blueprint("companions", __name__)

PARTICIPANT_SECTIONS = ["companions/_participant_section.html"]
STAFF_REGISTRATION_SECTIONS = ["companions/_staff_section.html"]


@bp.app_template_global()
def companion_of(registration):
    """The registration's companion (None: none); a global, so other features' pages (the
    desk, badges) show them without importing this feature."""
    return services.companion_of(registration)


@bp.app_template_global()
def companion_may_change(registration) -> bool:
    return services.can_change(registration)


def _registration(token: str) -> Registration:
    registration = current_registration(token)
    if registration is None:
        abort(404)
    return registration


def _save(registration, form, *, by_staff: bool) -> bool:
    """Validate and save; False (errors beside the fields) when it could not be saved."""
    if not form.validate_on_submit():
        return False
    try:
        services.save(registration, forms.data_of(form), by_staff=by_staff)
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return False
    db.session.commit()
    flash(_("The companion is saved."), "success")
    return True


@bp.route("/anmalan/<token>/ledsagare", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def participant_page(token: str):
    """The participant adds or changes their companion."""
    registration = _registration(token)
    if not services.can_change(registration):
        abort(404)
    back = url_for("registration.manage", token=token)
    return _page(
        registration,
        staff=False,
        done_url=back + "#companion-heading",
        back_url=back,
        remove_url=url_for("companions.participant_remove", token=token),
    )


@bp.route("/anmalan/<token>/ledsagare/ta-bort", methods=["POST"])
@public
@limiter.limit("20 per minute")
def participant_remove(token: str):
    """The participant comes without their companion after all."""
    registration = _registration(token)
    if not forms.RemoveForm().validate_on_submit():
        abort(400)
    _remove(registration, by_staff=False)
    return redirect(url_for("registration.manage", token=token) + "#companion-heading")


def _page(registration, *, staff: bool, done_url: str, back_url: str, remove_url: str):
    """The companion's page, for the participant or an organiser: saved, it goes to done_url."""
    companion = services.companion_of(registration)
    form = forms.CompanionForm(data=forms.initial(companion))
    if request.method == "POST" and _save(registration, form, by_staff=staff):
        return redirect(done_url)
    return render_template(
        "companions/page.html",
        registration=registration,
        conference=registration.conference,
        companion=companion,
        form=form,
        remove_form=forms.RemoveForm(),
        remove_url=remove_url,
        back_url=back_url,
        staff=staff,
    )


def _remove(registration, *, by_staff: bool) -> None:
    try:
        services.remove(registration, by_staff=by_staff)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The companion is removed."), "success")


def _managed(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404)
    get_managed_conference(registration.conference_id)
    return registration


@bp.route("/staff/anmalningar/<int:registration_id>/ledsagare", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_page(registration_id: int):
    """The organiser adds or changes a participant's companion."""
    registration = _managed(registration_id)
    back = url_for("registration.staff_edit", registration_id=registration_id)
    return _page(
        registration,
        staff=True,
        done_url=back,
        back_url=back,
        remove_url=url_for("companions.staff_remove", registration_id=registration_id),
    )


@bp.route("/staff/anmalningar/<int:registration_id>/ledsagare/ta-bort", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_remove(registration_id: int):
    """The organiser removes a participant's companion."""
    registration = _managed(registration_id)
    if not forms.RemoveForm().validate_on_submit():
        abort(400)
    _remove(registration, by_staff=True)
    return redirect(url_for("registration.staff_edit", registration_id=registration_id))
