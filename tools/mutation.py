"""Measure the test suite by mutation: change the code slightly and see whether a test fails.

Why a script of our own rather than mutmut: mutmut 3 rewrites every function
into trampolines inside a copied tree, which breaks our pytest11 and MkDocs
entry points. This script mutates one AST node at a time in a scratch copy
of the repository (never in the work tree) and runs only the tests that
mirror the mutated module, so a mutant costs one short pytest process.

    .venv/bin/python tools/mutation.py                    # every module below
    .venv/bin/python tools/mutation.py snippets_runner/secrets/mask.py
    .venv/bin/python tools/mutation.py --jobs 2 --list-survivors

Before mutating, one run of the mirrored tests under coverage records which
tests (pytest nodes, fixtures included) execute each line, and how long
each takes. A mutant runs only the tests that execute its lines, fastest
first, so most die within a second. A mutated line that also runs at
import, or that no test runs, gets every mirrored test, and so does a
survivor (a module-scoped fixture's lines belong to the first test that set
it up), so the selection speeds up kills and never invents a survivor.

A mutant is *killed* when its tests fail or time out, *survives* when they
pass. The score is killed / total. Survivors are printed with file:line and
the mutated line, for a human to judge (an equivalent mutant is harmless; any
other survivor is a missing test).
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import queue
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

MATCH_TESTS = (
    "tests/test_matcher.py",
    "tests/test_normalize.py",
    "tests/test_tables.py",
    "tests/test_align.py",
    "tests/test_glob.py",
    "tests/test_wildcard.py",
    "tests/test_mismatch.py",
    "tests/test_match_properties.py",
    "tests/test_tables_by_column.py",
    "tests/test_table_properties.py",
    "tests/test_field_paths.py",
    "tests/test_origin.py",
)
UPDATE_TESTS = (
    "tests/test_anchors.py",
    "tests/test_update.py",
    "tests/test_update_cmd.py",
    "tests/test_update_plan.py",
    "tests/test_structure.py",
    "tests/test_pagefile.py",
    "tests/test_update_shapes.py",
    "tests/test_environment_regressions.py",
    "tests/test_secrets_masking.py",
)
# module glob -> the tests that must catch its mutants (the suite's mirror of it)
# The modules issue 15 names: the matcher and its normalizers, the update writer
# (update/, and files/ where it reads and writes the page), the masker and the
# exit-code mapping. tests/test_mutation_tool.py checks every file named here exists.
TARGET_GLOBS: dict[str, tuple[str, ...]] = {
    "snippets_runner/match/*.py": MATCH_TESTS,
    "snippets_runner/match/rules/*.py": MATCH_TESTS,
    "snippets_runner/update/*.py": UPDATE_TESTS,
    "snippets_runner/files/*.py": (
        "tests/test_pagefile.py",
        "tests/test_pages.py",
        "tests/test_report.py",
        "tests/test_update.py",
        "tests/test_update_cmd.py",
        "tests/test_cluster_safety.py",
    ),
    "snippets_runner/secrets/*.py": (
        "tests/test_masker.py",
        "tests/test_report.py",
        "tests/test_secrets_masking.py",
        "tests/test_secrets_gather.py",
        "tests/test_secrets_properties.py",
    ),
    "snippets_runner/errors.py": ("tests/test_errors.py", "tests/test_verify_cli.py"),
}
TARGETS: dict[str, tuple[str, ...]] = {
    str(path.relative_to(REPO)): tests
    for pattern, tests in TARGET_GLOBS.items()
    for path in sorted(REPO.glob(pattern))
    if path.name != "__init__.py" or path.parent.name == "rules"
}


_COMPARE_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
_BINOP_SWAP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv,
    ast.FloorDiv: ast.Mult,
    ast.Div: ast.Mult,
    ast.Mod: ast.Mult,
    ast.BitOr: ast.BitAnd,
    ast.BitAnd: ast.BitOr,
}


@dataclass(frozen=True)
class Mutant:
    module: str
    index: int
    """Position of the mutated node in ast.walk order."""
    kind: str
    line: int
    end_line: int


_EXAMPLES = frozenset({"same", "different", "sample"})
"""Keywords of ``Rule(...)`` holding examples that tests/test_normalize.py parametrizes over."""


def _annotation_nodes(tree: ast.AST) -> set[int]:
    """Nodes whose mutants change no behaviour the tests could see, or that a static check
    in the test command already refuses: annotations, docstrings, ``__all__``, ``frozen=``,
    and a rule's examples (mutating those mutates the tests)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST | None] = []
        if isinstance(node, ast.arg | ast.AnnAssign):
            parts.append(node.annotation)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            parts.append(node.returns)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            parts.append(node)  # docstrings, attribute docstrings
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            parts.append(node)  # names for `import *`, which nothing here uses
        if isinstance(node, ast.keyword) and node.arg == "frozen":
            parts.append(node)  # @dataclass(frozen=True): mypy --strict refuses any assignment
        if isinstance(node, ast.keyword) and node.arg in _EXAMPLES:
            parts.append(node)  # a rule's examples: the tests' data, not the matcher's code
        for part in parts:
            if part is not None:
                skip.update(id(n) for n in ast.walk(part))
    return skip


def _kinds(node: ast.AST) -> Iterator[str]:
    if isinstance(node, ast.Compare) and type(node.ops[0]) in _COMPARE_SWAP:
        yield "compare"
    elif isinstance(node, ast.BinOp) and type(node.op) in _BINOP_SWAP:
        yield "binop"
    elif isinstance(node, ast.BoolOp):
        yield "boolop"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "drop-not"
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield "flip-bool"
    elif isinstance(node, ast.Constant) and type(node.value) is int:
        yield "int+1"
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        yield "empty-str"
    elif isinstance(node, ast.If | ast.While):
        yield "negate-condition"
    elif isinstance(node, ast.Return) and node.value is not None:
        if not (isinstance(node.value, ast.Constant) and node.value.value is None):
            yield "return-none"  # (`return None` mutated to itself is no mutant)
    elif isinstance(node, ast.Break | ast.Continue):
        yield "swap-loop-jump"


def mutants(module: str) -> list[Mutant]:
    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    skip = _annotation_nodes(tree)
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip or isinstance(node, ast.ImportFrom):
            continue
        for kind in _kinds(node):
            line = getattr(node, "lineno", 0)
            end = getattr(node, "end_lineno", None) or line
            if isinstance(node, ast.If | ast.While):
                end = node.test.end_lineno or line  # the condition, not the whole body
            found.append(Mutant(module, index, kind, line, end))
    return found


def _apply(node: ast.AST, kind: str) -> ast.AST:
    match kind:
        case "compare":
            assert isinstance(node, ast.Compare)
            node.ops[0] = _COMPARE_SWAP[type(node.ops[0])]()
        case "binop":
            assert isinstance(node, ast.BinOp)
            node.op = _BINOP_SWAP[type(node.op)]()
        case "boolop":
            assert isinstance(node, ast.BoolOp)
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        case "drop-not":
            assert isinstance(node, ast.UnaryOp)
            return node.operand
        case "flip-bool":
            assert isinstance(node, ast.Constant)
            node.value = not node.value
        case "int+1":
            assert isinstance(node, ast.Constant) and type(node.value) is int
            node.value = node.value + 1
        case "empty-str":
            assert isinstance(node, ast.Constant)
            node.value = ""
        case "negate-condition":
            assert isinstance(node, ast.If | ast.While)
            node.test = ast.UnaryOp(ast.Not(), node.test)
        case "return-none":
            assert isinstance(node, ast.Return)
            node.value = ast.Constant(None)
        case "swap-loop-jump":
            return ast.Continue() if isinstance(node, ast.Break) else ast.Break()
    return node


def mutated_source(mutant: Mutant) -> str:
    tree = ast.parse((REPO / mutant.module).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    target = nodes[mutant.index]
    replacement = _apply(copy.deepcopy(target), mutant.kind)
    for parent in nodes:
        for field, value in ast.iter_fields(parent):
            if value is target:
                setattr(parent, field, replacement)
            elif isinstance(value, list):
                parent_list = value
                for i, item in enumerate(parent_list):
                    if item is target:
                        parent_list[i] = replacement
    return ast.unparse(ast.fix_missing_locations(tree))


def _scratch() -> Path:
    root = Path(tempfile.mkdtemp(prefix="mutation-"))
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        src = REPO / name
        if src.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, root / name)
    return root


_PYTEST = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not cluster and not browser")


def _env(root: Path) -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(root), HYPOTHESIS_PROFILE="ci")


IMPORT_TIME = ""
"""The context of lines no test ran: module bodies, decorators, class attributes."""


@dataclass(frozen=True)
class Coverage:
    """Which pytest nodes run each line, and how long each node takes."""

    lines: dict[str, dict[int, set[str]]]
    durations: dict[str, float]


def coverage_map(root: Path, tests: set[str]) -> Coverage:
    """One run of the mirrored tests under coverage, contexts named by pytest node id.

    Node ids come from tools/mutation_context.py, fixtures included, so a
    test that never runs a line cannot notice a mutant there. A line that
    also runs at import (context ``""``) can change what any test sees.
    """
    from coverage import CoverageData

    rc = root / ".mutation-coveragerc"
    rc.write_text(f"[run]\nsource = snippets_runner\ndata_file = {root / '.mutation-coverage'}\n")
    durations = root / ".mutation-durations.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "coverage",
            "run",
            f"--rcfile={rc}",
            *_PYTEST,
            "-p",
            "mutation_context",
            *sorted(tests),
        ],
        cwd=root,
        env=dict(
            _env(root),
            PYTHONPATH=f"{root}{os.pathsep}{root / 'tools'}",
            MUTATION_DURATIONS=str(durations),
        ),
        capture_output=True,
        check=False,
    )
    data = CoverageData(basename=str(root / ".mutation-coverage"))
    data.read()
    found: dict[str, dict[int, set[str]]] = {}
    for filename in data.measured_files():
        module = str(Path(filename).relative_to(root))
        lines = found.setdefault(module, {})
        for line, contexts in data.contexts_by_lineno(filename).items():
            lines.setdefault(line, set()).update(contexts)
    return Coverage(found, json.loads(durations.read_text()))


def tests_for(mutant: Mutant, covered: Coverage) -> list[str]:
    """The tests that run the mutated lines, fastest first; every mirrored test when a
    mutated line also runs at import or no test runs it."""
    lines = covered.lines.get(mutant.module, {})
    chosen: set[str] = set()
    for line in range(mutant.line, mutant.end_line + 1):
        chosen |= lines.get(line, set())
    if not chosen or IMPORT_TIME in chosen:
        return list(TARGETS[mutant.module])
    return sorted(chosen, key=lambda node: (covered.durations.get(node, 0.0), node))


_MEMORY_LIMIT = 2 << 30
"""Bytes of address space a mutant's pytest may take: a mutant that grows a list forever
dies of MemoryError in seconds instead of pushing the machine into swap."""


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_LIMIT, _MEMORY_LIMIT))


def run_mutant(mutant: Mutant, root: Path, timeout: float, tests: list[str]) -> bool:
    """True when the mutant is killed."""
    path = root / mutant.module
    original = path.read_text(encoding="utf-8")
    path.write_text(mutated_source(mutant), encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, *_PYTEST, "-x", "--timeout", str(int(timeout)), *tests],
            cwd=root,
            env=_env(root),
            capture_output=True,
            text=True,
            timeout=timeout * 2,
            check=False,
            preexec_fn=_limit_memory,
        )
        # 4 (usage) and 5 (nothing collected) mean the selection is wrong, not the mutant;
        # any other failure (a test, collection, an internal error, a crash) kills it.
        if proc.returncode in (4, 5):
            raise SystemExit(
                f"mutation: pytest could not run {tests}:\n"
                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
            )
        return proc.returncode != 0
    except subprocess.TimeoutExpired:
        return True
    finally:
        path.write_text(original, encoding="utf-8")


def _source_line(mutant: Mutant) -> str:
    return (REPO / mutant.module).read_text(encoding="utf-8").splitlines()[mutant.line - 1].strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", default=sorted(TARGETS))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30, help="seconds per test")
    args = parser.parse_args()
    todo = [m for module in args.modules for m in mutants(module)]
    # One scratch tree per job, lent out one mutant at a time: jobs never share a file.
    roots: queue.Queue[Path] = queue.Queue()
    for _ in range(args.jobs):
        roots.put(_scratch())
    first = roots.get()
    covered = coverage_map(first, {t for module in args.modules for t in TARGETS[module]})
    roots.put(first)
    survivors: list[Mutant] = []
    by_module: dict[str, list[int]] = {}

    def work(mutant: Mutant) -> tuple[Mutant, bool]:
        root = roots.get()
        try:
            chosen = tests_for(mutant, covered)
            dead = run_mutant(mutant, root, args.timeout, chosen)
            if not dead and chosen != list(TARGETS[mutant.module]):
                # A shared fixture's lines belong to the first test that set it up:
                # a survivor must survive every mirrored test.
                dead = run_mutant(mutant, root, args.timeout, list(TARGETS[mutant.module]))
            return mutant, dead
        finally:
            roots.put(root)

    with ThreadPoolExecutor(args.jobs) as pool:
        # Progress streams as mutants finish, so a long run that is cut short still says something.
        for done, (mutant, dead) in enumerate(pool.map(work, todo), start=1):
            stats = by_module.setdefault(mutant.module, [0, 0])
            stats[1] += 1
            stats[0] += int(dead)
            if not dead:
                survivors.append(mutant)
            verdict = "killed" if dead else "SURVIVED"
            print(
                f"[{done}/{len(todo)}] {verdict} {mutant.module}:{mutant.line} [{mutant.kind}]",
                flush=True,
            )
    for module, (killed_here, total) in sorted(by_module.items()):
        print(f"{module}: {killed_here}/{total} killed ({100 * killed_here / max(total, 1):.1f}%)")
    for mutant in sorted(survivors, key=lambda m: (m.module, m.line)):
        print(f"SURVIVED {mutant.module}:{mutant.line} [{mutant.kind}] {_source_line(mutant)}")
    killed = len(todo) - len(survivors)
    print(f"mutation score: {killed}/{len(todo)} killed ({100 * killed / max(len(todo), 1):.1f}%)")
    while not roots.empty():
        shutil.rmtree(roots.get(), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
