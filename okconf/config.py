"""Configuration: safe defaults, then instance/config.py, then OKCONF_* environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class Defaults:
    """Safe defaults for every configuration key; README.md documents each."""

    # The database: a SQLite file in instance/ unless DATABASE_URL names another.
    DATABASE_URL: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    # Public address used in links inside emails and QR codes. okconf refuses to start with
    # an http:// BASE_URL unless told it is a development server (ALLOW_HTTP_BASE_URL, which
    # `make run` sets), in debug mode, or under test.
    BASE_URL = "http://127.0.0.1:5000"
    ALLOW_HTTP_BASE_URL = False
    # Languages: Swedish first, English on request.
    LANGUAGES = ("sv", "en")
    BABEL_DEFAULT_LOCALE = "sv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Stockholm"
    # Mail: "log" keeps mails in the outbox and logs them; "smtp" lets send-mail deliver.
    MAIL_BACKEND = "log"
    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "okconf <okconf@example.org>"
    MAIL_TIMEOUT_SECONDS = 20
    OUTBOX_BATCH_SIZE = 50
    OUTBOX_LEASE_SECONDS = 300
    OUTBOX_MAX_BACKOFF_SECONDS = 6 * 3600
    # A mail the SMTP server refuses permanently (5xx) this many times is marked failed.
    OUTBOX_MAX_REFUSALS = 5
    # Participants' personal links stay valid this long after they were sent.
    PARTICIPANT_LINK_MAX_AGE_DAYS = 400
    # Cookies and requests.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # None: Secure whenever BASE_URL is https
    REMEMBER_COOKIE_HTTPONLY = True
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Proxies in front of okconf whose X-Forwarded-For / -Proto / -Host headers are trusted,
    # as hop counts for Werkzeug's ProxyFix (0: no proxy is trusted, the headers are ignored).
    # Behind one nginx or Caddy: 1, 1, 1. The client's real address then keys the rate limits.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    # Rate limits: memory by default, shared through Redis when REDIS_URL is set.
    REDIS_URL: str | None = None
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    # API calls one token may make (Flask-Limiter's notation), counted per token.
    API_RATE_LIMIT = "600 per minute; 20000 per hour"
    # Uploaded receipts live here, outside the web root (default: instance/uploads).
    UPLOAD_FOLDER: str | None = None
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # Retention, in days (see the privacy page).
    RETENTION_SENSITIVE_DAYS = 30
    RETENTION_ANONYMISE_DAYS = 365
    RETENTION_ACCOUNTING_YEARS = 7
    # Outbox mails (names, addresses, personal links) are deleted this many days after they
    # were written, sent or not.
    RETENTION_MAIL_DAYS = 30
    # `flask okconf backup` deletes its own backup files older than this many days.
    BACKUP_RETENTION_DAYS = 30
    # Organisation import: at most this many rows in one file (larger files must be split).
    ORGANISATION_IMPORT_MAX_ROWS = 5000
    # Invitations: `flask okconf send-reminders` reminds invitees who have not registered when
    # the registration deadline is at most this many days ahead (once per invitee).
    INVITATION_REMINDER_DAYS_BEFORE_DEADLINE = 7
    # Hybrid conferences: `flask okconf send-stream-links` mails the stream link to the online
    # participants from this many hours before the start (once per person).
    STREAM_LINK_HOURS_BEFORE = 2
    # Reimbursements: car allowance (öre per km) when a conference sets none, and the amount
    # (öre) above which two different reviewers must approve a claim.
    REIMBURSEMENT_CAR_RATE_ORE_PER_KM = 250
    REIMBURSEMENT_SECOND_APPROVAL_ORE = 300000
    # SIE 4 accounting export (BAS accounts) of paid claims.
    SIE_ACCOUNT_TRAVEL = "5800"
    SIE_ACCOUNT_LOST_EARNINGS = "7690"
    SIE_ACCOUNT_BANK = "1930"
    SIE_VOUCHER_SERIES = "R"
    SIE_COMPANY_NAME = "okconf"
    # Registration: changes to a conference's places lock it (switched off only by the test
    # that shows the race), and give up with a "try again" message after this many ms.
    REGISTRATION_CAPACITY_LOCK = True
    REGISTRATION_LOCK_TIMEOUT_MS = 5000
    # Webhooks: the worker (`flask okconf send-webhooks`) waits this long for a receiver,
    # claims this many deliveries a run and holds each for the lease; a refused delivery is
    # retried after WEBHOOK_RETRY_SECONDS, then twice as long each time up to the maximum; a
    # hook whose deliveries have all failed for WEBHOOK_DISABLE_AFTER_DAYS is switched off and
    # its owner told. WEBHOOK_ALLOW_LOOPBACK (tests only) lets hooks call loopback over http.
    WEBHOOK_TIMEOUT_SECONDS = 10
    WEBHOOK_BATCH_SIZE = 50
    WEBHOOK_LEASE_SECONDS = 120
    WEBHOOK_RETRY_SECONDS = 30
    WEBHOOK_MAX_BACKOFF_SECONDS = 3600
    WEBHOOK_DISABLE_AFTER_DAYS = 3
    WEBHOOK_ALLOW_LOOPBACK = False
    # Webhook deliveries (names and addresses of participants) are deleted this many days
    # after they were delivered, or written if never delivered.
    RETENTION_WEBHOOK_DAYS = 30
    # Name shown in the interface.
    SITE_NAME = "okconf"


class ConfigError(RuntimeError):
    """A configuration okconf refuses to serve with; the message says what to change."""


def check_base_url(app) -> None:
    """Refuse an http:// BASE_URL outside development: participants' personal links and
    sign-ins would travel in clear text, and the session cookie would not be Secure."""
    base_url = str(app.config.get("BASE_URL") or "")
    if base_url.startswith("https://"):
        return
    if app.config.get("ALLOW_HTTP_BASE_URL") or app.testing or app.debug:
        return
    raise ConfigError(
        f"okconf will not start with BASE_URL={base_url!r}: in production the public address "
        "must be https (set OKCONF_BASE_URL=https://your.host). For a development server on "
        "this machine set OKCONF_ALLOW_HTTP_BASE_URL=true (`make run` does)."
    )


def _secret_key(instance_path: Path) -> str:
    """Read the secret key from instance/, generating it on first run."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def database_uri(url: str | None, instance_path: Path) -> str:
    """Turn DATABASE_URL into a SQLAlchemy URI: PostgreSQL through psycopg 3."""
    if not url:
        return f"sqlite:///{instance_path / 'okconf.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app, test_config: dict | None) -> None:
    """Fill app.config: defaults, instance/config.py, OKCONF_* variables, test overrides."""
    app.config.from_object(Defaults)
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env(prefix="OKCONF")
    else:
        app.config.from_mapping(test_config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(
            app.config.get("DATABASE_URL"), instance_path
        )
    if app.config["SESSION_COOKIE_SECURE"] is None:
        secure = str(app.config["BASE_URL"]).startswith("https://")
        app.config["SESSION_COOKIE_SECURE"] = secure
        app.config["REMEMBER_COOKIE_SECURE"] = secure
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(instance_path / "uploads")
    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    app.config.setdefault("MAIL_DEFAULT_SENDER", Defaults.MAIL_DEFAULT_SENDER)
