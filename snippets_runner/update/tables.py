"""Re-pad kubectl column output after cells changed, the way kubectl pads it.

kubectl prints tables through Go's tabwriter with padding 3: every column is
as wide as its widest cell plus three spaces, the last one is not padded.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..match import tables

PADDING = 3


def repad(lines: Sequence[str]) -> list[str]:
    """Re-align every table (a header and its rows up to a blank line) in `lines`."""
    shapes = tables.shapes(tuple(lines))
    out = list(lines)
    i = 0
    while i < len(out):
        if not shapes[i].is_row:
            i += 1
            continue
        j = i
        while j < len(out) and shapes[j] == shapes[i]:
            j += 1
        out[i:j] = _align(out[i:j], len(shapes[i].columns))
        i = j
    return out


def _align(rows: Sequence[str], columns: int) -> list[str]:
    split = [tables.split_cells(row, columns) for row in rows]
    if any(len(cells) != columns for _, cells in split):
        return list(rows)  # a ragged row is not ours to guess at; leave the block as is
    widths = [max(len(cells[c]) for _, cells in split) for c in range(columns)]
    aligned = []
    for indent, cells in split:
        padded = [cell.ljust(widths[c] + PADDING) for c, cell in enumerate(cells[:-1])]
        aligned.append(indent + "".join(padded) + cells[-1])
    return aligned
