"""Diff rows: masked everywhere (normalized rows too), bounded whatever the output."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.match import match
from snippets_runner.model import Command, ExpectedOutput, Location
from snippets_runner.report import diff
from snippets_runner.report.masker import MASK, Masker
from snippets_runner.run.results import CommandResult, Result

AT = Location(Path("p.md"), 3)
SECRET = "s3cret-Value"


def result(published: str, real: str, matched: bool = True) -> CommandResult:
    expected = ExpectedOutput(tuple(published.split("\n")), AT)
    command = Command("cmd", ("~$ cmd",), Location(Path("p.md"), 2), expected, 0)
    outcome = match(expected, real) if matched else None
    return CommandResult(command, Result.FAILED, 0, 0, real, 0.1, match=outcome)


def test_normalized_rows_are_masked_and_lose_spans_that_masking_moved() -> None:
    rows = diff.rows(
        result(f"IP:  10.0.0.1 {SECRET}\nx", f"IP:  10.0.0.7 {SECRET}\ny"), Masker([SECRET])
    )
    assert rows[0] == diff.Row("~", f"IP:  10.0.0.7 {MASK}", ())
    assert all(SECRET not in row.text for row in rows)


def test_normalized_rows_keep_their_spans_when_nothing_was_masked() -> None:
    rows = diff.rows(result("IP:  10.0.0.1\nx", "IP:  10.0.0.7\ny"), Masker([SECRET]))
    assert rows[0].sign == "~" and [(s.start, s.end) for s in rows[0].spans] == [(5, 13)]


def test_every_kind_of_row_is_masked() -> None:
    published = f"same {SECRET}\n[...]\ngone {SECRET}"
    real = f"same {SECRET}\nhidden {SECRET}\nnew {SECRET}"
    rows = diff.rows(result(published, real), Masker([SECRET]))
    assert [row.sign for row in rows] == [" ", "…", "-"]
    assert rows[1].text == "[...] absorbed 2 line(s)"
    assert not any(SECRET in row.text for row in rows)
    plain = diff.plain(result(published, real, matched=False), Masker([SECRET]))
    assert SECRET not in plain and f"+ new {MASK}" in plain


def test_huge_output_is_cut_to_head_and_tail_with_counts() -> None:
    real = "\n".join(f"line {i}" for i in range(100_000))
    rows = diff.rows(result("nothing like it", real), Masker())
    assert len(rows) == diff.MAX_ROWS + 1
    half = diff.MAX_ROWS // 2
    assert rows[half].sign == "…"
    assert rows[half].text == f"{100_001 - diff.MAX_ROWS} row(s) not shown (99801 extra)"
    assert rows[:2] == [diff.Row("-", "nothing like it"), diff.Row("+", "line 0")]
    assert rows[-1] == diff.Row("+", "line 99999")
    assert len(diff.plain(result("x", real), Masker())) < 10_000


def test_long_lines_are_cut_saying_how_much() -> None:
    rows = diff.rows(result("short", "y" * 5000), Masker())
    long = next(row for row in rows if row.sign == "+")
    assert long.text == "y" * diff.MAX_LINE + f"… ({5000 - diff.MAX_LINE} more characters)"


def test_output_without_a_match_is_shown_as_printed() -> None:
    rows = diff.rows(result("a", f"a\n{SECRET}", matched=False), Masker([SECRET]))
    assert rows == [diff.Row("+", "a"), diff.Row("+", MASK)]
