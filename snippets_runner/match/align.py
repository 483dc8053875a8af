"""Align published lines with real lines: a minimal edit script with elisions.

A published ``[...]`` line absorbs any number of real lines for free; the
output matched iff the cost is zero.  When it is not, the same table yields
the diff.  A published line reported missing costs more than every real line
could (``m + 1``), so the diff first keeps as many published lines matched as
possible and only then is smallest: a line the real output does contain is
never called missing just because a neighbouring ``[...]`` could swallow it
more cheaply.  That is what a writer needs to read, and what update mode
needs to rewrite the page with the fewest changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def align(
    n: int,
    m: int,
    elision: Callable[[int], bool],
    pair: Callable[[int, int], T | None],
) -> list[tuple[str, int | None, int | None, T | None]]:
    """Edit script as ``(op, i, j, verdict)``; op is match, elide, missing or extra.

    ``elide`` with ``j`` None means an elision that absorbed no line.
    """
    miss = m + 1
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for j in range(m + 1):
        cost[n][j] = m - j
    for i in range(n - 1, -1, -1):
        row, below = cost[i], cost[i + 1]
        if elision(i):
            row[m] = below[m]
            for j in range(m - 1, -1, -1):
                row[j] = min(below[j], row[j + 1])
            continue
        row[m] = miss + below[m]
        for j in range(m - 1, -1, -1):
            best = min(miss + below[j], 1 + row[j + 1])
            if below[j + 1] < best and pair(i, j) is not None:
                best = below[j + 1]
            row[j] = best
    return _walk(n, m, cost, elision, pair)


def _walk(
    n: int,
    m: int,
    cost: list[list[int]],
    elision: Callable[[int], bool],
    pair: Callable[[int, int], T | None],
) -> list[tuple[str, int | None, int | None, T | None]]:
    script: list[tuple[str, int | None, int | None, T | None]] = []
    i = j = 0
    absorbed = 0
    while i < n or j < m:
        if i < n and elision(i):
            if j < m and cost[i][j + 1] == cost[i][j]:
                script.append(("elide", i, j, None))
                absorbed += 1
                j += 1
                continue
            if not absorbed:
                script.append(("elide", i, None, None))
            absorbed = 0
            i += 1
            continue
        if i < n and j < m and cost[i + 1][j + 1] == cost[i][j]:
            verdict = pair(i, j)
            if verdict is not None:
                script.append(("match", i, j, verdict))
                i += 1
                j += 1
                continue
        if i < n and cost[i + 1][j] + m + 1 == cost[i][j]:
            script.append(("missing", i, None, None))
            i += 1
        else:
            script.append(("extra", None, j, None))
            j += 1
    return script
