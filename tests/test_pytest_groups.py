"""pytest_groups.py: the xdist groups that keep lessons sharing a namespace apart in time."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.integrations.suite.groups import _groups


def test_lessons_that_share_a_namespace_through_another_share_one_group() -> None:
    """{a, b} and {b, c} touch b both: equal sets alone would let them overlap."""
    site = Path("mkdocs.yml")
    groups = _groups(
        {
            (site, "x.md"): frozenset({"a", "b"}),
            (site, "y.md"): frozenset({"b", "c"}),
            (site, "z.md"): frozenset({"d"}),
            (site, "plain.md"): frozenset(),
            (site, "w.md"): frozenset({"c"}),
        }
    )
    assert groups[(site, "x.md")] == groups[(site, "y.md")] == groups[(site, "w.md")]
    assert groups[(site, "x.md")] == "snippets:a,b,c"
    assert len({groups[(site, "z.md")], groups[(site, "plain.md")], groups[(site, "x.md")]}) == 3
