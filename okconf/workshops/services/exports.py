"""The workshop and table list: rows for printing, CSV and XLSX."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from okconf.conferences.models import Conference
from okconf.spreadsheets import XlsxBook, csv_bytes
from okconf.workshops.models import SeatingScope
from okconf.workshops.services.loading import assignments_of, participants, rounds_of
from okconf.workshops.services.tables import seatings_of


def list_rows(conference: Conference) -> list[dict]:
    """One row per participant and round: for printing and export."""
    people = participants(conference)
    seats = seatings_of(conference)
    plenary = {s.registration_id: s.table_number for s in seats if s.scope is SeatingScope.PLENARY}
    in_ws = {(s.registration_id, s.workshop_id): s.table_number for s in seats if s.workshop_id}
    rows = []
    for round_ in rounds_of(conference):
        current = assignments_of(round_)
        for r in people:
            a = current.get(r.id)
            rows.append(
                {
                    "round": round_.title,
                    "workshop": a.workshop.title if a else "",
                    "room": a.workshop.room if a else "",
                    "workshop_table": in_ws.get((r.id, a.workshop_id)) if a else None,
                    "plenary_table": plenary.get(r.id),
                    "registration_id": r.id,
                    "name": r.full_name,
                    "organisation": r.organisation_name,
                    "party": r.party.label,
                    "locked": bool(a and a.locked),
                }
            )
    rows.sort(key=lambda x: (x["round"], x["workshop"], x["workshop_table"] or 0, x["name"]))
    return rows


COLUMNS = [
    ("round", _l("Round")),
    ("workshop", _l("Workshop")),
    ("room", _l("Room")),
    ("workshop_table", _l("Table in workshop")),
    ("plenary_table", _l("Plenary table")),
    ("name", _l("Name")),
    ("organisation", _l("Organisation")),
    ("party", _l("Party")),
]


def export_csv(conference: Conference) -> bytes:
    """The workshop and table list as CSV (through the spreadsheet-safe writer)."""
    header = [str(label) for _key, label in COLUMNS]
    rows = [[row[key] for key, _label in COLUMNS] for row in list_rows(conference)]
    return csv_bytes([header, *rows])


def export_xlsx(conference: Conference) -> bytes:
    """The workshop and table list as XLSX (through the spreadsheet-safe writer)."""
    book = XlsxBook()
    sheet = book.sheet(_("Workshops"))
    sheet.write_row([str(label) for _key, label in COLUMNS], bold=True)
    for row in list_rows(conference):
        sheet.write_row([row[key] for key, _label in COLUMNS])
    return book.close()
