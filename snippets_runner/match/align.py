"""Align published lines with real output for a diff: a minimal edit script with elisions.

Only used once the output did not match (``glob`` decides that in linear
time).  The real output arrives as *items*: a real line that pairs with some
published line, or a run of lines that pair with none.  A run costs its
length to skip and nothing inside an elision, exactly as its lines would one
by one, so a 100,000-line output that matches nothing is a handful of items,
and the cost table is two machine-integer arrays per published line, not
Python objects.

A published ``[...]`` line absorbs any number of real lines for free.  A
published line reported missing costs more than every real line could
(``miss``), so the diff first keeps as many published lines matched as
possible and only then is smallest: a line the real output does contain is
never called missing just because a neighbouring ``[...]`` could swallow it
more cheaply.  That is what a writer needs to read, and what update mode
needs to rewrite the page with the fewest changes.

When the table would exceed ``MAX_CELLS``, ``greedy`` pairs each published
line with the next real line it matches instead: a coarser diff, bounded in
time and memory.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence

MAX_CELLS = 500_000
"""Largest cost table (published lines x items) built: about 4 MB and a second of Python."""

Op = tuple[str, int | None, int | None]
"""``(op, i, k)``: op is match, elide, missing or extra; ``i`` a published line, ``k`` an item."""


def align(
    elision: Sequence[bool],
    weights: Sequence[int],
    pairs: Callable[[int, int], bool],
    miss: int,
) -> list[Op]:
    """Edit script; ``elide`` with ``k`` None means an elision that absorbed nothing."""
    n, m = len(elision), len(weights)
    last = array("q", [0]) * (m + 1)
    for k in range(m - 1, -1, -1):
        last[k] = last[k + 1] + weights[k]
    cost = [last]
    for i in range(n - 1, -1, -1):
        below = cost[0]
        row = array("q", [0]) * (m + 1)
        if elision[i]:
            row[m] = below[m]
            for k in range(m - 1, -1, -1):
                row[k] = min(below[k], row[k + 1])
        else:
            row[m] = miss + below[m]
            for k in range(m - 1, -1, -1):
                best = min(miss + below[k], weights[k] + row[k + 1])
                if below[k + 1] < best and pairs(i, k):
                    best = below[k + 1]
                row[k] = best
        cost.insert(0, row)
    return _walk(elision, m, cost, pairs, miss)


def _walk(
    elision: Sequence[bool],
    m: int,
    cost: list[array[int]],
    pairs: Callable[[int, int], bool],
    miss: int,
) -> list[Op]:
    n = len(elision)
    script: list[Op] = []
    i = k = 0
    absorbed = False
    while i < n or k < m:
        if i < n and elision[i]:
            if k < m and cost[i][k + 1] == cost[i][k]:
                script.append(("elide", i, k))
                absorbed = True
                k += 1
                continue
            if not absorbed:
                script.append(("elide", i, None))
            absorbed = False
            i += 1
            continue
        if i < n and k < m and cost[i + 1][k + 1] == cost[i][k] and pairs(i, k):
            script.append(("match", i, k))
            i += 1
            k += 1
        elif i < n and cost[i + 1][k] + miss == cost[i][k]:
            script.append(("missing", i, None))
            i += 1
        else:
            script.append(("extra", None, k))
            k += 1
    return script


def greedy(
    elision: Sequence[bool], m: int, next_pair: Callable[[int, int], int | None]
) -> list[Op]:
    """Each published line takes the next real item it matches; skipped items are extra
    (or absorbed by an elision just before).

    An elision's ops are known only at the next match, after any missing lines
    between them; they are inserted where the elision stands, so the script
    stays in published order, as the aligner's does.
    """
    script: list[Op] = []
    k = 0
    pending: tuple[int, int] | None = None
    """The elision waiting for the next match, and where its ops go in the script."""
    for i, elided in enumerate(elision):
        if elided:
            if pending is not None:
                script.insert(pending[1], ("elide", pending[0], None))
            pending = (i, len(script))
            continue
        found = next_pair(i, k)
        if found is None:
            script.append(("missing", i, None))
            continue
        _skip(script, pending, k, found)
        pending = None
        script.append(("match", i, found))
        k = found + 1
    _skip(script, pending, k, m)
    return script


def _skip(script: list[Op], elision: tuple[int, int] | None, start: int, end: int) -> None:
    if elision is not None:
        line, at = elision
        absorbed: list[Op] = [("elide", line, k) for k in range(start, end)]
        script[at:at] = absorbed or [("elide", line, None)]
    else:
        script.extend(("extra", None, k) for k in range(start, end))
