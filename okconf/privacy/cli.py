"""`flask okconf purge`, `backup` and `restore`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click
from flask import current_app

from okconf.errors import DomainError
from okconf.extensions import db


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Show what would be erased; change nothing.")
def purge(dry_run: bool) -> None:
    """Erase personal data whose retention period has run out (idempotent; run daily)."""
    from okconf.privacy.retention import purge as run_purge

    report = run_purge(dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for line in report.lines():
        click.echo(line)
        current_app.logger.info("purge: %s", line)


@click.command("backup")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
def backup(output: Path | None) -> None:
    """Back up the database and the uploaded files; delete backups older than
    BACKUP_RETENTION_DAYS from the same folder."""
    from okconf.privacy.backup import backup as run_backup
    from okconf.privacy.backup import rotate

    if output is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        output = Path(current_app.instance_path) / "backups" / f"okconf-{stamp}.backup"
    try:
        path = run_backup(output)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backup written to {path}")
    for old in rotate(path.parent):
        click.echo(f"Deleted old backup {old}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces everything in the database. Continue?")
def restore(source: Path) -> None:
    """Replace the database's contents and uploaded files with a backup, then make again the
    erasures made since it was taken."""
    from okconf.privacy.backup import restore as run_restore

    try:
        again = run_restore(source)
    except DomainError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored from {source}")
    if again:
        click.echo(f"Erased again {len(again)} registration(s) erased since the backup")


commands = [purge, backup, restore]
