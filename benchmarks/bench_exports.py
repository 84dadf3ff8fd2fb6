"""Export of 20,000 registrations to CSV and XLSX (issue 4, item 11).

Each export runs through the app's real endpoint (signed in as an admin, the streamed body
read chunk by chunk and thrown away) and, in the same run, the same rows are written with the
library alone (csv.writer to a file; XlsxWriter in constant-memory mode) from rows already in
memory. Printed: seconds, and peak Python memory (tracemalloc, in a second pass so that its
overhead does not slow the timed one). The app's peak must stay far below the size of the
data: it streams. `--quick` uses 4,000 registrations.
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
import tracemalloc

from benchmarks._attendees import (
    Timer,
    database_url,
    ensure_database,
    make_app,
    make_conference,
    print_table,
    seed_registrations,
)

COLUMNS = ["first_name", "last_name", "email", "phone", "organisation", "party", "org_type"]
PASSWORD = "benchmark-password-2011"


def _measure(func) -> tuple[float, int, int]:
    """(seconds, peak bytes, output bytes): timed pass, then a tracemalloc pass."""
    with Timer() as timer:
        size = func()
    tracemalloc.start()
    func()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return timer.seconds, peak, size


def main(argv: list[str]) -> int:
    """Seed, export through the app and with the libraries alone, print the table."""
    count = 4000 if "--quick" in argv else 20000
    url = database_url()
    ensure_database(url)
    app = make_app(url)
    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user
    from okconf.attendees.attendee_list import AttendeeExport
    from okconf.extensions import db

    with app.app_context():
        conference = make_conference("bench-export", None)
        conference_id = conference.id
        create_user("bench-admin@example.org", "Bench Admin", Role.ADMIN, PASSWORD)
        db.session.commit()
        with Timer() as seeding:
            seed_registrations(conference_id, count)
        # The same rows the export holds, in memory, for the libraries-alone baseline.
        job = AttendeeExport.prepare(db.engine, conference_id, COLUMNS, "all")
        rows = list(job.rows())
        headings = list(job.headings)
    print(f"seeded {count} registrations in {seeding.seconds:.1f} s", flush=True)

    client = app.test_client()
    response = client.post(
        "/login", data={"email": "bench-admin@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302, "benchmark admin could not sign in"
    path = f"/staff/konferenser/{conference_id}/export/deltagare"

    def through_app(fmt: str):
        def run() -> int:
            response = client.get(
                path, query_string={"format": fmt, "scope": "all", "columns": COLUMNS}
            )
            assert response.status_code == 200 and response.is_streamed
            size = sum(len(chunk) for chunk in response.response)
            response.close()
            return size

        return run

    def library_csv() -> int:
        with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as fh:
            fh.write("\ufeff")
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            writer.writerow(headings)
            writer.writerows(rows)
            fh.flush()
            return fh.tell()

    def library_xlsx() -> int:
        import xlsxwriter

        handle, name = tempfile.mkstemp(suffix=".xlsx")
        os.close(handle)
        try:
            workbook = xlsxwriter.Workbook(name, {"constant_memory": True})
            sheet = workbook.add_worksheet("Deltagare")
            sheet.write_row(0, 0, headings)
            for n, cells in enumerate(rows, 1):
                for col, cell in enumerate(cells):
                    sheet.write_string(n, col, cell)
            workbook.close()
            return os.path.getsize(name)
        finally:
            os.unlink(name)

    results = [
        ("CSV", "okconf endpoint (streamed)", _measure(through_app("csv"))),
        ("CSV", "csv.writer alone", _measure(library_csv)),
        ("XLSX", "okconf endpoint (streamed)", _measure(through_app("xlsx"))),
        ("XLSX", "XlsxWriter alone (constant_memory)", _measure(library_xlsx)),
    ]
    data_mb = sum(len(c) for row in rows for c in row) / 1e6
    print_table(
        f"Export of {count} registrations, {len(COLUMNS)} columns "
        f"(the rows' text is {data_mb:.1f} MB; the baseline holds them in memory beforehand)",
        ["format", "writer", "seconds", "peak MB (tracemalloc)", "output MB"],
        [
            [fmt, who, f"{sec:.2f}", f"{peak / 1e6:.1f}", f"{size / 1e6:.2f}"]
            for fmt, who, (sec, peak, size) in results
        ],
    )
    with app.app_context():
        db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
