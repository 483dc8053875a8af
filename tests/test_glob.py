"""The linear decision over elision lines: blocks in order, first and last anchored."""

from __future__ import annotations

from snippets_runner.match.glob import glob
from snippets_runner.match.verdicts import LineVerdict, Verdict
from snippets_runner.model import ELISION


def decide(published: list[str], real: list[str]) -> list[tuple[str, tuple[str, ...]]] | None:
    elision = [p == ELISION for p in published]

    def pair(i: int, j: int) -> LineVerdict | None:
        same = not elision[i] and published[i] == real[j]
        return LineVerdict(Verdict.EXACT, real[j], real[j]) if same else None

    found = glob(elision, real, pair)
    return None if found is None else [(str(v.verdict), v.absorbed) for v in found]


def test_blocks_anchor_at_the_start_and_the_end() -> None:
    assert decide(["a", ELISION, "z"], ["a", "b", "z"]) == [
        ("exact", ()),
        ("elided", ("b",)),
        ("exact", ()),
    ]
    assert decide(["a", ELISION], ["x", "a"]) is None
    assert decide([ELISION, "z"], ["z", "x"]) is None
    assert decide(["a"], ["a", "a"]) is None
    # The last block is found at the end, even where it also appears earlier.
    assert decide([ELISION, "z"], ["z", "x", "z"]) == [("elided", ("z", "x")), ("exact", ())]
    assert decide(["a", ELISION, "z"], ["a", "z", "b", "z"]) == [
        ("exact", ()),
        ("elided", ("z", "b")),
        ("exact", ()),
    ]


def test_a_middle_block_takes_its_leftmost_place() -> None:
    assert decide([ELISION, "b", ELISION], ["b", "x", "b"]) == [
        ("elided", ()),
        ("exact", ()),
        ("elided", ("x", "b")),
    ]


def test_a_block_is_consecutive_lines() -> None:
    assert decide([ELISION, "a", "b", ELISION], ["a", "x", "b"]) is None
    assert decide([ELISION, "a", "b", ELISION], ["a", "x", "a", "b"]) is not None


def test_empty_page_and_empty_output() -> None:
    assert decide([], []) == []
    assert decide([ELISION], []) == [("elided", ())]
    assert decide([], ["x"]) is None
