"""The house's layers, derived from the import lines: nothing runs up, nothing goes round.

The layers are declared once, in ARCHITECTURE.md (its ```layers block); this
test reads them there. Every import of the package is counted, deferred ones
inside functions and ``if TYPE_CHECKING:`` blocks included, because a deferred
import that runs up a layer is the same knot, only tied later.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "snippets_runner"


def declared_layers(text: str) -> list[list[str]]:
    """The ```layers block of ARCHITECTURE.md: lowest first, names relative to the package."""
    block = re.search(r"^```layers\n(.*?)^```", text, re.S | re.M)
    assert block, "ARCHITECTURE.md has no ```layers block"
    return [line.split() for line in block.group(1).splitlines() if line.strip()]


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's own modules that ``name`` imports, wherever the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        wanted: list[str] = []
        if isinstance(node, ast.Import):
            wanted = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from . import forms` imports the module forms; `from .x import name`, x
            wanted = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module
                for alias in node.names
            ]
        for target in wanted:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name and target.startswith("snippets_runner"):
                targets.add(target)
    return targets


def unit(name: str) -> str:
    """``snippets_runner.report.merge`` -> ``report``; the root package is ``__init__``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def layers() -> list[list[str]]:
    return declared_layers((REPO / "ARCHITECTURE.md").read_text(encoding="utf-8"))


def test_every_package_has_a_layer(layers: list[list[str]]) -> None:
    placed = [name for layer in layers for name in layer]
    assert len(placed) == len(set(placed)), "a package is in two layers"
    missing = sorted({unit(name) for name in modules()} - set(placed))
    assert not missing, f"packages without a layer in ARCHITECTURE.md: {missing}"


def test_no_import_runs_up_a_layer(layers: list[list[str]]) -> None:
    level = {name: i for i, layer in enumerate(layers) for name in layer}
    upward = sorted(
        f"{source} -> {target}"
        for source, targets in graph().items()
        for target in targets
        if level.get(unit(target), -1) > level.get(unit(source), -1)
    )
    assert not upward, "imports that run up a layer:\n" + "\n".join(upward)


def test_no_cycles_between_modules_or_packages() -> None:
    edges = graph()
    assert not cycles(edges), f"module cycles: {cycles(edges)}"
    packages: dict[str, set[str]] = {}
    for source, targets in edges.items():
        packages.setdefault(unit(source), set()).update(
            unit(t) for t in targets if unit(t) != unit(source)
        )
    assert not cycles(packages), f"package cycles: {cycles(packages)}"


def test_the_checks_see_a_deferred_import_and_a_cycle(tmp_path: Path) -> None:
    """The derivation counts what a reader of the code would: imports inside functions
    and type-checking blocks, relative or absolute."""
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..report import merge\n"
        "def f():\n    from snippets_runner.run import shell\n"
    )
    known = {
        "snippets_runner.lab.m": source,
        "snippets_runner.report.merge": source,
        "snippets_runner.run.shell": source,
    }
    found = imports("snippets_runner.lab.m", source, known)
    assert found == {"snippets_runner.report.merge", "snippets_runner.run.shell"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
