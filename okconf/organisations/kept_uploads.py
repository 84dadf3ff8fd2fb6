"""Keeping an uploaded file between an import's preview and its confirmation.

The file is written under UPLOAD_FOLDER (instance/uploads by default), named by a random
token, with the id of the user who uploaded it: only they can confirm it, for a day.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from pathlib import Path

from flask import current_app

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
UPLOAD_MAX_AGE_SECONDS = 24 * 3600


def _upload_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "organisation-imports"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def store_upload(user_id: int, filename: str, data: bytes) -> str:
    """Keep an uploaded file until it is confirmed; the random token names it for its user."""
    folder = _upload_dir()
    _remove_stale(folder)
    token = secrets.token_urlsafe(32)
    (folder / f"{token}.data").write_bytes(data)
    meta = {"user_id": user_id, "filename": filename[-200:], "stored_at": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta))
    return token


def load_upload(token: str, user_id: int) -> tuple[str, bytes] | None:
    """(filename, bytes) of a kept upload of this user, or None if it is gone or not theirs."""
    if not TOKEN_PATTERN.match(token or ""):
        return None
    folder = _upload_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.data").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user_id:
        return None
    if time.time() - meta.get("stored_at", 0) > UPLOAD_MAX_AGE_SECONDS:
        discard_upload(token)
        return None
    return meta.get("filename", ""), data


def discard_upload(token: str) -> None:
    """Remove a kept upload (after import, or when it expired)."""
    if not TOKEN_PATTERN.match(token or ""):
        return
    folder = _upload_dir()
    for suffix in (".data", ".json"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    """Uploads never confirmed are removed after a day."""
    limit = time.time() - UPLOAD_MAX_AGE_SECONDS
    for path in folder.iterdir():
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue
