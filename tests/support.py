"""Helpers for tests that are not fixtures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "okconf" / "translations"


def fresh_interpreter(code: str):
    """Run `code` in a new Python process at the project's root (nothing imported yet, as a
    gunicorn worker starts); the JSON its last printed line holds."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def compile_catalogs() -> None:
    """Compile every .po catalog whose .mo is missing or older (what `make` does too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh)
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog)


def mail_parts(message) -> dict[str, str]:
    """A delivered mail's text and HTML parts by type ("text/plain", "text/html"), decoded.

    Every mail okconf sends has both, in a multipart/alternative (inside a multipart/mixed
    when it has attachments); attachments (parts with a file name) are not included.
    """
    parts = {}
    for part in message.walk():
        if part.get_filename() or part.get_content_type() not in ("text/plain", "text/html"):
            continue
        charset = part.get_content_charset() or "utf-8"
        text = part.get_payload(decode=True).decode(charset)
        parts[part.get_content_type()] = text.replace("\r\n", "\n")
    return parts


def mail_text(message) -> str:
    """A delivered mail's text part, checking on the way that it has an HTML part beside it,
    both in one multipart/alternative, the text first (what every okconf mail must be)."""
    alternatives = [p for p in message.walk() if p.get_content_type() == "multipart/alternative"]
    assert len(alternatives) == 1, "not a multipart/alternative mail"
    kinds = [part.get_content_type() for part in alternatives[0].get_payload()]
    assert kinds == ["text/plain", "text/html"], kinds
    parts = mail_parts(message)
    assert "<html" in parts["text/html"] and "<style" not in parts["text/html"]
    return parts["text/plain"]
