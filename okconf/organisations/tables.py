"""Reading a CSV or XLSX file into rows of cells, with clear errors for files that are not."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from flask_babel import gettext as _

TEXT_SUFFIXES = (".csv", ".txt")


class FileProblem(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


def read_table(filename: str, data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    """The file's rows as (row number, cells), heading first; raises FileProblem."""
    lower = (filename or "").lower()
    if not data or not data.strip():
        raise FileProblem(_("The file is empty."))
    if lower.endswith(".xlsx"):
        return _read_xlsx(data, max_rows)
    if lower.endswith(".xls"):
        raise FileProblem(
            _("Old Excel files (.xls) cannot be read. Save the file as .xlsx or as CSV.")
        )
    if lower.endswith(TEXT_SUFFIXES):
        return _read_csv(data, max_rows)
    raise FileProblem(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Excel's Swedish CSV)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileProblem(
            _(
                "The file is not a text (CSV) file. If it is an Excel workbook, "
                "name it .xlsx; otherwise save it as CSV."
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileProblem(
            _("The file's characters could not be read. Save it as CSV in UTF-8.")
        ) from None


def _read_csv(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    text = _decode(data)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for cells in reader:
            if len(rows) > max_rows:
                raise _too_many(max_rows)
            rows.append((reader.line_num, [c.strip() for c in cells]))
    except csv.Error as error:
        raise FileProblem(
            _(
                "Row %(row)s of the file could not be read: %(error)s",
                row=reader.line_num,
                error=str(error),
            )
        ) from None
    return _renumber(rows)


def _renumber(rows):
    """Record numbers, not physical lines (a quoted cell may span lines): row 1 is the heading."""
    return [(index, cells) for index, (_line, cells) in enumerate(rows, start=1)]


def _too_many(max_rows: int) -> FileProblem:
    return FileProblem(
        _(
            "The file has more than %(max)s rows. Split it into smaller files and import "
            "them one at a time.",
            max=max_rows,
        )
    )


def _read_xlsx(data: bytes, max_rows: int) -> list[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    not_xlsx = FileProblem(
        _(
            "The file is named .xlsx but is not an Excel workbook. Save it again from "
            "Excel as .xlsx, or as CSV."
        )
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_xlsx
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip file
        raise not_xlsx from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise FileProblem(_("The workbook has no sheet."))
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(rows) > max_rows:
                raise _too_many(max_rows)
            rows.append((number, [_cell(v) for v in values]))
        return rows
    finally:
        workbook.close()


def _cell(value) -> str | date:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
