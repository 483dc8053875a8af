"""Stand-ins for characters a writer cannot see for what they are, on changed rows."""

from __future__ import annotations

from snippets_runner.textdiff.visible import mark


def test_what_never_shows_is_marked_with_or_without_a_counterpart() -> None:
    assert mark("a\u200eb\u2028c\u009bd\u00ade", None) == (
        "a[U+200E]b[U+2028]c[U+009B]d[U+00AD]e",
        ((1, 9), (10, 18), (19, 27), (28, 36)),
    )
    assert mark("\x00\x1b\t\x7f", None) == ("␀␛␉␡", ((0, 1), (1, 2), (2, 3), (3, 4)))


def test_blanks_are_marked_only_between_the_first_and_last_difference() -> None:
    assert mark("a\u00a0b c", "a\u00a0b d") == ("a\u00a0b c", ())
    assert mark("a\u00a0b c", "a b c") == ("a[U+00A0]b c", ((1, 9),))
    assert mark("a\u00a0b c", None) == ("a\u00a0b c", ())
    assert mark("\u2800", " ") == ("[U+2800]", ((0, 8),))


def test_combining_marks_are_marked_only_when_the_lines_look_the_same() -> None:
    assert mark("e\u0301t\u00e9", "\u00e9t\u00e9") == ("e[U+0301]té", ((1, 9),))
    assert mark("e\u0301t", "\u00e9x") == ("e\u0301t", ())


def test_printable_text_is_left_alone() -> None:
    assert mark("NAME   READY   STATUS", "NAME   READY") == ("NAME   READY   STATUS", ())
    assert mark("名前　山田", "名前　田中") == ("名前　山田", ())
