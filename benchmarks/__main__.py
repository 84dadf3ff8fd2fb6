"""Run every `benchmarks/bench_*.py` module's `main(argv)`: `python -m benchmarks [name ...]`.

With names, only the benchmarks whose file name contains one of them run.
"""

from __future__ import annotations

import importlib
import pathlib
import sys


def main(argv: list[str]) -> int:
    here = pathlib.Path(__file__).parent
    names = [a for a in argv if not a.startswith("-")]
    status = 0
    for path in sorted(here.glob("bench_*.py")):
        if names and not any(n in path.stem for n in names):
            continue
        module = importlib.import_module(f"benchmarks.{path.stem}")
        print(f"== {path.stem} ==", flush=True)
        status |= module.main([a for a in argv if a.startswith("-")]) or 0
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
