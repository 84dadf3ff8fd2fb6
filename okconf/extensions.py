"""Flask extensions, created unbound and initialised in create_app().

Flask-Mail is not among them: only the mail worker sends, and binds it when it first does
(okconf.mail.smtp.mail_settings), so web workers never import it.
"""

import click
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from okconf.db import Base

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# --- Flask-Migrate, on demand ----------------------------------------------------------------
# Flask-Migrate brings Alembic and Mako (about 11 MB a process) that only `flask db` and the
# migration tests use, so a web worker never imports it: `flask db` is a group that imports
# Flask-Migrate's commands when it runs, and app.extensions["migrate"] a stand-in that puts
# Flask-Migrate's own configuration in its place on first use (by those commands, by
# migrations/env.py, by flask_migrate.upgrade() in the tests).


class _MigrateOnDemand:
    """app.extensions["migrate"] until something reads it."""

    def __init__(self, app, db, options: dict):
        self._app, self._db, self._options, self._real = app, db, options, None

    def __getattr__(self, name: str):
        if self._real is None:
            from flask_migrate import Migrate

            Migrate().init_app(self._app, self._db, **self._options)
            self._real = self._app.extensions["migrate"]
        return getattr(self._real, name)


class _MigrationCommands(click.Group):
    """`flask db`: Flask-Migrate's command group, imported when it is invoked."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as commands

        self.params, self.callback, self.commands = commands.params, commands.callback, {}
        for name, command in commands.commands.items():
            self.add_command(command, name)
        return super().make_context(info_name, args, parent=parent, **extra)


def init_migrate(app, db, **options) -> None:
    """What Migrate().init_app(app, db, **options) does, without importing Flask-Migrate."""
    app.extensions["migrate"] = _MigrateOnDemand(app, db, options)
    app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))
