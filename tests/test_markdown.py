"""Finding console fences with a real Markdown parser, with their file lines."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.markdown import scan

P = Path("p.md")


def test_only_console_fences_are_taken() -> None:
    text = "```bash\n~$ no\n```\n\n```console\n~$ yes\n```\n\n    ```console\n    indented code\n"
    regions = scan(text, P).regions
    assert [r.lines for r in regions] == [("~$ yes",)]
    assert regions[0].location.line == 5 and regions[0].end_line == 7


def test_fences_nested_in_lists_and_admonitions_keep_their_indent() -> None:
    text = (
        "- item\n\n    ```console\n    ~$ a\n    ```\n\n"
        "!!! note\n\n    ~~~~console skip\n    ~$ b\n    ~~~~\n"
    )
    regions = scan(text, P).regions
    assert [(r.location.line, r.prefix, r.info, r.lines) for r in regions] == [
        (3, "    ", "console", ("~$ a",)),
        (9, "    ", "console skip", ("~$ b",)),
    ]


def test_front_matter_and_its_first_line() -> None:
    found = scan("---\na: 1\n---\n\n```console\n~$ x\n```\n", P)
    assert found.front_matter == "a: 1"
    assert found.front_matter_line == 2
    assert found.regions[0].location.line == 5


def test_fence_left_open_at_end_of_file() -> None:
    with pytest.raises(PageError) as err:
        scan("# t\n\n```console\n~$ ls\nout\n", P)
    assert str(err.value) == "p.md:3: ```console fence is never closed"


def test_longer_closing_fence_closes() -> None:
    assert scan("```console\n~$ x\n`````\n", P).regions[0].end_line == 3


def test_tab_after_language_is_still_a_console_fence() -> None:
    (region,) = scan("```console\tskip\n~$ x\n```\n", P).regions
    assert region.info == "console\tskip"


def test_a_parser_crash_becomes_a_snippets_error() -> None:
    try:
        scan("> - \n> \n    > ", P)
    except PageError as exc:
        assert exc.location.line == 1
