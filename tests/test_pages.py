"""Whatever a writer hands us, the answer is one clear message with file and line."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import MAX_BYTES, extract_page, parse_page, read_text


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "page.md"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data,line,message", [
    (b"# ok\n\x00\x01binary", 2, "not a text file"),
    (b"# ok\nline\n\xff\xfe bad", 3, "not valid UTF-8"),
    (b"x" * (MAX_BYTES + 1), 1, "over the"),
])
def test_bad_files(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    with pytest.raises(PageError) as err:
        read_text(write(tmp_path, data))
    assert err.value.location.line == line
    assert message in err.value.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PageError, match="cannot read page"):
        read_text(tmp_path / "nope.md")


def test_large_realistic_page_is_fine(tmp_path: Path) -> None:
    block = "Some prose.\n\n```console\n~$ echo hi\nhi\n```\n\n"
    page = extract_page(write(tmp_path, (block * 20000).encode()))
    assert len(page.blocks) == 20000


def test_commands_and_outputs_with_lines() -> None:
    text = "# t\n\n```console exit=\"2\"\n~$ a \\\n  b\nout\n[...]\n~$ c\n```\n"
    page = parse_page(text, Path("p.md"), "en", "p.md")
    (block,) = page.blocks
    first, second = block.commands
    assert first.text == "a \\\n  b"
    assert first.source_lines == ("~$ a \\", "  b")
    assert first.expected.lines == ("out", "[...]") and first.expected.has_elisions
    assert str(first.location) == "p.md:4" and str(first.expected.location) == "p.md:6"
    assert second.expected.lines == () and str(second.expected.location) == "p.md:9"
    assert block.expected_exit(first) == 0 and block.expected_exit(second) == 2


def test_strict_parse_raises_the_first_problem() -> None:
    text = "```console bad\n~$ a\n```\n\n```console\n~$ b \\\n```\n"
    with pytest.raises(PageError) as err:
        parse_page(text, Path("p.md"), "", "p.md")
    assert err.value.location.line == 1
