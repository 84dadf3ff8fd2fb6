"""The privacy page, participants' data download and erasure request, organisers' side."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms import IntegerField
from wtforms.validators import NumberRange, Optional

from okconf import audit
from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.actions import act
from okconf.conferences.access import get_managed_conference
from okconf.extensions import db
from okconf.privacy import (
    audit_log_views,
    retention,
    services,
)
from okconf.privacy.models import ErasureRequest
from okconf.registration.services import current_registration_or_404

bp = Blueprint("privacy", __name__)

CONFERENCE_NAV = [
    *audit_log_views.CONFERENCE_NAV,
    ("privacy.erasure_requests", _l("Privacy and erasure"), (Role.ORGANISER,), "registration"),
]
# The conference's audit log page has its own blueprint ("audit"), kept from when it lived
# in okconf/audit/ (which now only writes the log).
blueprints = [bp, audit_log_views.bp]
PARTICIPANT_SECTIONS = ["privacy/_participant_section.html"]


class RetentionForm(FlaskForm):
    """A conference's own retention periods; empty means the default."""

    sensitive_days = IntegerField(
        _l("Days after the conference before dietary and accessibility answers are erased"),
        validators=[Optional(), NumberRange(0, 3650, _l("Enter a number of days from 0 to 3650."))],
    )
    anonymise_days = IntegerField(
        _l("Days after the conference before registrations are anonymised"),
        validators=[Optional(), NumberRange(0, 3650, _l("Enter a number of days from 0 to 3650."))],
    )


@bp.route("/integritet")
@public
def privacy_page():
    """What okconf stores, why, for how long and who sees it, from the actual settings."""
    config = current_app.config
    return render_template(
        "privacy/privacy.html",
        sensitive_days=config["RETENTION_SENSITIVE_DAYS"],
        anonymise_days=config["RETENTION_ANONYMISE_DAYS"],
        accounting_years=config["RETENTION_ACCOUNTING_YEARS"],
        mail_days=config["RETENTION_MAIL_DAYS"],
        backup_days=config["BACKUP_RETENTION_DAYS"],
    )


@bp.route("/anmalan/<token>/mina-uppgifter")
@public
def download(token: str):
    """The participant downloads everything held about them, as JSON."""
    registration = current_registration_or_404(token)
    payload = json.dumps(services.personal_data(registration), ensure_ascii=False, indent=2)
    return Response(
        payload,
        mimetype="application/json",
        headers={"Content-Disposition": "attachment; filename=okconf-mina-uppgifter.json"},
    )


@bp.route("/anmalan/<token>/radera", methods=["GET", "POST"])
@public
def request_erasure(token: str):
    """The participant asks for their data to be erased."""
    registration = current_registration_or_404(token)
    form = FlaskForm()
    if form.validate_on_submit():
        services.request_erasure(registration)
        db.session.commit()
        return render_template("privacy/erasure_requested.html", registration=registration)
    return render_template("privacy/erasure_confirm.html", registration=registration, form=form)


@bp.route("/staff/konferenser/<int:conference_id>/integritet", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def erasure_requests(conference_id: int):
    """Organisers see erasure requests and set the conference's retention periods."""
    conference = get_managed_conference(conference_id)
    periods = retention.periods(conference)
    form = RetentionForm()
    if form.validate_on_submit():
        retention.set_periods(conference, form.sensitive_days.data, form.anonymise_days.data)
        audit.record(
            "privacy.retention_changed",
            conference,
            sensitive_days=form.sensitive_days.data,
            anonymise_days=form.anonymise_days.data,
        )
        db.session.commit()
        flash(_("The retention periods were saved."), "success")
        return redirect(url_for("privacy.erasure_requests", conference_id=conference.id))
    if not form.is_submitted():
        form.sensitive_days.data = periods.sensitive_days
        form.anonymise_days.data = periods.anonymise_days
    requests = db.session.scalars(
        select(ErasureRequest)
        # The list names each requester: load the registrations with the requests.
        .options(selectinload(ErasureRequest.registration))
        .where(ErasureRequest.conference_id == conference.id)
        .order_by(ErasureRequest.state, ErasureRequest.requested_at)
    ).all()
    return render_template(
        "privacy/erasure_requests.html",
        conference=conference,
        requests=requests,
        form=form,
        periods=periods,
        complete_form=FlaskForm(),
    )


@bp.route("/staff/radering/<int:request_id>/klar", methods=["POST"])
@roles_required(Role.ORGANISER)
def complete_erasure(request_id: int):
    """An organiser completes an erasure request."""
    from flask_login import current_user

    erasure = db.get_or_404(ErasureRequest, request_id)
    conference = get_managed_conference(erasure.conference_id)
    form = FlaskForm()
    if form.validate_on_submit():
        act(
            lambda: services.complete_erasure(erasure, current_user),
            _("The participant's data has been erased."),
        )
    return redirect(url_for("privacy.erasure_requests", conference_id=conference.id))
