"""One published line against one real line: exact, normalized, or no match.

The published line becomes a pattern once (cached: retries and translations
compare the same lines again): its leading indentation is literal (it
carries structure in ``describe`` and YAML), and inline ``[...]`` splits it
into segments that ``wildcard.find`` places without a backtracking regex.

A table row is compared column by column (see ``tables``): the published
row's cells, read under the published header, against the real row's cells,
read under the real header, which must name the same columns.  An empty
cell must be empty, a cell's value is judged under its own column's header,
and a published cell ending in ``[...]`` with nothing published after it
takes the rest of the real row.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import normalize, tables, wildcard
from .normalize import LoosenedField, Part, Wildcard
from .origin import UNSTATED, Origin
from .rules import Piece
from .verdicts import LineVerdict, NormalizedSpan, Verdict


@dataclass(frozen=True)
class LinePattern:
    segments: tuple[re.Pattern[str], ...]
    """The line split at inline wildcards; the last one is anchored at the end."""
    fields: tuple[tuple[LoosenedField, ...], ...]
    """Per segment, its loosened fields; group ``g<k>`` of the segment is field ``k``."""
    plain: str | None
    """The whole line as one regex without groups, when it has no inline wildcard."""


@dataclass(frozen=True)
class RowPattern:
    cells: tuple[LinePattern | None, ...]
    """Per column, the published cell's pattern; None where the published cell is empty."""
    texts: tuple[str, ...]
    """Per column, the published cell's text ("" when empty)."""
    rest: int | None
    """The column whose cell ends in ``[...]`` with no published cell after it: it takes
    the rest of the real row."""
    loose: frozenset[int]
    """The columns whose pattern loosens something: every other real cell must equal the
    published one (``mismatch`` looks rows up by those)."""


def _compile(indent: str, parts: list[Part]) -> LinePattern:
    segments: list[tuple[list[str], list[LoosenedField]]] = [([re.escape(indent)], [])]
    for part in parts:
        regexes, fields = segments[-1]
        if isinstance(part, Wildcard):
            segments.append(([], []))
        elif isinstance(part, LoosenedField):
            regexes.append(f"(?P<g{len(fields)}>{part.accept})")
            fields.append(part)
        else:
            regexes.append(normalize.literal(part))
    texts = ["".join(r) for r, _ in segments]
    texts[-1] += r" *\Z"
    compiled = tuple(re.compile(t) for t in texts)
    plain = re.sub(r"\(\?P<g\d+>", "(?:", texts[0]) if len(texts) == 1 else None
    return LinePattern(compiled, tuple(tuple(f) for _, f in segments), plain)


@functools.lru_cache(maxsize=4096)
def compile_line(line: str, shape: tables.Shape) -> LinePattern:
    """The pattern of a published line that is no table row."""
    stripped = line.rstrip()
    body = stripped.lstrip(" ")
    indent = stripped[: len(stripped) - len(body)]
    piece = Piece(body, path=shape.path, value=shape.value, origin=shape.origin)
    return _compile(indent, normalize.parts(piece))


@functools.lru_cache(maxsize=4096)
def _cell(text: str, column: str | None, origin: Origin) -> LinePattern:
    return _compile("", normalize.parts(Piece(text, column, origin=origin)))


@functools.lru_cache(maxsize=4096)
def compile_row(line: str, shape: tables.Shape) -> RowPattern:
    """The pattern of a published table row, one cell per column."""
    assert shape.row is not None
    row = shape.row
    texts = row.texts(line)
    names = (None,) * len(texts) if row.header else row.table.columns
    cells = tuple(
        _cell(t, n, shape.origin) if t else None for t, n in zip(texts, names, strict=True)
    )
    filled = [k for k, t in enumerate(texts) if t]
    rest = filled[-1] if filled and texts[filled[-1]].endswith(normalize.WILDCARD) else None
    loose = frozenset(
        k for k, c in enumerate(cells) if c is not None and (c.plain is None or any(c.fields))
    )
    return RowPattern(cells, texts, rest, loose)


def _place(pattern: LinePattern, text: str, base: int, spans: list[NormalizedSpan]) -> bool:
    """Whether ``text`` matches ``pattern``; adds the spans it loosened, shifted by ``base``."""
    found = wildcard.find(pattern.segments, text)
    if found is None:
        return False
    for k, (hit, fields) in enumerate(zip(found, pattern.fields, strict=True)):
        if k:
            spans.append(NormalizedSpan(base + found[k - 1].end(), base + hit.start(), "wildcard"))
        for g, f in enumerate(fields):
            value = hit.group(f"g{g}")
            if value == f.original:
                continue
            if not f.valid(value):
                return False
            spans.append(
                NormalizedSpan(base + hit.start(f"g{g}"), base + hit.end(f"g{g}"), f.normalizer)
            )
    return True


def judge(
    expected: str, actual: str, shape: tables.Shape, real: tables.TableRow | None = None
) -> LineVerdict | None:
    """The verdict for this pair, or None when the real line does not match.

    ``real`` is the real line's own table row (``tables.rows``): a published row
    matches only a real row of a table with the same columns.
    """
    if expected == actual:
        return LineVerdict(Verdict.EXACT, expected, actual)
    spans: list[NormalizedSpan] = []
    if shape.row is not None:
        if not _row_matches(expected, actual, shape, real, spans):
            return None
    elif not _place(compile_line(expected, shape), actual, 0, spans):
        return None
    return LineVerdict(Verdict.NORMALIZED, expected, actual, tuple(spans))


def same_table(published: tables.TableRow, real: tables.TableRow | None) -> bool:
    """Whether a real row can stand for a published one: the same columns, indentation
    and kind of line (header or row)."""
    return (
        real is not None
        and real.header == published.header
        and real.table.columns == published.table.columns
        and real.table.offsets[0] == published.table.offsets[0]
    )


def _row_matches(
    expected: str,
    actual: str,
    shape: tables.Shape,
    real: tables.TableRow | None,
    spans: list[NormalizedSpan],
) -> bool:
    assert shape.row is not None
    if real is None or not same_table(shape.row, real):
        return False
    pattern = compile_row(expected, shape)
    at = 0  # where an empty cell stands: after the cells before it, so spans stay in order
    for k, cell in enumerate(pattern.cells):
        span = real.cells[k]
        if span:
            at = span[0]
        if k == pattern.rest:
            assert cell is not None
            start = span[0] if span else next((c[0] for c in real.cells[k + 1 :] if c), None)
            text = actual[start:].rstrip() if start is not None else ""
            return _place(cell, text, start or 0, spans)
        if cell is None:
            if span is not None:
                return False
            continue
        text = actual[span[0] : span[1]] if span else ""
        if text != pattern.texts[k] and not _place(cell, text, span[0] if span else at, spans):
            return False
        if span:
            at = span[1]
    return True


def cell_matches(expected: str, actual: str, column: str, origin: Origin = UNSTATED) -> bool:
    """Whether one real table cell matches a published one under ``column`` (for update)."""
    if expected == actual:
        return True
    if not expected:
        return False
    return _place(_cell(expected, column, origin), actual, 0, [])
