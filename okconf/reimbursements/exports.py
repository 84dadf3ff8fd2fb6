"""Payment lists of approved and paid claims, as CSV and XLSX."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from okconf.reimbursements.models import Claim
from okconf.reimbursements.services import state_label
from okconf.spreadsheets import XlsxBook, csv_bytes


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
    return csv_bytes([header, *data])


def to_xlsx(claims: list[Claim]) -> bytes:
    """The payment list as an Excel workbook; amounts are numbers with two decimals."""
    header, data = rows(claims)
    book = XlsxBook()
    sheet = book.sheet(_("Payments"))
    sheet.write_row(header, bold=True)
    for row in data:
        row[7] = Decimal(row[7])
        sheet.write_row(row, formats={7: "#,##0.00"})
    return book.close()
