"""The CPU one registration request costs, in one process: `python -m benchmarks cpu_registration`.

The throughput benchmark (bench_registration.py) runs on two shared cores, where every
wall-clock figure mostly measures waiting for a core. This one measures what the cores are
spent on, which load changes little: the app is called as gunicorn calls it (a WSGI call with
a ready-made environ, the response read to its end), one request at a time, and for each
request the process's CPU time (time.process_time) is taken around the call. The requests
are what the throughput benchmark's clients send: one GET of the form per client (for the
session cookie and the CSRF token, not counted), then a POST of the real form per person,
answered with a redirect that the client does not follow; and the bare one-row insert
(`/bench/bare/<id>`, benchmarks/server.py) for the ratio. Also the PostgreSQL backend's CPU
over the same requests (from /proc, when the server runs on this machine), since it shares
the cores too. Two fifths of the people get a place and the rest go to the waiting list, as in
the throughput benchmark.

Printed: CPU ms per request (mean and median) of the registration (all, with a place, on the
waiting list) and of the bare insert, the in-process ratio bare/registration (an upper bound
of the throughput ratio when the web workers' CPU is the limit), and SQL statements per
registration. Also the form page's GET, as a browser asks for it before each POST (timed
apart: `form_get_ms`, and `get_and_post_ms` for the two; `--no-get` leaves it out).

Options: `--requests=N` (default 400; plus `--warmup=N`, default 40, not counted),
`--profile` (cProfile of the counted registrations: the top functions by own and by
cumulative time; it multiplies this request's CPU about fivefold, the ORM's many small calls
most), `--sample` (a CPU-time sampling profile of the counted POSTs, printed as a call tree in
ms per request; `--sample-get` the same of the GETs), `--statements` (print the SQL of
the first counted registration),
`--sqlite` (a temporary SQLite file instead of PostgreSQL), `--callgrind`
(instruction counts: runs itself twice under `valgrind --tool=callgrind` with 40 and 140
registrations, all with a place, and prints (I(140) - I(40)) / 100 instructions per
registration, the setup cancelling out; repeatable however busy the machine is; slow:
`--callgrind=10,30` sets the two sizes; the same for the bare insert).
PostgreSQL: OKCONF_BENCH_DATABASE_URL or the local okconf_bench database, whose schema is
dropped and created again.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _option(argv: list[str], name: str, default: int) -> int:
    for option in argv:
        key, _, value = option.partition("=")
        if key == name and value:
            return int(value)
    return default


class InProcessClient:
    """Calls the WSGI app as gunicorn does; keeps the session cookie as a browser would."""

    def __init__(self, app):
        self.app = app
        self.cookie = ""

    def environ(self, method: str, path: str, body: dict | None = None) -> dict:
        from werkzeug.test import EnvironBuilder

        headers = {"Cookie": self.cookie} if self.cookie else {}
        builder = EnvironBuilder(
            path=path,
            method=method,
            data=body,
            headers=headers,
            base_url="http://127.0.0.1:8000",
        )
        try:
            return builder.get_environ()
        finally:
            builder.close()

    def call(self, environ: dict) -> tuple[int, bytes, list]:
        """One request; (status, body, headers). Only this is timed by the callers."""
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"], answer["headers"] = status, headers

        iterable = self.app(environ, start_response)
        try:
            body = b"".join(iterable)
        finally:
            if hasattr(iterable, "close"):
                iterable.close()
        return int(answer["status"].split()[0]), body, answer["headers"]

    def remember(self, headers: list) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                self.cookie = value.split(";", 1)[0]


class Sampler:
    """A CPU-time sampling profiler (`--sample`): SIGPROF every `interval` seconds of the
    process's CPU time records the Python stack, so the ORM's many small calls are not
    inflated as under cProfile (which multiplies this request's CPU by about five)."""

    def __init__(self, interval: float = 0.001):
        import collections

        self.interval = interval
        self.stacks: collections.Counter = collections.Counter()
        self.on = False

    def _sample(self, _signum, frame) -> None:
        if not self.on:
            return
        stack = []
        while frame is not None:
            code = frame.f_code
            stack.append((code.co_filename, code.co_firstlineno, code.co_name))
            frame = frame.f_back
        self.stacks[tuple(reversed(stack))] += 1

    def start(self) -> None:
        import signal

        signal.signal(signal.SIGPROF, self._sample)
        signal.setitimer(signal.ITIMER_PROF, self.interval, self.interval)

    def stop(self) -> None:
        import signal

        signal.setitimer(signal.ITIMER_PROF, 0, 0)

    def print_tree(self, cpu_ms: float, root: str = "call", cut: float = 0.01) -> None:
        """The stacks as a tree from the first frame named `root`: CPU ms per request of
        each function (its share of the samples times `cpu_ms`, the measured CPU per
        request: the kernel's timer ticks coarser than asked), its callees below it; those
        under `cut` of the whole are left out."""
        tree: dict = {}
        total = 0
        for stack, count in self.stacks.items():
            names = list(stack)
            start = next((i for i, f in enumerate(names) if f[2] == root), None)
            if start is None:
                continue
            total += count
            node = tree
            for frame in names[start:]:
                entry = node.setdefault(frame, [0, {}])
                entry[0] += count
                node = entry[1]
        per = cpu_ms / max(total, 1)
        site = str(Path(sys.prefix))

        def show(node: dict, depth: int) -> None:
            for frame, (count, children) in sorted(node.items(), key=lambda kv: -kv[1][0]):
                if count < cut * total:
                    continue
                where = frame[0].replace(site, "").replace(str(ROOT) + "/", "")
                print(f"{'  ' * depth}{count * per:6.2f} ms {frame[2]}  {where}:{frame[1]}")
                show(children, depth + 1)

        print(f"\n-- CPU samples of the counted registrations, ms per request ({total} samples) --")
        show(tree, 0)


def _backend_cpu(pid: int | None) -> float | None:
    """CPU seconds a PostgreSQL backend has used (None when /proc cannot tell)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def measure(argv: list[str]) -> dict:
    """Set up, register, return the figures (see the module's docstring)."""
    from benchmarks._attendees import (
        database_url,
        ensure_database,
        make_app,
        make_conference,
        sqlalchemy_url,
    )
    from benchmarks.bench_registration import person
    from benchmarks.server import create_bench_app

    requests = _option(argv, "--requests", 400)
    warmup = _option(argv, "--warmup", 40)
    everyone_placed = "--all-placed" in argv
    total = requests + warmup
    capacity = None if everyone_placed else total * 2 // 5
    directory = tempfile.mkdtemp(prefix="okconf-cpu-")
    if "--sqlite" in argv:
        from benchmarks.__main__ import make_app as make_sqlite_app

        uri = f"sqlite:///{directory}/bench.sqlite"
        os.environ.pop("OKCONF_BENCH_DATABASE_URL", None)
        setup = make_sqlite_app(directory)
    else:
        url = database_url()
        ensure_database(url)
        uri = sqlalchemy_url(url)
        setup = make_app(url)
    from okconf.extensions import db
    from okconf.registration.models import Registration, RegistrationStatus

    with setup.app_context():
        slug = make_conference("cpu-anmalan", capacity).slug
        bare_id = make_conference("cpu-bare", None).id
        db.session.remove()
        db.engine.dispose()
    # The served app, as benchmarks/bench_registration.py starts it under gunicorn: CSRF on,
    # rate limits off, mails to the outbox.
    app = create_bench_app(
        {
            "SECRET_KEY": "benchmark-secret-key",
            "SQLALCHEMY_DATABASE_URI": uri,
            "ALLOW_HTTP_BASE_URL": True,
            "RATELIMIT_ENABLED": False,
            "MAIL_BACKEND": "log",
            "BASE_URL": "http://127.0.0.1:8000",
        }
    )
    from sqlalchemy import event, text

    counted = {"on": False, "n": 0}

    show = "--statements" in argv

    def count(_conn, _cursor, statement, *_args):
        if counted["on"]:
            counted["n"] += 1
            if show and counted["shown"] is None:
                print("   ", " ".join(statement.split())[:160])

    counted["shown"] = None

    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", count)
        backend = None
        if db.engine.dialect.name == "postgresql":
            backend = db.session.scalar(text("SELECT pg_backend_pid()"))
        db.session.remove()  # back to the pool: the requests reuse that connection

    client = InProcessClient(app)
    form_path = f"/konferens/{slug}/anmalan"
    status, page, headers = client.call(client.environ("GET", form_path))
    if status != 200:
        raise SystemExit(f"GET {form_path} answered {status}")
    client.remember(headers)
    token = CSRF_RE.search(page.decode())
    extra = {"csrf_token": token.group(1)} if token else {}

    profiler = None
    if "--profile" in argv:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the database

    sampler = Sampler() if {"--sample", "--sample-get"} & set(argv) else None
    if sampler is not None:
        sampler.start()

    cpu_reg: list[float] = []
    statements: list[int] = []
    backend_start = None
    cpu_get: list[float] = []
    for n in range(0 if "--no-registration" in argv else total):
        # The form page first, as a browser asks for it (the throughput benchmark's clients
        # get it once each): timed apart, so the POST's figures stay comparable.
        if "--no-get" not in argv:
            cpu_get.append(_get_form(client, form_path, sampler if n >= warmup else None, argv))
        environ = client.environ("POST", form_path, {**person(n), **extra})

        if n == warmup:
            backend_start = _backend_cpu(backend)
        counted["on"], counted["n"] = n >= warmup, 0
        if profiler is not None and n >= warmup:
            profiler.enable()
        if sampler is not None:
            sampler.on = n >= warmup and "--sample-get" not in argv
        start = time.process_time()
        status, _body, headers = client.call(environ)
        spent = time.process_time() - start
        if sampler is not None:
            sampler.on = False
        if profiler is not None:
            profiler.disable()
        counted["on"] = False
        if status != 302:
            raise SystemExit(f"registration {n} answered {status}, not the redirect")
        client.remember(headers)
        if n >= warmup:
            cpu_reg.append(spent)
            statements.append(counted["n"])
            counted["shown"] = True
    backend_reg = _backend_cpu(backend)
    backend_reg = None if None in (backend_reg, backend_start) else backend_reg - backend_start

    bare = InProcessClient(app)
    cpu_bare: list[float] = []
    backend_bare = None
    for n in range(0 if "--no-bare" in argv else total):
        environ = bare.environ("POST", f"/bench/bare/{bare_id}", person(100_000 + n))
        if n == warmup:
            backend_bare = _backend_cpu(backend)
        start = time.process_time()
        status, _body, _headers = bare.call(environ)
        spent = time.process_time() - start
        if status != 200:
            raise SystemExit(f"bare insert {n} answered {status}")
        if n >= warmup:
            cpu_bare.append(spent)
    end = _backend_cpu(backend)
    backend_bare = None if end is None or backend_bare is None else end - backend_bare

    with app.app_context():
        rows = db.session.execute(
            db.select(Registration.email, Registration.status).where(
                Registration.email.like("bench%@example.org"),
                Registration.first_name.like("B%nk%"),
                Registration.conference.has(slug=slug),
            )
        ).all()
        placed = {email for email, s in rows if s is RegistrationStatus.CONFIRMED}
        db.session.remove()
        db.engine.dispose()
    counted_people = [person(n)["email"] for n in range(warmup, total)]
    confirmed = [c for c, e in zip(cpu_reg, counted_people, strict=True) if e in placed]
    waiting = [c for c, e in zip(cpu_reg, counted_people, strict=True) if e not in placed]
    figures = {
        "database": "sqlite" if "--sqlite" in argv else "postgresql",
        "requests": requests,
        "registration_ms": _ms(cpu_reg),
        "registration_confirmed_ms": _ms(confirmed),
        "registration_waiting_ms": _ms(waiting),
        "form_get_ms": _ms(cpu_get[warmup:]),
        "get_and_post_ms": _ms(
            [a + b for a, b in zip(cpu_get[warmup:], cpu_reg, strict=True)] if cpu_get else []
        ),
        "bare_ms": _ms(cpu_bare),
        "ratio_cpu_bare_over_registration": round(
            statistics.fmean(cpu_bare) / statistics.fmean(cpu_reg), 3
        )
        if cpu_bare and cpu_reg
        else None,
        "statements_per_registration": {
            "median": statistics.median(statements) if statements else None,
            "max": max(statements, default=None),
        },
        "postgres_backend_ms": {
            "registration": _per(backend_reg, requests),
            "bare": _per(backend_bare, requests),
        },
    }
    if profiler is not None:
        _print_profile(profiler)
    if sampler is not None:
        sampler.stop()
        measured = "form_get_ms" if "--sample-get" in argv else "registration_ms"
        sampler.print_tree(figures[measured]["mean"])
    return figures


def _get_form(client: InProcessClient, path: str, sampler, argv: list[str]) -> float:
    """One GET of the form page; its CPU seconds (sampled when `sampler` and --sample-get)."""
    environ = client.environ("GET", path)
    if sampler is not None:
        sampler.on = "--sample-get" in argv
    start = time.process_time()
    status, _body, _headers = client.call(environ)
    spent = time.process_time() - start
    if sampler is not None:
        sampler.on = False
    if status != 200:
        raise SystemExit(f"GET {path} answered {status}")
    return spent


def _ms(values: list[float]) -> dict:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values) * 1000, 2),
        "median": round(statistics.median(values) * 1000, 2),
    }


def _per(seconds: float | None, n: int) -> float | None:
    return None if seconds is None else round(seconds / n * 1000, 2)


def _print_profile(profiler) -> None:
    import pstats

    path = Path(tempfile.mkdtemp(prefix="okconf-cpu-")) / "registration.prof"
    profiler.dump_stats(path)
    for key in ("tottime", "cumulative"):
        print(f"\n-- cProfile of the counted registrations (CPU time), by {key} --")
        pstats.Stats(profiler).sort_stats(key).print_stats(40)
    print(f"whole profile: {path} (python -m pstats)")


def callgrind(argv: list[str]) -> dict:
    """Instructions per registration and per bare insert: each the difference of two runs
    under callgrind (40 and 140 requests unless told), so that the setup cancels out."""
    small, large = 40, 140
    for option in argv:
        if option.startswith("--callgrind="):
            small, large = (int(n) for n in option.partition("=")[2].split(","))
    figures = {}
    for what, skip in (("registration", "--no-bare"), ("bare", "--no-registration")):
        totals = {}
        with tempfile.TemporaryDirectory() as directory:
            for n in (small, large):
                out = f"{directory}/callgrind.{n}"
                command = [
                    "valgrind",
                    "--tool=callgrind",
                    f"--callgrind-out-file={out}",
                    sys.executable,
                    "-m",
                    "benchmarks",
                    "cpu_registration",
                    f"--requests={n}",
                    "--warmup=10",
                    "--all-placed",
                    "--no-get",
                    "--quiet",
                    skip,
                    *[a for a in argv if a == "--sqlite"],
                ]
                env = dict(os.environ, PYTHONHASHSEED="0")
                subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
                text = Path(out).read_text(errors="replace")
                totals[n] = int(re.search(r"^(?:summary|totals):\s*(\d+)", text, re.M).group(1))
        figures[f"{what}_instructions"] = round((totals[large] - totals[small]) / (large - small))
    figures["ratio_instructions_bare_over_registration"] = round(
        figures["bare_instructions"] / figures["registration_instructions"], 3
    )
    return figures


def main(argv: list[str]) -> int:
    """Print the figures (and write them to benchmarks/results/cpu-registration-<time>.json)."""
    import json
    from datetime import UTC, datetime

    wants_callgrind = any(a.partition("=")[0] == "--callgrind" for a in argv)
    figures = callgrind(argv) if wants_callgrind else measure(argv)
    if "--quiet" in argv:
        return 0
    print(json.dumps(figures, indent=2))
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (out / f"cpu-registration-{stamp}.json").write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
