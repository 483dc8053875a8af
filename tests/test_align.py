"""The aligner: the edit script a diff and update are drawn from, over items of real lines."""

from __future__ import annotations

import functools

from hypothesis import example, given
from hypothesis import strategies as st

from snippets_runner.match import align


def script(elision: list[bool], weights: list[int], pairs: set[tuple[int, int]]) -> list[align.Op]:
    return align.align(elision, weights, lambda i, k: (i, k) in pairs, sum(weights) + 1)


def test_pairs_in_order_and_unpaired_lines_on_either_side() -> None:
    ops = script([False, False, False], [1, 1, 1], {(0, 0), (2, 1)})
    assert ops == [
        ("match", 0, 0),
        ("missing", 1, None),
        ("match", 2, 1),
        ("extra", None, 2),
    ]


def test_an_elision_absorbs_items_of_any_weight_for_free() -> None:
    ops = script([False, True, False], [1, 50_000, 1], {(0, 0), (2, 2)})
    assert ops == [("match", 0, 0), ("elide", 1, 1), ("match", 2, 2)]


def test_an_elision_that_absorbs_nothing_is_still_in_the_script() -> None:
    ops = script([False, True, False], [1, 1], {(0, 0), (2, 1)})
    assert ops == [("match", 0, 0), ("elide", 1, None), ("match", 2, 1)]


def test_a_line_the_output_contains_is_not_called_missing_to_save_extras() -> None:
    # Pairing line 1 with item 3 costs two extras; calling it missing would let the
    # trailing elision swallow everything for less. Missing costs more than all extras.
    ops = script([False, False, True], [1, 1, 1, 1, 1], {(0, 0), (1, 3)})
    assert ops == [
        ("match", 0, 0),
        ("extra", None, 1),
        ("extra", None, 2),
        ("match", 1, 3),
        ("elide", 2, 4),
    ]


def test_a_run_costs_its_weight_to_skip() -> None:
    # Matching line 1 to item 2 means skipping a run of 10: cheaper to report it extra
    # than to report line 1 missing (miss > all extras), so both lines stay matched.
    ops = script([False, False], [1, 10, 1], {(0, 0), (1, 2)})
    assert ops == [("match", 0, 0), ("extra", None, 1), ("match", 1, 2)]


def test_greedy_takes_the_next_pairing_item_for_huge_tables() -> None:
    pairs = {0: [0, 5], 2: [3]}

    def next_pair(i: int, k: int) -> int | None:
        return next((x for x in pairs.get(i, []) if x >= k), None)

    ops = align.greedy([False, True, False, False], 6, next_pair)
    assert ops == [
        ("match", 0, 0),
        ("elide", 1, 1),
        ("elide", 1, 2),
        ("match", 2, 3),
        ("missing", 3, None),
        ("extra", None, 4),
        ("extra", None, 5),
    ]


def test_greedy_goes_on_after_a_missing_line_and_after_elisions() -> None:
    found = {1: 0, 3: 2}

    def next_pair(i: int, k: int) -> int | None:
        at = found.get(i)
        return at if at is not None and at >= k else None

    # Line 0 is missing, yet the lines after it still pair; two elisions in a row each
    # appear (the first absorbs nothing), and the script stays in published order even
    # though an elision's items are known only later (here: at the end).
    ops = align.greedy([False, False, True, True, False, True], 3, next_pair)
    assert ops == [
        ("missing", 0, None),
        ("match", 1, 0),
        ("elide", 2, None),
        ("elide", 3, None),
        ("missing", 4, None),
        ("elide", 5, 1),
        ("elide", 5, 2),
    ]
    assert align.greedy([False, True], 1, lambda i, k: 0 if i == 0 else None) == [
        ("match", 0, 0),
        ("elide", 1, None),
    ]


def _cost(ops: list[align.Op], weights: list[int], miss: int) -> int:
    return sum(
        miss if op == "missing" else weights[k] if op == "extra" and k is not None else 0
        for op, _, k in ops
    )


def _cheapest(elision: list[bool], weights: list[int], pairs: set[tuple[int, int]]) -> int:
    """The least cost of any script, by plain recursion (the oracle for small inputs)."""
    n, m, miss = len(elision), len(weights), sum(weights) + 1

    @functools.cache
    def best(i: int, k: int) -> int:
        options = [weights[k] + best(i, k + 1)] if k < m else []
        if i < n and elision[i]:
            options.append(best(i + 1, k))
            if k < m:
                options.append(best(i, k + 1))
        elif i < n:
            options.append(miss + best(i + 1, k))
            if k < m and (i, k) in pairs:
                options.append(best(i + 1, k + 1))
        return min(options) if options else 0

    return best(0, 0)


def _well_formed(
    ops: list[align.Op], elision: list[bool], m: int, pairs: set[tuple[int, int]]
) -> None:
    lines = [i for op, i, _ in ops if i is not None]
    items = [k for op, _, k in ops if k is not None]
    assert items == list(range(m)), "every real item once, in order"
    assert sorted(set(lines)) == list(range(len(elision))) and lines == sorted(lines)
    for op, i, k in ops:
        if op == "match":
            assert i is not None and k is not None and (i, k) in pairs and not elision[i]
        if op == "elide":
            assert i is not None and elision[i]
        if op in ("missing", "extra"):
            assert (i is None) == (op == "extra") and (k is None) == (op == "missing")


@st.composite
def _problems(draw: st.DrawFn) -> tuple[list[bool], list[int], set[tuple[int, int]]]:
    """Small published/real shapes with pairs only where both exist (so every pair counts)."""
    elision = draw(st.lists(st.booleans(), max_size=6))
    weights = draw(st.lists(st.integers(1, 4), max_size=6))
    cells = [(i, k) for i in range(len(elision)) for k in range(len(weights))]
    pairs = draw(st.sets(st.sampled_from(cells))) if cells else set()
    return elision, weights, pairs


@given(_problems())
# Found by mutation testing: a cost row computed for every other item, and no real output.
@example(([False], [3, 4, 1, 3, 4], {(0, 0), (0, 2), (0, 3), (0, 4)}))
@example(([True, False, True, False, False], [], set()))
def test_the_script_is_well_formed_and_as_cheap_as_any(
    problem: tuple[list[bool], list[int], set[tuple[int, int]]],
) -> None:
    elision, weights, pairs = problem
    ops = script(elision, weights, pairs)
    _well_formed(ops, elision, len(weights), pairs)
    assert _cost(ops, weights, sum(weights) + 1) == _cheapest(elision, weights, pairs)


@given(
    st.lists(st.booleans(), max_size=8),
    st.integers(0, 8),
    st.sets(st.tuples(st.integers(0, 7), st.integers(0, 7))),
)
def test_the_greedy_script_is_well_formed_too(
    elision: list[bool], m: int, pairs: set[tuple[int, int]]
) -> None:
    pairs = {(i, k) for i, k in pairs if k < m}

    def next_pair(i: int, k: int) -> int | None:
        return min((x for j, x in pairs if j == i and x >= k), default=None)

    _well_formed(align.greedy(elision, m, next_pair), elision, m, pairs)
