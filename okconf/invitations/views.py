"""Organisers invite people to their conference; invitees follow their personal link."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from okconf import audit
from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.invitations import services
from okconf.invitations.forms import ButtonForm, InvitationForm
from okconf.invitations.recipients import parse_addresses, registry_recipients
from okconf.organisations.services import towns
from okconf.vocabulary import OrganisationType, Party

bp = Blueprint("invitations", __name__)

CONFERENCE_NAV = [("invitations.index", _l("Invitations"), (Role.ORGANISER,), "before")]


def _recipients(form: InvitationForm):
    """The form's recipients, or None after putting the problems beside the fields."""
    chosen = registry_recipients(
        [OrganisationType(t) for t in form.org_types.data or []],
        [Party(p) for p in form.parties.data or []],
        form.towns.data or [],
        organisation_email=form.organisation_email.data,
        contacts=form.contacts.data,
    )
    pasted, problems = parse_addresses(form.addresses.data or "")
    if problems:
        form.addresses.errors = [
            _("Line %(line)s: “%(text)s”: %(message)s", line=p.line, text=p.text, message=p.message)
            if p.line
            else p.message
            for p in problems
        ]
        return None
    if not chosen and not pasted:
        form.form_errors.append(
            _(
                "No recipients: choose types, parties or towns whose organisations have "
                "addresses, or paste addresses."
            )
        )
        return None
    return chosen + pasted


def _page(conference, form, **extra):
    registered = services.registered_emails(conference)
    invitations = services.invitations_of(conference)
    return render_template(
        "invitations/index.html",
        conference=conference,
        form=form,
        invitations=invitations,
        registered=registered,
        is_registered=services.is_registered,
        button_form=ButtonForm(),
        **extra,
    )


@bp.route("/staff/konferenser/<int:conference_id>/inbjudningar", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def index(conference_id: int):
    """Choose recipients, preview the mail, send; and see each invitee's status."""
    conference = get_managed_conference(conference_id)
    form = InvitationForm(towns())
    if not form.validate_on_submit():
        return _page(conference, form)
    recipients = _recipients(form)
    if recipients is None:
        return _page(conference, form)
    if request.form.get("action") != "send":
        plan = services.plan_invitations(conference, recipients)
        subject, body = services.render_invitation(
            conference, name=plan.new[0].name if plan.new else "", greeting=form.greeting.data
        )
        try:
            services.check_can_invite(conference)
            blocked = None
        except DomainError as error:
            blocked = error.message
        return _page(conference, form, plan=plan, subject=subject, body=body, blocked=blocked)
    try:
        result = services.send_invitations(
            conference, recipients, greeting=form.greeting.data, invited_by=current_user
        )
    except DomainError as error:
        apply_to_form(form, error)
        return _page(conference, form)
    audit.record("invitations.sent", conference, sent=len(result.sent), skipped=len(result.skipped))
    db.session.commit()
    flash(_("%(num)s invitations are on their way.", num=len(result.sent)), "success")
    if result.skipped:
        shown = ", ".join(r.email for r in result.skipped[:10])
        more = len(result.skipped) - 10
        flash(
            _("Skipped, already invited or registered: %(emails)s", emails=shown)
            + (" " + _("and %(num)s more.", num=more) if more > 0 else ""),
            "info",
        )
    return redirect(url_for("invitations.index", conference_id=conference.id))


@bp.route("/staff/konferenser/<int:conference_id>/inbjudningar/paminn", methods=["POST"])
@roles_required(Role.ORGANISER)
def remind(conference_id: int):
    """Send the one reminder to every invitee who has not registered."""
    conference = get_managed_conference(conference_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        reminded = services.send_reminders(conference)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("invitations.index", conference_id=conference.id))
    audit.record("invitations.reminded", conference, reminded=len(reminded))
    db.session.commit()
    flash(_("%(num)s reminders are on their way.", num=len(reminded)), "success")
    return redirect(url_for("invitations.index", conference_id=conference.id))


@bp.route("/inbjudan/<token>")
@public
def open(token: str):
    """An invitee's personal link: note that it was opened, then go on to register."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        abort(404)
    services.record_opened(invitation)
    db.session.commit()
    conference = invitation.conference
    if "registration.register" in current_app.view_functions:
        return redirect(_register_url(conference, invitation.email))
    return redirect(url_for("conferences.public_show", slug=conference.slug))


def _register_url(conference, email: str) -> str:
    """The registration form's address, whether it takes the slug or the id."""
    rule = next(r for r in current_app.url_map.iter_rules("registration.register"))
    values = {"email": email}
    if "slug" in rule.arguments:
        values["slug"] = conference.slug
    if "conference_id" in rule.arguments:
        values["conference_id"] = conference.id
    return url_for("registration.register", **values)
