"""Inline wildcards: segments placed left to right, each searched once."""

from __future__ import annotations

import re

from snippets_runner.match import wildcard
from snippets_runner.match.line import compile_line
from snippets_runner.match.tables import PLAIN


def spans(published: str, real: str) -> list[tuple[int, int]] | None:
    found = wildcard.find(compile_line(published, PLAIN).segments, real)
    return None if found is None else [m.span() for m in found]


def test_one_segment_must_cover_the_whole_line() -> None:
    assert spans("abc", "abc") == [(0, 3)]
    assert spans("abc", "abcd") is None
    assert spans("abc", "xabc") is None


def test_segments_are_anchored_at_both_ends_and_placed_leftmost_between() -> None:
    assert spans("a[...]b[...]c", "a-b-b-c") == [(0, 1), (2, 3), (6, 7)]
    assert spans("a[...]b[...]c", "a-c-b") is None
    assert spans("[...]b", "abab") == [(0, 0), (3, 4)]


def test_space_runs_before_a_wildcard_leave_room_for_what_follows() -> None:
    assert spans("a [...] b", "a  b") is not None
    assert spans("a [...] b", "ab") is None


def test_the_segments_are_plain_regexes_without_wildcards() -> None:
    pattern = compile_line("x [...] y [...] z", PLAIN)
    assert len(pattern.segments) == 3
    assert not any(".*" in s.pattern for s in pattern.segments)
    assert pattern.plain is None
    assert compile_line("x y", PLAIN).plain is not None
    assert re.fullmatch(str(compile_line("x y", PLAIN).plain), "x   y")
