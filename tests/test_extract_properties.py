"""Property tests: generated pages round-trip, and garbage only ever raises PageError."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import parse_page
from snippets_runner.model import BlockOptions, Page
from snippets_runner.render import block_lines

P = Path("gen.md")
# Printable text without line breaks (markdown-it only breaks on CR/LF).
_chars = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\r\n")
_word = st.text(_chars, min_size=1, max_size=30).filter(lambda s: s.strip() and "<<" not in s)


@st.composite
def command_source(draw: st.DrawFn) -> list[str]:
    head = draw(_word).rstrip("\\")
    head = head if head.strip() else "true"
    conts = draw(st.lists(_word.map(lambda s: s.rstrip("\\") or "x"), max_size=2))
    parts = [head, *conts]
    lines = [p + " \\" for p in parts[:-1]] + [parts[-1]]
    lines[0] = "~$ " + lines[0] if draw(st.booleans()) else "~$" + lines[0]
    if draw(st.booleans()):
        body = draw(st.lists(_word.filter(lambda s: s != "EOF"), max_size=3))
        lines[-1] += " <<'EOF'"
        lines += [*body, "EOF"]
    return lines


_output_line = st.one_of(
    st.just("[...]"),
    st.text(_chars, max_size=40).filter(lambda s: not s.lstrip().startswith(("~", "`"))),
)


@st.composite
def block_source(draw: st.DrawFn) -> tuple[BlockOptions, list[str]]:
    options = BlockOptions(
        timeout=draw(st.none() | st.sampled_from([1.0, 2.5, 90.0])),
        retry=draw(st.none() | st.just(30.0)),
        exit=draw(st.sampled_from([0, 1, 255])),
        skip=draw(st.booleans()),
    )
    body: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        body += draw(command_source()) + draw(st.lists(_output_line, max_size=4))
    return options, body


def page_text(blocks: list[tuple[BlockOptions, list[str]]], indent: str) -> str:
    from snippets_runner.extract.options import render_info

    parts = ["# Generated", ""]
    for options, body in blocks:
        lead = "- item\n\n" if indent else ""
        fenced = [f"```{render_info(options)}", *body, "```"]
        parts.append(lead + "\n".join(indent + line if line else line for line in fenced) + "\n")
    return "\n".join(parts)


@settings(max_examples=150, deadline=None)
@given(st.lists(block_source(), min_size=1, max_size=4), st.sampled_from(["", "    "]))
def test_round_trip(blocks: list[tuple[BlockOptions, list[str]]], indent: str) -> None:
    page = parse_page(page_text(blocks, indent), P, "en", "gen.md")
    assert [b.options for b in page.blocks] == [options for options, _ in blocks]
    rendered = [block_lines(b)[1:-1] for b in page.blocks]
    assert rendered == [body for _, body in blocks]
    again = parse_page(
        "\n\n".join("\n".join(block_lines(b)) for b in page.blocks) + "\n", P, "en", "gen.md"
    )
    assert strip_locations(again) == strip_locations(page)


def strip_locations(page: Page) -> list[object]:
    return [
        (b.options, [(c.text, c.source_lines, c.expected.lines, c.index) for c in b.commands])
        for b in page.blocks
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.builds("```console\n{}".format, st.text(max_size=200)))
def test_garbage_raises_only_snippets_error(text: str) -> None:
    try:
        parse_page(text, P, "", "gen.md")
    except PageError as exc:
        assert exc.location.path == P and exc.location.line >= 1
