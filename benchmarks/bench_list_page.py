"""The registration list page with 5,000 registrations (issue 4, item 12).

Signed in as an admin, the page is requested through the app (in process, no network) with
several searches and filters; for each: the number of SQL statements (counted with a
`before_cursor_execute` listener) and the server time (median of repeated requests).
The statement count must be the same whatever the page holds (no N+1); the test suite asserts
that, this prints the figures. `--quick` uses 1,000 registrations.
"""

from __future__ import annotations

import statistics
import sys
import time

from sqlalchemy import event

from benchmarks._attendees import (
    database_url,
    ensure_database,
    make_app,
    make_conference,
    print_table,
    seed_registrations,
)

PASSWORD = "benchmark-password-2011"
REPEATS = 7


def main(argv: list[str]) -> int:
    """Seed, request the list page with each filter, print queries and times."""
    count = 1000 if "--quick" in argv else 5000
    url = database_url()
    ensure_database(url)
    app = make_app(url)
    from okconf.accounts.models import Role
    from okconf.accounts.services import create_user
    from okconf.extensions import db

    with app.app_context():
        conference_id = make_conference("bench-list", 4000).id
        create_user("bench-admin@example.org", "Bench Admin", Role.ADMIN, PASSWORD)
        db.session.commit()
        seed_registrations(conference_id, count)
        engine = db.engine
    client = app.test_client()
    client.post("/login", data={"email": "bench-admin@example.org", "password": PASSWORD})
    path = f"/staff/konferenser/{conference_id}/anmalningar"
    cases = [
        ("first page", {}),
        ("page 40", {"page": 40}),
        ("search 'berg'", {"q": "berg"}),
        ("waiting list", {"status": "waiting"}),
        ("attended", {"status": "attended"}),
        ("diet gluten-free", {"diet": "gluten_free"}),
        ("public sector, municipality", {"party": "public_sector", "org_type": "municipality"}),
    ]
    statements: list[str] = []

    def count_statement(conn, cursor, statement, *args):
        statements.append(statement)

    rows, counts = [], set()
    event.listen(engine, "before_cursor_execute", count_statement)
    try:
        for name, args in cases:
            times = []
            for _ in range(REPEATS):
                statements.clear()
                start = time.perf_counter()
                response = client.get(path, query_string=args)
                times.append(time.perf_counter() - start)
                assert response.status_code == 200
            counts.add(len(statements))
            rows.append(
                [
                    name,
                    len(statements),
                    f"{statistics.median(times) * 1000:.1f}",
                    f"{max(times) * 1000:.1f}",
                ]
            )
    finally:
        event.remove(engine, "before_cursor_execute", count_statement)
    print_table(
        f"Registration list page, {count} registrations, {REPEATS} requests per case (PostgreSQL)",
        ["case", "SQL statements", "median ms", "max ms"],
        rows,
    )
    print(f"statement counts seen: {sorted(counts)} (bounded: the same for every page)")
    with app.app_context():
        db.engine.dispose()
    return 0 if max(counts) <= 12 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
