"""Find the `console` fences of a Markdown page, with their source lines.

markdown-it-py (not a regex) decides what is a fence, so a fence nested in a
list or a Material admonition is found exactly when the site renders it, and
its line map gives us real `file:line`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..errors import PageError
from ..model import Location

LANGUAGE = "console"
_NEWLINE = re.compile(r"\r\n?")
_LIST_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t])")


@dataclass(frozen=True)
class Region:
    """A console fence as found in the source, before any meaning is attached."""

    location: Location
    """The opening fence's line."""
    end_line: int
    info: str
    lines: tuple[str, ...]
    indent: str


@dataclass(frozen=True)
class Scan:
    front_matter: str | None
    front_matter_line: int
    regions: tuple[Region, ...]


@cache
def _parser() -> MarkdownIt:
    """Block structure is all we need: skipping inline parsing (links, emphasis)
    halves the cost without changing which lines are fences."""
    md = MarkdownIt("commonmark").use(front_matter_plugin).use(admon_plugin)
    return md.disable(["inline", "text_join"])


def _is_closing(line: str, markup: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(markup) and set(stripped) == {markup[0]}


def split_lines(text: str) -> list[str]:
    """Split as markdown-it does (only CR/LF end a line), so line maps agree."""
    return _NEWLINE.sub("\n", text).split("\n")


def scan(text: str, path: Path) -> Scan:
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
        if token.type != "fence" or (token.info.split() or [""])[0] != LANGUAGE:
            continue
        assert token.map is not None
        start, end = token.map
        location = Location(path, start + 1)
        last = source_lines[end - 1] if end - 1 < len(source_lines) else ""
        if end - start < 2 or not _is_closing(last, token.markup):
            raise PageError(location, f"{token.markup}{LANGUAGE} fence is never closed")
        opening = source_lines[start]
        # A fence opened on a list item's line (`- ```console`) has its body
        # indented by spaces where the marker stood; blockquote `>` stays.
        indent = _LIST_MARKER.sub(
            lambda m: " " * len(m.group()), opening[: opening.index(token.markup[0])]
        )
        lines = tuple(split_lines(token.content)[:-1])
        regions.append(Region(location, end, token.info.strip(), lines, indent))
    return Scan(front, front_line, tuple(regions))
