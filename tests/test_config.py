"""Configuration layering: defaults < instance/config.py < OKCONF_* variables; the secret key."""

from __future__ import annotations

import stat

import pytest
from flask import Flask

from okconf.config import Defaults, database_uri, load_config


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """An empty instance folder and an environment without OKCONF_* variables."""
    import os

    for name in list(os.environ):
        if name.startswith("OKCONF_"):
            monkeypatch.delenv(name)
    return tmp_path / "instance"


def configured(instance_path, test_config=None) -> Flask:
    """A bare Flask app whose config went through okconf's loader."""
    app = Flask("okconf", instance_path=str(instance_path), instance_relative_config=True)
    load_config(app, test_config)
    return app


def test_defaults_apply_without_instance_config_or_environment(instance):
    app = configured(instance)
    assert app.config["MAIL_BACKEND"] == "log"
    assert app.config["BABEL_DEFAULT_LOCALE"] == "sv"
    assert app.config["SITE_NAME"] == Defaults.SITE_NAME
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{instance / 'okconf.sqlite'}"
    assert app.config["UPLOAD_FOLDER"] == str(instance / "uploads")
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_instance_config_overrides_defaults(instance):
    instance.mkdir()
    (instance / "config.py").write_text('SITE_NAME = "Från instance"\nMAIL_PORT = 2525\n')
    app = configured(instance)
    assert app.config["SITE_NAME"] == "Från instance"
    assert app.config["MAIL_PORT"] == 2525


def test_environment_overrides_instance_config(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text('SITE_NAME = "Från instance"\nMAIL_PORT = 2525\n')
    monkeypatch.setenv("OKCONF_SITE_NAME", "Från miljön")
    monkeypatch.setenv("OKCONF_MAIL_PORT", "587")  # parsed as JSON: an int
    monkeypatch.setenv("OKCONF_REDIS_URL", "redis://127.0.0.1:6379/3")
    app = configured(instance)
    assert app.config["SITE_NAME"] == "Från miljön"
    assert app.config["MAIL_PORT"] == 587
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"


def test_test_config_ignores_instance_and_environment(instance, monkeypatch):
    instance.mkdir()
    (instance / "config.py").write_text('SITE_NAME = "Från instance"\n')
    monkeypatch.setenv("OKCONF_MAIL_BACKEND", "smtp")
    app = configured(instance, {"SITE_NAME": "Test"})
    assert app.config["SITE_NAME"] == "Test"
    assert app.config["MAIL_BACKEND"] == "log"


def test_secret_key_is_generated_private_and_reused(instance):
    first = configured(instance)
    key_file = instance / "secret_key"
    assert key_file.exists()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(first.config["SECRET_KEY"]) >= 64
    assert key_file.read_text() == first.config["SECRET_KEY"]
    second = configured(instance)
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]


def test_secret_key_from_environment_writes_no_file(instance, monkeypatch):
    monkeypatch.setenv("OKCONF_SECRET_KEY", "from-the-environment")
    app = configured(instance)
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (instance / "secret_key").exists()


def test_database_url_from_environment_selects_postgresql_with_psycopg(instance, monkeypatch):
    monkeypatch.setenv("OKCONF_DATABASE_URL", "postgres://okconf:pw@db.example.org/okconf")
    app = configured(instance)
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == "postgresql+psycopg://okconf:pw@db.example.org/okconf"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h:5433/d", "postgresql+psycopg://u@h:5433/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////var/lib/okconf.sqlite", "sqlite:////var/lib/okconf.sqlite"),
    ],
)
def test_database_uri(url, expected, tmp_path):
    assert database_uri(url, tmp_path) == expected


def test_https_base_url_makes_cookies_secure(instance, monkeypatch):
    monkeypatch.setenv("OKCONF_BASE_URL", "https://konferens.example.org")
    app = configured(instance)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


def test_create_app_reads_instance_config(instance, monkeypatch):
    """create_app() itself (not only load_config) goes through the layers."""
    from okconf import create_app

    instance.mkdir()
    (instance / "config.py").write_text(
        'SITE_NAME = "Instans"\nBASE_URL = "https://konferens.example.org"\n'
    )
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(instance))
    app = create_app()
    assert app.instance_path == str(instance)
    assert app.config["SITE_NAME"] == "Instans"
    assert (instance / "secret_key").exists()


def _production_app(instance, monkeypatch):
    from okconf import create_app

    instance.mkdir(exist_ok=True)
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(instance))
    return create_app()


def test_production_refuses_an_http_base_url(instance, monkeypatch):
    from okconf.config import ConfigError

    with pytest.raises(ConfigError) as refused:
        _production_app(instance, monkeypatch)
    assert "https" in str(refused.value)
    assert "OKCONF_ALLOW_HTTP_BASE_URL=true" in str(refused.value)
    monkeypatch.setenv("OKCONF_BASE_URL", "http://konferens.example.org")
    with pytest.raises(ConfigError):
        _production_app(instance, monkeypatch)


def test_https_or_a_development_server_starts(instance, monkeypatch):
    monkeypatch.setenv("OKCONF_BASE_URL", "https://konferens.example.org")
    assert _production_app(instance, monkeypatch).config["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("OKCONF_BASE_URL", "http://127.0.0.1:8080")
    monkeypatch.setenv("OKCONF_ALLOW_HTTP_BASE_URL", "true")
    assert _production_app(instance, monkeypatch).config["BASE_URL"] == "http://127.0.0.1:8080"


def test_no_setting_adds_the_benchmark_endpoints(instance, monkeypatch):
    """The public, CSRF-exempt, unlimited /bench/ endpoints exist only in the benchmark's app."""
    from benchmarks.server import create_bench_app
    from okconf import create_app
    from tests.conftest import base_config

    served = create_app(base_config("sqlite://", BENCHMARK_ENDPOINTS=True))
    assert not [r.rule for r in served.url_map.iter_rules() if r.rule.startswith("/bench")]
    bench = create_bench_app(base_config("sqlite://"))
    assert {"/bench/bare/<int:conference_id>", "/bench/register/<int:conference_id>"} <= {
        r.rule for r in bench.url_map.iter_rules()
    }
