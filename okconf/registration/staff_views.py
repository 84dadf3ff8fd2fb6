"""The organisers' registration actions: add by hand, edit, remove, move up from the queue."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import case, select

from okconf import undo
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.actions import act, act_and_go
from okconf.conferences.access import get_managed_conference
from okconf.errors import Conflict, DomainError, apply_to_form
from okconf.extensions import db
from okconf.registration import attendance, rules, services
from okconf.registration.forms import ConfirmForm, PromoteForm, registration_form
from okconf.registration.models import Attendance, Registration, RegistrationStatus
from okconf.registration.public_views import bp
from okconf.security import local_path

organiser = roles_required(Role.ORGANISER)


def _managed_registration(registration_id: int) -> Registration:
    """The registration, if the user manages its conference (404/403 otherwise)."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404)
    get_managed_conference(registration.conference_id)
    return registration


def _back(conference_id: int) -> str:
    """Where to go after an action: a safe `next`, else the conference's waiting list page."""
    return local_path(request.values.get("next")) or url_for(
        "registration.staff_waiting", conference_id=conference_id
    )


@bp.route("/staff/konferenser/<int:conference_id>/anmalningar/ny", methods=["GET", "POST"])
@organiser
def staff_add(conference_id: int):
    """Add a person by hand (deadline and capacity may be overridden)."""
    conference = get_managed_conference(conference_id)
    form = registration_form(conference, "staff_add")
    if form.validate_on_submit():
        try:
            registration = services.register(
                conference,
                form.data_for_services(str(get_locale())),
                by_staff=True,
                override_deadline=form.override_deadline.data,
                override_capacity=form.override_capacity.data,
            )
        except DomainError as error:
            db.session.rollback()
            if isinstance(error, rules.RegistrationClosed):
                error.field = "override_deadline"
            apply_to_form(form, error)
        else:  # (register() committed)
            if registration.status is RegistrationStatus.WAITING:
                flash(
                    _("%(name)s was put on the waiting list.", name=registration.full_name),
                    "warning",
                )
            else:
                flash(_("%(name)s was registered.", name=registration.full_name), "success")
            return redirect(url_for("registration.staff_edit", registration_id=registration.id))
    return render_template(
        "registration/staff_form.html",
        form=form,
        conference=conference,
        registration=None,
        suggestions=rules.organisation_suggestions(),
        open=rules.registration_open(conference),
    )


@bp.route("/staff/anmalningar/<int:registration_id>/redigera", methods=["GET", "POST"])
@organiser
def staff_edit(registration_id: int):
    """Edit a registration (audited, without the contents of sensitive fields)."""
    registration = _managed_registration(registration_id)
    conference = registration.conference
    form = registration_form(conference, "staff_edit", registration=registration)
    if form.validate_on_submit():
        try:
            data = form.data_for_services(registration.locale)
            changes = services.update_details(registration, data, by_staff=True)
            if "attendance" in form and data.attendance is not registration.attendance:
                changes["attendance"] = attendance.switch(
                    registration, data.attendance, by_staff=True
                )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Saved.") if changes else _("Nothing was changed."), "success")
            return redirect(url_for("registration.staff_edit", registration_id=registration_id))
    return render_template(
        "registration/staff_form.html",
        form=form,
        conference=conference,
        registration=registration,
        position=rules.waiting_position(registration),
        suggestions=rules.organisation_suggestions(),
        promote_form=PromoteForm(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/staff/anmalningar/<int:registration_id>/avanmal", methods=["GET", "POST"])
@organiser
def staff_cancel(registration_id: int):
    """Remove a registration; a freed place goes to the first in the queue."""
    registration = _managed_registration(registration_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        was, waiting_since = registration.status, registration.waiting_since
        try:
            promoted = services.cancel(registration, by_staff=True)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            message = _("%(name)s was removed.", name=registration.full_name)
            if promoted or not undo.offer(
                "registration",
                message,
                url_for(".staff_reinstate", registration_id=registration.id),
                {
                    "registration_id": registration.id,
                    "status": was.value,
                    "waiting_since": waiting_since,
                },
            ):
                flash(message, "success")
            for person in promoted:
                flash(
                    _("%(name)s got the place from the waiting list.", name=person.full_name),
                    "info",
                )
        return redirect(_back(registration.conference_id))
    return render_template(
        "registration/staff_cancel.html",
        form=form,
        registration=registration,
        conference=registration.conference,
    )


@bp.route("/staff/anmalningar/<int:registration_id>/ater", methods=["POST"])
@organiser
def staff_reinstate(registration_id: int):
    """Undo a removal (offered once, right after it, when nobody took the place)."""
    registration = _managed_registration(registration_id)
    data = undo.take("registration") if ConfirmForm().validate_on_submit() else None

    def reinstate():
        if not data or data.get("registration_id") != registration.id:
            raise Conflict(_("There is nothing to undo."))
        services.reinstate(
            registration, status=data.get("status", ""), waiting_since=data.get("waiting_since")
        )

    return act_and_go(
        reinstate,
        lambda _done: _("%(name)s is back.", name=registration.full_name),
        _back(registration.conference_id),
    )


@bp.route("/staff/anmalningar/<int:registration_id>/flytta-upp", methods=["POST"])
@organiser
def staff_promote(registration_id: int):
    """Move a person from the waiting list to a place (over capacity only when ticked)."""
    registration = _managed_registration(registration_id)
    form = PromoteForm()
    if form.validate_on_submit():
        act(
            lambda: services.promote(registration, override_capacity=form.override_capacity.data),
            lambda _done: _("%(name)s now has a place.", name=registration.full_name),
        )
    return redirect(_back(registration.conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/vantelista")
@organiser
def staff_waiting(conference_id: int):
    """The conference's waiting list, in order, with the places left."""
    conference = get_managed_conference(conference_id)
    waiting = db.session.scalars(
        select(Registration)
        .where(
            Registration.conference_id == conference.id,
            Registration.status == RegistrationStatus.WAITING,
        )
        # A hybrid conference has a queue per pool: on site first, then online.
        .order_by(
            case((Registration.attendance == Attendance.ONLINE, 1), else_=0),
            Registration.waiting_since,
            Registration.id,
        )
    ).all()
    return render_template(
        "registration/staff_waiting.html",
        conference=conference,
        waiting=waiting,
        confirmed=rules.confirmed_count(conference.id, "on_site"),
        online_confirmed=rules.confirmed_count(conference.id, "online"),
        promote_form=PromoteForm(),
    )
