"""A malformed fence costs its own block only, and the rest is read as the site renders it.

Each page of tests/pages/malformed/ is rendered by the real Python-Markdown
with the site's extensions and superfences (the console fence registered as
the `snippets` plugin registers it), with superfences itself telling which
source lines every console block it formats comes from. The extractor must
read exactly the blocks a reader sees there, with the same lines, and name
every other console fence of the page with its `file:line`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.meta import get_data
from pymdownx import superfences

from snippets_runner.extract import fences
from snippets_runner.extract.markdown import scan
from snippets_runner.extract.pages import parse_page_lenient
from snippets_runner.files import read_page_text
from snippets_runner.integrations.site.crosscheck import rendered_copy_texts
from snippets_runner.integrations.site.superfences import register_fence

REPO = Path(__file__).resolve().parents[1]
PAGES = Path(__file__).parent / "pages" / "malformed"


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's `!!python/...` tags (a slugify function, ...) decorate the page,
    they do not decide which fences it has: they load as None and are left out."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def site_markdown(preserve_tabs: bool = True) -> markdown.Markdown:
    """The site's Markdown: MkDocs' defaults, the extensions of mkdocs.yml, content tabs
    and the console fence, as the `snippets` plugin sets it up (`preserve_tabs` on)."""
    data = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    extensions: list[Any] = []
    for entry in data["markdown_extensions"]:
        if isinstance(entry, dict):
            ((name, options),) = entry.items()
            entry = {name: {k: v for k, v in (options or {}).items() if v is not None}}
        extensions.append(entry)
    extensions.append({"pymdownx.tabbed": {"alternate_style": True}})
    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "render",
            "docs_dir": str(REPO / "docs"),
            "markdown_extensions": extensions,
        }
    )
    errors, _ = config.validate()
    assert not errors, errors
    register_fence(config)
    configs: dict[str, Any] = dict(config.mdx_configs)
    configs["pymdownx.superfences"]["preserve_tabs"] = preserve_tabs
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=configs)


@dataclass(frozen=True)
class Shown:
    """A console fence the site formats and a reader sees (outside HTML comments)."""

    line: int
    end_line: int
    source: str
    """What superfences hands the fence: its lines without their prefix."""
    copy: str
    """What the copy button copies (empty when the block is shown as plain code)."""


_MARK = re.compile(r'<sr-test n="(\d+)"></sr-test>')
_COMMENT = re.compile(r"<!--.*?-->", re.S)


@contextmanager
def rendering() -> Iterator[Callable[..., list[Shown]]]:
    """`shown(text, preserve_tabs=True)`: the console fences a reader sees, by superfences."""
    records: list[tuple[int, int, str, str]] = []
    original = superfences.SuperFencesBlockPreprocessor.process_nested_block

    def hooked(self: Any, ws: str, content: str, start: int, end: int) -> Any:
        # Only the pass that formats (with preserve_tabs a raw pass runs first).
        if type(self) is superfences.SuperFencesBlockPreprocessor and self.lang == "console":
            index, formatter = len(records), self.formatter

            def mark(**kw: Any) -> str:
                out = str(formatter(**kw))
                records.append((start, end, kw["src"], out))
                return f'<sr-test n="{index}"></sr-test>' + out

            self.formatter = mark
        return original(self, ws, content, start, end)

    empty: list[int] = []
    raw_store = superfences.SuperFencesRawBlockPreprocessor._store

    def stored(self: Any, source: str, code: str, start: int, end: int) -> Any:
        # superfences restores an empty fence of the first (raw) pass with one line more
        # ("first\n\nlast"): the formatting pass's line numbers shift by one after it.
        if end - start == 2:
            empty.append(start)
        return raw_store(self, source, code, start, end)

    def line(index: int) -> int:
        """The page line (0-based, in the body) of a line of the formatting pass."""
        shift = 0
        for start in sorted(empty):
            if index > start + shift + 1:
                shift += 1
        return index - shift

    def shown(text: str, preserve_tabs: bool = True) -> list[Shown]:
        records.clear()
        empty.clear()
        body, _ = get_data(text)
        offset = text[: len(text) - len(body)].count("\n")
        html = site_markdown(preserve_tabs).reset().convert(body)
        visible = {int(n) for n in _MARK.findall(_COMMENT.sub("", html))}
        return [
            Shown(
                offset + line(start) + 1,
                offset + line(end),
                src,
                "\n".join(rendered_copy_texts(out)),
            )
            for n, (start, end, src, out) in enumerate(records)
            if n in visible
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(superfences.SuperFencesBlockPreprocessor, "process_nested_block", hooked)
        patch.setattr(superfences.SuperFencesRawBlockPreprocessor, "_store", stored)
        yield shown


@pytest.fixture
def render() -> Iterator[Callable[..., list[Shown]]]:
    with rendering() as shown:
        yield shown


def _blank(text: str) -> str:
    """Python-Markdown empties lines of blanks before superfences reads them."""
    return "\n".join("" if not line.strip(" ") else line for line in text.split("\n"))


# page: {line: words of the problem reported there}; every other console fence the
# page shows is read.
MALFORMED: dict[str, dict[int, str]] = {
    "unclosed_at_end.md": {10: "```console fence is never closed"},
    "unclosed_then_fences.md": {
        10: "```console fence has no closing line before the fence on line 16, so the site "
        "shows both as one block, up to line 19",
        16: "the site does not show this ```console block: it is inside the ```console block "
        "of lines 10-19",
    },
    "closing_indented.md": {
        5: "```console fence is not closed by line 8 ('  ```'): the closing line must be '```' "
        "exactly, so the site runs the block on to line 15",
        12: "the site does not show this ```console block: it is inside the ```console block "
        "of lines 5-15",
        24: "the closing line of the ```console fence on line 21 is not indented like its "
        "opening line (it must be '    ```')",
    },
    "tabs.md": {},
    "nested.md": {},
    "longer_close.md": {
        3: "```console fence is not closed by line 6 ('`````')",
        11: "the site does not show this ```console block: it is inside the ```console block "
        "of lines 3-13",
    },
    "tildes.md": {23: "~~~console fence is never closed (the closing line must be '~~~'"},
}


def test_every_malformed_fixture_is_listed() -> None:
    assert sorted(p.name for p in PAGES.glob("*.md")) == sorted(MALFORMED)


def disagreements(text: str, shown: list[Shown]) -> list[str]:
    """Where the extractor and the site part: a block a reader sees that is neither read
    (with its lines) nor named by a problem on one of its lines, or a block read that no
    reader sees."""
    found = scan(text, Path("p.md"))
    read = {region.location.line: region for region in found.regions}
    named = [problem.location.line for problem in found.problems]
    wrong = []
    for block in shown:
        region = read.pop(block.line, None)
        if region is None:
            if not any(block.line <= line <= block.end_line for line in named):
                wrong.append(f"{block.line}: shown, but neither read nor named")
        elif (region.end_line, _blank("\n".join(region.lines))) != (
            block.end_line,
            _blank(block.source),
        ):
            wrong.append(f"{block.line}: read as {region}, shown as {block}")
    wrong += [f"{line}: read, but no reader sees it" for line in sorted(read)]
    return wrong


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_the_extractor_reads_what_the_site_shows_and_names_the_rest(name: str, render: Any) -> None:
    path = PAGES / name
    text = read_page_text(path).text
    page, problems = parse_page_lenient(text, path, "", name)
    shown = render(text)
    assert {p.location.line: p.message for p in problems}.keys() == MALFORMED[name].keys(), [
        str(p) for p in problems
    ]
    for problem in problems:
        assert problem.location.path == path
        assert MALFORMED[name][problem.location.line] in problem.message
    assert disagreements(text, shown) == []
    # and what a reader copies is what the runner runs
    copies = {block.line: block.copy for block in shown}
    assert {b.location.line: "\n".join(c.text for c in b.commands) for b in page.blocks} == {
        line: copies[line] for line in copies if line not in MALFORMED[name]
    }


# Lines that make and break fences, in the places fences go: random pages of them.
_PREFIXES = ["", "  ", "    ", "\t", "      ", "> ", "    > ", "\t> "]
_FENCE_LINES = [
    prefix + fence + info
    for prefix in _PREFIXES
    for fence in ("```", "````", "~~~")
    for info in ("console", "", "bash", " console skip", "console x=1")
]
_OTHER_LINES = [
    "",
    "",
    "text",
    "- item",
    "1. step",
    "!!! note",
    '=== "Tab"',
    ">",
    "~$ echo a",
    "a\tb",
    "<!--",
    "-->",
    "- ```console",
]
_page_lines = st.lists(
    st.sampled_from(_FENCE_LINES)
    | st.sampled_from(_OTHER_LINES)
    | st.tuples(st.sampled_from(_PREFIXES), st.sampled_from(["~$ echo b", "b", "\tc"])).map(
        "".join
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_page_lines)
@example(["```console", "~$ echo a", "  ```", "text", "```console", "~$ echo b", "```"])
@example(["- item", "", "    ```console", "\t~$ echo a", "  ```", "```console", "b", "```"])
@example(["> ````console", "> ````", "```console", "~$ echo a", "```"])
@example(["> ~~~ console skip", "  ~~~"])
@example(["\tc", "~~~console", "~~~"])
@example(["    ```console", "```console", "```console", "```"])
@example(["<!--", "```console", "~$ echo a", "```"])
@example(["<!--", "```console", "-->", "```", "-->", "```console", "```"])
def test_on_any_page_the_extractor_reads_what_the_site_shows(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    with rendering() as shown:
        assert disagreements(text, shown(text)) == []


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_without_preserve_tabs_the_site_shows_the_same_fences(name: str, render: Any) -> None:
    """The corpus' sites render without the plugin (tabs expanded everywhere): the fences
    are the same ones, only tabs inside the lines differ."""
    text = read_page_text(PAGES / name).text
    assert [(b.line, b.end_line) for b in render(text, preserve_tabs=False)] == [
        (b.line, b.end_line) for b in render(text)
    ]


def test_a_tab_indented_line_in_an_admonition_is_part_of_the_block() -> None:
    path = PAGES / "tabs.md"
    page, problems = parse_page_lenient(read_page_text(path).text, path, "", "tabs.md")
    assert problems == []
    assert [(c.text, c.expected.lines) for c in page.commands] == [
        ("echo tab in a note", ("tab in a note",)),
        ("printf 'a\\tb\\n'", ("a\tb",)),
        ("echo tabbed", ("tabbed",)),
        ("echo tab and spaces", ("tab and spaces",)),
    ]
    assert [b.prefix for b in page.blocks] == ["    ", "    ", "\t", "        "]


def test_the_ported_scan_is_superfences_own() -> None:
    """The patterns are copies (the extractor does not load Python-Markdown for every
    page): they must stay the ones of the installed superfences."""
    assert fences.OPENING.pattern == superfences.RE_NESTED_FENCE_START.pattern
    assert fences._OPTION.pattern == superfences.RE_OPTIONS.pattern
    assert fences._HL_LINES.pattern == superfences.RE_HL_LINES.pattern
    assert fences._LINENUMS.pattern == superfences.RE_LINENUMS.pattern
