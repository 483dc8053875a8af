"""One published line against one real line: exact, normalized, or no match.

The published line becomes a pattern once (cached: retries and translations
compare the same lines again): its leading indentation is literal (it
carries structure in ``describe`` and YAML), a table row is compared cell by
cell (see ``tables``), and inline ``[...]`` splits it into segments that
``wildcard.find`` places without a backtracking regex.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import normalize, tables, wildcard
from .normalize import Field, Part, Wildcard
from .rules import Piece
from .verdicts import LineVerdict, Span, Verdict


@dataclass(frozen=True)
class LinePattern:
    segments: tuple[re.Pattern[str], ...]
    """The line split at inline wildcards; the last one is anchored at the end."""
    fields: tuple[tuple[Field, ...], ...]
    """Per segment, its loosened fields; group ``g<k>`` of the segment is field ``k``."""
    plain: str | None
    """The whole line as one regex without groups, when it has no inline wildcard."""


def _pieces(line: str, shape: tables.Shape) -> tuple[str, list[list[Part]]]:
    """Indentation and the parts of each piece (one per cell, or the whole line)."""
    stripped = line.rstrip()
    if shape.is_row:
        indent, cells = tables.split_cells(stripped, len(shape.columns))
        names = [shape.columns[i] if i < len(shape.columns) else "" for i in range(len(cells))]
        return indent, [normalize.parts(Piece(c, n)) for c, n in zip(cells, names, strict=True)]
    body = stripped.lstrip(" ")
    return stripped[: len(stripped) - len(body)], [normalize.parts(Piece(body))]


@functools.lru_cache(maxsize=4096)
def compile_line(line: str, shape: tables.Shape) -> LinePattern:
    indent, pieces = _pieces(line, shape)
    gap = " {2,}?" if shape.is_row else ""
    segments: list[tuple[list[str], list[Field]]] = [([re.escape(indent)], [])]
    for p, piece in enumerate(pieces):
        if p:
            segments[-1][0].append(gap)
        for part in piece:
            regexes, fields = segments[-1]
            if isinstance(part, Wildcard):
                segments.append(([], []))
            elif isinstance(part, Field):
                regexes.append(f"(?P<g{len(fields)}>{part.accept})")
                fields.append(part)
            else:
                regexes.append(normalize.literal(part))
    texts = ["".join(r) for r, _ in segments]
    texts[-1] += r" *\Z"
    compiled = tuple(re.compile(t) for t in texts)
    plain = re.sub(r"\(\?P<g\d+>", "(?:", texts[0]) if len(texts) == 1 else None
    return LinePattern(compiled, tuple(tuple(f) for _, f in segments), plain)


def judge(expected: str, actual: str, shape: tables.Shape) -> LineVerdict | None:
    """The verdict for this pair, or None when the real line does not match."""
    if expected == actual:
        return LineVerdict(Verdict.EXACT, expected, actual)
    pattern = compile_line(expected, shape)
    found = wildcard.find(pattern.segments, actual)
    if found is None:
        return None
    spans: list[Span] = []
    for k, (hit, fields) in enumerate(zip(found, pattern.fields, strict=True)):
        if k:
            spans.append(Span(found[k - 1].end(), hit.start(), "wildcard"))
        for g, f in enumerate(fields):
            text = hit.group(f"g{g}")
            if text == f.original:
                continue
            if not f.valid(text):
                return None
            spans.append(Span(hit.start(f"g{g}"), hit.end(f"g{g}"), f.normalizer))
    return LineVerdict(Verdict.NORMALIZED, expected, actual, tuple(spans))


def cell_matches(expected: str, actual: str, column: str) -> bool:
    """Whether one real table cell matches a published one under ``column`` (for update)."""
    return judge(expected, actual, tables.Shape((column,))) is not None
