"""Shared helpers of the benchmarks: the PostgreSQL database, the app, seeding, tables."""

from __future__ import annotations

import os
import random
import socket
import time

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/okconf_bench"

FIRST = ["Anna", "Bo", "Cecilia", "David", "Elin", "Farid", "Greta", "Hassan", "Ida", "Johan"]
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Ek", "Fors", "Grön", "Holm", "Ibrahim", "Ås"]
ORGS = ["Röda Korset", "Sundsvalls kommun", "Studieförbundet", "Länsstyrelsen", "IM", "ABF"]


def database_url() -> str:
    """OKCONF_BENCH_DATABASE_URL, or the local okconf_bench database."""
    return os.environ.get("OKCONF_BENCH_DATABASE_URL", DEFAULT_URL)


def sqlalchemy_url(url: str) -> str:
    """The URL with the psycopg 3 driver."""
    from okconf.config import database_uri

    return database_uri(url, None)


def ensure_database(url: str) -> None:
    """Create the benchmark database when it does not exist yet."""
    target = make_url(sqlalchemy_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
        ).first()
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def make_app(url: str, **overrides):
    """An app on the benchmark database with an empty schema."""
    from okconf import create_app
    from okconf.extensions import db

    config = {
        "SECRET_KEY": "benchmark-secret-key",
        "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(url),
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": False,
        "MAIL_BACKEND": "log",
        "BASE_URL": "http://127.0.0.1",
        "ALLOW_HTTP_BASE_URL": True,
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        # A benchmark-only database: start from an empty schema, whatever an earlier
        # version of the app left in it (tables this version does not know included).
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        else:
            db.drop_all()
        db.create_all()
    return app


def make_conference(slug: str, capacity: int | None, **fields):
    """A published conference, a month ahead, open for registration (in an app context)."""
    from datetime import date, time, timedelta

    from okconf.conferences.models import Conference, ConferenceState
    from okconf.extensions import db

    day = date.today() + timedelta(days=30)
    conference = Conference(
        slug=slug,
        title=f"Benchmark {slug}",
        state=ConferenceState.PUBLISHED,
        date=day,
        start_time=time(9),
        end_time=time(16),
        town="Sundsvall",
        registration_deadline=day - timedelta(days=7),
        cancellation_deadline=day - timedelta(days=10),
        capacity=capacity,
        **fields,
    )
    db.session.add(conference)
    db.session.commit()
    return conference


def seed_registrations(conference_id: int, count: int, seed: int = 2011) -> None:
    """Insert `count` varied registrations (some waiting, cancelled, checked in, with diets)."""
    from okconf.db import utcnow
    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationDiet
    from okconf.vocabulary import Diet, OrganisationType

    rng = random.Random(seed)
    types = list(OrganisationType)
    diets = list(Diet)
    now = utcnow()
    batch = 2000
    for start in range(0, count, batch):
        rows = []
        for n in range(start, min(count, start + batch)):
            org_type = rng.choice(types)
            status = rng.choices(["confirmed", "waiting", "cancelled"], [85, 10, 5])[0]
            rows.append(
                {
                    "conference_id": conference_id,
                    "status": status,
                    "waiting_since": now if status == "waiting" else None,
                    "first_name": rng.choice(FIRST),
                    "last_name": f"{rng.choice(LAST)}-{n}",
                    "email": f"person{n}@example.org",
                    "phone": "070-123 45 67",
                    "organisation_name": f"{rng.choice(ORGS)} {n % 300}",
                    "party": org_type.party.value,
                    "org_type": org_type.value,
                    "is_politician": n % 40 == 0,
                    "checked_in_at": now if status == "confirmed" and n % 3 else None,
                    "wants_exhibition_table": n % 50 == 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
        ids = db.session.scalars(insert(Registration).returning(Registration.id), rows).all()
        diet_rows = [
            {"registration_id": rid, "diet": rng.choice(diets).value}
            for rid in ids
            if rng.random() < 0.2
        ]
        if diet_rows:
            db.session.execute(insert(RegistrationDiet), diet_rows)
        db.session.commit()


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def print_table(title: str, headers: list[str], rows: list[list]) -> None:
    """A plain text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    line = "+".join("-" * (w + 2) for w in widths)
    print(f"\n{title}")
    print(line)
    for i, row in enumerate(cells):
        print(
            " "
            + " | ".join(c.rjust(w) if i else c.ljust(w) for c, w in zip(row, widths, strict=True))
        )
        if i == 0:
            print(line)
    print(line, flush=True)


class Timer:
    """Wall-clock seconds of a block."""

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
