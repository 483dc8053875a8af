"""Recognise column output and read its rows by column, as kubectl's tabwriter lays them out.

kubectl prints tables through Go's tabwriter: every cell of a column starts
at the offset where the column's header word starts, and a column is as wide
as its widest cell plus the padding (3 for ``kubectl get``, 2 for the tables
of ``describe``), so cells are separated by at least two spaces.  A cell
therefore belongs to the header it sits under, and an empty cell (a PV's
REASON, a Pending claim's VOLUME) is empty: the cell after it is still under
its own header, not shifted into the empty one.

A table starts at a header row: either kubectl's upper-case names
(``NAME   READY   STATUS``; ``CPU(cores)`` allowed) or ``describe``'s
``Type  Reason  Age`` over a ``----  ------  ---`` underline.  It lasts while
its lines fit the header's columns: each line's first text starts at a
column's offset, each later text at a later column's, and no text runs into
the next column.  The first line that does not fit ends it (a blank line,
``describe node``'s ``Addresses:`` after its Conditions table), and so does
an elision ``[...]`` never: the rows after it are the same table's.  A
published row holding an inline ``[...]`` may not fit (the writer shortened
a cell); it is read as far as it fits uniquely, else compared as text, and
the table goes on after it.

Real output is read the same way, its rows by its own header, so a wider
cell there shifts the columns after it and nothing else.  One thing besides
kubectl moves real cells: an environment value mapped to the published one
before matching (``standard`` read as ``gp2``) shortens or lengthens its cell
without re-padding.  Gaps do not change, so the column of the cell after a
changed one is still known when only one column fits; when two would, the
row does not fit and its line is compared with nothing (it fails).

Headers name the columns, the context of the column rules
(``rules.context.Column``: AGE holds durations).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import ELISION
from .origin import UNSTATED, Origin

if TYPE_CHECKING:
    from .structure import Span

_CHUNK = re.compile(r"\S+(?: \S+)*")
"""Text between runs of two or more spaces: one cell, or a header name such as
``NOMINATED NODE``."""
_UPPER_CELL = re.compile(r"[A-Z][A-Z0-9_./-]*(?: [A-Z][A-Z0-9_./-]*)*(?:\([A-Za-z%]+\))?")
_TITLE_CELL = re.compile(r"[A-Z][A-Za-z]*(?: [A-Za-z]+)*")
_UNDERLINE_CELL = re.compile(r"-+")
MIN_GAP = 2
"""The fewest spaces tabwriter leaves between two cells (describe's padding)."""


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    offsets: tuple[int, ...]
    """Where each column starts in its lines (the header word's offset)."""
    titled: bool = False
    """``describe``'s Title-case header over an underline, padded by 2; else kubectl
    get's upper-case header, padded by 3 with a minimum column width of 6."""

    @property
    def padding(self) -> int:
        return 2 if self.titled else 3

    @property
    def min_width(self) -> int:
        return 0 if self.titled else 6


@dataclass(frozen=True)
class TableRow:
    """A line of a table, cut into one span per column (None: the cell is empty)."""

    table: Table
    cells: tuple[Span | None, ...]
    header: bool = False

    def texts(self, line: str) -> tuple[str, ...]:
        return tuple(line[c[0] : c[1]] if c else "" for c in self.cells)


@dataclass(frozen=True)
class Shape:
    """How one published line is compared: as a table row, a ``key: value`` field at
    ``path``, or free text; and the origin of the output it is part of."""

    row: TableRow | None = None
    path: tuple[str, ...] | None = None
    """Keys from the top of the output down to this line's key (``structure``)."""
    value: Span | None = None
    """The field's value in the line without its indentation."""
    origin: Origin = field(default=UNSTATED)

    @property
    def is_row(self) -> bool:
        return self.row is not None

    @property
    def columns(self) -> tuple[str, ...]:
        return self.row.table.columns if self.row is not None else ()


PLAIN = Shape()


def chunks(line: str) -> list[Span]:
    return [m.span() for m in _CHUNK.finditer(line)]


def _header(line: str, following: str | None) -> TableRow | None:
    spans = chunks(line)
    if len(spans) < 2:
        return None
    names = tuple(line[s:e] for s, e in spans)
    offsets = tuple(s for s, _ in spans)
    cells = tuple(spans)
    if all(_UPPER_CELL.fullmatch(c) for c in names):
        return TableRow(Table(names, offsets), cells, header=True)
    if following is not None and all(_TITLE_CELL.fullmatch(c) for c in names):
        under = chunks(following)
        if [s for s, _ in under] == list(offsets) and all(
            _UNDERLINE_CELL.fullmatch(following[s:e]) for s, e in under
        ):
            return TableRow(Table(names, offsets, titled=True), cells, header=True)
    return None


def fit(line: str, table: Table, lenient: bool = False) -> tuple[Span | None, ...] | None:
    """The cells of ``line`` under ``table``'s columns, or None if it is no row of it.

    ``lenient`` for lines whose cells may have changed length without re-padding
    (real output after an environment mapping, a published cell with ``[...]``):
    then the column of the text after such a cell is the one its gap leaves room
    for, if exactly one does.
    """
    found = chunks(line)
    if not found:
        return None
    offsets = table.offsets
    n = len(offsets)
    start, end = found[0]
    if start not in offsets:
        return None
    k = offsets.index(start)
    cells: list[Span | None] = [None] * n
    shift = 0
    for s, e in found[1:]:
        if k == n - 1:
            end = e  # the last column takes the rest of the line, gaps and all
            continue
        m = next((c for c in range(k + 1, n) if offsets[c] == s - shift), None)
        if m is None or end - shift > offsets[k + 1] - MIN_GAP:
            if not lenient:
                return None
            gap = s - end
            room = offsets[k + 1] - offsets[k] - MIN_GAP
            fits = [c for c in range(k + 1, n) if 1 <= offsets[c] - offsets[k] - gap <= room]
            if len(fits) != 1:
                return None
            m = fits[0]
            shift = s - offsets[m]
        cells[k] = (start, end)
        k, start, end = m, s, e
    if k < n - 1 and end - shift > offsets[k + 1] - MIN_GAP:
        return None  # runs into the next column: no cell of this table
    cells[k] = (start, end)
    return tuple(cells)


def _layout(lines: Sequence[str], lenient: bool) -> list[TableRow | None]:
    out: list[TableRow | None] = []
    table: Table | None = None
    for i, line in enumerate(lines):
        body = line.strip()
        if not body:
            table = None
            out.append(None)
            continue
        if body == ELISION:
            out.append(None)
            continue
        wild = ELISION in line
        if table is not None:
            cells = fit(line, table, lenient or wild)
            if cells is not None:
                out.append(TableRow(table, cells))
                continue
            if wild:
                out.append(None)  # compared as text; the rows after it are still the table's
                continue
        header = _header(line, lines[i + 1] if i + 1 < len(lines) else None)
        table = header.table if header is not None else None
        out.append(header)
    return out


def rows(lines: Sequence[str]) -> list[TableRow | None]:
    """The table row each real line is (None: no row), read by its own table's header."""
    return _layout(lines, lenient=True)


def shapes(lines: Sequence[str], origin: Origin = UNSTATED) -> list[Shape]:
    """One Shape per published line: its row, or its field path, and ``origin``."""
    from .structure import fields

    keyed = fields(lines)
    out = []
    for row, key in zip(_layout(lines, lenient=False), keyed, strict=True):
        if row is not None:
            out.append(Shape(row=row, origin=origin))
        elif key is not None:
            out.append(Shape(path=key[0], value=key[1], origin=origin))
        else:
            out.append(Shape(origin=origin) if origin != UNSTATED else PLAIN)
    return out
