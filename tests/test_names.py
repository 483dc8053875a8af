"""One name, one thing: no public type and no module file name is declared in two packages.

A reader who meets ``Row`` or ``options.py`` should not have to look up which
one is meant. The names are derived from the source, as ``test_layers``
derives the imports: every module-level class and type alias (``X = ...``
with a CapWords name, ``X: TypeAlias``, ``NewType``), in ``if``/``try`` blocks
too (``if TYPE_CHECKING:``), that does not start with ``_``; and every
module's file name. A type variable (``T = TypeVar("T")``) is no type of ours
but the parameter of one generic function, named for its place as an
argument is: two modules may each have their ``T``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "snippets_runner"

SHARED_FILE_NAMES = {
    "__init__.py": "every package has one: its face",
    "__main__.py": "the entry of `python -m`, wherever it stands",
}
"""File names that may stand in several packages, and why."""

SHARED_TYPE_NAMES: dict[str, str] = {}
"""Public type names that may be declared in several packages, and why (none so far)."""

_CAPWORDS = re.compile(r"[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")
"""A type's name; ``MAX_ROWS`` (a constant) is not one."""
_TYPE_FACTORIES = {"NewType", "NamedTuple", "TypedDict"}
_TYPE_VARIABLES = {"TypeVar", "ParamSpec", "TypeVarTuple"}


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """The statements a module runs at import, ``if`` and ``try`` blocks included."""
    for node in body:
        if isinstance(node, ast.If):
            yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody):
                yield from _module_level(block)
            for handler in node.handlers:
                yield from _module_level(handler.body)
        else:
            yield node


def _called(value: ast.expr) -> str:
    if not isinstance(value, ast.Call):
        return ""
    func = value.func
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def type_names(source: str) -> set[str]:
    """The public classes and type aliases a module declares at module level."""
    names: set[str] = set()
    for node in _module_level(ast.parse(source).body):
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif type(node).__name__ == "TypeAlias":  # `type X = ...` (Python 3.12)
            names.add(node.name.id)  # type: ignore[attr-defined]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if ast.unparse(node.annotation).endswith("TypeAlias"):
                names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            if _called(node.value) in _TYPE_VARIABLES:
                continue
            for target in node.targets:
                if isinstance(target, ast.Name) and (
                    _CAPWORDS.fullmatch(target.id) or _called(node.value) in _TYPE_FACTORIES
                ):
                    names.add(target.id)
    return {name for name in names if not name.startswith("_")}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _package(path: Path) -> str:
    return ".".join(path.parent.relative_to(REPO).parts)


def clashes(where: dict[str, list[Path]], allowed: dict[str, str]) -> list[str]:
    """Names found in more than one package, as ``name: path, path``."""
    return sorted(
        f"{name}: {', '.join(str(p.relative_to(REPO)) for p in paths)}"
        for name, paths in where.items()
        if name not in allowed and len({_package(p) for p in paths}) > 1
    )


def test_no_public_type_name_is_declared_in_two_packages() -> None:
    where: dict[str, list[Path]] = {}
    for path in modules():
        for name in type_names(path.read_text(encoding="utf-8")):
            where.setdefault(name, []).append(path)
    found = clashes(where, SHARED_TYPE_NAMES)
    assert not found, "one type name, two packages (rename one to say what it is):\n" + "\n".join(
        found
    )


def test_no_module_file_name_stands_in_two_packages() -> None:
    where: dict[str, list[Path]] = {}
    for path in modules():
        where.setdefault(path.name, []).append(path)
    found = clashes(where, SHARED_FILE_NAMES)
    assert not found, "one file name, two packages (name each for its job):\n" + "\n".join(found)


def test_the_checks_see_aliases_in_blocks_and_clashes_across_packages() -> None:
    source = (
        "from typing import TYPE_CHECKING, TypeAlias, TypeVar\n"
        "class Row: ...\n"
        "class _Private: ...\n"
        "Span = tuple[int, int]\n"
        "MAX_ROWS = 3\n"
        "F = TypeVar('F')\n"
        "Tee = TypeVar('Tee')\n"
        "UserId = NewType('UserId', int)\n"
        "Cells: TypeAlias = list[str]\n"
        "if TYPE_CHECKING:\n    Name = str\nelse:\n    Name = str\n"
        "def f():\n    Inner = int\n"
    )
    assert type_names(source) == {"Row", "Span", "UserId", "Cells", "Name"}
    a, b, c = (PACKAGE / "report/diff.py", PACKAGE / "match/tables.py", PACKAGE / "match/x.py")
    assert clashes({"Row": [a, b], "Cell": [b, c]}, {}) == [
        "Row: snippets_runner/report/diff.py, snippets_runner/match/tables.py"
    ]
    assert clashes({"Row": [a, b]}, {"Row": "a reason"}) == []
