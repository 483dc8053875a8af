"""The page's lab spec from front matter."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.frontmatter import parse_front_matter

P = Path("docs/lesson/page.md")


def test_lab_paths_resolve_against_the_page() -> None:
    spec = parse_front_matter("title: x\nsnippets:\n  lab: [../lab.yaml]\n  secrets: [pw]\n", 2, P)
    assert spec.manifests == (Path("docs/lab.yaml"),)
    assert spec.secrets == ("pw",)
    assert str(spec.location) == "docs/lesson/page.md:2"


def test_a_page_gets_the_cluster_unless_it_says_cluster_false() -> None:
    assert parse_front_matter(None, 1, P).cluster
    assert parse_front_matter("snippets:\n  secrets: [pw]\n", 2, P).cluster
    assert parse_front_matter("snippets:\n  cluster: true\n", 2, P).cluster
    assert not parse_front_matter("snippets: {cluster: false}\n", 2, P).cluster


def test_no_snippets_key_means_no_lab() -> None:
    assert parse_front_matter("title: x", 2, P).manifests == ()
    assert parse_front_matter(None, 1, P).manifests == ()


@pytest.mark.parametrize(
    "text,line,message",
    [
        ("title: [unclosed\n", 3, "front matter"),
        ("snippets: 3\n", 2, "must be a mapping"),
        ("snippets:\n  labs: []\n", 2, "unknown key(s) under 'snippets': labs"),
        ("snippets:\n  lab: [1]\n", 2, "non-empty strings"),
        ("snippets:\n  cluster: no-thanks\n", 2, "snippets.cluster must be true or false"),
        ("snippets:\n  cluster: false\n  lab: [x.yaml]\n", 2, "the page has a lab"),
    ],
)
def test_bad_front_matter(text: str, line: int, message: str) -> None:
    with pytest.raises(PageError) as err:
        parse_front_matter(text, 2, P)
    assert err.value.location.line == line
    assert message in err.value.message
