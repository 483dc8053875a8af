"""Which diff rows a report shows: changes first, whatever the budget and the output's size."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.textdiff import hunks


def picture(signs: str, budget: int) -> str:
    """The selection drawn as its signs, a left-out run as ``[n]``."""
    return "".join(
        f"[{len(item)}]" if isinstance(item, range) else signs[item]
        for item in hunks.select(signs, budget)
    )


def test_a_diff_that_fits_is_shown_whole() -> None:
    assert picture("   -+   ", 8) == "   -+   "


def test_a_long_diff_is_shown_as_hunks_with_context() -> None:
    signs = " " * 50 + "-+" + " " * 50 + "+" + " " * 50
    assert picture(signs, 30) == "[47]   -+   [44]   +   [47]"


def test_context_shrinks_before_a_change_is_left_out() -> None:
    signs = ("-" + " " * 9) * 5
    assert picture(signs, 40) == "-   [3]   -   [3]   -   [3]   -   [3]   -   [6]"
    assert picture(signs, 30) == "- [7] - [7] - [7] - [7] - [8]"
    assert picture(signs, 10) == "-[9]-[9]-[9]-[9]-[9]"


def test_too_many_changes_show_the_first_and_count_the_rest() -> None:
    assert picture(("-" + " " * 9) * 20, 9) == "-[9]-[9]-[9]-[169]"


def test_one_huge_change_shows_its_head_and_tail() -> None:
    assert picture("  " + "+" * 100 + "  ", 11) == "[2]++++[92]++++[2]"
    assert picture(" " + "+" * 100 + " ", 10) == " ++++[93]+++ "


def test_without_a_change_head_and_tail_are_shown() -> None:
    assert picture(" " * 100, 7) == "   [94]   "


def test_a_count_says_what_it_leaves_out_changes_first() -> None:
    assert hunks.describe("  ~-+-…") == (
        "7 row(s) not shown: 3 changed (2 missing, 1 extra), 2 same, 1 normalized, 1 elided"
    )
    assert hunks.describe("   ?", "line") == "4 line(s) not shown: 3 same, 1 other"


runs = st.lists(st.tuples(st.sampled_from(" ~…-+"), st.integers(1, 60)), max_size=12)


@given(runs, st.integers(3, 80))
def test_every_row_is_shown_or_counted_once_within_the_budget(
    parts: list[tuple[str, int]], budget: int
) -> None:
    signs = "".join(sign * n for sign, n in parts)
    selection = hunks.select(signs, budget)
    assert len(selection) <= budget
    covered = [i for item in selection for i in (item if isinstance(item, range) else [item])]
    assert covered == list(range(len(signs)))
    counts = [k for k, item in enumerate(selection) if isinstance(item, range) and item]
    assert len(counts) == sum(isinstance(item, range) for item in selection), "no empty count"
    assert all(b - a > 1 for a, b in pairwise(counts)), "two counts are never side by side"


@given(runs, st.integers(3, 80))
def test_changes_are_never_left_out_while_the_budget_could_show_them(
    parts: list[tuple[str, int]], budget: int
) -> None:
    signs = "".join(sign * n for sign, n in parts)
    changed = [i for i, sign in enumerate(signs) if sign in "-+"]
    shown = [i for i in hunks.select(signs, budget) if isinstance(i, int) and i in changed]
    if 2 * len(changed) + 1 <= budget:
        assert shown == changed
    assert len(shown) >= min(len(changed), (budget - 1) // 2)
    if changed:
        assert shown[0] == changed[0], "the first change is always shown"
