"""Backups: SQLite's online backup API, or pg_dump/pg_restore for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from okconf.errors import DomainError
from okconf.extensions import db


def _pg_url(url) -> str:
    """A libpq URL (without SQLAlchemy's driver name) for pg_dump and pg_restore."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def backup(target: Path) -> Path:
    """Write a consistent copy of the database to `target` while the app may keep running."""
    url = make_url(str(db.engine.url.render_as_string(hide_password=False)))
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        program = shutil.which("pg_dump")
        if not program:
            raise DomainError("pg_dump is not installed on this machine.")
        subprocess.run(  # noqa: S603 - fixed program, URL from our own configuration
            [program, "--format=custom", "--no-owner", f"--file={target}", _pg_url(url)],
            check=True,
        )
        return target
    raise DomainError(f"No backup method for {url.get_backend_name()}.")


def restore(source: Path) -> None:
    """Replace the database's contents with a backup made by `backup`."""
    url = make_url(str(db.engine.url.render_as_string(hide_password=False)))
    source = Path(source)
    if not source.exists():
        raise DomainError(f"No backup file at {source}.")
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup_db = sqlite3.connect(source)
        try:
            destination = sqlite3.connect(url.database)
            with destination:
                backup_db.backup(destination)
            destination.close()
        finally:
            backup_db.close()
        return
    if url.get_backend_name() == "postgresql":
        program = shutil.which("pg_restore")
        if not program:
            raise DomainError("pg_restore is not installed on this machine.")
        subprocess.run(  # noqa: S603 - fixed program, URL from our own configuration
            [
                program,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={_pg_url(url)}",
                str(source),
            ],
            check=True,
        )
        return
    raise DomainError(f"No restore method for {url.get_backend_name()}.")
