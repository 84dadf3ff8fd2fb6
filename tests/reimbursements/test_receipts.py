"""Receipts are checked by their content, not their name, and stored under random names."""

from __future__ import annotations

import pytest

from okconf.errors import DomainError
from okconf.reimbursements.models import ReceiptKind
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
