"""The packages' imports form layers: no circle between packages, lower layers import no feature.

Every module of okconf is read with `ast` (nothing is imported). An import inside a function
counts like one at the top of the module: deferring an import hides a circle from Python's
import machinery, not from the design (the feature that imports down would still call up).
The dynamic imports of the feature registry (`okconf.features.feature_modules`) are not
imports of a named module and do not count: that is how the app finds the features' parts.

A feature that must react to another's change connects a receiver to a named signal in
`okconf/signals.py` from its `hooks.py` instead of being called by the other.

KNOWN lists the imports that still go against the layers, each with why and what would lift
it; an entry that is no longer needed fails the test, so the list only shrinks.
"""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

import okconf

ROOT = Path(okconf.__file__).resolve().parent

# The lower layers: dates and clock, vocabulary, formatting, the database and its helpers
# (the per-conference settings row), errors, security helpers, the named signals. Features
# import them; they import no feature.
LOWER = {
    "clock",
    "config",
    "db",
    "errors",
    "extensions",
    "formatting",
    "formdata",
    "rows",
    "security",
    "signals",
    "spreadsheets",
    "undo",
    "vocabulary",
}

# (importing module, imported module): why it is still there.
KNOWN: dict[tuple[str, str], str] = {}


def module_files() -> dict[str, Path]:
    """Dotted module name -> its file, for every module of okconf."""
    modules = {}
    for path in ROOT.rglob("*.py"):
        parts = ("okconf", *path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The okconf modules `name` imports, at the top or in functions, relative ones resolved."""
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:
                # `from okconf.x import y`: y is a module when there is one, else a name in x.
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
    return {m for m in found if m.startswith("okconf.")}


def package_of(module: str) -> str:
    """okconf.registration.rules -> registration; okconf.clock -> clock."""
    return module.split(".")[1]


def module_graph() -> dict[str, set[str]]:
    modules = module_files()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def package_graph(graph: dict[str, set[str]], skip=()) -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the module imports that make the edge."""
    packages: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for module, imported in graph.items():
        if module == "okconf":
            continue
        for target in imported:
            if (module, target) in skip or target == "okconf":
                continue
            a, b = package_of(module), package_of(target)
            if a != b:
                packages[a][b].append(f"{module} -> {target}")
    return packages


def find_cycle(edges: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One circle of packages (first package repeated at the end), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, {})):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_circle_and_accepts_layers():
    """The check itself: a ring of three is found, a layered graph is not a circle."""
    ring = {"a": {"b": ["a.x -> b.y"]}, "b": {"c": ["b.y -> c.z"]}, "c": {"a": ["c.z -> a.x"]}}
    assert find_cycle(ring) == ["a", "b", "c", "a"]
    layers = {"a": {"b": [], "c": []}, "b": {"c": []}}
    assert find_cycle(layers) is None


def test_the_walker_sees_imports_inside_functions_and_relative_ones(tmp_path):
    source = tmp_path / "views.py"
    source.write_text(
        "from . import services\nfrom .models import Thing\n"
        "def f():\n    from okconf.registration.services import free_place\n"
    )
    known = {"okconf.demo.services", "okconf.demo.models", "okconf.registration.services"}
    assert imports_of("okconf.demo.views", source, known) == known


def test_no_circle_between_packages():
    edges = package_graph(module_graph(), skip=KNOWN)
    cycle = find_cycle(edges)
    if cycle:
        lines = [
            f"  {a} -> {b}: " + "; ".join(sorted(edges[a][b])) for a, b in itertools.pairwise(cycle)
        ]
        raise AssertionError(
            "Packages import each other in a circle: "
            + " -> ".join(cycle)
            + "\n"
            + "\n".join(lines)
            + "\nMove the shared part down to a lower layer, or let the lower package send a "
            "signal (okconf/signals.py) that the higher one receives in its hooks.py."
        )


def test_lower_layers_import_no_feature():
    graph = module_graph()
    features = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    wrong = sorted(
        f"{module} -> {target}"
        for module, imported in graph.items()
        if module != "okconf" and package_of(module) in LOWER
        for target in imported
        if package_of(target) in features
    )
    assert not wrong, "A lower layer imports a feature:\n" + "\n".join(wrong)


def test_every_known_exception_is_still_needed():
    """KNOWN only shrinks: an import that is gone must leave the list too."""
    graph = module_graph()
    gone = sorted(f"{a} -> {b}" for a, b in KNOWN if b not in graph.get(a, set()))
    assert not gone, "No longer imported; remove from KNOWN:\n" + "\n".join(gone)


def test_the_known_exceptions_are_what_keeps_the_graph_from_being_layered():
    """Without KNOWN the packages do form a circle (else the list would be pointless)."""
    if KNOWN:
        assert find_cycle(package_graph(module_graph())) is not None
