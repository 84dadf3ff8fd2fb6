"""The organiser's check-in links page, and the link a door volunteer opens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import InputRequired, Length

from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.conferences.models import Workshop
from okconf.db import MAX_ID
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.formdata import as_choices
from okconf.registration.models import Registration
from okconf.volunteers import services, workshop_checkin
from okconf.volunteers.access import SESSION_KEY, desk_required, get_desk_conference, gone_page
from okconf.volunteers.models import CheckinLink

bp = Blueprint("volunteers", __name__)

ORGANISERS = (Role.ORGANISER,)
CONFERENCE_NAV = [
    ("volunteers.links", _l("Check-in links"), ORGANISERS, "day"),
]


def _duration_choices():
    return [
        (4, _l("4 hours")),
        (12, _l("12 hours")),
        (24, _l("1 day")),
        (48, _l("2 days")),
        (72, _l("3 days")),
        (168, _l("1 week")),
    ]


class LinkForm(FlaskForm):
    label = StringField(
        _l("Who or which door"),
        description=_l("For example “Entrance, Kim”. The volunteer does not see it."),
        validators=[
            InputRequired(_l("Write who or which door the link is for.")),
            Length(max=services.LABEL_MAX),
        ],
        render_kw={"maxlength": services.LABEL_MAX, "autocomplete": "off"},
    )
    hours = SelectField(
        _l("The link works for"),
        coerce=int,
        default=24,
        validators=[InputRequired(_l("Choose how long the link works."))],
        validate_choice=True,
    )
    show_needs = BooleanField(_l("Show diets and accessibility needs at check-in"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hours.choices = as_choices(_duration_choices())


class ConfirmForm(FlaskForm):
    pass


@bp.route("/staff/konferenser/<int:conference_id>/incheckningslankar", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def links(conference_id: int):
    """Make a check-in link for a door volunteer; see and revoke the conference's links."""
    conference = get_managed_conference(conference_id)
    form = LinkForm()
    new_url = None
    if form.validate_on_submit():
        try:
            _link, token = services.create_link(
                conference,
                label=form.label.data,
                hours=form.hours.data,
                show_needs=form.show_needs.data,
                created_by=current_user,
            )
        except DomainError as error:
            db.session.rollback()
            conference = get_managed_conference(conference_id)
            apply_to_form(form, error)
        else:
            db.session.commit()
            # Shown once, on this answer: only the token's hash is kept.
            new_url = url_for("volunteers.open_link", token=token, _external=True)
            form = LinkForm(formdata=None)
    return render_template(
        "volunteers/links.html",
        conference=conference,
        form=form,
        links=services.links_of(conference),
        now=services.now(),
        new_url=new_url,
        qr_svg=_qr_svg(new_url) if new_url else None,
        action_form=ConfirmForm(),
    )


def _qr_svg(url: str) -> str:
    from okconf.groupwork.services import qr_svg

    return qr_svg(url)


@bp.route(
    "/staff/konferenser/<int:conference_id>/incheckningslankar/<int:link_id>/aterkalla",
    methods=["POST"],
)
@roles_required(*ORGANISERS)
def revoke(conference_id: int, link_id: int):
    """Stop a link at once."""
    conference = get_managed_conference(conference_id)
    if link_id > MAX_ID:
        abort(404)
    link = db.session.get(CheckinLink, link_id)
    if link is None or link.conference_id != conference.id:
        abort(404)
    if ConfirmForm().validate_on_submit() and services.revoke(link):
        db.session.commit()
        flash(_("The link for %(label)s no longer works.", label=link.label), "success")
    return redirect(url_for("volunteers.links", conference_id=conference.id))


def _only_unknown_tokens(response) -> bool:
    return response.status_code == 404


@bp.route("/incheckning/<token>")
@public
@limiter.limit("10 per minute; 50 per hour", deduct_when=_only_unknown_tokens)
def open_link(token: str):
    """A door volunteer opens their link: the conference's check-in desk, and nothing else."""
    link = services.find_by_token(token)
    if link is None:
        abort(404)
    if not services.is_usable(link):
        session.pop(SESSION_KEY, None)
        return gone_page()
    session[SESSION_KEY] = link.id
    return redirect(url_for("attendees.checkin", conference_id=link.conference_id))


# Check-in per workshop session: the desk's "Workshops" page and each workshop's list at its
# door, open to the organiser and to a check-in link of the conference like the desk.
desk_bp = Blueprint("workshop_desk", __name__, url_prefix="/staff/konferenser")
blueprints = [bp, desk_bp]


@desk_bp.route("/<int:conference_id>/incheckning/workshoppar")
@desk_required(*ORGANISERS)
def workshops(conference_id: int):
    """The conference's workshop rounds: pick the workshop at whose door you stand."""
    conference = get_desk_conference(conference_id)
    return render_template(
        "volunteers/workshops.html",
        conference=conference,
        rounds=workshop_checkin.rounds(conference),
    )


@desk_bp.route(
    "/<int:conference_id>/incheckning/workshoppar/<int:workshop_id>", methods=["GET", "POST"]
)
@desk_required(*ORGANISERS)
def workshop(conference_id: int, workshop_id: int):
    """A workshop's list at its door: check people in (or undo) with one button each."""
    conference = get_desk_conference(conference_id)
    if workshop_id > MAX_ID:
        abort(404)
    the_workshop = db.session.get(Workshop, workshop_id)
    if the_workshop is None or the_workshop.conference_id != conference.id:
        abort(404)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        registration_id = request.form.get("registration_id", type=int)
        registration = (
            db.session.get(Registration, registration_id)
            if registration_id and 0 < registration_id <= MAX_ID
            else None
        )
        if registration is None or registration.conference_id != conference.id:
            flash(_("This person is not on the workshop's list."), "error")
        elif request.form.get("action") == "undo":
            if workshop_checkin.undo(registration, the_workshop):
                db.session.commit()
                flash(
                    _("The check-in of %(name)s is undone.", name=registration.full_name),
                    "success",
                )
        else:
            try:
                done = workshop_checkin.check_in(registration, the_workshop)
            except DomainError as error:
                db.session.rollback()
                flash(error.message, "error")
            else:
                db.session.commit()
                if done:
                    flash(_("%(name)s is checked in.", name=registration.full_name), "success")
                else:
                    flash(
                        _("%(name)s was already checked in.", name=registration.full_name), "info"
                    )
        return redirect(
            url_for("workshop_desk.workshop", conference_id=conference.id, workshop_id=workshop_id)
        )
    people = workshop_checkin.people(the_workshop)
    return render_template(
        "volunteers/workshop.html",
        conference=conference,
        workshop=the_workshop,
        people=people,
        arrived=sum(1 for p in people if p.checked_in_at),
        action_form=form,
    )
