"""Error pages in both languages, the health check's JSON and the security headers."""

from __future__ import annotations

import pytest
from flask import abort
from flask_babel import force_locale
from flask_babel import gettext as _

from okconf.extensions import db


def _boom():
    raise RuntimeError("a bug")


def _forbidden():
    abort(403)


@pytest.fixture
def error_app(make_app):
    """The app with two test-only routes, added before its first request."""
    application = make_app()
    application.add_url_rule("/test-only/boom", "test_boom", _boom)
    application.add_url_rule("/test-only/forbidden", "test_forbidden", _forbidden)
    with application.app_context():
        yield application
        db.session.remove()


def expected(locale: str, msgid: str) -> str:
    """The translation the page must show (the msgid until the catalog is filled)."""
    with force_locale(locale):
        return _(msgid)


@pytest.mark.parametrize("locale", ["sv", "en"])
@pytest.mark.parametrize(
    ("path", "code", "title"),
    [
        ("/test-only/forbidden", 403, "Access denied"),
        ("/no/such/page", 404, "Page not found"),
        ("/test-only/boom", 500, "Something went wrong"),
    ],
)
def test_error_pages_in_both_languages(error_app, locale, path, code, title):
    client = error_app.test_client()
    client.get(f"/language/{locale}")
    response = client.get(path)
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert f'<html lang="{locale}">' in page
    with error_app.test_request_context():
        assert f"<h1>{expected(locale, title)}</h1>" in page
    assert f"{code}" in page
    assert "Traceback" not in page
    assert "a bug" not in page
    assert 'href="#content"' in page  # the full layout, skip link included


def test_unhandled_error_is_logged_and_rolled_back(error_app, caplog):
    client = error_app.test_client()
    with caplog.at_level("ERROR"):
        assert client.get("/test-only/boom").status_code == 500
    assert any("Unhandled error on /test-only/boom" in r.getMessage() for r in caplog.records)


def test_healthz_answers_json_with_the_database_state(client, backend):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.json == {"status": "ok", "database": "ok", "database_backend": backend}


def test_healthz_reports_an_unreachable_database(make_app, tmp_path):
    broken = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'missing' / 'db.sqlite'}")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unavailable"
    assert response.json["status"] == "degraded"


def test_security_headers_on_every_page(client):
    for path in ("/", "/login", "/no/such/page", "/healthz"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in headers  # plain http in tests


def test_https_base_url_adds_hsts(make_app):
    secure = make_app(BASE_URL="https://konferens.example.org")
    headers = secure.test_client().get("/").headers
    assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_pages_load_nothing_from_the_internet(client):
    page = client.get("/").get_data(as_text=True)
    assert "http://" not in page.replace("http://localhost", "")
    assert "https://" not in page
    assert "<script" not in page
    assert "style=" not in page
