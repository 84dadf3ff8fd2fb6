"""The one way okconf writes spreadsheets: CSV and XLSX whose cells no spreadsheet runs.

A participant types their own name, organisation and diet; staff open the exports in Excel or
LibreOffice. Text starting with =, +, -, @, a tab or a carriage return would be read as a
formula there (CSV injection), so every text cell that starts with one gets a leading single
quote, as OWASP advises; numbers stay numbers. XLSX is written with XlsxWriter with its
conversions off (strings_to_formulas, strings_to_numbers, strings_to_urls) and text through
write_string, so a text cell is always text. Every CSV and XLSX export goes through here
(tests/test_spreadsheet_exports.py checks that no other module writes one).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def safe_cell(value):
    """The value as a cell: text that starts like a formula is quoted, None is empty, numbers
    (and dates) are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class CsvWriter:
    """csv.writer for Swedish Excel (semicolons, CRLF) whose every cell goes through safe_cell."""

    def __init__(self, stream, delimiter: str = ";", lineterminator: str = "\r\n"):
        self._writer = csv.writer(stream, delimiter=delimiter, lineterminator=lineterminator)

    def writerow(self, cells: Iterable) -> None:
        """Write one row."""
        self._writer.writerow([safe_cell(cell) for cell in cells])


def csv_bytes(rows: Iterable[Iterable], delimiter: str = ";") -> bytes:
    """A whole CSV file as UTF-8 with a BOM (so Excel reads å, ä and ö right)."""
    out = io.StringIO()
    writer = CsvWriter(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


class XlsxSheet:
    """One worksheet; rows are written one after the other."""

    def __init__(self, book: XlsxBook, worksheet):
        self.book, self.worksheet, self.next_row = book, worksheet, 0

    def write_row(self, cells: Iterable, *, bold: bool = False, formats: dict | None = None):
        """Write the next row: text as text, numbers as numbers; `formats` maps a column to a
        number format such as "#,##0.00"."""
        row = self.next_row
        for col, value in enumerate(cells):
            cell_format = self.book.format(bold, (formats or {}).get(col))
            value = safe_cell(value)
            if isinstance(value, bool):
                self.worksheet.write_boolean(row, col, value, cell_format)
            elif isinstance(value, int | float | Decimal):
                self.worksheet.write_number(row, col, float(value), cell_format)
            elif isinstance(value, date | datetime):
                self.worksheet.write_string(row, col, value.isoformat(), cell_format)
            else:
                self.worksheet.write_string(row, col, str(value), cell_format)
        self.next_row += 1


class XlsxBook:
    """An XLSX workbook (XlsxWriter) in memory, or in a file in constant memory."""

    def __init__(self, path: str | None = None):
        import xlsxwriter

        self._out = None if path else io.BytesIO()
        options = {**XLSX_OPTIONS, ("constant_memory" if path else "in_memory"): True}
        self.workbook = xlsxwriter.Workbook(path or self._out, options)
        self._formats: dict = {}

    def format(self, bold: bool, number_format: str | None):
        """A shared cell format (XlsxWriter wants one object per distinct format)."""
        if not bold and not number_format:
            return None
        key = (bold, number_format)
        if key not in self._formats:
            properties = {"bold": bold} if bold else {}
            if number_format:
                properties["num_format"] = number_format
            self._formats[key] = self.workbook.add_format(properties)
        return self._formats[key]

    def sheet(self, name: str) -> XlsxSheet:
        """A new worksheet (Excel allows names of at most 31 characters)."""
        return XlsxSheet(self, self.workbook.add_worksheet(str(name)[:31]))

    def close(self) -> bytes | None:
        """Finish the workbook; its bytes when it was built in memory."""
        self.workbook.close()
        return self._out.getvalue() if self._out is not None else None
