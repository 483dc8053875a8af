"""update/anchors.py: a missing line next to ``[...]`` takes back the real line absorbed.

Each case is written as verdict rows: ``= x`` exact, ``- p`` missing (published
``p``), ``+ r`` extra (real ``r``), ``[r1 r2]`` an elision that absorbed real
lines ``r1 r2`` (``[]``: nothing).
"""

from __future__ import annotations

import pytest

from snippets_runner.match import LineVerdict, MatchResult, Verdict
from snippets_runner.model import ELISION
from snippets_runner.update.anchors import keep_anchors


def rows(text: str) -> tuple[LineVerdict, ...]:
    out = []
    for row in text.split(","):
        row = row.strip()
        if row.startswith("["):
            absorbed = tuple(row.strip("[]").split())
            out.append(LineVerdict(Verdict.ELIDED, ELISION, None, absorbed=absorbed))
        else:
            sign, word = row.split()
            if sign == "=":
                out.append(LineVerdict(Verdict.EXACT, word, word))
            elif sign == "-":
                out.append(LineVerdict(Verdict.MISSING, word, None))
            else:
                out.append(LineVerdict(Verdict.EXTRA, None, word))
    return tuple(out)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # A missing line before the elision takes its first absorbed line.
        ("= x, - p, [r1 r2 r3], = z", "= x, - p, + r1, [r2 r3], = z"),
        # Two missing lines take two; more missing lines than absorbed ones take them all.
        ("- p1, - p2, [r1 r2 r3]", "- p1, - p2, + r1, + r2, [r3]"),
        ("- p1, - p2, - p3, [r1 r2]", "- p1, - p2, - p3, + r1, + r2, []"),
        # A missing line already replaced by an extra one takes nothing.
        ("+ q, - p, [r1 r2]", "+ q, - p, [r1 r2]"),
        ("= x, + q, - p, [r1 r2]", "= x, + q, - p, [r1 r2]"),
        # A missing line after the elision takes its last absorbed line...
        ("[r1 r2 r3], - a, = z", "[r1 r2], - a, + r3, = z"),
        # ... unless as many extra lines follow, which replace it already.
        ("[r1 r2 r3], - a, + q, = z", "[r1 r2 r3], - a, + q, = z"),
        ("[r1 r2 r3], - a1, - a2, + q", "[r1 r2], - a1, - a2, + r3, + q"),
        ("[r1], - a1, - a2, - a3", "[], - a1, - a2, - a3, + r1"),
        # Both sides at once; and lines far from the elision are left alone.
        ("- p, [r1 r2 r3], - a", "- p, + r1, [r2], - a, + r3"),
        ("- p, = x, [r1 r2], = y, - a", "- p, = x, [r1 r2], = y, - a"),
        # Two elisions: each keeps its own anchors.
        ("- p, [r1 r2], = m, [r3 r4], - a", "- p, + r1, [r2], = m, [r3], - a, + r4"),
    ],
)
def test_missing_neighbours_take_back_what_the_elision_absorbed(before: str, after: str) -> None:
    kept = keep_anchors(MatchResult(False, rows(before)))
    assert kept.lines == rows(after)


def test_a_match_or_a_diff_without_absorbed_lines_is_left_as_it_is() -> None:
    matched = MatchResult(True, rows("= x, [r1 r2], = z"))
    assert keep_anchors(matched) is matched
    plain = MatchResult(False, rows("- p, [], - a"))
    assert keep_anchors(plain) is plain
