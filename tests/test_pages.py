"""Whatever a writer hands us, the answer is one clear message with file and line."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import (
    MAX_BYTES,
    extract_page,
    parse_page,
    read_page_text,
    read_text,
)
from snippets_runner.model import Location


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "page.md"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data,line,message",
    [
        (b"# ok\n\x00\x01binary", 2, "not a text file"),
        (b"# ok\nline\n\xff\xfe bad", 3, "not valid UTF-8"),
        (b"x" * (MAX_BYTES + 1), 1, "over the"),
    ],
)
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
    text = '# t\n\n```console exit="2"\n~$ a \\\n  b\nout\n[...]\n~$ c\n```\n'
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


# --- pages read exactly as MkDocs reads them ---------------------------------------------

PAGES = Path(__file__).parent / "pages"


def test_front_matter_after_a_byte_order_mark_is_found() -> None:
    """A BOM must not hide the page's secrets and lab (issue 10)."""
    path = PAGES / "encoding" / "bom.md"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf---\n")
    page = extract_page(path)
    assert page.lab.secrets == ("s3cr3t-value",)
    assert page.lab.manifests == (PAGES / "encoding" / "lab.yaml",)
    assert page.lab.location == Location(path, 2)
    assert page.blocks[0].location == Location(path, 9)
    assert page.commands[0].expected.location == Location(path, 11)


def test_read_page_text_reports_bom_and_newline_for_the_writer() -> None:
    bom = read_page_text(PAGES / "encoding" / "bom.md")
    assert bom.bom and bom.newline == "\n" and bom.text.startswith("---\n")
    assert bom.encode() == (PAGES / "encoding" / "bom.md").read_bytes()
    crlf = read_page_text(PAGES / "encoding" / "crlf.md")
    assert not crlf.bom and crlf.newline == "\r\n"
    assert crlf.encode() == (PAGES / "encoding" / "crlf.md").read_bytes()
    assert crlf.encode("x\r\n") == b"x\r\n"


def test_crlf_page_keeps_its_lines() -> None:
    page = extract_page(PAGES / "encoding" / "crlf.md")
    (command,) = page.commands
    assert command.text == "echo hi" and command.expected.lines == ("hi",)
    assert command.location.line == 4 and page.blocks[0].end_line == 6


@pytest.mark.parametrize("data,newline", [(b"a\rb\r", "\r"), (b"a", "\n"), (b"", "\n")])
def test_other_newline_styles(tmp_path: Path, data: bytes, newline: str) -> None:
    assert read_page_text(write(tmp_path, data)).newline == newline


def test_mixed_line_endings_are_one_clear_error() -> None:
    path = PAGES / "encoding" / "mixed.md"
    with pytest.raises(PageError) as err:
        read_page_text(path)
    assert err.value.location == Location(path, 3)
    assert err.value.message == (
        "mixed line endings: this line ends in CRLF, line 1 in LF; save the page with one style"
    )
    with pytest.raises(PageError, match="mixed line endings"):
        extract_page(path)


def test_bom_is_not_taken_off_anywhere_but_the_start(tmp_path: Path) -> None:
    page = read_page_text(write(tmp_path, "a\n\ufeffb\n".encode()))
    assert page.text == "a\n\ufeffb\n" and not page.bom


# --- which pages need a cluster ----------------------------------------------------------


def test_a_page_that_only_mentions_kubectl_needs_no_cluster() -> None:
    page = extract_page(PAGES / "shell" / "echo_kubectl.md")
    assert "kubectl" in "".join(c.text for c in page.commands)
    assert not page.needs_cluster


def test_a_page_that_runs_kubectl_in_a_substitution_needs_the_cluster() -> None:
    assert extract_page(PAGES / "shell" / "runs_kubectl.md").needs_cluster


@pytest.mark.parametrize(
    "command,needs",
    [
        ("kubectl get pods", True),
        ("FOO=1 /usr/local/bin/kubectl get pods", True),
        ("ls | xargs -n1 kubectl delete pod", True),
        ("watch -n 1 kubectl get pods", True),
        ("true && kubectl get pods", True),
        ("echo 'kubectl get pods'", False),
        ("grep kubectl notes.txt", False),
        ("echo kubectl # kubectl get pods", False),
    ],
)
def test_needs_cluster_follows_the_programs_a_command_runs(command: str, needs: bool) -> None:
    text = f"```console\n~$ {command}\n```\n"
    assert parse_page(text, Path("p.md"), "", "p.md").needs_cluster is needs


def test_skipped_blocks_and_labs_decide_too() -> None:
    skipped = parse_page("```console skip\n~$ kubectl get pods\n```\n", Path("p.md"), "", "p")
    assert not skipped.needs_cluster
    assert extract_page(PAGES / "encoding" / "bom.md").needs_cluster  # its lab, not its commands
