"""The aligner: the edit script a diff and update are drawn from, over items of real lines."""

from __future__ import annotations

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
