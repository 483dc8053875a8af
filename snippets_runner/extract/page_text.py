"""What a page publishes: its text as readers see it, without its front matter.

The front matter lists the page's `secrets` and is never shown on the site,
so a value written only there is not published; everything else (prose,
commands, published output) is, and the Masker leaves such values visible
in that page's reports.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

BOM = "\ufeff"


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).disable(["inline", "text_join"])


def published_text(text: str) -> str:
    """``text`` without a leading byte-order mark and without its front matter."""
    text = text.removeprefix(BOM)
    if not text.startswith("---"):  # front matter opens the first line, or there is none
        return text
    for token in _parser().parse(text):
        if token.type == "front_matter" and token.map is not None:
            lines = text.split("\n")
            return "\n".join(lines[token.map[1] :])
    return text


def read_published(path: Path) -> str:
    """The published text of the page file ``path`` ("" if it cannot be read: mask everything)."""
    try:
        return published_text(path.read_bytes().decode("utf-8", errors="replace"))
    except OSError:
        return ""
