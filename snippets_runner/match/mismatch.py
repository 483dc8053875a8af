"""The verdicts of output that did not match: the best alignment, in bounded time and memory.

Real lines are first sorted into those that match some published line and
runs of lines that match none (``candidates``); ``align`` then works on
those items, exactly while its table is small and greedily beyond.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ..model import ELISION
from . import align, line, tables
from .verdicts import LineVerdict, Verdict

_SPACES = re.compile(" +")


def candidates(
    want: Sequence[str],
    shapes: Sequence[tables.Shape],
    elision: Sequence[bool],
    got: Sequence[str],
    real: Sequence[tables.TableRow | None] | None = None,
) -> dict[int, list[int]]:
    """For each real line that matches some published line, which ones (sorted).

    A published line with nothing loosened in it (most of them) matches only
    a real line of the same words: those are found by a dictionary lookup of
    the line's ``spelling``. The rest go into one combined regex that screens
    the real lines first, so a huge output that matches nothing costs one
    regex call per line, not one per pair; equal published lines are judged
    once, and so are equal real lines. Without the lookup, a block of
    thousands of published lines took minutes: every real line the screen
    let through was judged against every published line.

    Table rows pair only with real rows of a table with the same columns, and
    are looked up by the cells they compare literally (``rows``).
    """
    real = tables.rows(got) if real is None else real
    alike: dict[tuple[str, tables.Shape], list[int]] = {}
    table_rows: list[tuple[str, tables.Shape]] = []
    for i, text in enumerate(want):
        if not elision[i]:
            key = (text, shapes[i])
            if key not in alike and shapes[i].is_row:
                table_rows.append(key)
            alike.setdefault(key, []).append(i)
    spelled: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    exact: dict[str, list[int]] = {}  # `judge` takes an equal line as is, whatever its spaces
    wild: list[tuple[str, tables.Shape]] = []
    loose: list[tuple[tuple[str, tables.Shape], str]] = []
    for key in alike:
        if key[1].is_row:
            exact.setdefault(key[0], []).extend(alike[key])  # `judge` takes an equal row as is
            continue
        pattern = line.compile_line(*key)
        if pattern.plain is None:
            wild.append(key)
        elif any(pattern.fields):
            loose.append((key, pattern.plain))
        else:
            spelled.setdefault(spelling(key[0].rstrip()), []).extend(alike[key])
            exact.setdefault(key[0], []).extend(alike[key])
    screen = re.compile("|".join(f"(?:{p})" for _, p in loose) or "(?!)")
    by_cells = _rows_by_cells(table_rows)
    seen: dict[tuple[str, tables.TableRow | None], list[int]] = {}
    found: dict[int, list[int]] = {}
    for j, text in enumerate(got):
        row = real[j]
        if (text, row) not in seen:
            keys = [key for key, _ in loose] if screen.match(text) else []
            hits = [i for key in (*keys, *wild) if _pairs(key, text) for i in alike[key]]
            hits += spelled.get(spelling(text.rstrip(" ")), [])
            hits += exact.get(text, [])
            hits += [i for key in _row_keys(by_cells, text, row) for i in alike[key]]
            seen[text, row] = sorted(set(hits))
        if seen[text, row]:
            found[j] = seen[text, row]
    return found


Key = tuple[str, tables.Shape]
RowIndex = dict[tuple[tuple[str, ...], bool, int, frozenset[int]], dict[tuple[str, ...], list[Key]]]


def _rows_by_cells(keys: list[tuple[str, tables.Shape]]) -> RowIndex:
    """Published rows by their table and the text of the cells they compare literally."""
    index: RowIndex = {}
    for key in keys:
        row = key[1].row
        assert row is not None
        pattern = line.compile_row(*key)
        literal = frozenset(range(len(pattern.cells))) - pattern.loose
        if pattern.rest is not None:
            literal = frozenset(k for k in literal if k < pattern.rest)
        group = (row.table.columns, row.header, row.table.offsets[0], literal)
        cells = tuple(pattern.texts[k] for k in sorted(literal))
        index.setdefault(group, {}).setdefault(cells, []).append(key)
    return index


def _row_keys(
    index: RowIndex, text: str, row: tables.TableRow | None
) -> list[tuple[str, tables.Shape]]:
    if row is None:
        return []
    texts = row.texts(text)
    out = []
    for (columns, header, indent, literal), by_cells in index.items():
        if (columns, header, indent) != (row.table.columns, row.header, row.table.offsets[0]):
            continue
        for key in by_cells.get(tuple(texts[k] for k in sorted(literal)), []):
            if line.judge(key[0], text, key[1], row) is not None:
                out.append(key)
    return out


def spelling(text: str) -> tuple[int, tuple[str, ...]]:
    """What a published line without loosened fields must equal, as ``line.compile_line``
    reads it: the indentation exactly, then the words, a run of spaces being any run.
    ``text`` comes without its trailing spaces (a published line without any whitespace)."""
    body = text.lstrip(" ")
    return len(text) - len(body), tuple(_SPACES.split(body))


def verdicts(
    want: Sequence[str],
    shapes: Sequence[tables.Shape],
    elision: Sequence[bool],
    got: Sequence[str],
    total: int,
    real: Sequence[tables.TableRow | None] | None = None,
) -> list[LineVerdict]:
    """Verdicts of the best alignment of lines that do not match (see ``align``)."""
    real = tables.rows(got) if real is None else real
    found = candidates(want, shapes, elision, got, real)
    items: list[tuple[int, int]] = []  # real line ranges: one pairing line, or a run of others
    for j in range(len(got)):
        if j in found or not items or items[-1][0] in found:
            items.append((j, j + 1))
        else:
            items[-1] = (items[-1][0], j + 1)
    pairing = {k: set(found[start]) for k, (start, _) in enumerate(items) if start in found}

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
    return _expand(script, want, shapes, got, items, real)


def _expand(
    script: list[align.Op],
    want: Sequence[str],
    shapes: Sequence[tables.Shape],
    got: Sequence[str],
    items: list[tuple[int, int]],
    real: Sequence[tables.TableRow | None],
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
            verdict = line.judge(want[i], got[items[k][0]], shapes[i], real[items[k][0]])
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
