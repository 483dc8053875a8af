"""Recognise column output in published text so it can be compared cell by cell.

kubectl prints tables through Go's tabwriter (padding 3): when one cell grows,
every later column shifts.  Comparing such rows character by character fails
for no reason, so a row is split into cells at runs of two or more spaces and
the real row must have the same cells separated by any run of two or more
spaces.  A wrong cell still fails; a wider one does not.

A table starts at a header row: either kubectl's upper-case names
(``NAME   READY   STATUS``; ``CPU(cores)`` allowed) or ``describe``'s
``Type  Reason  Age`` followed by a ``----  ------  ---`` underline.  It
lasts until a blank line.  Headers also name the columns, which is the
context some rules need (``rules.context.Column``: AGE holds durations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import ELISION

_GAP = re.compile(r" {2,}")
_UPPER_CELL = re.compile(r"[A-Z][A-Z0-9_./-]*(?: [A-Z][A-Z0-9_./-]*)*(?:\([A-Za-z%]+\))?")
_TITLE_CELL = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z]+)*")
_UNDERLINE_CELL = re.compile(r"-+")


@dataclass(frozen=True)
class Shape:
    """How one expected line is compared: as free text, or as a row of ``columns``."""

    columns: tuple[str, ...] = ()

    @property
    def is_row(self) -> bool:
        return bool(self.columns)


PLAIN = Shape()


def split_cells(line: str, columns: int = 0) -> tuple[str, list[str]]:
    """Indentation and cells of ``line``; with ``columns``, the last cell keeps its gaps."""
    body = line.rstrip()
    indent = body[: len(body) - len(body.lstrip(" "))]
    cells = _GAP.split(body.strip(), maxsplit=max(columns - 1, 0))
    return indent, cells


def _header(line: str, following: str | None) -> tuple[str, ...] | None:
    _, cells = split_cells(line)
    if len(cells) < 2:
        return None
    if all(_UPPER_CELL.fullmatch(c) for c in cells):
        return tuple(cells)
    if following is not None and all(_TITLE_CELL.fullmatch(c) for c in cells):
        _, under = split_cells(following)
        if len(under) == len(cells) and all(_UNDERLINE_CELL.fullmatch(c) for c in under):
            return tuple(cells)
    return None


def shapes(lines: tuple[str, ...]) -> list[Shape]:
    """One Shape per line: header and rows of a table get its columns, the rest PLAIN."""
    result: list[Shape] = []
    current: Shape = PLAIN
    for i, line in enumerate(lines):
        if not line.strip():
            current = PLAIN
        elif line.strip() != ELISION:
            following = lines[i + 1] if i + 1 < len(lines) else None
            header = _header(line, following)
            if header is not None:
                current = Shape(header)
        result.append(current if line.strip() and line.strip() != ELISION else PLAIN)
    return result
