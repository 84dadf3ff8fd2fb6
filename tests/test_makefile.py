"""The Makefile: any Python >= 3.11 on the PATH, newest first, and `make run`'s links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.support import ROOT

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def make(*args, env=None, cwd=ROOT) -> subprocess.CompletedProcess:
    """Run make (found on the test's own PATH, whatever PATH the Makefile gets)."""
    base = {k: v for k, v in os.environ.items() if k != "OKCONF_BASE_URL"}
    return subprocess.run(
        [MAKE, "--no-print-directory", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def fake_python(directory, name: str, version: tuple[int, int]):
    """A `python3.x` that answers the Makefile's version check like that version."""
    path = directory / name
    path.write_text(
        f'#!/bin/sh\nexec {sys.executable} -c "import sys; sys.exit({version!r} < (3, 11))"\n'
    )
    path.chmod(0o755)


def chosen_python(path_dirs) -> str:
    result = make(
        "--eval",
        'which-python: ; @echo "[$(PYTHON)]"',
        "which-python",
        env={"PATH": os.pathsep.join(str(d) for d in path_dirs)},
    )
    return result.stdout.strip()


def test_the_newest_python_of_at_least_3_11_is_chosen(tmp_path):
    fake_python(tmp_path, "python3", (3, 9))
    fake_python(tmp_path, "python3.12", (3, 12))
    fake_python(tmp_path, "python3.13", (3, 13))
    assert chosen_python([tmp_path]) == "[python3.13]"


def test_python3_is_used_when_it_is_new_enough(tmp_path):
    fake_python(tmp_path, "python3", (3, 12))
    assert chosen_python([tmp_path]) == "[python3]"


def test_no_fitting_python_gives_a_clear_message(tmp_path):
    fake_python(tmp_path, "python3", (3, 9))
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "setup.cfg").touch()
    (tmp_path / "pyproject.toml").touch()
    result = make("run", env={"PATH": str(tmp_path)}, cwd=tmp_path)
    assert result.returncode != 0
    assert "okconf needs Python 3.11 or newer" in result.stdout + result.stderr
    assert not (tmp_path / ".venv").exists()


def test_python_can_still_be_named():
    result = make("--eval", 'which-python: ; @echo "[$(PYTHON)]"', "which-python", "PYTHON=/x/py")
    assert result.stdout.strip() == "[/x/py]"


def test_make_run_builds_links_from_its_port():
    assert "links in mails: http://127.0.0.1:8080)" in make("-n", "run", "PORT=8080").stdout
    result = make("-n", "run", "PORT=8080", env={"OKCONF_BASE_URL": "https://k.example.org"})
    assert "links in mails: https://k.example.org)" in result.stdout
