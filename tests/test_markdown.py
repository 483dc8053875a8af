"""Finding console fences with a real Markdown parser, with their file lines."""

from pathlib import Path

import pytest
from site_render import rendered_blocks

from snippets_runner.errors import PageError
from snippets_runner.extract import markdown as markdown_module
from snippets_runner.extract.markdown import scan
from snippets_runner.extract.pages import parse_page
from snippets_runner.files import read_page_text
from snippets_runner.model import BlockOptions, Location

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


def test_front_matter_mkdocs_does_not_read_is_body_text() -> None:
    """YAML that does not parse (a fence between `---` lines) is text on the site."""
    found = scan("---\n```console\n~$ x\n```\n---\n", P)
    assert found.front_matter is None
    assert [(r.location.line, r.lines) for r in found.regions] == [(2, ("~$ x",))]


def test_multimarkdown_metadata_is_stripped_as_mkdocs_strips_it() -> None:
    found = scan("Title: t\n    ```console\n    ~$ no\n    ```\n\n```console\n~$ x\n```\n", P)
    assert found.front_matter is None  # metadata, but not YAML: no `snippets` in it
    assert [(r.location.line, r.lines) for r in found.regions] == [(6, ("~$ x",))]


def test_fence_left_open_at_end_of_file() -> None:
    found = scan("# t\n\n```console\n~$ ls\nout\n", P)
    assert found.regions == ()
    assert [str(p) for p in found.problems] == [
        "p.md:3: ```console fence is never closed (the closing line must be '```', "
        "with nothing else), so the site does not show the block"
    ]


def test_only_the_exact_opening_fence_closes() -> None:
    """superfences, unlike CommonMark, does not end a ``` block at `````."""
    assert scan("```console\n~$ x\n```  \n", P).regions[0].end_line == 3
    found = scan("```console\n~$ x\n`````\n", P)
    assert found.regions == ()
    assert "never closed" in found.problems[0].message
    assert "line 3 is not that line" in found.problems[0].message


def test_a_malformed_fence_costs_its_own_block_only() -> None:
    """The blocks before and after an unclosed, dropped or merged fence are read."""
    text = (
        "```console\n~$ echo a\n```\n\n"
        "- item\n\n    ```console\n    ~$ echo dropped\n  ```\n\n"
        "```console\n~$ echo b\n```\n\n"
        "```console\n~$ echo open\n"
    )
    found = scan(text, P)
    assert [(r.location.line, r.lines) for r in found.regions] == [
        (1, ("~$ echo a",)),
        (11, ("~$ echo b",)),
    ]
    assert [(p.location.line, p.message.split(",")[0]) for p in found.problems] == [
        (
            9,
            "the closing line of the ```console fence on line 7 is not indented like its "
            "opening line (it must be '    ```')",
        ),
        (15, "```console fence is never closed (the closing line must be '```'"),
    ]


def test_a_fence_the_site_does_not_open_is_text_and_named() -> None:
    """`timeout=5` (no quotes) is no option superfences accepts: the line is text on the
    site, and the closing line after it opens a fence that takes the next block."""
    text = "```console timeout=5\n~$ echo a\n```\n\n```console\n~$ echo b\n```\n"
    found = scan(text, P)
    assert found.regions == ()
    assert [str(p) for p in found.problems] == [
        "p.md:1: malformed option 'timeout=5': write key=\"value\" or a bare flag "
        "(the site shows this ```console line as text, not as a block)",
        "p.md:5: the site does not show this ```console block: it is inside the ``` block "
        "of lines 3-7; close that fence first",
    ]


def test_tab_indented_lines_are_read_in_the_columns_python_markdown_gives_them() -> None:
    text = "!!! note\n\n    ```console\n\t~$ echo a\n\ta\tb\n    ```\n"
    (region,) = scan(text, P).regions
    assert region.lines == ("~$ echo a", "a\tb") and region.prefix == "    "
    # a tab wider than the block's prefix leaves the rest of its columns as blanks
    (region,) = scan("* item\n\n  ```console\n\t~$ echo a\n  ```\n", P).regions
    assert region.lines == ("  ~$ echo a",)


def test_tab_after_language_is_still_a_console_fence() -> None:
    (region,) = scan("```console\tskip\n~$ x\n```\n", P).regions
    assert region.info == "console\tskip"


def test_a_comment_nothing_closes_hides_nothing() -> None:
    """Python-Markdown shows `<!--` as text when no `-->` follows, and the blocks after it."""
    text = "<!--\n\n```console\n~$ echo a\n```\n"
    assert [r.location.line for r in scan(text, P).regions] == [3]
    assert scan(text + "\n-->\n", P).regions == ()


def test_a_fence_run_into_an_indented_code_block_is_named() -> None:
    """With no blank line after an indented code block, Python-Markdown turns a fence
    back into that block's text: not shown, so not read, and said."""
    found = scan("    code\n```console\n~$ echo a\n```\n", P)
    assert found.regions == ()
    assert [(p.location.line, p.message.split(":")[0]) for p in found.problems] == [
        (2, "the site does not show this ```console block")
    ]


def test_a_quoted_closing_line_without_its_marker_is_named() -> None:
    """superfences closes `> ```console` at `  ```` (as wide as `> `, no marker);
    CommonMark readers end the blockquote before it."""
    found = scan("> ```console\n> ~$ echo a\n  ```\n", P)
    assert found.regions == ()
    assert [p.location.line for p in found.problems] == [3]
    assert "does not start with '> '" in found.problems[0].message


def test_input_that_crashed_the_admonition_rule_parses(  # issue 15: assert, not hope
) -> None:
    assert scan("> - \n> \n    > ", P).regions == ()


def test_a_parser_crash_becomes_a_snippets_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Crashing:
        def parse(self, text: str) -> list[object]:
            raise IndexError("string index out of range")

    monkeypatch.setattr(markdown_module, "_parser", lambda: Crashing())
    with pytest.raises(PageError) as err:
        scan("    t\n", P)  # an indented line: not a plain page, so the parser reads it
    assert (
        str(err.value) == "p.md:1: Markdown parser failed: IndexError('string index out of range')"
    )


# --- the extractor reads exactly the console blocks the site renders ----------------------

PAGES = Path(__file__).parent / "pages"
RENDERED = {
    "admonitions.md": 3,
    "attr_list.md": 4,
    "blockquote.md": 3,
    "comments.md": 1,
    # front matter as MkDocs reads it (extract/frontmatter.py): what it strips is not
    # read, what it leaves (YAML that does not parse) is body text
    "front_matter_multimarkdown.md": 1,
    "front_matter_not_yaml.md": 1,
    "front_matter_takes_lines.md": 1,
    "heredoc_quoted.md": 1,
    "lists.md": 4,
    "md_in_html.md": 3,
    "not_console.md": 1,
    "tabs.md": 3,
}


def test_every_render_fixture_is_listed() -> None:
    assert sorted(p.name for p in (PAGES / "render").glob("*.md")) == sorted(RENDERED)


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_extracted_blocks_are_the_rendered_blocks(name: str) -> None:
    """Same number of blocks, and each with the commands a reader copies and the
    output a reader sees, as Python-Markdown with the site's extensions renders them."""
    path = PAGES / "render" / name
    text = read_page_text(path).text
    rendered = rendered_blocks(text)
    page = parse_page(text, path, "", name)
    assert len(rendered) == RENDERED[name]
    assert [(b.copy, b.output) for b in rendered] == [
        (
            "\n".join(c.text for c in b.commands),
            tuple(x for c in b.commands for x in c.expected.lines),
        )
        for b in page.blocks
    ]


REFUSED = {
    # name: (line, message, blocks the site renders)
    "list_marker.md": (3, "list item's line is shown as inline code", 0),
    "lazy_blockquote.md": (4, "not indented like its ```console fence on line 3", 0),
    "longer_close.md": (3, "never closed", 0),
    "unindented.md": (7, "not indented like its ```console fence on line 5", 0),
    # superfences shows these blocks, but every CommonMark reader (and GitHub's
    # preview) reads a paragraph line here: refused, with the fix.
    "fence_in_paragraph.md": (4, "fence continues the paragraph above it", 1),
    # superfences shows this block, but every CommonMark reader (and GitHub's
    # preview) ends the blockquote at the bare blank line: refused, with the fix.
    "blockquote_blank_line.md": (
        5,
        "an empty line inside a quoted ```console block must keep its '>'",
        1,
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_fences_not_rendered_as_written_are_refused_at_their_line(name: str) -> None:
    """The writer meant a console block that the site does not show as written
    (or shows only by superfences' leniency): say so, at the line, never skip it."""
    path = PAGES / "refused" / name
    text = read_page_text(path).text
    line, message, rendered = REFUSED[name]
    assert len(rendered_blocks(text)) == rendered
    with pytest.raises(PageError) as err:
        parse_page(text, path, "", name)
    assert err.value.location == Location(path, line)
    assert message in err.value.message


def test_every_refused_fixture_is_listed() -> None:
    assert sorted(p.name for p in (PAGES / "refused").glob("*.md")) == sorted(REFUSED)


def _where(page_name: str) -> list[tuple[int, int, str, list[tuple[int, tuple[str, ...], int]]]]:
    """(fence line, closing line, prefix, [(command line, source lines, output line)])."""
    path = PAGES / "render" / page_name
    page = parse_page(read_page_text(path).text, path, "", page_name)
    return [
        (
            b.location.line,
            b.end_line,
            b.prefix,
            [(c.location.line, c.source_lines, c.expected.location.line) for c in b.commands],
        )
        for b in page.blocks
    ]


def test_tab_blocks_have_their_file_lines_and_indent() -> None:
    assert _where("tabs.md") == [
        (5, 8, "    ", [(6, ("~$ echo one",), 7)]),
        (11, 14, "    ", [(12, ("~$ echo two",), 13)]),
        (20, 23, "        ", [(21, ("~$ echo three",), 22)]),
    ]


def test_blockquote_lines_lose_their_marker_and_keep_it_as_prefix() -> None:
    assert _where("blockquote.md") == [
        (5, 11, "> ", [(6, ("~$ echo quoted",), 7), (9, ("~$ printf 'a\\n'",), 10)]),
        (15, 18, "    > ", [(16, ("~$ echo nested",), 17)]),
        (20, 23, ">", [(21, ("~$ echo tight",), 22)]),
    ]
    path = PAGES / "render" / "blockquote.md"
    quoted = parse_page(read_page_text(path).text, path, "", "b").blocks[0]
    # the `>` line inside the block is an empty output line of the first command
    assert quoted.commands[0].expected.lines == ("quoted", "")


def test_md_in_html_blocks_have_their_file_lines() -> None:
    assert _where("md_in_html.md") == [
        (5, 8, "", [(6, ("~$ echo spaced",), 7)]),
        (13, 16, "", [(14, ("~$ echo tight",), 15)]),
        (22, 25, "", [(23, ("~$ echo nested",), 24)]),
    ]


def test_attribute_list_options_are_the_blocks_options() -> None:
    path = PAGES / "render" / "attr_list.md"
    page = parse_page(read_page_text(path).text, path, "", "a")
    assert [b.options for b in page.blocks] == [
        BlockOptions(),
        BlockOptions(timeout=5.0),
        BlockOptions(exit=3),
        BlockOptions(retry=2.0),
    ]


DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("path", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_the_sites_own_pages_extract_what_they_render(path: Path) -> None:
    text = read_page_text(path).text
    page = parse_page(text, path, "", path.name)
    assert [(b.copy, b.output) for b in rendered_blocks(text)] == [
        (
            "\n".join(c.text for c in b.commands),
            tuple(x for c in b.commands for x in c.expected.lines),
        )
        for b in page.blocks
    ]


def test_the_lesson_has_console_blocks_to_compare() -> None:
    """Guards the test above against comparing two empty lists everywhere."""
    assert (
        len(
            parse_page(read_page_text(DOCS / "statefulsets/index.ja.md").text, DOCS, "", "l").blocks
        )
        >= 5
    )
