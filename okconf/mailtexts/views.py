"""The organisers' page for a conference's mail introductions, with a preview."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length

from okconf import audit
from okconf.accounts.access import roles_required
from okconf.accounts.models import Role
from okconf.conferences.access import get_managed_conference
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db
from okconf.mail.views import HTML_PREVIEW_CSP
from okconf.mailtexts import services
from okconf.mailtexts.models import INTRODUCTION_MAX, IntroducedMail

bp = Blueprint("mailtexts", __name__)
bp.add_app_template_global(services.introduction_text, "mail_introduction")

CONFERENCE_NAV = [("mailtexts.edit", _l("Mail texts"), (Role.ORGANISER,), "before")]

_TOO_LONG = _l("Write at most %(max)d characters.")


def _text_field(label):
    return TextAreaField(label, validators=[Length(max=INTRODUCTION_MAX, message=_TOO_LONG)])


class IntroductionsForm(FlaskForm):
    """The introductions of the three mails, in Swedish and English."""

    confirmation_sv = _text_field(_l("Introduction in Swedish"))
    confirmation_en = _text_field(_l("Introduction in English"))
    waiting_list_sv = _text_field(_l("Introduction in Swedish"))
    waiting_list_en = _text_field(_l("Introduction in English"))
    reminder_sv = _text_field(_l("Introduction in Swedish"))

    def texts(self) -> dict[IntroducedMail, tuple[str, str]]:
        """The form's texts by mail: (Swedish, English)."""
        return {
            mail: (
                self[f"{mail.value}_sv"].data or "",
                self[f"{mail.value}_en"].data or "" if f"{mail.value}_en" in self else "",
            )
            for mail in IntroducedMail
        }


def _choices(conference):
    """What the preview can be shown for: mail, language, registration (None: the sample)."""
    mail = request.args.get("mail", IntroducedMail.CONFIRMATION.value)
    mail = IntroducedMail(mail) if mail in set(IntroducedMail) else IntroducedMail.CONFIRMATION
    locale = services.sample_locale(request.args.get("sprak"))
    registrations = services.sample_registrations(conference)
    chosen = request.args.get("anmalan", type=int)
    registration = next((r for r in registrations if r.id == chosen), None)
    return mail, locale, registrations, registration


@bp.route("/staff/konferenser/<int:conference_id>/utskick", methods=["GET", "POST"])
@roles_required(Role.ORGANISER)
def edit(conference_id: int):
    """Write the mails' introductions; see a mail as a participant gets it."""
    conference = get_managed_conference(conference_id)
    stored = services.introductions(conference)
    form = IntroductionsForm()
    if request.method == "GET":
        for mail, row in stored.items():
            form[f"{mail.value}_sv"].data = row.text_sv
            if f"{mail.value}_en" in form:
                form[f"{mail.value}_en"].data = row.text_en
    elif form.validate_on_submit():
        try:
            changed = services.save(conference, form.texts())
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            if changed:
                audit.record("mailtexts.saved", conference, mails=changed)
            db.session.commit()
            flash(_("The mail texts are saved."), "success")
            return redirect(url_for("mailtexts.edit", conference_id=conference.id) + "#preview")
    mail, locale, registrations, registration = _choices(conference)
    subject, text, _html = services.preview(conference, mail, locale, registration)
    defaults = {}
    for language in ("sv", "en"):
        with force_locale(language):
            defaults[language] = {m: services.default_text(m, conference) for m in IntroducedMail}
    return render_template(
        "mailtexts/edit.html",
        conference=conference,
        form=form,
        labels=services.LABELS,
        mails=list(IntroducedMail),
        defaults=defaults,
        preview_mail=mail,
        preview_locale=locale,
        preview_subject=subject,
        preview_text=text,
        registrations=registrations,
        registration=registration,
    )


@bp.route("/staff/konferenser/<int:conference_id>/utskick/forhandsvisning")
@roles_required(Role.ORGANISER)
def preview_html(conference_id: int):
    """The previewed mail's HTML part, for the page's sandboxed frame."""
    conference = get_managed_conference(conference_id)
    mail, locale, _registrations, registration = _choices(conference)
    _subject, _text, html = services.preview(conference, mail, locale, registration)
    if not html:
        abort(404)
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = HTML_PREVIEW_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
