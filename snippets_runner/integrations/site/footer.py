"""The previous/next links at the foot of a page stay within its nav section."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page as MkDocsPage


def _section(page: Any) -> Any:
    ancestors = getattr(page, "ancestors", None) or []
    return ancestors[-1] if ancestors else None


def keep_footer_links_in_section(page: MkDocsPage) -> None:
    """A lesson's "next" link must not lead readers into the writers' guide.

    Material's footer follows the nav order across sections; between two
    top-level sections (Lessons, Writing) that jump is never what a reader
    wants. Links to and from pages outside any section (the home page) stay.
    """
    here = _section(page)
    for attr in ("next_page", "previous_page"):
        other = getattr(page, attr)
        there = _section(other) if other is not None else None
        if here is not None and there is not None and here is not there:
            setattr(page, attr, None)
