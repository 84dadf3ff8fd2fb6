"""A web worker starts without the heavy libraries only some pages and commands need.

SciPy, NumPy and highspy (the workshop solver), python-docx and WeasyPrint (report downloads),
openpyxl and XlsxWriter (imports and exports), qrcode and Pillow (QR codes) are imported where
they are used, so creating the app imports none of them: each gunicorn worker stays small and
starts fast. So are Flask-Migrate with Alembic and Mako (only `flask db` and the migration
tests), cryptography (personal links), icalendar (calendar files and feeds), python-stdnum (bank
accounts), filetype (receipts), argon2 (passwords), phonenumbers (the phone field),
email_validator (address lists), css-inline and html2text (the mail worker and the mail
previews), the REST API's flask-smorest, marshmallow, apispec and webargs (the first call to
/api/), and Flask-Mail (the mail worker); and okconf's report builders and organisation import
(their staff pages). Every feature's views, with the forms and services only they import,
load on their first request (okconf/lazyviews.py): creating the app imports the views of
okconf.lazyviews.EAGER only. Checked in a fresh interpreter, since the test process has
imported them all.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.support import ROOT, fresh_interpreter

HEAVY = [
    "scipy",
    "numpy",
    "highspy",
    "docx",
    "qrcode",
    "PIL",
    "weasyprint",
    "openpyxl",
    "xlsxwriter",
    # about 24 MB together: a web worker after start went from 102 MB to under 80 MB
    "flask_migrate",
    "alembic",
    "mako",
    "cryptography",
    "icalendar",
    "stdnum",
    "filetype",
    "argon2",
    "phonenumbers",
    "email_validator",
    # the HTML mails' CSS inliner and text maker belong to the mail worker and the previews
    "css_inline",
    "html2text",
    "premailer",
    # the REST API's libraries load on the first call to /api/ (okconf/api/lazy.py), and
    # Flask-Mail when the mail worker first sends (okconf/mail/smtp.py)
    "flask_smorest",
    "marshmallow",
    "apispec",
    "webargs",
    "flask_mail",
    # okconf's own report builders (with the SVG charts' xml.sax) and the organisations'
    # file import load with the staff pages that use them; so do the forms and services that
    # only the features' views import (okconf/lazyviews.py)
    "okconf.reports.annual",
    "okconf.reports.joint",
    "okconf.reports.sections",
    "okconf.reports.chart",
    "xml.sax",
    "okconf.organisations.importing",
    "okconf.attendees.forms",
    "okconf.attendees.services",
    "okconf.reimbursements.forms",
    "okconf.reimbursements.services",
    "okconf.workshops.services.assignment",
    "okconf.conferences.forms",
    "okconf.reports.services",
    "okconf.organisations.forms",
    "okconf.steering.forms",
    # the services that the features' receivers (hooks.py) call are imported by the receivers,
    # the features' commands by `flask okconf`, the API token page's forms by that page
    "okconf.registration.services",
    "okconf.registration.forms",
    "okconf.registration.streaming",
    "okconf.questions.services",
    "okconf.companions.services",
    "okconf.invitations.services",
    "okconf.webhooks.services",
    "okconf.mail.services",
    "okconf.mail.worker",
    "smtplib",
    "okconf.api.forms",
]

PROBE = """
import json, sys
from okconf import create_app
create_app({
    "SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://", "ALLOW_HTTP_BASE_URL": True,
})
print(json.dumps(sorted(m for m in %r if m in sys.modules)))
"""


def test_creating_the_app_imports_no_heavy_library():
    assert fresh_interpreter(PROBE % (HEAVY,)) == []


VIEWS = """
import json, sys
from okconf import create_app
create_app({
    "SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://", "ALLOW_HTTP_BASE_URL": True,
})
print(json.dumps(sorted(m for m in sys.modules if m.startswith("okconf.") and "views" in m)))
"""


def test_creating_the_app_imports_only_the_eager_features_views():
    """No feature's views module (views.py, staff_views.py, …) but main's and the API's token
    pages: the rest are imported by their first request. Nor the modules only they import."""
    imported = fresh_interpreter(VIEWS)
    assert imported == ["okconf.api.views", "okconf.lazyviews", "okconf.main.views"]


# Imported when the app is made all the same: their listeners act on every session's changes,
# not only on what their own module does (a flush that changes a conference's form setup moves
# its version, whichever page made the change).
LISTENERS = ["okconf.registration.formsetup", "okconf.registration.places"]


def test_the_modules_with_session_listeners_are_imported_with_the_app():
    code = PROBE.replace("%r", repr(LISTENERS))
    assert fresh_interpreter(code) == LISTENERS


def test_the_probe_would_see_a_heavy_import():
    """The check itself works: a module imported after the app was created shows up."""
    code = PROBE.replace("print(", "import qrcode\nprint(")
    assert "qrcode" in fresh_interpreter(code % (HEAVY,))


def test_flask_db_still_has_its_commands():
    """Flask-Migrate is imported when `flask db` runs: its commands and options are there."""
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "okconf", "db", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "OKCONF_ALLOW_HTTP_BASE_URL": "true", "OKCONF_SECRET_KEY": "probe"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for command in ("upgrade", "downgrade", "revision", "current", "--directory"):
        assert command in result.stdout


def test_the_migration_configuration_is_made_on_first_use(app):
    """app.extensions["migrate"] stands in for Flask-Migrate's configuration until read."""
    config = app.extensions["migrate"]
    assert config.directory.endswith("migrations")
    assert config.configure_args["render_as_batch"] is True
    assert type(app.extensions["migrate"]).__module__ == "flask_migrate"


LAZY_API = """
import json, sys
from okconf import create_app
app = create_app({
    "SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://", "ALLOW_HTTP_BASE_URL": True,
})
client = app.test_client()
seen = [client.get("/healthz").status_code, "flask_smorest" in sys.modules]
# the first API call after other requests have been served loads the API and answers it
seen += [client.get("/api/v1/conferences").status_code, "flask_smorest" in sys.modules]
seen += [client.get("/api/v1/openapi.json").status_code]
print(json.dumps(seen))
"""


def test_the_api_is_loaded_by_its_first_call():
    """The REST API's libraries load on the first request to /api/, even after the app has
    served other requests (when Flask no longer lets routes be added), and it answers."""
    healthz, before, api, after, document = fresh_interpreter(LAZY_API)
    assert (before, after) == (False, True)
    assert api == 401  # no token: the API's own JSON answer, not a 404
    assert document == 200
    assert healthz in (200, 503)
