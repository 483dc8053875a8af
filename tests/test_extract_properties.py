"""Property tests: generated valid pages extract to exactly what was generated.

The generator builds the *model* first (blocks of commands with their source
lines and published output, options, the container the block sits in) and
writes it as Markdown; extraction must give back exactly that model, with the
right file lines. Every generated page is valid by construction: no line of a
block can end it early (a fence-like line), no heredoc body can hold its
terminator, no command can be cut off by a trailing backslash, and no quote
can swallow a heredoc opener. A second property compares the extractor with
Python-Markdown's real rendering of the same generated pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st
from site_render import rendered_blocks

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import parse_page, parse_page_lenient
from snippets_runner.model import BlockOptions, Page

P = Path("gen.md")

# Printable text without line breaks (markdown-it only breaks on CR/LF, and the
# site expands tabs, so tabs are not part of what a generated block line holds;
# tab-indented containers below put them in the indentation only).
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n")


def _fence_like(line: str) -> bool:
    """A line that could open or close a fence: never inside a generated block."""
    return line.lstrip(" ").startswith(("```", "~~~"))


# Command words: bash quoting is generated on purpose below (balanced), so the
# free text holds no quote, escape, comment or substitution-closing characters.
_word_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n'\"`\\#()")
_word = st.text(_word_chars, min_size=1, max_size=30).filter(
    lambda s: s.strip() and "<<" not in s and not _fence_like(s)
)
_quoted = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n'"), max_size=12
).map(lambda s: f"'{s}'")


@st.composite
def _command_line(draw: st.DrawFn) -> str:
    parts = draw(st.lists(_word | _quoted, min_size=1, max_size=3))
    line = " ".join(parts).rstrip("\\")
    return line if line.strip() and not _fence_like(line) else "true"


@dataclass(frozen=True)
class GenCommand:
    source: tuple[str, ...]
    """Source lines as written: prompt line, continuations, heredoc body."""
    output: tuple[str, ...]

    @property
    def text(self) -> str:
        first, *rest = self.source
        return "\n".join([first.removeprefix("~$").removeprefix(" "), *rest])


@dataclass(frozen=True)
class GenBlock:
    options: BlockOptions
    commands: tuple[GenCommand, ...]
    fence: str = "```"
    attribute_list: bool = False


@st.composite
def command(draw: st.DrawFn) -> GenCommand:
    parts = [draw(_command_line()) for _ in range(draw(st.integers(1, 3)))]
    lines = [p + " \\" for p in parts[:-1]] + [parts[-1]]
    lines[0] = ("~$ " if draw(st.booleans()) else "~$") + lines[0]
    if draw(st.booleans()):
        body = draw(st.lists(_word.filter(lambda s: s != "EOF"), max_size=3))
        lines[-1] += " <<'EOF'"
        lines += [*body, "EOF"]
    output = draw(st.lists(_output_line, max_size=4))
    return GenCommand(tuple(lines), tuple(output))


_output_line = st.one_of(
    st.just("[...]"),
    st.text(_chars, max_size=40).filter(lambda s: not s.lstrip(" ").startswith(("~", "`"))),
)


@st.composite
def block(draw: st.DrawFn) -> GenBlock:
    options = BlockOptions(
        timeout=draw(st.none() | st.sampled_from([1.0, 2.5, 90.0])),
        retry=draw(st.none() | st.just(30.0)),
        exit=draw(st.sampled_from([0, 1, 255])),
        skip=draw(st.booleans()),
    )
    commands = tuple(draw(st.lists(command(), min_size=1, max_size=3)))
    return GenBlock(
        options, commands, draw(st.sampled_from(["```", "~~~", "````"])), draw(st.booleans())
    )


CONTAINERS: dict[str, tuple[str, str, str]] = {
    # name: (lines before the block, prefix of every block line, lines after)
    "top": ("", "", ""),
    "list": ("- item\n\n", "    ", ""),
    "ordered": ("1. item\n\n", "    ", ""),
    "admonition": ("!!! note\n\n", "    ", ""),
    # Python-Markdown expands a tab to the next column of 4: the same block
    "admonition, tab-indented": ("!!! note\n\n", "\t", ""),
    "list, tab-indented": ("- item\n\n", "\t", ""),
    "details": ('??? tip "More"\n\n', "    ", ""),
    "tab": ('=== "Tab"\n\n', "    ", ""),
    "tab in admonition": ('!!! note\n\n    === "Tab"\n\n', "        ", ""),
    "blockquote": ("> Quote:\n>\n", "> ", ""),
    "md_in_html": ("<div markdown>\n\n", "", "\n</div>\n"),
}


def info(block: GenBlock) -> str:
    opts = block.options
    values = []
    if opts.timeout is not None:
        values.append(f'timeout="{opts.timeout:g}"')
    if opts.retry is not None:
        values.append(f'retry="{opts.retry:g}"')
    if opts.exit:
        values.append(f'exit="{opts.exit}"')
    if block.attribute_list:
        return "{" + " ".join([".console", *values, *(['skip="skip"'] if opts.skip else [])]) + "}"
    return " ".join(["console", *values, *(["skip"] if opts.skip else [])])


@dataclass(frozen=True)
class Expected:
    """One block as the extractor must report it, with file lines."""

    fence_line: int
    end_line: int
    prefix: str
    options: BlockOptions
    commands: tuple[tuple[int, str, tuple[str, ...], tuple[str, ...], int], ...]
    """(line, text, source lines, output lines, output line) per command."""


def page_text(blocks: list[tuple[str, GenBlock]]) -> tuple[str, list[Expected]]:
    """The Markdown page and what extraction must find in it."""
    out = ["# Generated", ""]
    expected: list[Expected] = []
    for container, gen in blocks:
        before, prefix, after = CONTAINERS[container]
        out += before.splitlines()
        fence_line = len(out) + 1
        body: list[str] = [gen.fence + info(gen)]
        commands = []
        for cmd in gen.commands:
            line = fence_line + len(body)
            out_line = line + len(cmd.source)
            commands.append((line, cmd.text, cmd.source, cmd.output, out_line))
            body += [*cmd.source, *cmd.output]
        body.append(gen.fence)
        out += [prefix + b if b else prefix.rstrip() for b in body]
        expected.append(Expected(fence_line, len(out), prefix, gen.options, tuple(commands)))
        out += after.splitlines()
        out.append("")
    return "\n".join(out) + "\n", expected


def found(page: Page) -> list[Expected]:
    return [
        Expected(
            b.location.line,
            b.end_line,
            b.prefix,
            b.options,
            tuple(
                (
                    c.location.line,
                    c.text,
                    c.source_lines,
                    c.expected.lines,
                    c.expected.location.line,
                )
                for c in b.commands
            ),
        )
        for b in page.blocks
    ]


pages = st.lists(st.tuples(st.sampled_from(sorted(CONTAINERS)), block()), min_size=1, max_size=4)

# Inputs that once broke the old generator (a fence line in a heredoc body, a
# fence line as the last continuation line): close to the edge, but valid.
_NEAR_FENCE = GenBlock(
    BlockOptions(),
    (
        GenCommand(("~$ cat a \\", "  x ``` \\", "  ```x"), ()),
        GenCommand(("~$ cat <<'EOF'", "`` ``", " ~~", "EOF"), ("``x",)),
    ),
)
_QUOTED_HEREDOC = GenBlock(
    BlockOptions(skip=True),
    (GenCommand(("~$ echo '<<EOF' x",), ("<<EOF x",)),),
    fence="~~~",
    attribute_list=True,
)


@settings(max_examples=200, deadline=None)
@given(pages)
@example([("top", _NEAR_FENCE)])
@example([("blockquote", _NEAR_FENCE), ("tab in admonition", _QUOTED_HEREDOC)])
def test_extraction_gives_back_exactly_the_generated_blocks(
    blocks: list[tuple[str, GenBlock]],
) -> None:
    text, expected = page_text(blocks)
    assert found(parse_page(text, P, "en", "gen.md")) == expected


def _shown(lines: tuple[str, ...]) -> tuple[str, ...]:
    """What a reader sees of output lines: Python-Markdown turns a whitespace-only
    line into an empty one, and the fence renderer drops the block's trailing
    empty lines (the extractor keeps them: the runner must expect them)."""
    shown = tuple(line if line.strip(" ") else "" for line in lines)
    while shown and not shown[-1]:
        shown = shown[:-1]
    return shown


@settings(max_examples=60, deadline=None)
@given(pages)
@example([("top", _NEAR_FENCE), ("md_in_html", _QUOTED_HEREDOC)])
def test_extraction_agrees_with_the_sites_rendering(blocks: list[tuple[str, GenBlock]]) -> None:
    text, _ = page_text(blocks)
    page = parse_page(text, P, "en", "gen.md")
    rendered = rendered_blocks(text)
    assert [(b.copy, _shown(b.output)) for b in rendered] == [
        (
            "\n".join(c.text for c in b.commands),
            _shown(tuple(x for c in b.commands for x in c.expected.lines)),
        )
        for b in page.blocks
    ]


@settings(max_examples=100, deadline=None)
@given(pages)
def test_a_fence_left_open_at_the_end_costs_only_its_own_block(
    blocks: list[tuple[str, GenBlock]],
) -> None:
    text, expected = page_text(blocks)
    open_line = text.count("\n") + 2
    page, problems = parse_page_lenient(text + "\n```console\n~$ echo open\n", P, "en", "gen.md")
    assert found(page) == expected
    assert [(p.location.line, p.message.split(" (")[0]) for p in problems] == [
        (open_line, "```console fence is never closed")
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.builds("```console\n{}".format, st.text(max_size=200)))
def test_garbage_raises_only_snippets_error(text: str) -> None:
    try:
        parse_page(text, P, "", "gen.md")
    except PageError as exc:
        assert exc.location.path == P and exc.location.line >= 1
