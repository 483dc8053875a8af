"""Find the `console` fences of a Markdown page, with their source lines.

markdown-it-py (not a regex) decides the block structure, so a fence nested
in a list, a blockquote, an admonition or a content tab is found exactly when
the site renders it, and its line map gives us real `file:line`s. Where the
site's Python-Markdown + pymdownx.superfences differ from CommonMark, the
site wins, because the runner must read exactly what readers see:

* `site_rules` adds content tabs and lets only HTML comments hide fences;
* a fence on a list item's own line (`- ```console`) is inline code on the
  site, so it is refused with a message rather than silently run or skipped;
* superfences ends a fence only at a line with the same prefix and exactly the
  same fence, and drops a fence whose lines are not all prefixed like its
  opening line; such fences are refused here, never half-read;
* the language may also be given as an attribute list (`{.console}`);
* a fence indented into the paragraph above it is shown by superfences but
  is paragraph text to CommonMark: refused, with the fix.

Known gap: a console fence indented by 4 or more inside a raw HTML block
without `markdown` (`<div>`, blank line, indented fence) is shown by the site
but is an indented code block here; the MkDocs plugin's rendered-vs-extracted
count check reports such a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import PageError
from ..model import DEFAULT_SYNTAX, Location, Syntax
from .options import fence_language
from .site_rules import site_rules

LANGUAGE = DEFAULT_SYNTAX.language
"""The default fence language; a site chooses its own with ``fence-language``."""
_NEWLINE = re.compile(r"\r\n?")
_PREFIX = re.compile(r"[> \t]*")
"""What superfences accepts before a fence: blockquote markers and indentation."""
_OPENER = re.compile(r"[> \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)")


@dataclass(frozen=True)
class Region:
    """A console fence as found in the source, before any meaning is attached."""

    location: Location
    """The opening fence's line."""
    end_line: int
    info: str
    lines: tuple[str, ...]
    """The block's lines without `prefix`."""
    prefix: str
    """What every line of the block starts with in the file (indentation, `> `)."""


@dataclass(frozen=True)
class Scan:
    front_matter: str | None
    front_matter_line: int
    regions: tuple[Region, ...]


@cache
def _parser() -> MarkdownIt:
    """Block structure is all we need: skipping inline parsing (links, emphasis)
    halves the cost without changing which lines are fences."""
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(site_rules)
    return md.disable(["inline", "text_join"])


def is_closing(line: str, prefix: str, markup: str) -> bool:
    """superfences' rule: same prefix, exactly the opening fence, then only blanks."""
    return line.startswith(prefix + markup) and not line[len(prefix + markup) :].strip(" \t")


def unprefixed(line: str, prefix: str) -> str | None:
    """The line without the block's prefix; None when the line lacks it.

    A line that is blank apart from blockquote markers and blanks is an empty
    line of the block, as superfences reads it.
    """
    if line.startswith(prefix):
        return line[len(prefix) :]
    if not line.strip(" \t>") and prefix.startswith(line.rstrip(" \t")):
        return ""
    return None


def _no_fence_in_paragraph(span: list[int], source: list[str], path: Path, language: str) -> None:
    """A console fence indented into the paragraph above it continues that paragraph
    for CommonMark, but superfences shows it as a block: refuse the ambiguity."""
    for number in range(span[0] + 1, span[1]):
        m = _OPENER.match(source[number])
        if m is not None and fence_language(m["info"]) == language:
            raise PageError(
                Location(path, number + 1),
                f"this {m['fence']}{language} fence continues the paragraph above it; "
                "put a blank line before the fence (and no more indentation than its "
                "list or admonition needs)",
            )


def split_lines(text: str) -> list[str]:
    """Split as markdown-it does (only CR/LF end a line), so line maps agree."""
    return _NEWLINE.sub("\n", text).split("\n")


def scan(text: str, path: Path, syntax: Syntax = DEFAULT_SYNTAX) -> Scan:
    """Return the front matter and every console fence of `text`."""
    source_lines = split_lines(text)
    front: str | None = None
    front_line = 1
    regions: list[Region] = []
    try:
        tokens = _parser().parse(text)
    except Exception as exc:  # a plugin bug must not become a writer's traceback
        raise PageError(Location(path, 1), f"Markdown parser failed: {exc!r}") from None
    for token in tokens:
        if token.type == "front_matter":
            front = token.content
            front_line = (token.map[0] if token.map else 0) + 2
            continue
        if token.type == "paragraph_open" and token.map:
            _no_fence_in_paragraph(token.map, source_lines, path, syntax.language)
            continue
        if token.type != "fence" or fence_language(token.info) != syntax.language:
            continue
        assert token.map is not None
        regions.append(
            _region(token.map, token.markup, token.info, source_lines, path, syntax.language)
        )
    return Scan(front, front_line, tuple(regions))


def _region(
    span: list[int], markup: str, info: str, source: list[str], path: Path, language: str
) -> Region:
    start, end = span
    location = Location(path, start + 1)
    opening = source[start]
    prefix = opening[: opening.index(markup)]
    if _PREFIX.fullmatch(prefix) is None:
        raise PageError(
            location,
            f"a {markup}{language} fence on a list item's line is shown as inline code, "
            "not run: put the fence on its own line, indented under the item",
        )
    last = source[end - 1] if end - 1 < len(source) else ""
    after = source[end] if end < len(source) else None
    if (
        ">" in prefix
        and after is not None
        and not after.strip()
        and not is_closing(last, prefix, markup)
    ):
        raise PageError(
            Location(path, end + 1),
            f"an empty line inside a quoted {markup}{language} block must keep its "
            f"{prefix.rstrip()!r}: without it the blockquote ends here",
        )
    if end - start < 2 or not is_closing(last, prefix, markup):
        raise PageError(
            location,
            f"{markup}{language} fence is never closed "
            f"(the closing line must be {prefix + markup!r}, with nothing else)",
        )
    lines: list[str] = []
    for number in range(start + 1, end - 1):
        line = unprefixed(source[number], prefix)
        if line is None:
            raise PageError(
                Location(path, number + 1),
                f"line is not indented like its {markup}{language} fence on line {start + 1} "
                f"(every line must start with {prefix!r}), so the site does not show the block",
            )
        lines.append(line)
    return Region(location, end, info.strip(), tuple(lines), prefix)
