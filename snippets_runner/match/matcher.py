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

import functools
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


@functools.lru_cache(maxsize=4096)
def _compile(line: str, shape: tables.Shape) -> _LinePattern:
    """Cached: retries and translations compare the same published lines again."""
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


def _verdict(expected: str, actual: str, shape: tables.Shape) -> LineVerdict | None:
    if expected == actual:
        return LineVerdict(Verdict.EXACT, expected, actual)
    pattern = _compile(expected, shape)
    found = pattern.regex.fullmatch(actual)
    if found is None:
        return None
    spans = []
    for f in pattern.fields:
        text = found.group(f.group)
        if text == f.original and f.normalizer != "wildcard":
            continue
        if f.normalizer == "ip" and not normalize.is_ip(text):
            return None
        spans.append(Span(found.start(f.group), found.end(f.group), f.normalizer))
    return LineVerdict(Verdict.NORMALIZED, expected, actual, tuple(spans))


def match(expected: ExpectedOutput, actual: str) -> MatchResult:
    """Compare what ``expected`` publishes with the real ``actual`` output."""
    want = tuple(line.rstrip() for line in expected.lines)
    while want and not want[-1]:
        want = want[:-1]
    got = output_lines(actual)
    if want == got:
        return MatchResult(True, tuple(LineVerdict(Verdict.EXACT, w, w) for w in want))
    shapes = tables.shapes(want)
    elision = [w.strip() == ELISION for w in want]
    cache: dict[tuple[int, int], LineVerdict | None] = {}

    def pair(i: int, j: int) -> LineVerdict | None:
        if (i, j) not in cache:
            cache[i, j] = None if elision[i] else _verdict(want[i], got[j], shapes[i])
        return cache[i, j]

    # Lines before the first elision (and after the last) can only pair up one to one,
    # so peel them off and keep the quadratic alignment for the middle.
    n, m = len(want), len(got)
    head = 0
    while head < min(n, m) and pair(head, head) is not None:
        head += 1
    tail = 0
    while tail < min(n, m) - head and pair(n - 1 - tail, m - 1 - tail) is not None:
        tail += 1
    lines = [v for k in range(head) if (v := pair(k, k)) is not None]
    script = align(
        n - head - tail,
        m - head - tail,
        lambda i: elision[head + i],
        lambda i, j: pair(head + i, head + j),
    )
    for op, i, j, verdict in script:
        i = None if i is None else head + i
        j = None if j is None else head + j
        if op == "match" and verdict is not None:
            lines.append(verdict)
        elif op == "elide":
            lines.append(LineVerdict(Verdict.ELIDED, ELISION, None if j is None else got[j]))
        elif op == "missing" and i is not None:
            lines.append(LineVerdict(Verdict.MISSING, want[i], None))
        elif j is not None:
            lines.append(LineVerdict(Verdict.EXTRA, None, got[j]))
    lines += [v for k in range(tail, 0, -1) if (v := pair(n - k, m - k)) is not None]
    return MatchResult(all(line.ok for line in lines), tuple(lines))
