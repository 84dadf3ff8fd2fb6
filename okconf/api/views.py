"""The token page under the staff user's account, and the API's OpenAPI document and its page.

The API itself (okconf.api.blueprint and its resources) is registered through flask-smorest's
Api on the first request to /api/ (okconf.api.lazy: its libraries stay out of web workers that
never serve it), so the document is made from the same code as the endpoints.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from okconf.accounts.access import public, roles_required
from okconf.api import tokens
from okconf.api.lazy import install, load_api
from okconf.db import utcnow
from okconf.errors import DomainError, apply_to_form
from okconf.extensions import db

bp = Blueprint("api_tokens", __name__)
docs_bp = Blueprint("api_docs", __name__)
docs_bp.record_once(lambda state: install(state.app))
blueprints = [bp, docs_bp]


@bp.route("/staff/konto/api-nycklar", methods=["GET", "POST"])
@roles_required(*tokens.API_ROLES)
def tokens_page():
    """The user's API tokens; a new one is shown once, on the page that made it."""
    # The forms (with the registration form's fields they reuse) load with the page, not with
    # the app: this module is imported when the app is made (okconf/lazyviews.py, EAGER).
    from okconf.api.forms import NewTokenForm

    form = NewTokenForm()
    secret = None
    if form.validate_on_submit():
        try:
            _token, secret = tokens.create_token(
                current_user, form.name.data, form.scopes.data, int(form.days.data)
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            form = NewTokenForm(formdata=None)
    return render_template(
        "api/tokens.html",
        form=form,
        secret=secret,
        tokens=tokens.user_tokens(current_user),
        scopes=tokens.SCOPES,
        now=utcnow(),
    )


@bp.route("/staff/konto/api-nycklar/<int:token_id>/aterkalla", methods=["GET", "POST"])
@roles_required(*tokens.API_ROLES)
def revoke(token_id: int):
    """Revoke one of the user's own tokens, after a confirmation page."""
    from okconf.api.forms import RevokeForm

    form = RevokeForm()
    mine = {t.id: t for t in tokens.user_tokens(current_user)}
    token = mine.get(token_id)
    if form.validate_on_submit():
        try:
            token = tokens.revoke_token(current_user, token_id)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("The token “%(name)s” no longer works.", name=token.name), "success")
        return redirect(url_for("api_tokens.tokens_page"))
    if token is None:
        abort(404)
    return render_template(
        "macros/confirm.html",
        heading=_("Revoke the token “%(name)s”?", name=token.name),
        details=[
            _("Begins with %(prefix)s…", prefix=token.prefix),
            _("Permissions: %(scopes)s", scopes=", ".join(sorted(token.scope_set))),
        ],
        consequence=_(
            "Systems that use it are refused from now on. This cannot be undone; make a new "
            "token if they still need access."
        ),
        button=_("Revoke the token"),
        action=url_for("api_tokens.revoke", token_id=token.id),
        back_url=url_for("api_tokens.tokens_page"),
        back_label=_("API tokens"),
    )


@docs_bp.route("/api/v1/openapi.json")
@public
def openapi_json():
    """The OpenAPI 3.1 document, made from the API's code by flask-smorest and apispec."""
    return jsonify(load_api(current_app).spec.to_dict())


@docs_bp.route("/api/v1/docs")
@public
def docs_page():
    """The API's operations as a page, rendered from the OpenAPI document (no script)."""
    from okconf.api.docs import operations

    spec = load_api(current_app).spec.to_dict()
    return render_template("api/docs.html", spec=spec, operations=operations(spec))
