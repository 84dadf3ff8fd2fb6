"""gunicorn settings for the registration benchmark only (`-c benchmarks/_gunicorn_probe.py`).

Each worker writes, one number a line, into OKCONF_BENCH_PROBE_DIR:
- `lock-<pid>.txt`: seconds each transaction held the capacity lock (from the moment the lock
  was granted to the end of the commit that released it, both on the database's clock),
  through okconf.registration.locking.lock_held;
- `lockseen-<pid>.txt`: seconds from the grant until the worker read the answer (the commit
  came before: a new registration sends it with take_place, in one round trip);
- `lockcpu-<pid>.txt`: the CPU seconds the worker's thread spent meanwhile;
- `statements-<pid>.txt`: SQL statements sent by each registration request (a POST to the
  form), counted with a SQLAlchemy event listener on every engine.
Nothing here is loaded outside the benchmark.
"""

from __future__ import annotations

import os
import threading

_local = threading.local()
_write = threading.Lock()
_files: dict[str, object] = {}


def _out(name: str):
    directory = os.environ["OKCONF_BENCH_PROBE_DIR"]
    return open(os.path.join(directory, f"{name}-{os.getpid()}.txt"), "a", buffering=1)


def _line(name: str, value: str) -> None:
    with _write:
        _files[name].write(value + "\n")


def post_worker_init(worker) -> None:
    """The app is loaded in this worker: attach the sinks."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from okconf.registration import locking

    _files["lock"] = _out("lock")
    _files["lockcpu"] = _out("lockcpu")
    _files["lockseen"] = _out("lockseen")
    _files["statements"] = _out("statements")

    def held(seconds: float, cpu_seconds: float, seen: float | None = None) -> None:
        _line("lock", f"{seconds:.6f}")
        _line("lockcpu", f"{cpu_seconds:.6f}")
        if seen is not None:
            _line("lockseen", f"{seen:.6f}")

    locking.lock_held = held

    @event.listens_for(Engine, "before_cursor_execute")
    def _count(*_args) -> None:
        if getattr(_local, "counting", False):
            _local.count += 1


def pre_request(worker, req) -> None:
    """Count the statements of a registration (the form's POST)."""
    _local.counting = req.method == "POST" and req.path.endswith("/anmalan")
    _local.count = 0


def post_request(worker, req, environ, resp) -> None:
    """Write down what the request counted."""
    if getattr(_local, "counting", False):
        _local.counting = False
        _line("statements", str(_local.count))
