"""The new published output of one command, from its match against the real output.

Rules, so that an update is the smallest honest change and a second update
changes nothing:
- a line that matched (exactly or through a normalizer) stays as the page has
  it: the page keeps `29s`, it does not churn to `31s`;
- a `[...]` elision that still absorbs lines stays, once;
- a published line the real output lacks goes; a real line the page lacks
  comes in;
- a changed table row keeps, column by column, the page's value wherever the
  new one is only a different volatile value (its AGE), and takes the real
  cell otherwise; tables are then re-padded as kubectl pads them.

Rows are read by column on both sides (`match.tables`): the published row
under the page's header, the real row under the real header. Rows of any
shape are handled: an empty cell stays empty, a real row of another table (a
header that gained a column) comes in as printed, a line that is no row is
text.
"""

from __future__ import annotations

from ..match import MatchResult, Verdict, tables
from ..match.line import cell_matches, same_table
from ..match.origin import Origin
from ..model import ELISION, ExpectedOutput
from .repad import PaddedLine, pad


def _merge(
    old: str, old_row: tables.TableRow, new: str, new_row: tables.TableRow, origin: Origin
) -> tuple[str, ...]:
    """The new row's cells, each kept as the page had it where only a volatile value moved."""
    columns = new_row.table.columns
    kept = []
    for column, o, n in zip(columns, old_row.texts(old), new_row.texts(new), strict=True):
        kept.append(o if n and cell_matches(o, n, column, origin) else n)
    return tuple(kept)


def _real_lines(outcome: MatchResult) -> list[str]:
    """The real output, in order, as the verdicts hold it."""
    real: list[str] = []
    for line in outcome.lines:
        if line.verdict is Verdict.ELIDED:
            real.extend(line.absorbed)
        elif line.actual is not None:
            real.append(line.actual)
    return real


def new_lines(
    expected: ExpectedOutput, outcome: MatchResult, origin: Origin | None = None
) -> tuple[str, ...]:
    """What the page should publish under the command; equal to the old lines if it matched.

    ``origin`` is what printed the output (as for ``match``; found from the page when
    not given), which says where the page's values may be kept.
    """
    if outcome.matched:
        return expected.lines
    if origin is None:
        from ..match.located import origin_at

        origin = origin_at(expected)
    shapes = tables.shapes(expected.lines, origin)
    real = tables.rows(_real_lines(outcome))
    out: list[PaddedLine] = []
    dropped: list[tuple[str, tables.Shape]] = []  # published lines the real output lacks
    i = j = 0  # the published line and the real line each verdict stands at
    for line in outcome.lines:
        if line.verdict in (Verdict.EXACT, Verdict.NORMALIZED) and line.expected is not None:
            # The page's line with its row under the page's header; a real line standing
            # in for it (update's second try) with its row under the real header.
            ours = i < len(shapes) and line.expected == expected.lines[i].rstrip()
            out.append(PaddedLine(line.expected, shapes[i].row if ours else real[j]))
            dropped = []
        elif line.verdict is Verdict.ELIDED:
            out.append(PaddedLine(ELISION, None))
            dropped = []
        elif line.verdict is Verdict.MISSING and line.expected is not None:
            dropped.append((line.expected, shapes[i]))
        elif line.verdict is Verdict.EXTRA and line.actual is not None:
            old, shape = dropped.pop(0) if dropped else (None, tables.PLAIN)
            row = real[j]
            if (
                old is not None
                and shape.row is not None
                and row is not None
                and same_table(shape.row, row)
            ):
                out.append(
                    PaddedLine(line.actual, row, _merge(old, shape.row, line.actual, row, origin))
                )
            else:
                out.append(PaddedLine(line.actual, row))
        i += line.expected is not None
        j += len(line.absorbed) if line.verdict is Verdict.ELIDED else line.actual is not None
    return tuple(pad(out))
