"""Certificates: the organisers' page (settings, print all, mail all) and the participant's
download and mail from their personal link."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf.accounts.access import public, roles_required
from okconf.accounts.models import Role
from okconf.certificates import services
from okconf.certificates.forms import CertificateForm
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db, limiter
from okconf.registration.models import Registration
from okconf.registration.services import current_registration_or_404

bp = Blueprint("certificates", __name__)

CONFERENCE_NAV = [
    ("certificates.staff_page", _l("Certificates of attendance"), (Role.ORGANISER,), "after"),
]
PARTICIPANT_SECTIONS = ["certificates/_participant_section.html"]


@bp.app_context_processor
def _certificate_helpers():
    return {"certificate_refusal": services.refusal}


def _pdf(data: bytes, name: str, download: bool = False) -> Response:
    disposition = "attachment" if download else "inline"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{name}"'},
    )


@bp.route("/staff/konferenser/<int:conference_id>/intyg", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def staff_page(conference_id: int):
    """What the certificates say, who can have one, printing and mailing them."""
    conference = get_managed_conference(conference_id)
    settings = services.settings_for(conference)
    form = CertificateForm(
        data={
            "enabled": settings.enabled,
            "hours": f"{settings.minutes / 60:g}".replace(".", ",") if settings.minutes else "",
            "text": settings.text,
            "signer_name": settings.signer_name,
            "signer_title": settings.signer_title,
        }
    )
    if form.validate_on_submit():
        try:
            services.save_settings(
                conference,
                enabled=form.enabled.data,
                minutes=form.minutes,
                text=form.text.data or "",
                signer_name=form.signer_name.data or "",
                signer_title=form.signer_title.data or "",
            )
        except DomainError as error:
            db.session.rollback()
            conference = get_managed_conference(conference_id)
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("The certificate was saved."), "success")
            return redirect(url_for("certificates.staff_page", conference_id=conference_id))
    return render_template(
        "certificates/staff_page.html",
        conference=conference,
        form=form,
        settings=settings,
        eligible=len(services.eligible(conference)),
        mailed=services.mailed_count(conference),
    )


@bp.route("/staff/konferenser/<int:conference_id>/intyg/alla.pdf")
@roles_required(Role.ORGANISER)
def staff_all_pdf(conference_id: int):
    """Every checked-in participant's certificate, one page each, to print."""
    conference = get_managed_conference(conference_id)
    people = services.eligible(conference)
    if not people:
        flash(_("Nobody has been checked in yet, so there is no certificate to print."), "error")
        return redirect(url_for("certificates.staff_page", conference_id=conference_id))
    return _pdf(
        services.certificates_pdf(conference, people), f"deltagarintyg-{conference.slug}.pdf"
    )


@bp.route("/staff/konferenser/<int:conference_id>/intyg/exempel.pdf")
@roles_required(Role.ORGANISER)
def staff_sample_pdf(conference_id: int):
    """A certificate for an example participant, to see the layout."""
    conference = get_managed_conference(conference_id)
    sample = Registration(
        first_name=_("First name"), last_name=_("Last name"), organisation_name=_("Organisation")
    )
    return _pdf(services.certificates_pdf(conference, [sample]), "exempel.pdf")


@bp.route("/staff/konferenser/<int:conference_id>/intyg/skicka", methods=["POST"])
@roles_required(Role.ORGANISER)
def staff_send_all(conference_id: int):
    """Mail every checked-in participant who has not had one their certificate."""
    conference = get_managed_conference(conference_id)
    try:
        count = services.send_all(conference)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("%(count)s certificates are on their way.", count=count), "success")
    return redirect(url_for("certificates.staff_page", conference_id=conference_id))


def _refused(registration, reason: str):
    return (
        render_template(
            "certificates/refused.html",
            registration=registration,
            conference=registration.conference,
            reason=reason,
        ),
        403,
    )


@bp.route("/anmalan/<token>/intyg.pdf")
@public
def participant_pdf(token: str):
    """The participant's own certificate (only when checked in)."""
    registration = current_registration_or_404(token)
    reason = services.refusal(registration)
    if reason:
        return _refused(registration, reason)
    return _pdf(services.certificate_pdf(registration), services.filename(registration), True)


@bp.route("/anmalan/<token>/intyg/skicka", methods=["POST"])
@public
@limiter.limit("5 per hour", methods=["POST"])
def participant_send(token: str):
    """Mail the participant their certificate."""
    registration = current_registration_or_404(token)
    reason = services.refusal(registration)
    if reason:
        return _refused(registration, reason)
    services.send(registration, actor="participant")
    db.session.commit()
    flash(_("Your certificate is on its way to %(email)s.", email=registration.email), "success")
    return redirect(url_for("registration.manage", token=token))
