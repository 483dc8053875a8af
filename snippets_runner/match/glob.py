"""Decide whether real lines match published lines with ``[...]`` elision lines, in linear time.

The published lines between elisions are *blocks* that must appear in the
real output in order, each as consecutive lines: the first block at the
start (unless the page starts with ``[...]``), the last one at the end, and
every other block at its leftmost place after the previous one.  The
leftmost place leaves the most room for the blocks after it, so this finds a
match whenever one exists, without the quadratic table of ``align``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import ELISION
from .verdicts import LineVerdict, Verdict

Pair = Callable[[int, int], LineVerdict | None]


def _blocks(elision: Sequence[bool]) -> list[tuple[bool, list[int]]]:
    """Consecutive published lines grouped as ``(is_elision, indices)``."""
    blocks: list[tuple[bool, list[int]]] = []
    for i, elided in enumerate(elision):
        if blocks and blocks[-1][0] == elided:
            blocks[-1][1].append(i)
        else:
            blocks.append((elided, [i]))
    return blocks


def _at(block: list[int], j: int, pair: Pair) -> list[LineVerdict] | None:
    verdicts = []
    for offset, i in enumerate(block):
        verdict = pair(i, j + offset)
        if verdict is None:
            return None
        verdicts.append(verdict)
    return verdicts


def glob(elision: Sequence[bool], got: Sequence[str], pair: Pair) -> list[LineVerdict] | None:
    """One verdict per published line if the real lines match, else None."""
    blocks = _blocks(elision)
    m = len(got)
    out: list[LineVerdict] = []
    j = 0
    absorbing: list[int] | None = None  # the elision block waiting to learn what it absorbed
    for b, (elided, block) in enumerate(blocks):
        if elided:
            absorbing = block
            continue
        size = len(block)
        if absorbing is None:
            starts: Sequence[int] = [j]  # anchored: nothing before can absorb lines
        elif b == len(blocks) - 1:
            starts = [m - size]  # the last block ends the output
        else:
            starts = range(j, m - size + 1)
        for start in starts:
            if start < j or start + size > m:
                continue
            found = _at(block, start, pair)
            if found is not None:
                break
        else:
            return None
        if absorbing is not None:
            out.extend(_elided(absorbing, got[j:start]))
            absorbing = None
        out.extend(found)
        j = start + size
    if absorbing is not None:
        out.extend(_elided(absorbing, got[j:]))
        j = m
    return out if j == m else None


def _elided(block: list[int], lines: Sequence[str]) -> list[LineVerdict]:
    """The first elision line of a run takes every absorbed line, the others none."""
    first = LineVerdict(Verdict.ELIDED, ELISION, None, absorbed=tuple(lines))
    return [first] + [LineVerdict(Verdict.ELIDED, ELISION, None) for _ in block[1:]]
