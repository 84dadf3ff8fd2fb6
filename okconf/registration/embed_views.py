"""The registration form embedded in a host's website (an iframe on the host's page).

The page is the ordinary form in a frame layout, framed only by the conference's allow-list
(CSP frame-ancestors). It works without cookies, since a browser may not send okconf's cookies
inside another site's page: the CSRF token is signed with the conference (no session), and a
POST must come from okconf's own page in the frame (its Origin is okconf's). The language comes
from `?lang=`, the confirmation from a signed, short-lived address instead of the session.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from itsdangerous import BadData, URLSafeTimedSerializer
from wtforms.csrf.core import CSRF
from wtforms.validators import ValidationError

from okconf.accounts.access import public
from okconf.conferences.hosting import frame_ancestors
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import csrf, db, limiter
from okconf.registration import rules, services
from okconf.registration.forms import record_parts, registration_form
from okconf.registration.locking import Busy
from okconf.registration.models import Registration
from okconf.registration.public_views import _published, bp, retention
from okconf.security import CSP

DONE_MAX_AGE = 15 * 60  # seconds the confirmation's address shows the registration


def _signer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=f"okconf-embed-{purpose}")


class SignedCSRF(CSRF):
    """A CSRF token signed with the conference's id and a time, checked without a session."""

    def setup_form(self, form):
        self.conference_id = form.meta.csrf_context
        return super().setup_form(form)

    def generate_csrf_token(self, csrf_token_field):
        return _signer("csrf").dumps(self.conference_id)

    def validate_csrf_token(self, form, field):
        limit = int(current_app.config.get("WTF_CSRF_TIME_LIMIT") or 3600)
        try:
            signed_for = _signer("csrf").loads(field.data or "", max_age=limit)
        except BadData:
            raise ValidationError(
                _("The form has expired. Reload the page and fill it in again.")
            ) from None
        if signed_for != self.conference_id:
            raise ValidationError(_("The form has expired. Reload the page and fill it in again."))


def _language() -> None:
    """Speak the language the host's page asked for (?lang=en), else okconf's default."""
    wanted = request.args.get("lang", "")
    if wanted in current_app.config["LANGUAGES"]:
        g.lang = wanted


def _same_origin_post() -> bool:
    """A POST must come from okconf's own page (in the frame), not from another site."""
    origin = request.headers.get("Origin")
    if origin is None:
        referrer = request.headers.get("Referer", "")
        if not referrer:
            return True  # old browsers and privacy tools send neither; the signed token holds
        parts = urlsplit(referrer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin.rstrip("/") in {request.host_url.rstrip("/"), _base_origin()}


def _base_origin() -> str:
    parts = urlsplit(current_app.config["BASE_URL"])
    return f"{parts.scheme}://{parts.netloc}"


def _framed(response_body, conference, status=200):
    """The page with the headers that let the allow-list (and no one else) frame it."""
    response = current_app.make_response((response_body, status))
    policy = CSP.replace("frame-ancestors 'none'", f"frame-ancestors {frame_ancestors(conference)}")
    response.headers["Content-Security-Policy"] = policy
    # X-Frame-Options cannot name several sites: frame-ancestors alone decides here.
    g.framed_by_allow_list = True
    return response


def _render(conference, template: str, status=200, **context):
    return _framed(
        render_template(template, conference=conference, embedded=True, **context),
        conference,
        status,
    )


@bp.route("/konferens/<slug>/anmalan/inbaddad", methods=["GET", "POST"])
@public
@csrf.exempt  # the form carries its own signed token (SignedCSRF): no session in a frame
@limiter.limit("20 per minute; 300 per hour", methods=["POST"])
def embedded(slug: str):
    """The registration form for a host's website."""
    _language()
    conference = _published(slug)
    if request.method == "POST" and not _same_origin_post():
        abort(403)
    if not rules.registration_open(conference):
        return _render(
            conference,
            "registration/closed.html",
            message=rules.closed_message(conference),
        )
    form = registration_form(
        conference,
        "public",
        meta={
            "csrf": bool(current_app.config.get("WTF_CSRF_ENABLED", True)),
            "csrf_class": SignedCSRF,
            "csrf_context": conference.id,
        },
    )
    context = {
        "suggestions": rules.organisation_suggestions(),
        "retention": retention(conference),
    }
    if not form.validate_on_submit():
        return _render(conference, "registration/register.html", form=form, **context)
    done = {}

    def keep(registration, created: bool) -> None:  # written and read before the commit
        record_parts(form, registration, created)
        done.update(r=registration.id, new=created)

    try:
        services.submit_public(conference, form.data_for_services(str(get_locale())), keep)
    except Busy as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _render(conference, "registration/register.html", 503, form=form, **context)
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return _render(conference, "registration/register.html", form=form, **context)
    ticket = _signer("done").dumps(done)  # (submit_public committed)
    return redirect(
        url_for("registration.embedded_done", slug=slug, ticket=ticket, lang=str(get_locale()))
    )


@bp.route("/konferens/<slug>/anmalan/inbaddad/klar/<ticket>")
@public
def embedded_done(slug: str, ticket: str):
    """What happened, shown in the frame (the same words as okconf's own confirmation)."""
    _language()
    conference = _published(slug)
    try:
        outcome = _signer("done").loads(ticket, max_age=DONE_MAX_AGE)
    except BadData:
        return redirect(url_for("registration.embedded", slug=slug, lang=str(get_locale())))
    registration = db.session.get(Registration, outcome.get("r") or 0)
    if registration is None or registration.conference_id != conference.id:
        return redirect(url_for("registration.embedded", slug=slug, lang=str(get_locale())))
    new = registration if outcome.get("new") else None
    return _render(
        conference,
        "registration/done.html",
        registration=new,
        position=rules.waiting_position(registration) if new else None,
        # Correcting the address needs the session, which a frame may not have: the page
        # tells the participant to ask the organiser instead.
        correct_form=None,
        suggestion=None,
    )
