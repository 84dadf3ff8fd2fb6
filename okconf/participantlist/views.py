"""The participant list: the organiser's setting, the participant's choice and view of it,
and the list on the public page when the organiser makes it public."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField
from wtforms.validators import AnyOf, InputRequired

from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError
from okconf.extensions import db, limiter
from okconf.formdata import as_choices
from okconf.participantlist import services
from okconf.participantlist.models import Visibility
from okconf.registration.services import current_registration_or_404

bp = Blueprint("participantlist", __name__)

CONFERENCE_NAV = [
    ("participantlist.staff_page", _l("Participant list"), (Role.ORGANISER,), "before"),
]
PARTICIPANT_SECTIONS = ["participantlist/_participant_section.html"]


class SettingsForm(FlaskForm):
    # AnyOf gives unknown values our own message.
    visibility = RadioField(
        _l("Who sees the participant list?"),
        choices=as_choices((v.value, v.label) for v in Visibility),
        validate_choice=False,
        validators=[
            InputRequired(_l("Choose who sees the list.")),
            AnyOf([v.value for v in Visibility], message=_l("Choose who sees the list.")),
        ],
    )


class ConsentForm(FlaskForm):
    in_participant_list = BooleanField(
        _l("Show my name, my organisation and town in the participant list")
    )


@bp.app_context_processor
def _helpers():
    return {
        "participant_list_of": _section_context,
        "public_participant_list": _public_list,
    }


@bp.app_template_global()
def participant_list_audience(conference) -> str:
    """Who sees the conference's list ("nobody", "participants", "public"); a global, so the
    registration form's imported macro sees it too."""
    return services.visibility(conference).value


def _section_context(registration):
    """What the participant's own page shows about the list (None: nothing)."""
    if not services.participant_may_see(registration):
        return None
    form = None
    if services.can_change_consent(registration):
        form = ConsentForm(data={"in_participant_list": registration.in_participant_list})
    return {"form": form, "listed": registration.in_participant_list}


def _public_list(conference):
    """The list for the conference's public page, when the organiser made it public."""
    if services.visibility(conference) is not Visibility.PUBLIC:
        return None
    return services.entries(conference)


@bp.route("/staff/konferenser/<int:conference_id>/deltagarforteckning", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_page(conference_id: int):
    """Whether there is a list and who sees it; how many agreed to be on it."""
    conference = get_managed_conference(conference_id)
    form = SettingsForm(data={"visibility": services.visibility(conference).value})
    if form.validate_on_submit():
        services.save_visibility(conference, Visibility(form.visibility.data))
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("participantlist.staff_page", conference_id=conference_id))
    return render_template(
        "participantlist/staff_page.html",
        conference=conference,
        form=form,
        visibility=services.visibility(conference),
        listed=services.listed_count(conference),
        confirmed=services.confirmed_count(conference),
    )


@bp.route("/anmalan/<token>/deltagare")
@public
def participant_view(token: str):
    """The list, as a participant sees it through their personal link."""
    registration = current_registration_or_404(token)
    if not services.participant_may_see(registration):
        abort(404)
    conference = registration.conference
    return render_template(
        "participantlist/participant_view.html",
        registration=registration,
        conference=conference,
        token=token,
        entries=services.entries(conference),
    )


@bp.route("/anmalan/<token>/deltagarforteckning", methods=["POST"])
@public
@limiter.limit("20 per minute")
def participant_consent(token: str):
    """The participant agrees to be listed, or withdraws."""
    registration = current_registration_or_404(token)
    form = ConsentForm()
    if not services.participant_may_see(registration) or not form.validate_on_submit():
        abort(400)
    try:
        services.set_consent(registration, bool(form.in_participant_list.data))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        if registration.in_participant_list:
            flash(_("You are on the participant list."), "success")
        else:
            flash(_("You are no longer on the participant list."), "success")
    return redirect(url_for("registration.manage", token=token) + "#participant-list-heading")
