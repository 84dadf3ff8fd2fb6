"""Backups: the database and the uploaded files in one archive, rotated, restored together.

A backup is a tar archive holding `manifest.json`, the database (SQLite's online backup, or
`pg_dump --format=custom` for PostgreSQL) and `uploads/` (the receipts and kept imports under
UPLOAD_FOLDER). A restore puts both back, then makes again every erasure recorded in the
erasure ledger since the backup was taken and runs the retention purge, so that restoring an
old backup never brings back data that was erased meanwhile. Older backups written by earlier
versions (a bare database file) are still restored, without files.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from okconf.errors import DomainError
from okconf.extensions import db

BACKUP_GLOB = "okconf-*.backup"
FORMAT = 2


def _pg_url(url) -> str:
    """A libpq URL (without SQLAlchemy's driver name) for pg_dump and pg_restore."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _url():
    return make_url(str(db.engine.url.render_as_string(hide_password=False)))


def _dump_database(url, target: Path) -> None:
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        try:
            destination = sqlite3.connect(target)
            with destination:
                source.backup(destination)
            destination.close()
        finally:
            source.close()
        return
    if url.get_backend_name() == "postgresql":
        program = shutil.which("pg_dump")
        if not program:
            raise DomainError("pg_dump is not installed on this machine.")
        subprocess.run(  # noqa: S603 - fixed program, URL from our own configuration
            [program, "--format=custom", "--no-owner", f"--file={target}", _pg_url(url)],
            check=True,
        )
        return
    raise DomainError(f"No backup method for {url.get_backend_name()}.")


def _load_database(url, source: Path) -> None:
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


def _uploads() -> Path:
    return Path(current_app.config["UPLOAD_FOLDER"])


def backup(target: Path) -> Path:
    """Write the database and the uploaded files to one archive while the app may keep running."""
    url = _url()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        database = Path(work) / "database"
        _dump_database(url, database)
        manifest = Path(work) / "manifest.json"
        manifest.write_text(
            json.dumps(
                {
                    "format": FORMAT,
                    "backend": url.get_backend_name(),
                    "taken_at": datetime.now(UTC).isoformat(),
                }
            )
        )
        partial = target.with_name(target.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest, "manifest.json")
            archive.add(database, "database")
            uploads = _uploads()
            if uploads.is_dir():
                archive.add(uploads, "uploads")
        partial.chmod(0o600)
        partial.replace(target)
    return target


def rotate(folder: Path, keep_days: int | None = None, now: float | None = None) -> list[Path]:
    """Delete the backups (`okconf-*.backup`) in `folder` older than BACKUP_RETENTION_DAYS."""
    if keep_days is None:
        keep_days = current_app.config["BACKUP_RETENTION_DAYS"]
    cutoff = (now if now is not None else time.time()) - keep_days * 86400
    removed = []
    for path in sorted(Path(folder).glob(BACKUP_GLOB)):
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink()
            removed.append(path)
    return removed


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise DomainError(f"Unexpected entry {member.name!r} in the backup.")
        members.append(member)
    return members


def restore(source: Path) -> list[int]:
    """Replace the database's contents and the uploaded files with a backup made by `backup`.

    Then re-applies the erasures made since the backup (from the erasure ledger, read before
    the restore) and the retention purge. Returns the registrations erased again.
    """
    from okconf.privacy import services
    from okconf.privacy.retention import purge

    url = _url()
    source = Path(source)
    if not source.exists():
        raise DomainError(f"No backup file at {source}.")
    try:
        ledger = services.read_ledger()
    except SQLAlchemyError:
        ledger = []  # an empty database (a new server): nothing was erased here yet
    db.session.rollback()
    if not tarfile.is_tarfile(source):
        # A bare database file from an earlier version: the database only.
        _load_database(url, source)
    else:
        with tempfile.TemporaryDirectory() as work, tarfile.open(source, "r:*") as archive:
            members = _safe_members(archive)
            names = {m.name for m in members}
            if "manifest.json" not in names or "database" not in names:
                raise DomainError(f"{source} is not an okconf backup.")
            archive.extractall(work, members=members)  # noqa: S202 - members checked above
            manifest = json.loads((Path(work) / "manifest.json").read_text())
            if manifest.get("backend") != url.get_backend_name():
                raise DomainError(
                    f"The backup is of a {manifest.get('backend')} database, "
                    f"this is {url.get_backend_name()}."
                )
            _load_database(url, Path(work) / "database")
            uploads = _uploads()
            if uploads.exists():
                shutil.rmtree(uploads)
            if (Path(work) / "uploads").is_dir():
                shutil.copytree(Path(work) / "uploads", uploads)
            else:
                uploads.mkdir(parents=True, exist_ok=True)
    again = services.reapply_erasures(ledger)
    purge()
    db.session.commit()
    return again
