"""Organisers' pages: their conferences, the invitation form, publishing and copying."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from okconf.accounts.access import roles_required
from okconf.accounts.models import Role, User
from okconf.actions import act_and_go
from okconf.conferences import services
from okconf.conferences.access import get_managed_conference
from okconf.conferences.blueprint import bp
from okconf.conferences.forms import ConferenceForm
from okconf.conferences.models import Conference, Series
from okconf.db import as_id
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.organisations.models import Organisation


@bp.route("/staff/konferenser")
@roles_required(Role.ORGANISER)
def staff_list():
    """The conferences this user may manage."""
    conferences = services.managed_conferences(current_user)
    return render_template("conferences/staff_list.html", conferences=conferences)


def _conference_form(conference: Conference | None) -> ConferenceForm:
    """The invitation form with its choices (organisers only for admins)."""
    form = ConferenceForm(obj=conference)
    form.series_id.choices = [SelectChoice("", _("(no series)"))] + [
        SelectChoice(str(s.id), s.name)
        for s in db.session.scalars(select(Series).order_by(Series.name))
    ]
    form.hosts.choices = [
        SelectChoice(o.id, f"{o.name} ({o.town})" if o.town else o.name)
        for o in db.session.scalars(select(Organisation).order_by(Organisation.name))
    ]
    if current_user.role is Role.ADMIN:
        form.organisers.choices = [
            SelectChoice(u.id, f"{u.name} <{u.email}>")
            for u in db.session.scalars(
                select(User).where(User.role == Role.ORGANISER).order_by(User.name)
            )
        ]
    else:
        del form.organisers
    if conference is not None and not form.is_submitted():
        form.series_id.data = str(conference.series_id or "")
        form.hosts.data = [o.id for o in conference.hosts]
        if "organisers" in form:
            form.organisers.data = [u.id for u in conference.organisers]
    return form


def _values(form: ConferenceForm) -> dict:
    """The invitation's fields as the service takes them."""
    # The reimbursement offer is not in this form: the rules page sets it.
    values = {name: form[name].data for name in services.INVITATION_FIELDS if name in form}
    for name in ("price_ore", "late_cancellation_fee_ore"):
        values[name] = values[name] or 0
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = value.strip()
    return values


def _save(form: ConferenceForm, conference: Conference | None) -> Conference | None:
    """Hand the form's values to the service; None (nothing saved) while the form shows
    warnings the organiser has not accepted with "Save anyway"."""
    values = _values(form)
    warnings = services.invitation_warnings(conference, values)
    if warnings and not form.save_anyway.data:
        form.warnings = warnings
        return None
    if (form.new_series.data or "").strip():
        series = services.get_or_create_series(
            form.new_series.data, values["date"].year if values["date"] else None
        )
    else:
        # The choices are not validated (a series may be new); an id that cannot be one is none.
        series_id = as_id(form.series_id.data)
        series = db.session.get(Series, series_id) if series_id else None
    hosts = [db.session.get(Organisation, i) for i in map(as_id, form.hosts.data or []) if i]
    organisers = None
    if "organisers" in form:
        organisers = [
            u
            for u in (db.session.get(User, i) for i in map(as_id, form.organisers.data or []) if i)
            if u is not None and u.role is Role.ORGANISER
        ]
    return services.save_conference(
        conference,
        values,
        actor=current_user,
        slug=form.slug.data or "",
        series=series,
        hosts=[h for h in hosts if h is not None],
        organisers=organisers,
    )


def _warn(form: ConferenceForm, conference: Conference | None):
    """The form again, unsaved, with the warnings and the "Save anyway" box."""
    db.session.rollback()
    form.save_anyway.data = False
    return render_template(
        "conferences/staff_form.html", form=form, conference=conference, warnings=form.warnings
    )


@bp.route("/staff/konferenser/ny", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_new():
    """Create a conference from its invitation's fields."""
    form = _conference_form(None)
    if form.validate_on_submit():
        try:
            conference = _save(form, None)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            if conference is None:
                return _warn(form, None)
            db.session.commit()
            flash(_("The conference was created as a draft."), "success")
            return redirect(url_for("main.conference", conference_id=conference.id))
    return render_template("conferences/staff_form.html", form=form, conference=None)


@bp.route("/staff/konferenser/<int:conference_id>/redigera", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_edit(conference_id: int):
    """Edit the invitation."""
    conference = get_managed_conference(conference_id)
    form = _conference_form(conference)
    if form.validate_on_submit():
        try:
            saved = _save(form, conference)
        except DomainError as error:
            db.session.rollback()
            conference = get_managed_conference(conference_id)
            apply_to_form(form, error)
        else:
            if saved is None:
                return _warn(form, conference)
            db.session.commit()
            flash(_("The invitation was saved."), "success")
            return redirect(url_for("main.conference", conference_id=conference.id))
    return render_template("conferences/staff_form.html", form=form, conference=conference)


@bp.route("/staff/konferenser/<int:conference_id>/publicera", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_publish(conference_id: int):
    """Publish the conference on the public pages."""
    conference = get_managed_conference(conference_id)
    return act_and_go(
        lambda: services.publish(conference, actor=current_user),
        _("The conference is published."),
        url_for("main.conference", conference_id=conference_id),
    )


@bp.route("/staff/konferenser/<int:conference_id>/avpublicera", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_unpublish(conference_id: int):
    """Take the conference off the public pages."""
    conference = get_managed_conference(conference_id)
    services.unpublish(conference, actor=current_user)
    db.session.commit()
    flash(_("The conference is no longer public."), "success")
    return redirect(url_for("main.conference", conference_id=conference_id))


@bp.route("/staff/konferenser/<int:conference_id>/kopiera", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_copy(conference_id: int):
    """Start a new conference from this one: programme kept, dates cleared."""
    conference = get_managed_conference(conference_id)
    copy = services.copy_conference(conference, actor=current_user)
    db.session.commit()
    flash(_("A draft copy was made. Fill in its dates and check the invitation."), "success")
    return redirect(url_for("conferences.staff_edit", conference_id=copy.id))


@bp.route("/staff/konferenser/<int:conference_id>/forhandsvisning")
@roles_required(Role.ORGANISER)
def staff_preview(conference_id: int):
    """The public page as it will look, also for a draft."""
    from okconf.conferences.public_views import render_public_page

    return render_public_page(get_managed_conference(conference_id), preview=True)
