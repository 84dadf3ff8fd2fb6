"""The `flask okconf …` commands; features add theirs through their cli.py."""

from __future__ import annotations

import logging
import os
import socket
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import func, select

from okconf.extensions import db


class OkconfCommands(AppGroup):
    """`flask okconf`: the core commands below, and every feature's own (their cli.py), added
    when the group is first listed or run: those modules import services (the mail worker's,
    the registrations' streaming) that a web worker does not need at start."""

    features_added = False

    def add_feature_commands(self) -> None:
        if self.features_added:
            return
        self.features_added = True
        from okconf.features import feature_modules

        for module in feature_modules("cli"):
            for command in getattr(module, "commands", []):
                if command.name not in self.commands:
                    self.add_command(command)

    def list_commands(self, ctx) -> list[str]:
        self.add_feature_commands()
        return super().list_commands(ctx)

    def get_command(self, ctx, cmd_name: str):
        self.add_feature_commands()
        return super().get_command(ctx, cmd_name)


okconf_cli = OkconfCommands("okconf", help="okconf's own commands.")
log = logging.getLogger("okconf.cli")


@okconf_cli.command("create-user")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.option(
    "--role",
    type=click.Choice(["admin", "organiser", "reviewer", "reader"]),
    prompt=True,
    help="admin, organiser, reviewer or reader",
)
@click.password_option(help="At least 10 characters.")
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a staff user."""
    from okconf import audit
    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user as create
    from okconf.errors import DomainError

    try:
        user = create(email, name, Role(role), password)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    audit.record("user.created", user, actor="flask okconf create-user", role=role)
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}")


# Sending a mail is mostly waiting (database round trips, the SMTP server's replies): with four
# threads one worker sends 1.4 to 2 times as many mails a second as with one (bench_outbox and
# bench_registration, README's #12 section).
DEFAULT_MAIL_THREADS = 4


@okconf_cli.command("send-mail")
@click.option("--loop", is_flag=True, help="Keep running, sending what is due.")
@click.option("--interval", default=10.0, show_default=True, help="Seconds between runs.")
@click.option("--once-max", default=None, type=int, help="At most this many mails a run.")
@click.option(
    "--threads",
    default=None,
    type=click.IntRange(1, 16),
    help=(
        "Sending threads, each claiming its own batch (--once-max each). Default: "
        f"{DEFAULT_MAIL_THREADS} on PostgreSQL, 1 on SQLite (one writer at a time)."
    ),
)
def send_mail(loop: bool, interval: float, once_max: int | None, threads: int | None) -> None:
    """Send the due mails in the outbox over SMTP (MAIL_BACKEND must be smtp)."""
    from okconf.mail.worker import send_due, settle_heap

    if threads is None:
        threads = DEFAULT_MAIL_THREADS if db.engine.dialect.name == "postgresql" else 1

    if current_app.config["MAIL_BACKEND"] != "smtp":
        raise click.ClickException(
            "MAIL_BACKEND is not 'smtp': mails stay in the outbox. "
            "Set OKCONF_MAIL_BACKEND=smtp and the MAIL_* settings to deliver them."
        )
    worker = f"{socket.gethostname()}:{os.getpid()}"
    settle_heap()
    while True:
        try:
            result = send_due(once_max, worker, threads)  # connects with MAIL_TIMEOUT_SECONDS
        except Exception as error:
            if not loop:
                raise
            # A lost database (restart, failover, network): what this run held comes back
            # when its leases run out; keep the worker alive and try again after a pause.
            log.warning("Mail worker %s: run failed, retrying in %ss: %s", worker, interval, error)
            db.session.remove()
            time.sleep(interval)
            continue
        if result["sent"] or result["failed"]:
            click.echo(f"sent {result['sent']}, failed {result['failed']}")
        db.session.remove()
        if not loop:
            break
        if not result["sent"]:
            time.sleep(interval)


@okconf_cli.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no conference yet.")
def demo(if_empty: bool) -> None:
    """Load the demo data: the seed reports' seven conferences and staff for each role."""
    from okconf.conferences.models import Conference
    from okconf.demo import load_demo

    if if_empty and db.session.scalar(select(func.count()).select_from(Conference)):
        click.echo("The database already has data; no demo data loaded.")
        return
    users = load_demo()
    db.session.commit()
    click.echo("Demo data loaded. Staff sign-ins:")
    for email, password, role in users:
        click.echo(f"  {role:10} {email}  password: {password}")


def register_commands(app) -> None:
    """Add `flask okconf` (the features' commands join it when it is first listed or run)."""
    app.cli.add_command(okconf_cli)
