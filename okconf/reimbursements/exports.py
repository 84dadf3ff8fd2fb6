"""Payment lists of approved and paid claims, as CSV and XLSX."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from okconf.reimbursements.models import Claim
from okconf.reimbursements.services import state_label


def _safe(value):
    """Keep spreadsheet programs from running cell text as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(claims: list[Claim]) -> tuple[list[str], list[list]]:
    """Header and rows of the payment list (amounts in kronor with öre as decimals)."""
    header = [
        _("Claim"),
        _("Conference"),
        _("Claimant"),
        _("Payee"),
        _("Account type"),
        _("Clearing number"),
        _("Account"),
        _("Amount (kr)"),
        _("State"),
        _("Paid on"),
        _("Reference"),
    ]
    data = []
    for claim in claims:
        ore = claim.approved_ore or 0
        data.append(
            [
                claim.id,
                claim.conference.title,
                claim.registration.full_name,
                claim.payee_name,
                claim.account_kind.value if claim.account_kind else "",
                claim.clearing_number,
                claim.account_number,
                f"{ore // 100}.{ore % 100:02d}",
                state_label(claim.state),
                claim.paid_on.isoformat() if claim.paid_on else "",
                claim.payment_reference,
            ]
        )
    return header, data


def to_csv(claims: list[Claim]) -> bytes:
    """The payment list as semicolon-separated UTF-8 with a BOM (opens right in Excel)."""
    header, data = rows(claims)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for row in data:
        writer.writerow([_safe(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(claims: list[Claim]) -> bytes:
    """The payment list as an Excel workbook; amounts are numbers with two decimals."""
    from decimal import Decimal

    from openpyxl import Workbook

    header, data = rows(claims)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Payments")[:31]
    sheet.append(header)
    for row in data:
        row = [_safe(v) for v in row]
        row[7] = Decimal(row[7])
        sheet.append(row)
    for cell in sheet["H"][1:]:
        cell.number_format = "#,##0.00"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
