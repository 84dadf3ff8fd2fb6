"""Receipts are checked by their content, not their name, and stored under random names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from okconf.errors import DomainError
from okconf.extensions import db
from okconf.reimbursements import claims
from okconf.reimbursements.models import Claim, ReceiptKind
from okconf.reimbursements.receipts import check_content, receipt_path, store_receipt

from .conftest import pdf_bytes, png_bytes, upload

LIMIT = 1024 * 1024


def test_real_png_and_pdf_and_jpeg_accepted(plain_app):
    import io

    from PIL import Image

    assert check_content(png_bytes(), LIMIT) == "image/png"
    assert check_content(pdf_bytes(), LIMIT) == "application/pdf"
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="JPEG")
    assert check_content(out.getvalue(), LIMIT) == "image/jpeg"


@pytest.mark.parametrize(
    "data",
    [
        b"this is only text pretending to be a png",
        b"\x89PNG\r\n\x1a\n" + b"broken" * 10,  # PNG signature, no image
        b"%PDF-1.4 not really a pdf",
        b"GIF89a" + b"\x00" * 20,  # a real but refused type
        b"",
    ],
)
def test_wrong_or_damaged_content_refused(plain_app, data):
    with pytest.raises(DomainError) as error:
        check_content(data, LIMIT)
    assert error.value.field == "receipt"


def test_size_limit(plain_app):
    with pytest.raises(DomainError) as error:
        check_content(png_bytes((600, 600)), 100)
    assert "too large" in error.value.message


def test_stored_with_random_name_outside_static(app, make_claim):
    claim = make_claim(submit=False)
    receipt = store_receipt(claim, upload(png_bytes(), "../../etc/passwd.png"), ReceiptKind.EXPENSE)
    path = receipt_path(receipt)
    assert path.read_bytes() == png_bytes()
    assert "passwd" not in receipt.stored_name and receipt.stored_name.endswith(".png")
    assert str(path).startswith(app.config["UPLOAD_FOLDER"])
    assert not str(path).startswith(app.static_folder)
    assert receipt.original_name == "passwd.png"


def _files(app) -> set[str]:
    folder = Path(app.config["UPLOAD_FOLDER"]) / "receipts"
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _kill_the_commit(claim) -> None:
    """Make the next commit fail in the database: a claim may not claim a negative sum."""
    claim.claimed_ore = -1


def test_a_receipt_written_before_a_failed_commit_does_not_stay_on_disk(app, make_claim):
    claim = make_claim(submit=False)
    before = _files(app)
    expense = claims.add_expense(
        claim, description="Parkering", amount_ore=5000, receipt=upload(png_bytes())
    )
    path = receipt_path(expense.receipt)
    assert path.exists()  # written while the request runs, so a full disk fails the request
    _kill_the_commit(claim)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert not path.exists()
    assert _files(app) == before


def test_a_receipt_survives_a_successful_commit_and_a_later_rollback(app, make_claim):
    claim = make_claim(submit=False)
    expense = claims.add_expense(
        claim, description="Parkering", amount_ore=5000, receipt=upload(png_bytes())
    )
    path = receipt_path(expense.receipt)
    db.session.commit()
    db.session.rollback()  # an unrelated later transaction: the committed file stays
    assert path.read_bytes() == png_bytes()


def test_a_removed_cost_keeps_its_file_until_the_removal_commits(app, make_claim):
    claim = make_claim(submit=False)
    expense = claims.add_expense(
        claim, description="Parkering", amount_ore=5000, receipt=upload(png_bytes())
    )
    db.session.commit()
    path, expense_id = receipt_path(expense.receipt), expense.id
    claims.remove_expense(claim, expense_id)
    _kill_the_commit(claim)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert path.exists()  # the removal did not happen: its receipt is still needed
    claim = db.session.get(Claim, claim.id)
    claims.remove_expense(claim, expense_id)
    db.session.commit()
    assert not path.exists()
