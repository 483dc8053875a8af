"""Which rows of a diff a report shows within its budget: the changes first, like ``diff -u``.

Every report has room for a bounded number of rows (a terminal or a JSON
report a few hundred, a CI job summary a few dozen), and a page fails
because of its changed rows (``-`` published but missing, ``+`` printed but
not published), however many rows agree around them.  So a diff that fits
its budget is shown whole; a longer one is shown as hunks: each run of
changes with ``CONTEXT`` rows around it, long runs of rows that agree
collapsed into one count.  When the hunks do not fit, the context shrinks
before any change is left out; then the first hunks are shown, and one
count says how many changed rows are not.  A hunk longer than the room
left shows its head, and its tail when no hunk follows (the end of an
output that went wrong tells as much as its start); the head and tail of
the whole output are shown only when no row changed at all (a failure for
another reason, an exit status say).

Every report (terminal, JSON and JUnit, Markdown summary) asks this module,
so they agree on what a writer gets to see.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

CONTEXT = 3
"""Rows of context around a change, as in ``diff -u``."""
CHANGED = frozenset("-+")
NAMES = {"-": "missing", "+": "extra", " ": "same", "~": "normalized", "…": "elided"}

Selection = list[int | range]
"""Rows to show in order: an index is a row shown, a range a run of rows left out."""

HEADER = ("--- published", "+++ real")
"""The two lines above every diff of published against real output, in every report."""


def select(signs: Sequence[str], budget: int) -> Selection:
    """The rows of a diff (given by their signs) to show in at most ``budget`` rows.

    A run left out takes one row (the report prints its count there).  The
    widest context that lets every changed row be shown wins; failing that,
    the plan that shows the most of them (the widest context among equals).
    """
    n = len(signs)
    if n <= budget:
        return list(range(n))
    changed = [i for i, sign in enumerate(signs) if sign in CHANGED]
    if not changed:
        return _shown(_plan([range(n)], signs, budget))
    best: tuple[int, Selection] = (-1, [])
    for context in (CONTEXT, 1, 0):
        plan = _plan(_hunks(changed, n, context), signs, budget)
        shown = sum(1 for item in plan if isinstance(item, int) and signs[item] in CHANGED)
        if shown == len(changed):
            return _shown(plan)
        best = max(best, (shown, plan), key=lambda b: b[0])
    return _shown(best[1])


def _shown(plan: Selection) -> Selection:
    """A count of one row takes as much room as the row: the row is shown instead."""
    return [item[0] if isinstance(item, range) and len(item) == 1 else item for item in plan]


def _hunks(changed: Sequence[int], n: int, context: int) -> Iterator[range]:
    """Changed rows with ``context`` rows around them; hunks at most one row apart are merged
    (a count between them would take as much room as the row it hides).  Lazily: a plan
    stops at its budget, and a million changed rows make few hunks it looks at."""
    start = end = -1
    for i in changed:
        if end >= 0 and i - context <= end + 1:
            end = i + context + 1
            continue
        if end >= 0:
            yield range(max(0, start), min(n, end))
        start, end = i - context, i + context + 1
    if end >= 0:
        yield range(max(0, start), min(n, end))


def _plan(hunks: Iterable[range], signs: Sequence[str], budget: int) -> Selection:
    """Whole hunks in order while they fit beside a count of what follows (without their
    context when only so), then as much of the first that does not fit as there is room for."""
    n = len(signs)
    out: Selection = []
    pos, left = 0, budget
    ahead = iter(hunks)
    hunk = next(ahead, None)
    while hunk is not None:
        following = next(ahead, None)
        if not _fits(hunk, pos, left, n):
            hunk = _trim(hunk, signs)
            if not _fits(hunk, pos, left, n):
                pos = _cut(out, hunk, pos, left, last=following is None, n=n)
                break
        if hunk.start > pos:
            out.append(range(pos, hunk.start))
            left -= 1
        out.extend(hunk)
        pos, left = hunk.stop, left - len(hunk)
        hunk = following
    if pos < n:
        out.append(range(pos, n))
    return out


def _fits(hunk: range, pos: int, left: int, n: int) -> bool:
    """Whether ``hunk`` fits whole, with the counts before and after it that it needs."""
    return int(hunk.start > pos) + len(hunk) + int(hunk.stop < n) <= left


def _trim(hunk: range, signs: Sequence[str]) -> range:
    """A hunk that does not fit loses its context first: no room goes to rows that agree
    while changes go unshown."""
    first = next((i for i in hunk if signs[i] in CHANGED), None)
    if first is None:
        return hunk
    last = next(i for i in reversed(hunk) if signs[i] in CHANGED)
    return range(first, last + 1)


def _cut(out: Selection, hunk: range, pos: int, left: int, *, last: bool, n: int) -> int:
    """Add the head of ``hunk`` that fits in ``left`` rows to ``out`` (head and tail when it is
    the last hunk: the end of an output that went wrong, a timeout's last words, tells as
    much as its start); a count of what follows is left to the caller.  Returns where the
    rows not yet shown or counted begin."""
    gap = int(hunk.start > pos)
    after = int(hunk.stop < n)
    room = left - gap - 1  # rows of the hunk beside the count of what follows them
    if room <= 0:
        return pos
    tail = max(0, (room - after) // 2) if last else 0  # a tail needs a count after it too
    head = room - tail - (after if tail else 0)
    if gap:
        out.append(range(pos, hunk.start))
    out.extend(range(hunk.start, hunk.start + head))
    if not tail:
        return hunk.start + head
    out.append(range(hunk.start + head, hunk.stop - tail))
    out.extend(range(hunk.stop - tail, hunk.stop))
    return hunk.stop


def describe(signs: Iterable[str], unit: str = "row") -> str:
    """What a run left out holds, changes first: ``12 row(s) not shown: 2 changed (1 missing,
    1 extra), 10 same``.  A sign it does not know counts as ``other``."""
    counts = Counter(signs)
    parts = []
    changed = counts["-"] + counts["+"]
    if changed:
        detail = ", ".join(f"{counts[s]} {NAMES[s]}" for s in "-+" if counts[s])
        parts.append(f"{changed} changed ({detail})")
    others = Counter[str]()
    for sign, count in counts.items():
        if sign not in CHANGED:
            others[NAMES.get(sign, "other")] += count
    parts += [f"{others[name]} {name}" for name in (*NAMES.values(), "other") if others[name]]
    return f"{sum(counts.values())} {unit}(s) not shown: {', '.join(parts)}"


def counterparts(signs: Sequence[str]) -> dict[int, int]:
    """Which changed row each one replaces: in a run of changed rows, the k-th missing
    row and the k-th extra row (the published line and the real line in its place)."""
    pairs: dict[int, int] = {}
    missing: list[int] = []
    extra: list[int] = []
    for i, sign in enumerate([*signs, " "]):
        if sign == "-":
            missing.append(i)
        elif sign == "+":
            extra.append(i)
        else:
            for a, b in zip(missing, extra, strict=False):
                pairs[a], pairs[b] = b, a
            missing, extra = [], []
    return pairs
