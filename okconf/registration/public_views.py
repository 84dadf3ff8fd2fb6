"""The participant's side: the form, the confirmation, the personal link, the lost link."""

from __future__ import annotations

import functools

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import bindparam, select

from okconf import signals
from okconf.accounts.access import public
from okconf.conferences.models import Conference, ConferenceState
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.registration import attendance, rules, services
from okconf.registration.forms import (
    ConfirmForm,
    LostLinkForm,
    SubstituteForm,
    record_parts,
    registration_form,
)
from okconf.registration.formsetup import per_version
from okconf.registration.locking import Busy
from okconf.registration.models import Registration

bp = Blueprint("registration", __name__)


@functools.cache
def _by_slug():
    """The conference by its slug, the statement built once (its construction and cache key
    cost every request about 0.2 ms of CPU)."""
    return select(Conference).where(Conference.slug == bindparam("slug"))


def _published(slug: str) -> Conference:
    conference = db.session.scalar(_by_slug(), {"slug": slug})
    if conference is None or conference.state is not ConferenceState.PUBLISHED:
        abort(404)
    return conference


def retention(conference) -> dict:
    """The retention periods the consent text states: the conference's own (privacy feature)
    or the configured RETENTION_* defaults. Kept per version of the conference (an edit of
    its periods moves the version: registration/formsetup.py), with the defaults in the key."""
    config = current_app.config
    sensitive, anonymise = config["RETENTION_SENSITIVE_DAYS"], config["RETENTION_ANONYMISE_DAYS"]
    own = per_version(
        conference,
        f"retention:{sensitive}:{anonymise}",
        lambda: signals.answer(signals.retention_periods, conference) or (),
    )
    if own:
        sensitive, anonymise = own.sensitive_days, own.anonymise_days
    return {
        "sensitive_days": int(sensitive),
        "anonymise_months": max(1, round(int(anonymise) / 30.4)),
        "privacy_page": "privacy.privacy_page" in current_app.view_functions,
    }


def _render_form(conference, form, status=200):
    return render_template(
        "registration/register.html",
        conference=conference,
        form=form,
        fields_html=_fields_as_first_shown(conference, form),
        suggestions=rules.organisation_suggestions(),
        retention=retention(conference),
    ), status


def _fields_as_first_shown(conference, form) -> Markup | None:
    """The form's fields as HTML when the form is shown as it first is (a GET without
    values in the address, so no data and no errors), kept per version of the conference
    and language: the same for everyone (the CSRF token and the registry's names are
    rendered apart), and rendering its twenty-odd fields through the field macro was half of
    the page's CPU. None otherwise: the page renders them."""
    if request.method != "GET" or request.args or form.errors:
        return None
    return per_version(
        conference,
        f"fields_html:{get_locale()}",
        lambda: Markup(  # noqa: S704 - a template's own output, escaped by Jinja
            render_template("registration/_fields_only.html", form=form, conference=conference)
        ),
    )


@bp.route("/konferens/<slug>/anmalan", methods=["GET", "POST"])
@public
# Generous enough for one office behind a shared address registering its colleagues.
@limiter.limit("20 per minute; 300 per hour", methods=["POST"])
def register(slug: str):
    """The registration form (anmälan)."""
    conference = _published(slug)
    if not rules.registration_open(conference):
        return render_template(
            "registration/closed.html",
            conference=conference,
            message=rules.closed_message(conference),
        )
    form = registration_form(conference, "public")
    if request.method == "GET" and request.args.get("email"):
        form.email.data = request.args["email"][:254]
    if not form.validate_on_submit():
        return _render_form(conference, form, 200)
    done = {}

    def keep(registration, created: bool) -> None:  # written and read before the commit
        record_parts(form, registration, created)
        done.update(id=registration.id, new=created)

    try:
        services.submit_public(conference, form.data_for_services(str(get_locale())), keep)
    except Busy as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _render_form(conference, form, 503)
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _render_form(conference, form, 200)
    session["registration_done"] = done  # (submit_public committed)
    return redirect(url_for("registration.done", slug=slug))


@bp.route("/konferens/<slug>/anmalan/klar")
@public
def done(slug: str):
    """What happened after the form was sent (read once from the session)."""
    conference = _published(slug)
    outcome = session.get("registration_done") or {}
    registration = db.session.get(Registration, outcome.get("id") or 0)
    if registration is None or registration.conference_id != conference.id:
        return redirect(url_for("registration.register", slug=slug))
    from okconf.registration.correction_views import correction_context

    new = registration if outcome.get("new") else None
    return render_template(
        "registration/done.html",
        conference=conference,
        registration=new,
        position=rules.waiting_position(registration) if outcome.get("new") else None,
        **correction_context(new),
    )


def _from_token(token: str):
    """The registration of a current personal link, or a response explaining the link."""
    registration, current = services.registration_from_token(token)
    if registration is None or not current:
        handed_over = registration is not None
        page = render_template("registration/link_invalid.html", handed_over=handed_over)
        return None, (page, 410)
    return registration, None


def _manage_context(registration, token):
    return {
        "registration": registration,
        "conference": registration.conference,
        "token": token,
        "position": rules.waiting_position(registration),
        "can_change": rules.can_change_details(registration),
        "can_hand_over": rules.can_hand_over_or_cancel(registration),
        "late": rules.is_late_cancellation(registration.conference),
        **attendance.page_context(registration),
    }


@bp.route("/anmalan/<token>", methods=["GET", "POST"])
@public
def manage(token: str):
    """The participant's own registration: see it, change it, hand it over, cancel it."""
    registration, response = _from_token(token)
    if response:
        return response
    context = _manage_context(registration, token)
    form = None
    if context["can_change"]:
        form = registration_form(registration.conference, "edit", registration=registration)
        if form.validate_on_submit():
            try:
                services.update_details(registration, form.data_for_services(registration.locale))
            except DomainError as error:
                db.session.rollback()
                apply_to_form(form, error)
            else:
                db.session.commit()
                flash(_("Your changes have been saved."), "success")
                return redirect(url_for("registration.manage", token=token))
    elif request.method == "POST":
        flash(
            _("The registration deadline has passed; your details can no longer be changed."),
            "warning",
        )
    return render_template("registration/manage.html", form=form, **context)


@bp.route("/anmalan/<token>/overlat", methods=["GET", "POST"])
@public
def hand_over(token: str):
    """Hand the place to a colleague."""
    registration, response = _from_token(token)
    if response:
        return response
    if not rules.can_hand_over_or_cancel(registration):
        flash(_("This place can no longer be handed over."), "warning")
        return redirect(url_for("registration.manage", token=token))
    form = SubstituteForm()
    if form.validate_on_submit():
        try:
            services.hand_over(registration, form.person(), locale=str(get_locale()))
        except Busy as error:
            db.session.rollback()
            apply_to_form(form, error)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return render_template(
                "registration/handed_over.html",
                registration=registration,
                conference=registration.conference,
            )
    return render_template(
        "registration/hand_over.html",
        form=form,
        registration=registration,
        conference=registration.conference,
        token=token,
    )


@bp.route("/anmalan/<token>/avanmal", methods=["GET", "POST"])
@public
def cancel(token: str):
    """Cancel the registration, after a confirmation step."""
    registration, response = _from_token(token)
    if response:
        return response
    if not rules.can_hand_over_or_cancel(registration):
        return redirect(url_for("registration.manage", token=token))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            services.cancel(registration)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            return redirect(url_for("registration.manage", token=token))
    return render_template(
        "registration/cancel.html", form=form, **_manage_context(registration, token)
    )


@bp.route("/anmalan/<token>/deltagande", methods=["POST"])
@public
def switch_attendance(token: str):
    """Switch between on site and online while the other pool has room."""
    registration, response = _from_token(token)
    if response:
        return response
    if ConfirmForm().validate_on_submit():
        try:
            attendance.switch(registration)
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(
                _("You now take part: %(how)s.", how=registration.attendance.label.lower()),
                "success",
            )
    return redirect(url_for("registration.manage", token=token))


@bp.route("/anmalan/ny-lank", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute; 30 per hour", methods=["POST"])
def lost_link():
    """Lost my link: the same answer whatever the email, the link only to its owner."""
    form = LostLinkForm()
    if form.validate_on_submit():
        services.resend_links(form.email.data)
        db.session.commit()
        return render_template("registration/lost_link_sent.html")
    return render_template("registration/lost_link.html", form=form)
