"""The matcher's layers and the per-line verdicts a diff is drawn from."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from snippets_runner.match import LineVerdict, MatchResult, Verdict, match, output_lines
from snippets_runner.model import ELISION, ExpectedOutput, Location


def result(expected: str, actual: str) -> MatchResult:
    return match(ExpectedOutput(tuple(expected.split("\n")), Location(Path("p.md"), 1)), actual)


def kinds(outcome: MatchResult) -> list[Verdict]:
    return [line.verdict for line in outcome.lines]


def test_exact_output_is_exact_line_by_line() -> None:
    outcome = result("a\nb", "a\nb\n")
    assert outcome.matched and kinds(outcome) == [Verdict.EXACT, Verdict.EXACT]
    assert outcome.normalizers == frozenset()


def test_trailing_blank_lines_and_spaces_are_not_output() -> None:
    assert result("a\nb", "a  \nb\n\n\n").matched


def test_no_published_output_means_none_is_expected() -> None:
    assert result("", "").matched
    outcome = result("", "surprise\n")
    assert not outcome.matched and kinds(outcome) == [Verdict.EXTRA]


def test_diff_shows_missing_and_extra_lines_in_order() -> None:
    outcome = result("one\ntwo\nthree", "one\n2\nthree\nfour")
    assert not outcome.matched
    assert [(line.verdict, line.expected, line.actual) for line in outcome.lines] == [
        (Verdict.EXACT, "one", "one"),
        (Verdict.MISSING, "two", None),
        (Verdict.EXTRA, None, "2"),
        (Verdict.EXACT, "three", "three"),
        (Verdict.EXTRA, None, "four"),
    ]


def test_normalized_spans_point_into_the_real_line() -> None:
    outcome = result(
        "Node:  web-7d4b9c8f5-x2x9z/10.0.0.1 [...]", "Node:  web-66b8f5d7c9-k8p2q/10.0.0.22 up"
    )
    line = outcome.lines[0]
    assert line.verdict is Verdict.NORMALIZED
    assert [(line.actual[s.start : s.end], s.normalizer) for s in line.spans] == [  # type: ignore[index]
        ("web-66b8f5d7c9-k8p2q", "name-suffix"),
        ("10.0.0.22", "ip"),
        ("up", "wildcard"),
    ]


def test_elisions_absorb_lines_and_are_reported_as_elided() -> None:
    outcome = result(f"head\n{ELISION}\ntail\n{ELISION}", "head\nx\ny\ntail")
    assert outcome.matched
    assert [(line.verdict, line.absorbed) for line in outcome.lines] == [
        (Verdict.EXACT, ()),
        (Verdict.ELIDED, ("x", "y")),
        (Verdict.EXACT, ()),
        (Verdict.ELIDED, ()),
    ]


def test_consecutive_elisions_absorb_once() -> None:
    outcome = result(f"a\n{ELISION}\n{ELISION}\nz", "a\nb\nc\nz")
    assert outcome.matched
    assert [line.absorbed for line in outcome.lines] == [(), ("b", "c"), (), ()]


def test_middle_blocks_are_found_leftmost_and_in_order() -> None:
    assert result(f"{ELISION}\nb\nc\n{ELISION}\nb\n{ELISION}", "a\nb\nc\nb\nb\nx").matched
    assert not result(f"{ELISION}\nc\n{ELISION}\nb\nc\n{ELISION}", "b\nc\nb\nx").matched
    assert result(f"a\n{ELISION}\nz", "a\nz").matched
    assert not result(f"a\n{ELISION}\nz", "z").matched
    assert not result(f"a\n{ELISION}\nz", "a").matched


def test_a_failed_match_still_reports_what_the_elision_absorbed() -> None:
    outcome = result(f"a\n{ELISION}\nz", "a\nb\nc\ny")
    assert not outcome.matched
    assert [(line.verdict, line.absorbed) for line in outcome.lines] == [
        (Verdict.EXACT, ()),
        (Verdict.ELIDED, ("b", "c", "y")),
        (Verdict.MISSING, ()),
    ]


def test_two_elisions_cannot_hide_a_missing_anchor() -> None:
    assert not result(f"{ELISION}\nneedle\n{ELISION}", "hay\nstack").matched


def test_a_huge_output_is_judged_and_diffed_with_one_verdict_per_elision() -> None:
    # Speed and memory are measured in benchmarks/bench_match.py; here, the shape.
    head = [f"IP:  10.0.0.{i}" for i in range(1, 20)]
    body = [f"row {i}" for i in range(100_000)]
    published = "\n".join([*head, ELISION, "end"])
    real = "\n".join([*(h.replace("10.0.0", "10.1.0") for h in head), *body, "end"])
    passed = result(published, real)
    assert passed.matched and len(passed.lines) == 21
    assert len(passed.lines[19].absorbed) == 100_000
    failed = result(published, real[: -len("end")] + "END")
    assert not failed.matched
    assert [line.verdict for line in failed.lines[19:]] == [Verdict.ELIDED, Verdict.MISSING]
    unanchored = result("\n".join([*head, "end"]), real)
    assert not unanchored.matched
    assert sum(line.verdict is Verdict.EXTRA for line in unanchored.lines) == 100_000


def test_a_published_line_the_output_contains_is_never_reported_missing() -> None:
    # Real `kubectl describe` output on Kubernetes 1.33: two lines the page left out
    # sit before `Volume Claims`; a trailing [...] could swallow it, but the diff must
    # say what really changed: two extra lines, not a missing `Volume Claims`.
    expected = "    SizeLimit:  <unset>\nVolume Claims:  <none>\n[...]"
    actual = (
        "    SizeLimit:     <unset>\n  Node-Selectors:  <none>\n  Tolerations:     <none>\n"
        "Volume Claims:     <none>\nEvents:\n  Type  Reason"
    )
    outcome = result(expected, actual)
    assert not outcome.matched
    assert kinds(outcome) == [
        Verdict.NORMALIZED,
        Verdict.EXTRA,
        Verdict.EXTRA,
        Verdict.NORMALIZED,
        Verdict.ELIDED,
    ]
    assert outcome.lines[-1].absorbed == ("Events:", "  Type  Reason")


@given(
    st.lists(st.sampled_from(["a", "b", "c", ELISION]), max_size=8),
    st.lists(st.sampled_from(["a", "b", "c"]), max_size=10),
)
def test_the_linear_decision_agrees_with_a_reference_regex(
    published: list[str], real: list[str]
) -> None:
    # Each line as one character, each elision as `.*`: a backtracking regex is a fine
    # reference on inputs this small.
    reference = re.fullmatch(
        "".join(".*" if line == ELISION else line for line in published), "".join(real)
    )
    outcome = result("\n".join(published), "\n".join(real))
    assert outcome.matched is (reference is not None)
    if not outcome.matched:
        # A failed match still accounts for every published and every real line.
        assert sum(v.verdict is not Verdict.EXTRA for v in outcome.lines) == len(published)
        shown = [v.actual for v in outcome.lines if v.actual is not None]
        absorbed = [a for v in outcome.lines for a in v.absorbed]
        assert len(shown) + len(absorbed) == len(real)


def test_a_middle_block_after_a_matched_first_line_is_found_in_the_real_middle() -> None:
    outcome = result(f"a\n{ELISION}\nm\n{ELISION}\nz", "a\nx\nm\ny\nz")
    assert outcome.matched
    assert [(line.verdict, line.actual) for line in outcome.lines] == [
        (Verdict.EXACT, "a"),
        (Verdict.ELIDED, None),
        (Verdict.EXACT, "m"),
        (Verdict.ELIDED, None),
        (Verdict.EXACT, "z"),
    ]
    assert not result(f"a\n{ELISION}\nm\n{ELISION}\nz", "a\nx\nn\ny\nz").matched


def test_published_trailing_blank_lines_are_dropped_one_by_one() -> None:
    for published in (("a", "b", ""), ("a", "b", "", "")):
        outcome = match(ExpectedOutput(published, Location(Path("p.md"), 1)), "a\nb\n")
        assert outcome.matched and kinds(outcome) == [Verdict.EXACT, Verdict.EXACT], published


def test_a_line_the_output_has_is_kept_even_when_every_other_line_becomes_extra() -> None:
    outcome = result(f"b\n{ELISION}", "a\nx\nb")
    assert [(line.verdict, line.expected, line.actual) for line in outcome.lines] == [
        (Verdict.EXTRA, None, "a"),
        (Verdict.EXTRA, None, "x"),
        (Verdict.EXACT, "b", "b"),
        (Verdict.ELIDED, ELISION, None),
    ]


def test_verdict_names_are_the_reports_vocabulary_and_ok_means_no_diff() -> None:
    assert [v.value for v in Verdict] == ["exact", "normalized", "elided", "missing", "extra"]
    ok = {v: LineVerdict(v, "a", "a").ok for v in Verdict}
    assert ok == {
        Verdict.EXACT: True,
        Verdict.NORMALIZED: True,
        Verdict.ELIDED: True,
        Verdict.MISSING: False,
        Verdict.EXTRA: False,
    }


_SPACES = st.sampled_from(
    ["a", "b", " ", "\t", "\n", "\r", "\x0b", "\x1c", "\x85", "\u2028", "\u3000"]
)


@given(st.lists(_SPACES, max_size=16).map("".join))
def test_real_output_lines_are_its_lines_each_stripped_without_trailing_blank_ones(
    text: str,
) -> None:
    """What ``output_lines`` means, whatever whitespace ends the text or its lines."""
    lines = [row.rstrip() for row in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    assert output_lines(text) == tuple(lines)
