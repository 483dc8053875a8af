"""Layered comparison of published output with real output, line by line.

Layers, cheapest first:

1. exact: the texts are equal (trailing whitespace and trailing blank lines
   aside) -- every line is EXACT;
2. per line, the published line becomes a pattern (see ``normalize``):
   volatile fields loosened, runs of inner spaces equal to any run of spaces
   (tabwriter alignment in ``describe`` output varies with the longest key),
   trailing spaces ignored, but *leading* indentation kept, since it carries
   structure in ``describe`` and YAML; table rows (see ``tables``) are
   compared cell by cell;
3. ``[...]`` alone on a line matches zero or more real lines.

Lines are aligned with a small edit-distance table so a failure yields a
real diff: each line gets a verdict, and a normalized line carries the spans
of the real line that were accepted by a normalizer, so a report can show
them as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from ..model import ELISION, ExpectedOutput
from . import normalize, tables
from .align import align


class Verdict(StrEnum):
    EXACT = "exact"
    NORMALIZED = "normalized"
    ELIDED = "elided"
    MISSING = "missing"
    """Published, but the real output lacks it."""
    EXTRA = "extra"
    """Printed, but not published."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    normalizer: str


@dataclass(frozen=True)
class LineVerdict:
    verdict: Verdict
    expected: str | None
    actual: str | None
    spans: tuple[Span, ...] = ()
    """Parts of ``actual`` a normalizer accepted (empty for a whitespace-only difference)."""

    @property
    def ok(self) -> bool:
        return self.verdict not in (Verdict.MISSING, Verdict.EXTRA)


@dataclass(frozen=True)
class MatchResult:
    matched: bool
    lines: tuple[LineVerdict, ...]

    @property
    def normalizers(self) -> frozenset[str]:
        return frozenset(s.normalizer for line in self.lines for s in line.spans)


@dataclass(frozen=True)
class _LinePattern:
    regex: re.Pattern[str]
    fields: tuple[normalize.Field, ...]


def output_lines(text: str) -> tuple[str, ...]:
    """Real output as lines: no trailing newline, no trailing blank lines, no trailing spaces."""
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def _compile(line: str, shape: tables.Shape) -> _LinePattern:
    counter = [0]
    if shape.is_row:
        indent, cells = tables.split_cells(line, len(shape.columns))
        pieces = []
        for i, cell in enumerate(cells):
            name = shape.columns[i] if i < len(shape.columns) else ""
            extra = normalize.DURATION_CELL if tables.is_duration_column(name) else ()
            pieces.append(normalize.build(cell, counter, extra))
        body = " {2,}".join(p.regex for p in pieces)
        fields = tuple(f for p in pieces for f in p.fields)
    else:
        stripped = line.rstrip()
        indent = stripped[: len(stripped) - len(stripped.lstrip(" "))]
        piece = normalize.build(stripped.lstrip(" "), counter)
        body, fields = piece.regex, piece.fields
    return _LinePattern(re.compile(re.escape(indent) + body + " *"), fields)


def _verdict(expected: str, actual: str, pattern: _LinePattern) -> LineVerdict | None:
    if expected.rstrip() == actual:
        return LineVerdict(Verdict.EXACT, expected, actual)
    found = pattern.regex.fullmatch(actual)
    if found is None:
        return None
    spans = tuple(
        Span(found.start(f.group), found.end(f.group), f.normalizer)
        for f in pattern.fields
        if found.group(f.group) != f.original or f.normalizer == "wildcard"
    )
    return LineVerdict(Verdict.NORMALIZED, expected, actual, spans)


def match(expected: ExpectedOutput, actual: str) -> MatchResult:
    """Compare what ``expected`` publishes with the real ``actual`` output."""
    want = tuple(line.rstrip() for line in expected.lines)
    while want and not want[-1]:
        want = want[:-1]
    got = output_lines(actual)
    if want == got:
        return MatchResult(True, tuple(LineVerdict(Verdict.EXACT, w, w) for w in want))
    shapes = tables.shapes(want)
    patterns = [
        None if w.strip() == ELISION else _compile(w, s) for w, s in zip(want, shapes, strict=True)
    ]
    cache: dict[tuple[int, int], LineVerdict | None] = {}

    def pair(i: int, j: int) -> LineVerdict | None:
        if (i, j) not in cache:
            pattern = patterns[i]
            cache[i, j] = None if pattern is None else _verdict(want[i], got[j], pattern)
        return cache[i, j]

    lines: list[LineVerdict] = []
    for op, i, j, verdict in align(len(want), len(got), lambda i: patterns[i] is None, pair):
        if op == "match" and verdict is not None:
            lines.append(verdict)
        elif op == "elide":
            lines.append(LineVerdict(Verdict.ELIDED, ELISION, None if j is None else got[j]))
        elif op == "missing" and i is not None:
            lines.append(LineVerdict(Verdict.MISSING, want[i], None))
        elif j is not None:
            lines.append(LineVerdict(Verdict.EXTRA, None, got[j]))
    return MatchResult(all(line.ok for line in lines), tuple(lines))
