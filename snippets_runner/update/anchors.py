"""Keep an elision's anchors: the published lines around a ``[...]`` are replaced, not dropped.

The aligner lets ``[...]`` absorb real lines as cheaply as it can, so when
the line published right after an elision changed (``Volume Claims: <none>``
became ``Volume Claims: data``), the elision swallows the new line and the
old one is reported missing. Rewriting from that verdict would drop the line
the writer chose to show. Before the rewrite, each missing line next to an
elision takes back the real line the elision absorbed on its side, so the
page keeps the same shape: ``[...]`` then the new anchor. The elision still
matches what it absorbs, so the result matches the real output.
"""

from __future__ import annotations

from dataclasses import replace

from ..match import LineVerdict, MatchResult, Verdict
from ..model import ELISION


def _elision(absorbed: list[str]) -> LineVerdict:
    return LineVerdict(Verdict.ELIDED, ELISION, None, absorbed=tuple(absorbed))


def _extras(lines: list[str]) -> list[LineVerdict]:
    return [LineVerdict(Verdict.EXTRA, None, line) for line in lines]


def _count(lines: list[LineVerdict], start: int, kind: Verdict) -> int:
    n = 0
    while start + n < len(lines) and lines[start + n].verdict is kind:
        n += 1
    return n


def _anchored(lines: list[LineVerdict]) -> list[LineVerdict]:
    out: list[LineVerdict] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.verdict is not Verdict.ELIDED or not line.absorbed:
            out.append(line)
            i += 1
            continue
        absorbed = list(line.absorbed)
        # Missing lines just before the elision (not already replaced by extra lines)
        # take the first absorbed lines.
        before = 0
        while before < len(out) and out[len(out) - 1 - before].verdict is Verdict.MISSING:
            before += 1
        replaced = len(out) > before and out[len(out) - 1 - before].verdict is Verdict.EXTRA
        head = absorbed[: min(before, len(absorbed))] if before and not replaced else []
        absorbed = absorbed[len(head) :]
        # Missing lines just after it take the last ones, unless extra lines follow.
        missing = _count(lines, i + 1, Verdict.MISSING)
        extra = _count(lines, i + 1 + missing, Verdict.EXTRA)
        tail_n = min(max(missing - extra, 0), len(absorbed))
        tail = absorbed[len(absorbed) - tail_n :]
        absorbed = absorbed[: len(absorbed) - tail_n]
        out += [*_extras(head), _elision(absorbed)]
        out += lines[i + 1 : i + 1 + missing] + _extras(tail)
        i += 1 + missing
    return out


def keep_anchors(outcome: MatchResult) -> MatchResult:
    """The same match, with each elision's missing neighbours paired with real lines."""
    if outcome.matched or not any(line.absorbed for line in outcome.lines):
        return outcome
    return replace(outcome, lines=tuple(_anchored(list(outcome.lines))))
