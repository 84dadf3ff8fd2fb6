"""Run the benchmarks: `python -m benchmarks [name-filter] [--options]` (or `make bench`).

A module `benchmarks/bench_*.py` either defines `main(argv)`, which runs the whole benchmark
itself and prints its own tables (options starting with -- are passed to it), or defines
functions `bench_<name>(app)`. Each of those runs in an
app context on a fresh database (a temporary SQLite file, or PostgreSQL when
OKCONF_BENCH_DATABASE_URL is set), is timed, and may return a dict of numbers (e.g. how many
items it handled) that is printed with the time. Results are also written as JSON to
benchmarks/results/ (git-ignored) so runs can be compared.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_app(directory: str):
    """The app on a fresh database, with every table created."""
    from okconf import create_app
    from okconf.config import database_uri
    from okconf.extensions import db

    url = os.environ.get("OKCONF_BENCH_DATABASE_URL")
    uri = database_uri(url, None) if url else f"sqlite:///{directory}/bench.sqlite"
    app = create_app(
        {
            "SECRET_KEY": "benchmark-only",
            "ALLOW_HTTP_BASE_URL": True,
            "SQLALCHEMY_DATABASE_URI": uri,
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKEND": "smtp",
            "UPLOAD_FOLDER": f"{directory}/uploads",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def modules(name_filter: str = ""):
    """The benchmark modules, in file order."""
    for path in sorted(HERE.glob("bench_*.py")):
        yield path.stem, importlib.import_module(f"benchmarks.{path.stem}")


def benchmarks(name_filter: str = ""):
    """Every (module, name, function) benchmark, in file order."""
    for stem, module in modules():
        if hasattr(module, "main"):
            continue
        for name, function in vars(module).items():
            wanted = name_filter in f"{stem}.{name}"
            if name.startswith("bench_") and callable(function) and wanted:
                yield stem, name, function


def main(argv: list[str]) -> int:
    """Run the benchmarks matching the filter and print the timings."""
    if "-h" in argv or "--help" in argv:
        print(__doc__)
        print("Benchmarks:", ", ".join(stem for stem, _module in modules()))
        print("bench_registration: --quick, --workers=N, --threads=N, --clients=N, --people=N")
        print(
            "bench_cpu_registration (filter cpu_registration): --requests=N, --warmup=N, "
            "--profile, --statements, --sqlite, --callgrind[=SMALL,LARGE]"
        )
        return 0
    from okconf.extensions import db

    options = [a for a in argv if a.startswith("-")]
    names = [a for a in argv if not a.startswith("-")]
    name_filter = names[0] if names else ""
    results = []
    status = 0
    ran_whole = 0
    for stem, module in modules():
        if hasattr(module, "main") and name_filter in stem:
            print(f"== {stem} ==", flush=True)
            status |= module.main(options) or 0
            ran_whole += 1
    for module, name, function in benchmarks(name_filter):
        with tempfile.TemporaryDirectory() as directory:
            app = make_app(directory)
            with app.app_context():
                started = time.perf_counter()
                extra = function(app) or {}
                seconds = time.perf_counter() - started
                db.session.remove()
                db.engine.dispose()
        details = ", ".join(f"{k}={v}" for k, v in extra.items())
        print(f"{module}.{name:40} {seconds:8.3f} s  {details}")
        results.append({"benchmark": f"{module}.{name}", "seconds": seconds, **extra})
    if not results:
        if ran_whole:
            return status
        print(f"No benchmark matches {name_filter!r}")
        return 1
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"{stamp}.json").write_text(json.dumps(results, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
