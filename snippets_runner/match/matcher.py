"""Layered comparison of published output with real output, line by line.

Layers, cheapest first:

1. exact: the texts are equal (trailing whitespace and trailing blank lines
   aside) -- every line is EXACT;
2. per line (see ``line``): values loosened only in the contexts where they
   vary (see ``rules``), runs of inner spaces equal to any run of spaces,
   leading indentation kept, table rows compared cell by cell (``tables``),
   inline ``[...]`` placed left to right (``wildcard``);
3. ``[...]`` alone on a line matches zero or more real lines (``glob``).

Only when the output did not match is a diff computed (``align``), so a
huge output that matches costs little more than reading it, and one that
does not still yields a real diff in bounded memory.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model import ELISION, ExpectedOutput
from . import align, line, tables
from .glob import glob
from .verdicts import LineVerdict, MatchResult, Span, Verdict

__all__ = ["LineVerdict", "MatchResult", "Span", "Verdict", "match", "output_lines"]


def output_lines(text: str) -> tuple[str, ...]:
    """Real output as lines: no trailing newline, no trailing blank lines, no trailing spaces."""
    lines = [row.rstrip() for row in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return tuple(lines)


def match(expected: ExpectedOutput, actual: str) -> MatchResult:
    """Compare what ``expected`` publishes with the real ``actual`` output."""
    want = tuple(row.rstrip() for row in expected.lines)
    while want and not want[-1]:
        want = want[:-1]
    got = output_lines(actual)
    if want == got:
        return MatchResult(True, tuple(LineVerdict(Verdict.EXACT, w, w) for w in want))
    shapes = tables.shapes(want)
    elision = [w.strip() == ELISION for w in want]

    def pair(i: int, j: int) -> LineVerdict | None:
        return None if elision[i] else line.judge(want[i], got[j], shapes[i])

    # Lines before the first elision (and after the last) can only pair up one to one.
    n, m = len(want), len(got)
    head = 0
    while head < min(n, m) and (v := pair(head, head)) is not None:
        head += 1
    tail = 0
    while tail < min(n, m) - head and pair(n - 1 - tail, m - 1 - tail) is not None:
        tail += 1
    first = [v for k in range(head) if (v := pair(k, k)) is not None]
    last = [v for k in range(tail, 0, -1) if (v := pair(n - k, m - k)) is not None]
    middle_got = got[head : m - tail]

    def mid_pair(i: int, j: int) -> LineVerdict | None:
        return pair(head + i, head + j)

    mid_elision = elision[head : n - tail]
    found = glob(mid_elision, middle_got, mid_pair)
    if found is not None:
        return MatchResult(True, (*first, *found, *last))
    middle = _diff(want[head : n - tail], shapes[head : n - tail], mid_elision, middle_got, m)
    return MatchResult(False, (*first, *middle, *last))


def _candidates(
    want: Sequence[str], shapes: Sequence[tables.Shape], elision: Sequence[bool], got: Sequence[str]
) -> dict[int, list[int]]:
    """For each real line that matches some published line, which ones (sorted).

    One combined regex screens the real lines first, so a huge output that
    matches nothing costs one regex call per line, not one per pair; equal
    published lines are judged once, and so are equal real lines.
    """
    alike: dict[tuple[str, tables.Shape], list[int]] = {}
    for i, text in enumerate(want):
        if not elision[i]:
            alike.setdefault((text, shapes[i]), []).append(i)
    plain = [line.compile_line(t, s).plain for t, s in alike]
    screen = re.compile("|".join(f"(?:{p})" for p in plain if p is not None) or "(?!)")
    wild = [key for key, p in zip(alike, plain, strict=True) if p is None]
    loose = [key for key, p in zip(alike, plain, strict=True) if p is not None]
    seen: dict[str, list[int]] = {}
    found: dict[int, list[int]] = {}
    for j, text in enumerate(got):
        if text not in seen:
            keys = [*loose] if screen.match(text) else []
            hits = [i for key in (*keys, *wild) if _pairs(key, text) for i in alike[key]]
            seen[text] = sorted(hits)
        if seen[text]:
            found[j] = seen[text]
    return found


def _diff(
    want: Sequence[str],
    shapes: Sequence[tables.Shape],
    elision: Sequence[bool],
    got: Sequence[str],
    total: int,
) -> list[LineVerdict]:
    """Verdicts of the best alignment of lines that do not match (see ``align``)."""
    candidates = _candidates(want, shapes, elision, got)
    items: list[tuple[int, int]] = []  # real line ranges: one pairing line, or a run of others
    for j in range(len(got)):
        if j in candidates or not items or items[-1][0] in candidates:
            items.append((j, j + 1))
        else:
            items[-1] = (items[-1][0], j + 1)
    pairing = {
        k: set(candidates[start]) for k, (start, _) in enumerate(items) if start in candidates
    }

    def pairs(i: int, k: int) -> bool:
        return i in pairing.get(k, ())

    if len(want) * len(items) <= align.MAX_CELLS:
        weights = [end - start for start, end in items]
        script = align.align(elision, weights, pairs, total + 1)
    else:
        by_line: dict[int, list[int]] = {}
        for k in sorted(pairing):
            for i in pairing[k]:
                by_line.setdefault(i, []).append(k)

        def next_pair(i: int, k: int) -> int | None:
            ks = by_line.get(i, [])
            at = bisect.bisect_left(ks, k)
            return ks[at] if at < len(ks) else None

        script = align.greedy(elision, len(items), next_pair)
    return _verdicts(script, want, shapes, got, items)


def _verdicts(
    script: list[align.Op],
    want: Sequence[str],
    shapes: Sequence[tables.Shape],
    got: Sequence[str],
    items: list[tuple[int, int]],
) -> list[LineVerdict]:
    out: list[LineVerdict] = []
    absorbing: tuple[int, list[str]] | None = None
    for op, i, k in script:
        if absorbing is not None and (op != "elide" or i != absorbing[0]):
            out.append(LineVerdict(Verdict.ELIDED, ELISION, None, absorbed=tuple(absorbing[1])))
            absorbing = None
        if op == "elide" and i is not None:
            if absorbing is None:
                absorbing = (i, [])
            if k is not None:
                absorbing[1].extend(got[items[k][0] : items[k][1]])
        elif op == "match" and i is not None and k is not None:
            verdict = line.judge(want[i], got[items[k][0]], shapes[i])
            assert verdict is not None  # `pairs` said so
            out.append(verdict)
        elif op == "missing" and i is not None:
            out.append(LineVerdict(Verdict.MISSING, want[i], None))
        elif k is not None:
            out.extend(LineVerdict(Verdict.EXTRA, None, got[j]) for j in range(*items[k]))
    if absorbing is not None:
        out.append(LineVerdict(Verdict.ELIDED, ELISION, None, absorbed=tuple(absorbing[1])))
    return out


def _pairs(key: tuple[str, tables.Shape], text: str) -> bool:
    return line.judge(key[0], text, key[1]) is not None
