"""The matcher's layers and the per-line verdicts a diff is drawn from."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.match import MatchResult, Verdict, match
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
    outcome = result("pod web-7d4b9c8f5-x2x9z at 10.0.0.1", "pod web-66b8f5d7c9-k8p2q at 10.0.0.22")
    line = outcome.lines[0]
    assert line.verdict is Verdict.NORMALIZED
    assert [(line.actual[s.start : s.end], s.normalizer) for s in line.spans] == [  # type: ignore[index]
        ("-66b8f5d7c9-k8p2q", "name-suffix"),
        ("10.0.0.22", "ip"),
    ]


def test_elisions_absorb_lines_and_are_reported_as_elided() -> None:
    outcome = result(f"head\n{ELISION}\ntail\n{ELISION}", "head\nx\ny\ntail")
    assert outcome.matched
    assert kinds(outcome) == [
        Verdict.EXACT,
        Verdict.ELIDED,
        Verdict.ELIDED,
        Verdict.EXACT,
        Verdict.ELIDED,
    ]


def test_two_elisions_cannot_hide_a_missing_anchor() -> None:
    assert not result(f"{ELISION}\nneedle\n{ELISION}", "hay\nstack").matched


def test_large_outputs_stay_fast() -> None:
    import time

    expected = "\n".join(f"line {i} at 10.0.0.{i % 250}" for i in range(400))
    actual = "\n".join(f"line {i} at 10.1.0.{i % 250}" for i in range(400))
    start = time.perf_counter()
    assert result(expected, actual).matched
    assert time.perf_counter() - start < 2


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
        Verdict.ELIDED,
    ]
