"""Does the site show readers exactly the blocks the runner verifies?

Two parsers read every page: Python-Markdown (through superfences and the
console fence) decides what readers see and copy, markdown-it-py (the
extractor) decides what the runner runs. Wherever they disagree — a fence the
site renders inside a construct the extractor does not enter, a fence the
extractor reads that the site turns into inline code, a tab Markdown expanded —
a reader copies something nobody verified. Comparing the rendered HTML with
the extracted page after every render makes such a divergence a build
warning (fatal under `--strict`) instead of a surprise on a reader's terminal.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from ...errors import PageError
from ...model import DEFAULT_SYNTAX, Location, Page, Syntax
from .console_fence import console_class

_COMMENT = re.compile(r"<!--(?:-?>|.*?(?:--!?>|\Z))", re.S)
"""An HTML comment as a browser ends it: at the first `-->` (or `--!>`), `<!-->` and
`<!--->` already, an unclosed one at the end of the page."""


@functools.cache
def _rendered(languages: tuple[str, ...]) -> re.Pattern[str]:
    """The wrapper `render_console` writes for any of the site's fence languages.

    Prose cannot produce it (its quotes would be escaped).
    """
    classes = "|".join(re.escape(console_class(language)) for language in languages)
    return re.compile(rf'<div class="(?:{classes})"[^>]*?data-copy="([^"]*)"')


def rendered_copy_texts(page_html: str, syntax: Syntax = DEFAULT_SYNTAX) -> list[str]:
    """The `data-copy` text of every console block readers can see, in order.

    Superfences renders a fence inside `<!-- -->` too, but no reader sees it
    and the extractor skips it: blocks inside HTML comments do not count.
    """
    visible = _COMMENT.sub("", page_html)
    return [html.unescape(found) for found in _rendered(syntax.languages).findall(visible)]


def _block_lines(page: Page) -> str:
    return ", ".join(str(block.location.line) for block in page.blocks) or "none"


def compare(page: Page, page_html: str, syntax: Syntax = DEFAULT_SYNTAX) -> Iterator[PageError]:
    """Problems where the rendered page and the extracted page disagree.

    `syntax` is the site's: its fence language names the blocks' class.
    """
    rendered = rendered_copy_texts(page_html, syntax)
    extracted = ["\n".join(c.text for c in block.commands) for block in page.blocks]
    if len(rendered) != len(extracted):
        yield PageError(
            Location(page.path, 1),
            f"the site renders {len(rendered)} console block(s) but snippets-runner reads "
            f"{len(extracted)} (at lines {_block_lines(page)}): readers would see blocks "
            "nobody verifies, or the runner would verify blocks readers never see",
        )
        return
    for block, shown, runs in zip(page.blocks, rendered, extracted, strict=True):
        if shown != runs:
            yield PageError(
                block.location,
                "the copy button would copy different text than snippets-runner runs "
                f"({_first_difference(shown, runs)})",
            )


def _first_difference(shown: str, runs: str) -> str:
    for index, (a, b) in enumerate(zip(shown, runs, strict=False)):
        if a != b:
            return f"at character {index + 1}: site has {a!r}, runner has {b!r}"
    return f"site has {len(shown)} characters, runner has {len(runs)}"
