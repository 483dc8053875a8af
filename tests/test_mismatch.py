"""Verdicts for output that did not match: which real lines could pair, and the fallback."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from snippets_runner.match import align, line, mismatch, tables
from snippets_runner.match.verdicts import Verdict
from snippets_runner.model import ELISION


def test_candidates_list_every_published_line_a_real_line_matches() -> None:
    want = ["IP:  10.0.0.1", ELISION, "IP:  10.0.0.1", "x [...] y", "other"]
    got = ["IP:  10.9.9.9", "x 1 y", "nothing", "IP:  127.0.0.1", "other"]
    shapes = tables.shapes(tuple(want))
    elision = [w == ELISION for w in want]
    assert mismatch.candidates(want, shapes, elision, got) == {0: [0, 2], 1: [3], 4: [4]}


def test_each_of_several_loosened_lines_is_found() -> None:
    """The screen is one regex of every loosened line: each must still be reachable."""
    want = ["IP:  10.0.0.1", "Node:  10.0.0.2", "plain"]
    got = ["Node:  10.1.1.1", "IP:  10.2.2.2", "plain"]
    shapes = tables.shapes(tuple(want))
    assert mismatch.candidates(want, shapes, [False] * 3, got) == {0: [1], 1: [0], 2: [2]}


def verdicts(want: list[str], got: list[str]) -> list[tuple[Verdict, str | None]]:
    elision = [w == ELISION for w in want]
    found = mismatch.verdicts(want, tables.shapes(tuple(want)), elision, got, len(got))
    return [(v.verdict, v.expected or v.actual) for v in found]


@pytest.mark.parametrize("cells", [align.MAX_CELLS, 0])
def test_exact_table_and_greedy_fallback_give_a_complete_diff(
    cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(align, "MAX_CELLS", cells)
    assert verdicts(["a", ELISION, "c", "d"], ["a", "b", "c", "e"]) == [
        (Verdict.EXACT, "a"),
        (Verdict.ELIDED, "[...]"),
        (Verdict.EXACT, "c"),
        (Verdict.MISSING, "d"),
        (Verdict.EXTRA, "e"),
    ]


def test_a_line_takes_its_first_real_occurrence_so_the_diff_reads_top_down() -> None:
    """Among alignments with as many matched lines, each run of extras costs its length."""
    assert verdicts(["a", "b"], ["a", "b", "b", "b", "x"]) == [
        (Verdict.EXACT, "a"),
        (Verdict.EXACT, "b"),
        (Verdict.EXTRA, "b"),
        (Verdict.EXTRA, "b"),
        (Verdict.EXTRA, "x"),
    ]
    assert verdicts(["b"], ["b", "x", "a", "x", "a", "b"])[0] == (Verdict.EXACT, "b")


def test_small_diffs_come_from_the_cost_table_not_the_greedy_fallback() -> None:
    # Greedy pairs "a" with its only real line and then loses "b" and "c"; the table keeps two.
    assert verdicts(["a", "b", "c"], ["b", "c", "a"]) == [
        (Verdict.MISSING, "a"),
        (Verdict.EXACT, "b"),
        (Verdict.EXACT, "c"),
        (Verdict.EXTRA, "a"),
    ]


_WORDS = st.text(alphabet=" ab\t1:", max_size=8)


@settings(max_examples=300)
@given(
    want=st.lists(_WORDS, min_size=1, max_size=6),
    got=st.lists(_WORDS, max_size=8),
)
@example(want=["a\t"], got=["a\t"])  # equal lines pair whatever their whitespace
@example(want=["  a  b "], got=["  a b", " a b", "  a b\t"])
@example(want=["a  b"], got=["a b   "])
def test_candidates_agree_with_judging_every_pair(want: list[str], got: list[str]) -> None:
    """The dictionary lookup of plain published lines finds exactly what ``line.judge`` would."""
    shapes = tables.shapes(tuple(want))
    elision = [False] * len(want)
    brute = {
        j: [i for i, w in enumerate(want) if line.judge(w, g, shapes[i]) is not None]
        for j, g in enumerate(got)
    }
    assert mismatch.candidates(want, shapes, elision, got) == {j: h for j, h in brute.items() if h}


def test_thousands_of_plain_published_lines_are_looked_up_not_judged_pair_by_pair() -> None:
    """A block of 3,000 published lines against 9,000 real ones: every pair judged would be
    27 million calls; the lookup judges none of them."""
    want = [f"x {i}" for i in range(1, 9001, 3)]
    got = [f"x {i}" for i in range(1, 9001)]
    calls = 0
    judge = line.judge

    def counted(*args: object) -> object:
        nonlocal calls
        calls += 1
        return judge(*args)  # type: ignore[arg-type]

    shapes = tables.shapes(tuple(want))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(line, "judge", counted)
        found = mismatch.candidates(want, shapes, [False] * len(want), got)
    assert found == {j: [j // 3] for j in range(0, 9000, 3)}
    assert calls == 0
