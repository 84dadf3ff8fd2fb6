"""okconf: conference management and registration for the integration agreement's conferences."""

from __future__ import annotations

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create the app: defaults, then instance/config.py, then OKCONF_* variables."""
    from okconf import bootstrap, cli, errors, security
    from okconf.config import check_base_url, load_config
    from okconf.features import connect_hooks, register_blueprints
    from okconf.urls import add_redirects

    app = Flask(__name__, instance_relative_config=True, template_folder="../templates")
    load_config(app, test_config)
    check_base_url(app)
    bootstrap.init_extensions(app)
    register_blueprints(app)
    add_redirects(app)
    connect_hooks()
    errors.register_errorhandlers(app)
    security.init_security(app)
    cli.register_commands(app)
    return app
