"""Uploaded receipts: checked by content (not by name), stored outside the web root."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from okconf.errors import DomainError
from okconf.extensions import db
from okconf.reimbursements.models import Claim, Receipt, ReceiptKind

ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# session.info keys: files written in the open transaction, files to delete once it commits.
WRITTEN = "okconf_files_written"
TO_DELETE = "okconf_files_to_delete"


def check_content(data: bytes, max_bytes: int) -> str:
    """The content type of an acceptable receipt, or a DomainError saying why it is refused."""
    if not data:
        raise DomainError(_("The file is empty."), field="receipt")
    if len(data) > max_bytes:
        raise DomainError(
            _("The file is too large: at most %(mb)s MB.", mb=max(max_bytes // (1024 * 1024), 1)),
            field="receipt",
        )
    import filetype  # only where receipts are uploaded

    kind = filetype.guess(data)
    mime = kind.mime if kind else None
    if mime not in ALLOWED:
        raise DomainError(
            _("Only PDF, JPEG or PNG files are accepted; this file is something else."),
            field="receipt",
        )
    if mime == "application/pdf":
        _check_pdf(data)
    else:
        _check_image(data)
    return mime


def _check_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise DomainError(_("The PDF file is damaged."), field="receipt")
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pypdf is optional: the header check above still applies
        return
    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) < 1:
            raise DomainError(_("The PDF file has no pages."), field="receipt")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise DomainError(_("The PDF file is damaged."), field="receipt") from error


def _check_image(data: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise DomainError(_("The image file is damaged."), field="receipt") from error


def upload_folder() -> Path:
    """Where receipts are stored (config UPLOAD_FOLDER, outside the web root)."""
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "receipts"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_receipt(claim: Claim, upload, kind: ReceiptKind) -> Receipt:
    """Check an uploaded file (werkzeug FileStorage) and store it under a random name."""
    max_bytes = current_app.config["UPLOAD_MAX_BYTES"]
    data = upload.stream.read(max_bytes + 1)
    mime = check_content(data, max_bytes)
    stored = f"{secrets.token_hex(16)}.{ALLOWED[mime]}"
    path = upload_folder() / stored
    with path.open("xb") as fh:
        fh.write(data)
    # The file is there before the row is committed; if the transaction does not commit, the
    # file goes with it (see _drop_uncommitted_files).
    db.session.info.setdefault(WRITTEN, []).append(path)
    original = Path(upload.filename or "").name[:200]
    receipt = Receipt(
        claim=claim,
        kind=kind,
        stored_name=stored,
        original_name=original,
        content_type=mime,
        size=len(data),
    )
    db.session.add(receipt)
    db.session.flush()
    return receipt


def receipt_path(receipt: Receipt) -> Path:
    """The stored file of a receipt."""
    return upload_folder() / receipt.stored_name


def download_name(receipt: Receipt) -> str:
    """A safe file name for the download."""
    return f"kvitto-{receipt.claim_id}-{receipt.id}.{ALLOWED[receipt.content_type]}"


def delete_receipt(receipt: Receipt) -> None:
    """Remove a receipt's row now and its file once the transaction commits (retention,
    erasure, a removed leg or cost).

    Deleting the file only after the commit means a failed commit never leaves a row whose
    file is gone.
    """
    db.session.info.setdefault(TO_DELETE, []).append(receipt_path(receipt))
    db.session.delete(receipt)


@event.listens_for(Session, "after_commit")
def _settle_files_after_commit(session):
    session.info.pop(WRITTEN, None)  # committed rows keep their files
    for path in session.info.pop(TO_DELETE, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted_files(session, transaction):
    """A transaction that ends without a commit (rollback, a failed commit, a closed session)
    takes the files it wrote with it, and keeps the files it meant to delete."""
    if transaction.parent is not None:
        return  # a savepoint: its outer transaction decides
    for path in session.info.pop(WRITTEN, []):
        path.unlink(missing_ok=True)
    session.info.pop(TO_DELETE, None)
