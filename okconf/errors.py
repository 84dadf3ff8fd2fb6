"""Domain errors raised by services, and the HTTP error pages."""

from __future__ import annotations

from flask import jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException


class DomainError(Exception):
    """A rule of the domain was broken; the message is readable by the user.

    `field` names the form field the message belongs beside, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(DomainError):
    """The action is not allowed for this person or in this state."""


class NotFound(DomainError):
    """The object asked for does not exist (or may not be seen)."""


class Conflict(DomainError):
    """The action conflicts with the current state (full, already done, too late)."""


class BadInput(BadRequest):
    """A request okconf cannot read (400), with a message that says why in the user's
    language (its `description`) instead of the page's general one."""


def apply_to_form(form, error: DomainError) -> None:
    """Show a domain error beside its field, or as a form-level error."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*list(field.errors or []), error.message]
    else:
        form.form_errors.append(error.message)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/healthz"


def _render(code: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=title, message=message), code
    return render_template("errors/error.html", code=code, title=title, message=message), code


def _form_page_again(error: HTTPException):
    """After a rate-limited post, the form's own page again with what was typed and the
    message (nothing is processed), instead of an error page that loses the form; None when
    the address has no page to show (post-only routes, JSON)."""
    from flask import current_app, flash, g

    from okconf.extensions import limiter

    rule = request.url_rule
    if request.method != "POST" or rule is None or "GET" not in (rule.methods or ()):
        return None
    if _wants_json() or not request.form:
        return None
    flash(_("Too many attempts in a short time. Wait a moment and send the form again."), "error")
    # Rendered as the page's GET (limits here count posts only), with the posted values as the
    # forms' data: okconf.formdata hands them to the forms without submitting them.
    g.okconf_replay_form = True
    request.method = "GET"
    context = limiter.context
    breached = context.view_rate_limit, list(context.view_rate_limits)
    try:
        result = current_app.view_functions[rule.endpoint](**(request.view_args or {}))
    finally:
        request.method = "POST"
        # Keep the breached limit for Flask-Limiter's X-RateLimit-* and Retry-After headers.
        context.view_rate_limit, context.view_rate_limits[:] = breached
    response = current_app.make_response(result)
    if response.status_code != 200:
        return None
    response.status_code = 429
    return response


def register_errorhandlers(app) -> None:
    """Readable error pages in the user's language for every HTTP error."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(
            400,
            _("The form has expired"),
            _(
                "The page was open too long or the form was sent twice. "
                "Go back, reload and try again."
            ),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        titles = {
            400: _("Bad request"),
            403: _("Access denied"),
            404: _("Page not found"),
            405: _("Method not allowed"),
            413: _("The file is too large"),
            429: _("Too many attempts"),
        }
        messages = {
            400: _("The request could not be understood."),
            403: _("You do not have permission to see this page."),
            404: _("The page you asked for does not exist or has been removed."),
            405: _("This address does not accept that kind of request."),
            413: _("The file you sent is larger than we accept."),
            429: _("Too many attempts in a short time. Wait a moment and try again."),
        }
        code = error.code or 500
        if code == 429 and (replayed := _form_page_again(error)) is not None:
            return replayed
        message = messages.get(code, _("Something went wrong."))
        if isinstance(error, BadInput):
            message = error.description
        response = _render(code, titles.get(code, error.name), message)
        if code == 429 and getattr(error, "retry_after", None):
            response[0].headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(Exception)
    def internal_error(error: Exception):
        app.logger.exception("Unhandled error on %s", request.path)
        from okconf.extensions import db

        db.session.rollback()
        return _render(
            500,
            _("Something went wrong"),
            _("An error occurred on our side. Nothing you sent was lost; try again in a moment."),
        )
