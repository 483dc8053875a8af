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

_EMPTY_ELISION = LineVerdict(Verdict.ELIDED, ELISION, None)


def _absorbed(line: LineVerdict) -> bool:
    return line.verdict is Verdict.ELIDED and line.actual is not None


def _extra(line: LineVerdict) -> LineVerdict:
    return LineVerdict(Verdict.EXTRA, None, line.actual)


def _run(lines: list[LineVerdict], start: int, kind: Verdict, step: int) -> int:
    """How many lines of ``kind`` follow ``start`` in direction ``step``."""
    i = start
    while 0 <= i < len(lines) and lines[i].verdict is kind:
        i += step
    return abs(i - start)


def _after(lines: list[LineVerdict]) -> list[LineVerdict]:
    """[...] absorbing a1..an, then k missing: the last k absorbed lines replace them."""
    out: list[LineVerdict] = []
    i = 0
    while i < len(lines):
        if not _absorbed(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        n = 0
        while i + n < len(lines) and _absorbed(lines[i + n]):
            n += 1
        run = lines[i : i + n]
        missing = _run(lines, i + n, Verdict.MISSING, 1)
        extras = _run(lines, i + n + missing, Verdict.EXTRA, 1)
        pulled = min(max(missing - extras, 0), n)
        kept = run[: n - pulled] or [_EMPTY_ELISION]
        out += kept + lines[i + n : i + n + missing] + [_extra(a) for a in run[n - pulled :]]
        i += n + missing
    return out


def _before(lines: list[LineVerdict]) -> list[LineVerdict]:
    """k missing lines, then [...] absorbing a1..an: the first k absorbed lines replace them."""
    out: list[LineVerdict] = []
    i = 0
    while i < len(lines):
        missing = _run(lines, i, Verdict.MISSING, 1)
        follows = i + missing < len(lines) and _absorbed(lines[i + missing])
        extra_before = bool(out) and out[-1].verdict is Verdict.EXTRA
        if not missing or not follows or extra_before:
            out.append(lines[i])
            i += 1
            continue
        n = 0
        while i + missing + n < len(lines) and _absorbed(lines[i + missing + n]):
            n += 1
        run = lines[i + missing : i + missing + n]
        pulled = min(missing, n)
        out += lines[i : i + missing] + [_extra(a) for a in run[:pulled]]
        out += run[pulled:] or [_EMPTY_ELISION]
        i += missing + n
    return out


def keep_anchors(outcome: MatchResult) -> MatchResult:
    """The same match, with each elision's missing neighbours paired with real lines."""
    if outcome.matched or not any(_absorbed(line) for line in outcome.lines):
        return outcome
    return replace(outcome, lines=tuple(_before(_after(list(outcome.lines)))))
