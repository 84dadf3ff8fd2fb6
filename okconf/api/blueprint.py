"""The API's blueprint: token authentication, access by role and scope, JSON errors, paging.

Only the `Authorization: Bearer` header authenticates an API call: the session cookie is never
read, so a page on another site cannot make a signed-in browser call the API (no CSRF hole),
and CSRF tokens are not asked for. Every call is rate-limited per token (API_RATE_LIMIT).
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_smorest import Blueprint
from werkzeug.exceptions import HTTPException

from okconf.api import tokens
from okconf.api.messages import flatten
from okconf.db import MAX_ID
from okconf.errors import Conflict, DomainError, NotAllowed, NotFound
from okconf.extensions import csrf, db, limiter
from okconf.registration.locking import Busy

api_bp = Blueprint(
    "api",
    __name__,
    url_prefix="/api/v1",
    description="okconf's API for staff systems",
)
csrf.exempt(api_bp)


def rate_key() -> str:
    """Rate limits count per token (by its id: the key holds no secret); calls without a
    known token count per address, so made-up tokens cannot each get a fresh count."""
    secret = tokens.token_from_header(request.headers.get("Authorization"))
    if secret is not None:
        from okconf.api.models import ApiToken

        known = db.session.scalar(
            sa.select(ApiToken.id).where(ApiToken.token_hash == tokens.hash_token(secret))
        )
        if known is not None:
            return f"api-token:{known}"
    return "api-anonymous:" + get_remote_address()


limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], key_func=rate_key)(api_bp)


# --- errors ------------------------------------------------------------------------------------


def error_response(code: int, title: str, message: str, errors=None, headers=None):
    """The JSON body of every API error: a title, a readable message, messages per field."""
    body = {"error": title, "message": message}
    if errors:
        body["errors"] = errors
    return body, code, headers or {}


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: (_("Bad request"), _("The request could not be understood.")),
        401: (
            _("A token is needed"),
            _("Send a valid API token in the header Authorization: Bearer <token>."),
        ),
        403: (_("Access denied"), _("You do not have permission to see this page.")),
        404: (_("Not found"), _("What you asked for does not exist or has been removed.")),
        405: (_("Method not allowed"), _("This address does not accept that kind of request.")),
        413: (_("Too large"), _("The request is larger than we accept.")),
        415: (_("Bad request"), _("Send the data as JSON (Content-Type: application/json).")),
        422: (_("Invalid data"), _("Some values are missing or wrong; see errors.")),
        429: (
            _("Too many attempts"),
            _("Too many attempts in a short time. Wait a moment and try again."),
        ),
    }


@api_bp.errorhandler(HTTPException)
def http_error(error: HTTPException):
    """Every HTTP error of the API as JSON, with webargs' field messages translated."""
    code = error.code or 500
    title, message = _titles().get(code, (error.name, _("Something went wrong.")))
    data = getattr(error, "data", None) or {}
    if data.get("message"):
        message = data["message"]
    errors = None
    if "messages" in data:
        # webargs: {location: {field: [messages]}}; the location says nothing to the caller.
        by_location = data["messages"]
        errors = {}
        for messages in by_location.values() if isinstance(by_location, dict) else []:
            for name, texts in flatten(messages).items():
                errors.setdefault(name, []).extend(texts)
        if code == 400 and "_" in errors:  # the body was not JSON at all
            message = errors.pop("_")[0]
    headers = dict(data.get("headers") or {})
    if code == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="okconf"'
    if code == 429 and getattr(error, "retry_after", None):
        headers["Retry-After"] = str(error.retry_after)
    return error_response(code, title, message, errors or None, headers)


@api_bp.errorhandler(DomainError)
def domain_error(error: DomainError):
    """A service's domain error, with the message the form would show beside its field."""
    db.session.rollback()
    if isinstance(error, NotFound):
        code = 404
    elif isinstance(error, Busy):
        return error_response(503, _("Try again"), error.message, headers={"Retry-After": "1"})
    elif isinstance(error, Conflict | NotAllowed):
        code = 409
    else:
        code = 422
    title = _titles().get(code, (_("Invalid data"), ""))[0]
    if code == 409:
        title = _("Not possible now")
    errors = {error.field: [error.message]} if error.field else None
    return error_response(code, title, error.message, errors)


def fail(code: int, message: str | None = None, **errors):
    """Stop with an API error: `code`, a message (else the code's own), messages per field."""
    from flask_smorest import abort

    data = {"message": message} if message else {}
    if errors:
        data["messages"] = {"json": {k: [v] for k, v in errors.items()}}
    abort(code, **data)


# --- authentication and access ---------------------------------------------------------------


@api_bp.before_request
def authenticate():
    """Who calls: the user of a usable token in the Authorization header, nobody else."""
    secret = tokens.token_from_header(request.headers.get("Authorization"))
    if secret is None:
        fail(401)
    token = tokens.authenticate(secret)
    if token is None:
        fail(401, _("The API token is unknown, expired or revoked."))
    if db.session.dirty:
        # last_used_at, written at most once a minute in a short transaction of its own.
        db.session.commit()
    g.api_token = token
    if request.is_json and request.content_length:
        try:
            request.get_json(silent=True)
        except RecursionError:
            # Nesting deeper than Python's parser goes: as malformed as broken JSON.
            fail(400, _("Invalid JSON body."))
    # The token's user is the user of this request (the audit log names them); Flask-Login's
    # session cookie is not consulted.
    g._login_user = token.user


def api_user():
    """The user whose token made this call."""
    return g.api_token.user


def api_access(*roles, scope: str):
    """Let through tokens with the scope whose user has one of the roles (admins always).

    The same roles as the pages the endpoint mirrors; `api_roles` and `api_scope` on the view
    let the access-matrix test check every endpoint.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            token = g.api_token
            if scope not in token.scope_set:
                fail(403, _("This token does not have the permission “%(scope)s”.", scope=scope))
            if not token.user.has_role(*roles):
                fail(403, _("Your role may not use this part of the API."))
            return view(*args, **kwargs)

        wrapped.api_roles = roles
        wrapped.api_scope = scope
        doc = wrapped.__dict__.setdefault("_apidoc", {}).setdefault("manual_doc", {})
        doc["security"] = [{"bearerAuth": [scope]}]
        doc["x-okconf-scope"] = scope
        doc["x-okconf-roles"] = ["admin", *(role.value for role in roles)]
        return wrapped

    return decorator


def managed_conference(conference_id: int):
    """The conference, when the token's user may manage it (404 / 403 otherwise)."""
    from okconf.conferences.access import can_manage
    from okconf.conferences.models import Conference

    conference = db.session.get(Conference, conference_id)
    if conference is None:
        fail(404)
    if not can_manage(api_user(), conference):
        fail(403, _("This conference is not one of yours."))
    return conference


# --- paging and sync ---------------------------------------------------------------------------


def _encode_cursor(updated_at: datetime, row_id: int) -> str:
    raw = f"{updated_at.astimezone(UTC).isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, row_id = raw.split("|")
        when = datetime.fromisoformat(stamp)
        number = int(row_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        fail(422, cursor=_("The cursor is not valid; start again without it."))
    if when.tzinfo is None or not 0 < number <= MAX_ID:
        fail(422, cursor=_("The cursor is not valid; start again without it."))
    return when, number


def paginate(query: sa.Select, model, args: dict) -> dict:
    """One page of `query` in a stable order (change time, then id), from the cursor on.

    A row changed while a client pages moves to the end of the order, so it comes again on a
    later page rather than being skipped.
    """
    changed, ident = model.updated_at, model.id
    if args.get("updated_since") is not None:
        query = query.where(changed >= args["updated_since"])
    if args.get("cursor"):
        when, after = _decode_cursor(args["cursor"])
        query = query.where(sa.or_(changed > when, sa.and_(changed == when, ident > after)))
    limit = args["limit"]
    rows = list(db.session.scalars(query.order_by(changed, ident).limit(limit + 1)).unique())
    next_cursor = next_url = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = _encode_cursor(rows[-1].updated_at, rows[-1].id)
        params = {k: v for k, v in request.args.items() if k != "cursor"}
        next_url = url_for(
            request.endpoint,
            **(request.view_args or {}),
            **params,
            cursor=next_cursor,
            _external=True,
        )
    return {"items": rows, "next": next_url, "next_cursor": next_cursor}
