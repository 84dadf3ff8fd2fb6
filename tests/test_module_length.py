"""Files stay readable: a module over about 400 lines says at its top why it is long (a line
"Long because: …" in its docstring), or it is split."""

from __future__ import annotations

import ast
from pathlib import Path

import okconf

LIMIT = 400
MARK = "Long because:"

# Modules another branch is restructuring when this test was written; each entry says which.
# Remove the entry once that work is merged (the test then holds the module to the rule).
PENDING: dict[str, str] = {}


def unexplained(root: Path) -> list[str]:
    """The modules under root longer than LIMIT lines whose docstring gives no reason."""
    out = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines <= LIMIT:
            continue
        docstring = ast.get_docstring(ast.parse(text)) or ""
        if MARK not in docstring:
            out.append(f"{path.relative_to(root).as_posix()} ({lines} lines)")
    return out


def test_every_long_module_says_why_it_is_long():
    root = Path(okconf.__file__).parent
    missing = [m for m in unexplained(root) if m.split(" ")[0] not in PENDING]
    assert not missing, f"split these or write '{MARK} …' in their docstring: {missing}"


def test_the_check_finds_a_long_module_without_a_reason(tmp_path):
    body = "\n".join(f"x{i} = {i}" for i in range(LIMIT + 1))
    (tmp_path / "short.py").write_text('"""Short."""\nx = 1\n', encoding="utf-8")
    (tmp_path / "silent.py").write_text(f'"""Silent."""\n{body}\n', encoding="utf-8")
    (tmp_path / "said.py").write_text(
        f'"""Said.\n\n{MARK} a table of constants.\n"""\n{body}\n', encoding="utf-8"
    )
    (tmp_path / "comment.py").write_text(f"# {MARK} not in the docstring\n{body}\n")
    assert unexplained(tmp_path) == [
        f"comment.py ({LIMIT + 2} lines)",
        f"silent.py ({LIMIT + 2} lines)",
    ]
