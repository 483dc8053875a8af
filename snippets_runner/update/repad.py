"""Re-pad kubectl column output after cells changed, the way kubectl pads it.

kubectl prints tables through Go's tabwriter: every column is as wide as its
widest cell plus the padding (3 for ``kubectl get``, with a minimum width of
6; 2 for ``describe``'s tables), the last one is not padded, and an empty
cell is as wide as its column.  Each line brings its cells read by column
(``match.tables``), so a row with empty cells, a row read under another
version of the header, and the page's row with a kept value all line up
again under one header.  Lines that are no row stay as they are; rows whose
header is not among the lines are left as they are too (there is nothing to
align them with).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..match import tables
from ..model import ELISION


@dataclass(frozen=True)
class PaddedLine:
    """One output line, with its row (read from ``text``) when it is one."""

    text: str
    row: tables.TableRow | None
    cells: tuple[str, ...] | None = None
    """The row's cells when they are not ``text``'s own (a merged row)."""

    def texts(self) -> tuple[str, ...]:
        assert self.row is not None
        return self.cells if self.cells is not None else self.row.texts(self.text)

    def group(self) -> tuple[tuple[str, ...], bool, int] | None:
        if self.row is None:
            return None
        table = self.row.table
        return table.columns, table.titled, table.offsets[0]


def repad(lines: Sequence[str]) -> list[str]:
    """Re-align every table (a header and the rows that fit it) in ``lines``."""
    return pad([PaddedLine(line, row) for line, row in zip(lines, tables.rows(lines), strict=True)])


def pad(entries: Sequence[PaddedLine]) -> list[str]:
    """The lines of ``entries``, each table's rows padded under its header."""
    out: list[str] = []
    i = 0
    while i < len(entries):
        key = entries[i].group()
        if key is None:
            out.append(entries[i].text)
            i += 1
            continue
        j = i + 1
        while j < len(entries) and (
            entries[j].group() == key or (entries[j].row is None and entries[j].text == ELISION)
        ):
            j += 1
        while entries[j - 1].row is None:  # a trailing elision is not the table's
            j -= 1
        out += _align(entries[i:j])
        i = j
    return out


def _align(group: Sequence[PaddedLine]) -> list[str]:
    rows = [e for e in group if e.row is not None]
    if not any(e.row is not None and e.row.header for e in rows):
        return [e.text for e in group]  # no header to align with
    first = rows[0].row
    assert first is not None
    table = first.table
    cells = [e.texts() for e in rows]
    columns = len(table.columns)
    widths = [
        max(table.min_width, max(len(c[k]) for c in cells) + table.padding)
        for k in range(columns - 1)
    ]
    indent = " " * table.offsets[0]
    out = []
    for entry in group:
        if entry.row is None:
            out.append(entry.text)
            continue
        texts = entry.texts()
        line = "".join(t.ljust(w) for t, w in zip(texts[:-1], widths, strict=True)) + texts[-1]
        out.append((indent + line).rstrip())
    return out
