"""The console line lexer: what a reader types vs what the page says it prints."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.console import LineKind, lex_console

P = Path("page.md")


def kinds(lines: list[str]) -> list[str]:
    return [line.kind.name for line in lex_console(lines, P, 10)]


def test_prompt_space_is_optional_and_stripped_once() -> None:
    lines = lex_console(["~$kubectl get pods", "~$ ls", "~$  two"], P, 1)
    assert [line.text for line in lines] == ["kubectl get pods", "ls", " two"]


def test_output_follows_command_until_next_prompt() -> None:
    assert kinds(["~$ a", "out 1", "out 2", "~$ b", "out 3"]) == [
        "COMMAND",
        "OUTPUT",
        "OUTPUT",
        "COMMAND",
        "OUTPUT",
    ]


def test_backslash_continues_even_a_line_that_looks_like_a_prompt() -> None:
    assert kinds(["~$ kubectl wait \\", "-l x \\", "~$ --timeout=1s", "done"]) == [
        "COMMAND",
        "CONTINUATION",
        "CONTINUATION",
        "OUTPUT",
    ]


def test_escaped_backslash_does_not_continue() -> None:
    assert kinds(["~$ echo a\\\\", "a\\"]) == ["COMMAND", "OUTPUT"]


@pytest.mark.parametrize(
    "opener,closer",
    [
        ("<<EOF", "EOF"),
        ("<<'EOF'", "EOF"),
        ('<< "END"', "END"),
        ("<<-EOF", "\t\tEOF"),
    ],
)
def test_heredoc_body_belongs_to_the_command(opener: str, closer: str) -> None:
    assert kinds([f"~$ cat {opener}", "~$ not a prompt", closer, "out"]) == [
        "COMMAND",
        "HEREDOC",
        "HEREDOC",
        "OUTPUT",
    ]


def test_here_string_is_not_a_heredoc() -> None:
    assert kinds(["~$ cat <<< EOF", "EOF"]) == ["COMMAND", "OUTPUT"]


def test_two_heredocs_close_in_order() -> None:
    assert kinds(["~$ paste <<A /dev/fd/3 3<<B", "1", "A", "2", "B", "1\t2"]) == [
        "COMMAND",
        "HEREDOC",
        "HEREDOC",
        "HEREDOC",
        "HEREDOC",
        "OUTPUT",
    ]


@pytest.mark.parametrize(
    "lines,line,message",
    [
        (["~$ kubectl wait \\"], 10, "cut off"),
        (["~$ a", "~$ b \\"], 11, "cut off"),
        # Blank lines after the backslash: the site drops them and shows a block
        # ending in `\`, which the writers' guide calls an error (issue E).
        (["~$ echo a \\", "", ""], 10, "cut off"),
        (["~$ a", "out", "~$ b \\", "c \\", "", "  "], 13, "cut off"),
        (["~$ cat <<EOF", "x"], 10, "never closed"),
        (["stray output", "~$ a"], 10, "before the first command"),
        (["~$   "], 10, "without a command"),
        ([], 9, "no command"),
    ],
)
def test_malformed_blocks_name_the_line(lines: list[str], line: int, message: str) -> None:
    with pytest.raises(PageError) as err:
        lex_console(lines, P, 10)
    assert err.value.location.line == line
    assert message in err.value.message
    assert str(err.value).startswith(f"page.md:{line}: ")


def test_locations_count_from_first_line() -> None:
    lines = lex_console(["~$ a", "b"], P, 41)
    assert [str(line.location) for line in lines] == ["page.md:41", "page.md:42"]
    assert lines[1].kind is LineKind.OUTPUT


@pytest.mark.parametrize(
    "command",
    [
        'echo "<<EOF"',
        "echo '<<EOF'",
        "echo \\<<EOF",
        "echo a # cat <<EOF",
        "cat <<< EOF",
    ],
)
def test_quoted_escaped_or_commented_heredoc_is_an_argument(command: str) -> None:
    """Issue 9: only an unquoted `<<` opens a heredoc, as in bash."""
    assert kinds([f"~$ {command}", "<<EOF", "~$ true"]) == ["COMMAND", "OUTPUT", "COMMAND"]


def test_heredoc_after_a_quoted_one_still_opens() -> None:
    assert kinds(['~$ echo "<<A" && cat <<B', "~$ body", "B", "out"]) == [
        "COMMAND",
        "HEREDOC",
        "HEREDOC",
        "OUTPUT",
    ]


def test_quote_opened_on_a_continued_line_covers_the_next_line() -> None:
    assert kinds(['~$ echo "a \\', '<<EOF" done', "a <<EOF done"]) == [
        "COMMAND",
        "CONTINUATION",
        "OUTPUT",
    ]


def test_quoted_heredoc_fixture_page() -> None:
    from snippets_runner.extract.pages import extract_page

    page = extract_page(Path(__file__).parent / "pages" / "render" / "heredoc_quoted.md")
    assert [(c.text, c.expected.lines) for c in page.commands] == [
        ('echo "<<EOF"', ("<<EOF",)),
        ("echo '<<END' # <<EOF", ("<<END",)),
    ]


def test_a_continuation_not_cut_off_by_blank_lines_still_lexes() -> None:
    """Only a backslash on the block's last visible line is an error, not one mid-block."""
    assert kinds(["~$ echo a \\", "b", "", "~$ true"]) == [
        "COMMAND",
        "CONTINUATION",
        "OUTPUT",
        "COMMAND",
    ]


def test_cut_off_before_blank_lines_fails_extraction_with_file_and_line() -> None:
    """lint, list and verify read pages through the extractor: all of them must refuse
    the block the site refuses to render, at the backslash's line."""
    from snippets_runner.extract.pages import parse_page_lenient

    text = "# Page\n\n```console\n~$ echo a \\\n\n\n```\n"
    page, problems = parse_page_lenient(text, P, "", "page.md")
    assert page.blocks == ()
    assert [str(problem) for problem in problems] == [
        "page.md:4: line ends with '\\' but the block ends: the command is cut off"
    ]
