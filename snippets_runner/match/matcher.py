"""Layered comparison of published output with real output, line by line.

Layers, cheapest first:

1. exact: the texts are equal (trailing whitespace and trailing blank lines
   aside) -- every line is EXACT;
2. per line (see ``line``): values loosened only in the contexts where they
   vary (see ``rules``) and only in kubectl's output (``origin``), runs of
   inner spaces equal to any run of spaces, leading indentation kept, table
   rows compared column by column (``tables``), inline ``[...]`` placed left
   to right (``wildcard``);
3. ``[...]`` alone on a line matches zero or more real lines (``glob``).

Before layer 2, kubectl's output loses client-go's records of a watch kubectl
cancelled itself (``client_log``): they are kept in ``MatchResult.ignored``.

Only when the output did not match is a diff computed (``mismatch``), so a
huge output that matches costs little more than reading it, and one that
does not still yields a real diff in bounded memory.  Likewise the later
layers (and every normalizing rule) are imported only when some output is
not exact: a page whose outputs are all exact never loads them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model import ELISION, ExpectedOutput
from .verdicts import LineVerdict, MatchResult, NormalizedSpan, Verdict

if TYPE_CHECKING:
    from .origin import Origin

__all__ = [
    "LineVerdict",
    "MatchResult",
    "NormalizedSpan",
    "Verdict",
    "exact",
    "match",
    "output_lines",
]


def output_lines(text: str) -> tuple[str, ...]:
    """Real output as lines: no trailing newline, no trailing blank lines, no trailing spaces."""
    # The text's trailing whitespace is its trailing blank lines and its last line's trailing
    # spaces: one strip of the whole text leaves the inner lines alone to strip (the runner
    # asks this of every command's output, most of them one line).
    kept = text.rstrip()
    if "\n" not in kept:
        return (kept,) if kept else ()
    return tuple([row.rstrip() for row in kept.split("\n")])


def _published(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The published lines as :func:`output_lines` reads real ones: no trailing blank
    lines, no trailing spaces."""
    want = [row.rstrip() for row in lines]
    while want and not want[-1]:
        want.pop()
    return tuple(want)


def _all_exact(want: tuple[str, ...], ignored: tuple[str, ...] = ()) -> MatchResult:
    """Every published line equal to its real line."""
    return MatchResult(True, tuple([LineVerdict(Verdict.EXACT, w, w) for w in want]), ignored)


def exact(expected: ExpectedOutput, actual: str) -> MatchResult | None:
    """The match when the texts are equal line for line (layer 1), else None.

    Linear in the output and the page's lines, never more: a caller that bounds
    the full match in time (``run.runner``) can ask this first without a deadline.
    """
    want = _published(expected.lines)
    if want != output_lines(actual):
        return None
    return _all_exact(want)


def match(
    expected: ExpectedOutput,
    actual: str,
    origin: Origin | Callable[[], Origin] | None = None,
) -> MatchResult:
    """Compare what ``expected`` publishes with the real ``actual`` output.

    ``origin`` says what printed the output (``origin.origin_for(page, command)``),
    or how to find out: a callable is called only when the output is not equal
    line for line, since reading a command for its producer costs more than most
    matches. Without it, the command is looked up in the page at
    ``expected.location`` (``located``), and failing that kubectl is assumed
    (``origin.UNSTATED``).
    """
    want = _published(expected.lines)
    got = output_lines(actual)
    if want == got:
        return _all_exact(want)
    from . import line, mismatch, tables
    from .glob import glob

    if origin is None:
        from .located import origin_at

        origin = origin_at(expected)
    elif callable(origin):
        origin = origin()
    ignored: tuple[str, ...] = ()
    if origin.kubectl and "reflector.go:" in actual:
        from .client_log import split

        got, ignored = split(got, want)
        if want == got:
            return _all_exact(want, ignored)
    shapes = tables.shapes(want, origin)
    real = tables.rows(got)
    elision = [w.strip() == ELISION for w in want]

    def pair(i: int, j: int) -> LineVerdict | None:
        return None if elision[i] else line.judge(want[i], got[j], shapes[i], real[j])

    # Lines before the first elision (and after the last) can only pair up one to one.
    n, m = len(want), len(got)
    first: list[LineVerdict] = []
    while len(first) < min(n, m) and (v := pair(len(first), len(first))) is not None:
        first.append(v)
    head = len(first)
    last: list[LineVerdict] = []
    while len(last) < min(n, m) - head:
        v = pair(n - 1 - len(last), m - 1 - len(last))
        if v is None:
            break
        last.append(v)
    last.reverse()
    tail = len(last)
    middle_got = got[head : m - tail]

    def mid_pair(i: int, j: int) -> LineVerdict | None:
        return pair(head + i, head + j)

    mid_elision = elision[head : n - tail]
    found = glob(mid_elision, middle_got, mid_pair)
    if found is not None:
        return MatchResult(True, (*first, *found, *last), ignored)
    middle = mismatch.verdicts(
        want[head : n - tail],
        shapes[head : n - tail],
        mid_elision,
        middle_got,
        m,
        real[head : m - tail],
    )
    return MatchResult(False, (*first, *middle, *last), ignored)
