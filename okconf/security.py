"""Security headers on every response."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import abort, current_app, g, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from werkzeug.middleware.proxy_fix import ProxyFix

from okconf.errors import BadInput

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response):
    """A Content-Security-Policy without inline script, and the other hardening headers."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    if not g.get("framed_by_allow_list"):  # the embedded form: its frame-ancestors decide
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure or str(current_app.config["BASE_URL"]).startswith("https://"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if response.mimetype == "text/html" or request.endpoint not in (None, "static"):
        headers.setdefault("Cache-Control", "no-store")
    return response


def reject_nul_characters():
    """Refuse input with NUL characters: no database stores them, and no person types them."""
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        values = [v for _, v in request.form.items(multi=True)]
        names = [f.filename or "" for _, f in request.files.items(multi=True)]
    else:
        values, names = [], []
    values += [v for _, v in request.args.items(multi=True)]
    if request.view_args:
        values += [v for v in request.view_args.values() if isinstance(v, str)]
    if any("\x00" in value for value in values + names):
        abort(400)


def refuse_json_bodies():
    """Outside the API a body is an HTML form: refuse a JSON one with a readable 400.

    Flask-WTF decodes a JSON body into any form it meets, so a list where an object belongs,
    or JSON nested deeper than Python's parser goes (a RecursionError), was a 500. No page of
    okconf posts JSON; the API (/api/) reads it with its own guard.
    """
    if (
        request.method in ("POST", "PUT", "PATCH", "DELETE")
        and request.is_json
        and not request.path.startswith("/api/")
    ):
        raise BadInput(_("This address takes a form, not JSON. The API is at /api/v1."))


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the cookie Secure also whenever the request came
    over HTTPS (directly, or as a trusted proxy says), not only when BASE_URL is https; none
    for the token-authenticated API."""

    def save_session(self, app, session, response) -> None:
        """Save the session, except for the API: it authenticates by token and reads no cookie,
        so its answers neither set one nor `Vary: Cookie` (which Flask adds whenever the
        session was looked at, as Flask-Login's remember-cookie hook does on every request)."""
        if has_request_context() and request.blueprint == "api":
            return None
        return super().save_session(app, session, response)

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or (
            has_request_context() and request.is_secure
        )


def trust_proxies(app) -> None:
    """Read the client's address, scheme and host from the trusted proxies' X-Forwarded-*
    headers (PROXY_FIX_* hop counts); with none trusted the headers are ignored."""
    hops = {
        key: int(app.config.get(f"PROXY_FIX_X_{key.upper()}") or 0)
        for key in ("for", "proto", "host")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops["for"], x_proto=hops["proto"], x_host=hops["host"]
        )


def init_security(app) -> None:
    """Install the proxy setting, the session cookie, the input checks and the header hook."""
    trust_proxies(app)
    app.session_interface = SessionInterface()
    app.before_request(reject_nul_characters)
    app.before_request(refuse_json_bodies)
    app.after_request(add_security_headers)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None (refuses //host, /\\host and schemes).

    Browsers treat a backslash like a slash, so "/\\evil.example" would leave the site.
    """
    if not target or not target.startswith("/") or "\\" in target:
        return None
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target
