"""Whatever a writer hands us, the answer is one clear message with file and line."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import extract_page, parse_page
from snippets_runner.files import MAX_BYTES, read_page_text, read_text
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


# --- which pages need a cluster: said by the page, never guessed from its commands --------

OFFLINE = "---\nsnippets: {cluster: false}\n---\n"

REACHES_THE_CLUSTER = [
    ("alias k=kubectl", "k get pods"),
    ('bash -c "kubectl get pods -n web"',),
    ("\\kubectl get pods",),
    ("helm list -A",),
    ("kubectl get pods",),
    ('echo "nodes: $(kubectl get nodes -o name | wc -l)"',),
]
"""Every way in, including those no reading of the text finds (an alias, bash -c, a
backslash that skips aliases, another client): a page gets the cluster unless it says no."""


@pytest.mark.parametrize("commands", REACHES_THE_CLUSTER, ids=lambda c: c[-1].split()[0])
def test_a_page_that_says_nothing_gets_the_cluster_however_it_reaches_it(
    commands: tuple[str, ...],
) -> None:
    text = "```console\n" + "".join(f"~$ {c}\n" for c in commands) + "```\n"
    assert parse_page(text, Path("p.md"), "", "p.md").needs_cluster
    assert not parse_page(OFFLINE + text, Path("p.md"), "", "p.md").needs_cluster


def test_the_words_on_a_page_decide_nothing() -> None:
    """A page that only prints the word kubectl still gets the cluster unless it declares
    otherwise, and one that declares no cluster gets none whatever it mentions."""
    text = '```console\n~$ echo "kubectl is the CLI"\nkubectl is the CLI\n```\n'
    assert parse_page(text, Path("p.md"), "", "p.md").needs_cluster
    declared = extract_page(PAGES / "shell" / "echo_kubectl.md")
    assert "kubectl" in "".join(c.text for c in declared.commands)
    assert not declared.needs_cluster and not declared.lab.cluster
    assert extract_page(PAGES / "shell" / "runs_kubectl.md").needs_cluster


def test_a_page_with_nothing_to_run_needs_no_cluster() -> None:
    assert not parse_page("# prose only\n", Path("p.md"), "", "p.md").needs_cluster
    bash_only = "```bash\nkubectl get pods\n```\n"  # shown, not verified
    assert not parse_page(bash_only, Path("p.md"), "", "p.md").needs_cluster


def test_skipped_blocks_and_labs_decide_too() -> None:
    skipped = parse_page("```console skip\n~$ kubectl get pods\n```\n", Path("p.md"), "", "p")
    assert not skipped.needs_cluster
    assert extract_page(PAGES / "encoding" / "bom.md").needs_cluster  # its lab, not its commands
