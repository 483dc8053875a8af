"""The new published output of one command, from its match against the real output.

Rules, so that an update is the smallest honest change and a second update
changes nothing:
- a line that matched (exactly or through a normalizer) stays as the page has
  it: the page keeps `29s`, it does not churn to `31s`;
- a `[...]` elision that still absorbs lines stays, once;
- a published line the real output lacks goes; a real line the page lacks
  comes in;
- a changed table row keeps, cell by cell, the page's value wherever the new
  one is only a different volatile value (its AGE), and takes the real cell
  otherwise; tables are then re-padded as kubectl pads them.
"""

from __future__ import annotations

from ..match import MatchResult, Verdict, tables
from ..match.line import cell_matches
from ..model import ELISION, ExpectedOutput
from .tables import repad


def _cell_kept(old: str, new: str, column: str) -> str:
    return old if cell_matches(old, new, column) else new


def _merge_row(old: str, new: str, columns: tuple[str, ...]) -> str:
    _, old_cells = tables.split_cells(old, len(columns))
    indent, new_cells = tables.split_cells(new, len(columns))  # indentation is real output
    if len(old_cells) != len(new_cells):
        return new
    cells = [_cell_kept(o, n, c) for o, n, c in zip(old_cells, new_cells, columns, strict=True)]
    return indent + "   ".join(cells)


def new_lines(expected: ExpectedOutput, outcome: MatchResult) -> tuple[str, ...]:
    """What the page should publish under the command; equal to the old lines if it matched."""
    if outcome.matched:
        return expected.lines
    shapes = dict(zip(expected.lines, tables.shapes(expected.lines), strict=True))
    out: list[str] = []
    dropped: list[str] = []  # published lines the real output lacks, for row merging
    for line in outcome.lines:
        if line.verdict in (Verdict.EXACT, Verdict.NORMALIZED) and line.expected is not None:
            out.append(line.expected)
            dropped = []
        elif line.verdict is Verdict.ELIDED:
            out.append(ELISION)
            dropped = []
        elif line.verdict is Verdict.MISSING and line.expected is not None:
            dropped.append(line.expected)
        elif line.verdict is Verdict.EXTRA and line.actual is not None:
            old = dropped.pop(0) if dropped else None
            shape = shapes.get(old) if old is not None else None
            if old is not None and shape is not None and shape.is_row:
                out.append(_merge_row(old, line.actual, shape.columns))
            else:
                out.append(line.actual)
    return tuple(repad(out))
