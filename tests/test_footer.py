"""Footer links do not jump from one top-level nav section into another."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from snippets_runner.integrations.site.footer import keep_footer_links_in_section

LESSONS, WRITING = object(), object()


def _page(*ancestors: object) -> Any:
    return SimpleNamespace(ancestors=list(ancestors), next_page=None, previous_page=None)


def test_links_across_sections_are_dropped_and_links_within_or_home_kept() -> None:
    home, first, second, guide = _page(), _page(LESSONS), _page(LESSONS), _page(WRITING)
    first.previous_page, first.next_page = home, second
    second.previous_page, second.next_page = first, guide
    guide.previous_page = second
    for page in (first, second, guide):
        keep_footer_links_in_section(page)
    assert (first.previous_page, first.next_page) == (home, second)
    assert (second.previous_page, second.next_page) == (first, None)
    assert guide.previous_page is None


def test_the_top_level_section_decides_not_a_subsection() -> None:
    sub = object()
    page, other = _page(sub, LESSONS), _page(LESSONS)
    page.next_page = other
    keep_footer_links_in_section(page)
    assert page.next_page is other
