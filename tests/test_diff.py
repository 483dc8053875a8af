"""Diff rows: masked everywhere (normalized rows too), bounded whatever the output."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.match import match
from snippets_runner.model import Command, ExpectedOutput, Location, Page
from snippets_runner.report import diff
from snippets_runner.report.document import DiffRow, RowSign
from snippets_runner.run.results import CommandResult, Result
from snippets_runner.secrets import MASK, Masker

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
    assert rows[0] == diff.MarkedRow("~", f"IP:  10.0.0.7 {MASK}", ())
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


def test_huge_output_that_differs_throughout_shows_its_head_and_tail_with_counts() -> None:
    real = "\n".join(f"line {i}" for i in range(100_000))
    rows = diff.rows(result("nothing like it", real), Masker())
    assert len(rows) == diff.MAX_ROWS
    half = diff.MAX_ROWS // 2
    assert rows[half].sign == "…"
    assert rows[half].text == "99802 row(s) not shown: 99802 changed (99802 extra)"
    assert rows[:2] == [diff.MarkedRow("-", "nothing like it"), diff.MarkedRow("+", "line 0")]
    assert rows[-1] == diff.MarkedRow("+", "line 99999")
    assert len(diff.plain(result("x", real), Masker())) < 10_000


def seq(n: int, changed: dict[int, str]) -> str:
    """``seq n`` as a page would publish it, with some lines changed."""
    return "\n".join(changed.get(i, str(i)) for i in range(1, n + 1))


def changes(rows: list[diff.MarkedRow]) -> list[str]:
    return [f"{row.sign}{row.text}" for row in rows if row.sign in "-+"]


def test_the_only_difference_in_a_huge_output_is_shown_with_context() -> None:
    """``seq 20000`` published with line 5000 wrong: head and tail would hide it."""
    rows = diff.rows(result(seq(20_000, {5000: "5000x"}), seq(20_000, {})), Masker())
    assert changes(rows) == ["-5000x", "+5000"]
    assert [f"{row.sign}{row.text}" for row in rows] == [
        "…4996 row(s) not shown: 4996 same",
        " 4997", " 4998", " 4999", "-5000x", "+5000", " 5001", " 5002", " 5003",
        "…14997 row(s) not shown: 14997 same",
    ]  # fmt: skip
    plain = diff.plain(result(seq(20_000, {5000: "5000x"}), seq(20_000, {})), Masker())
    assert "\n- 5000x\n+ 5000\n" in plain


def test_the_only_difference_is_shown_next_to_elisions() -> None:
    published = "\n".join([seq(3000, {}), "[...]", *map(str, range(5000, 10_001))])
    published = published.replace("\n7000\n", "\n7000x\n")
    rows = diff.rows(result(published, seq(10_000, {})), Masker())
    assert changes(rows) == ["-7000x", "+7000"]
    assert len(rows) <= diff.MAX_ROWS
    skipped = [row.text for row in rows if row.sign == "…"]
    assert skipped == [
        "4998 row(s) not shown: 4997 same, 1 elided",
        "2997 row(s) not shown: 2997 same",
    ]


def test_every_hunk_is_shown_and_the_rows_between_them_are_counted() -> None:
    wrong = {200: "x", 201: "y", 5000: "z", 9999: "w"}
    rows = diff.rows(result(seq(10_000, wrong), seq(10_000, {})), Masker())
    assert changes(rows) == ["-x", "-y", "+200", "+201", "-z", "+5000", "-w", "+9999"]
    assert [row.text for row in rows if row.sign == "…"] == [
        "196 row(s) not shown: 196 same",
        "4792 row(s) not shown: 4792 same",
        "4992 row(s) not shown: 4992 same",
    ]
    assert [f"{row.sign}{row.text}" for row in rows[-5:]] == [
        " 9997",
        " 9998",
        "-w",
        "+9999",
        " 10000",
    ]


def test_too_many_changes_show_the_first_ones_and_count_the_changes_left_out() -> None:
    """Context goes before a change does; no room is spent on rows that agree beyond that."""
    wrong = {i: f"{i}x" for i in range(10, 10_000, 20)}  # 500 changed lines, 19 apart
    rows = diff.rows(result(seq(10_000, wrong), seq(10_000, {})), Masker())
    assert diff.MAX_ROWS - 2 <= len(rows) <= diff.MAX_ROWS
    shown = changes(rows)
    assert shown[:4] == ["-10x", "+10", "-30x", "+30"]
    assert shown == [c for i in range(10, 10_000, 20) for c in (f"-{i}x", f"+{i}")][: len(shown)]
    assert len(shown) == 2 * 66
    assert all(row.sign in "-+…" for row in rows), "no context while changes go unshown"
    assert rows[0].text == "9 row(s) not shown: 9 same"
    # Left out: everything after line 1310, the 66th change; 434 changes, 8256 lines that agree.
    assert rows[-1].text == (
        "9124 row(s) not shown: 868 changed (434 missing, 434 extra), 8256 same"
    )


def test_long_lines_are_cut_saying_how_much() -> None:
    rows = diff.rows(result("short", "y" * 5000), Masker())
    long = next(row for row in rows if row.sign == "+")
    assert long.text == "y" * diff.MAX_LINE + f"… ({5000 - diff.MAX_LINE} more characters)"


def test_output_without_a_match_is_shown_as_printed() -> None:
    rows = diff.rows(result("a", f"a\n{SECRET}", matched=False), Masker([SECRET]))
    assert rows == [diff.MarkedRow("+", "a"), diff.MarkedRow("+", MASK)]


def shown(published: str, real: str, mask: Masker | None = None) -> list[str]:
    return [f"{r.sign} {r.text}" for r in diff.rows(result(published, real), mask or Masker())]


def test_a_tab_on_a_changed_row_is_shown_as_a_tab() -> None:
    """Printed raw, ``a<TAB>b`` looks like the published ``a   b``: no difference to see."""
    rows = diff.rows(result("a   b", "a\tb"), Masker())
    assert rows == [diff.MarkedRow("-", "a   b"), diff.MarkedRow("+", "a␉b", marks=((1, 2),))]


def test_unusual_spaces_are_shown_where_they_differ() -> None:
    assert shown("a\u00a0b", "a b") == ["- a[U+00A0]b", "+ a b"]
    assert shown("名前  山田", "名前\u3000山田") == ["- 名前  山田", "+ 名前[U+3000]山田"]
    assert shown("x\u2009y z", "x y\u2009z") == ["- x[U+2009]y z", "+ x y[U+2009]z"]


def test_spaces_that_are_not_the_difference_stay_as_printed() -> None:
    """Japanese uses the ideographic space on purpose: a changed name must not fill with codes."""
    assert shown("名前\u3000山田", "名前\u3000田中") == ["- 名前\u3000山田", "+ 名前\u3000田中"]
    # A row that replaces no published line has no difference to point at.
    assert shown("a", "a\nb\u00a0c") == ["  a", "+ b\u00a0c"]


def test_what_never_shows_is_shown_on_every_changed_row() -> None:
    assert shown("ready", "ready\u200b") == ["- ready", "+ ready[U+200B]"]
    assert shown("NAME", "\ufeffNAME\nweb\u200d") == ["- NAME", "+ [U+FEFF]NAME", "+ web[U+200D]"]
    assert shown("red", "\x1b[31mred\x1b[0m") == ["- red", "+ ␛[31mred␛[0m"]


def test_a_combining_mark_is_shown_when_it_is_all_that_differs() -> None:
    """``か`` with a combining voiced mark (a file name from macOS) looks exactly like ``が``."""
    assert shown("が.txt", "か\u3099.txt") == ["- が.txt", "+ か[U+3099].txt"]
    assert shown("が.txt", "ぎ.txt") == ["- が.txt", "+ ぎ.txt"]


def test_rows_that_agree_keep_their_tabs_and_stand_ins_never_split_a_secret() -> None:
    secret = "pass\tword-1"
    rows = diff.rows(result("x\ty\ntoken: old", f"x\ty\ntoken: {secret}"), Masker([secret]))
    assert rows == [
        diff.MarkedRow(" ", "x\ty"),
        diff.MarkedRow("-", "token: old"),
        diff.MarkedRow("+", f"token: {MASK}"),
    ]


def test_plain_diff_carries_the_stand_ins() -> None:
    plain = diff.plain(result("a   b\nc", "a\tb\nc"), Masker())
    assert plain == "--- published\n+++ real\n- a   b\n+ a␉b\n  c"


# --- the rows of a report document: spans marked in one pass ------------------------------


def _plain_row(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    rendered = diff.render_plain([DiffRow(RowSign.NORMALIZED, text, spans)])
    return rendered.splitlines()[-1]


def test_spans_are_marked_as_writers_write_them_adjacent_empty_and_at_the_end() -> None:
    assert _plain_row("web 5s Running", ((4, 6),)) == "~ web ⟨5s⟩ Running"
    assert _plain_row("ab", ((0, 1), (1, 2))) == "~ ⟨a⟩⟨b⟩"
    assert _plain_row("ab", ((1, 1),)) == "~ a⟨⟩b"  # a [...] that matched nothing
    assert _plain_row("ab", ((2, 2),)) == "~ ab⟨⟩"
    assert _plain_row("ab", ((0, 2),)) == "~ ⟨ab⟩"


def test_spans_out_of_order_in_memory_are_marked_in_order() -> None:
    assert _plain_row("a b c", ((4, 5), (0, 1))) == "~ ⟨a⟩ b ⟨c⟩"


def test_spans_no_writer_makes_never_copy_a_character_twice() -> None:
    """A report that was not loaded (a test, a future writer) with spans that overlap or
    pass the row: each character is shown once, the bad part of a span unmarked."""
    assert _plain_row("abcdef", ((0, 4), (2, 6))) == "~ ⟨abcd⟩⟨ef⟩"
    assert _plain_row("abc", ((1, 99), (50, 60))) == "~ a⟨bc⟩"
    assert _plain_row("abc", ((2, 1),)) == "~ abc"


def test_many_spans_on_a_long_row_come_out_in_one_piece_each() -> None:
    """Every span costs its own characters: the row is not copied once per span."""
    text = "ab" * 50_000
    spans = tuple((i, i + 1) for i in range(0, len(text), 2))
    shown = _plain_row(text, spans)
    assert shown == "~ " + "⟨a⟩b" * 50_000


def test_a_report_keeps_spans_in_order_however_matching_gave_them() -> None:
    """A loosened empty table cell comes back as an empty span where the cell stands,
    after the span of the AGE before it; the report keeps them in order, so it reads back."""
    import json

    from snippets_runner.report import json_report
    from snippets_runner.report.document import parse
    from snippets_runner.run.results import Failure, PageResult, Reason

    published = "NAME   AGE   NOTE    X\nweb-1  5s    [...]   x\nlast"
    real = "NAME   AGE   NOTE    X\nweb-1  7s            x\nother"
    failed = result(published, real)
    assert failed.match is not None
    assert [(s.start, s.end) for s in failed.match.lines[1].spans] == [(7, 9), (9, 9)]
    [_, normalized, *_] = diff.rows(failed, Masker([]))
    assert [(s.start, s.end) for s in normalized.spans] == [(7, 9), (9, 9)]
    failed = CommandResult(
        failed.command, Result.FAILED, 0, 0, real, 0.1, 1, failed.match,
        Failure(Reason.OUTPUT_DIFFERS),
    )  # fmt: skip
    page = PageResult(Page(Path("p.md"), "", "p.md", ()), (failed,), 0.1)
    written = json.dumps(json_report.render([page], Masker([]))).encode()
    row = parse(written, Path("r.json")).pages[0].commands[0].diff[1]
    assert row.spans == ((7, 9), (9, 9))
