"""A web worker starts without the heavy libraries only some pages and commands need.

SciPy, NumPy and highspy (the workshop solver), python-docx and WeasyPrint (report downloads),
openpyxl and XlsxWriter (imports and exports), qrcode and Pillow (QR codes), css-inline and
html2text (the mail worker and the mail previews) are imported where they are used, so
creating the app imports none of them: each gunicorn worker stays small and starts fast.
Checked in a fresh interpreter, since the test process has imported them all.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HEAVY = [
    "scipy",
    "numpy",
    "highspy",
    "docx",
    "qrcode",
    "PIL",
    "weasyprint",
    "openpyxl",
    "xlsxwriter",
    "css_inline",
    "html2text",
]

PROBE = """
import json, sys
from okconf import create_app
create_app({
    "SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://", "ALLOW_HTTP_BASE_URL": True,
})
print(json.dumps(sorted(m for m in %r if m in sys.modules)))
"""


def test_creating_the_app_imports_no_heavy_library():
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_probe_would_see_a_heavy_import():
    """The check itself works: a module imported after the app was created shows up."""
    code = PROBE.replace("print(", "import qrcode\nprint(")
    result = subprocess.run(
        [sys.executable, "-c", code % (HEAVY,)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "qrcode" in json.loads(result.stdout.strip().splitlines()[-1])
