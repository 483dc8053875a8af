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


def test_placeholder_values_keep_their_order() -> None:
    text = 'snippets:\n  placeholders: {"<pod-name>": web-0, YOUR_REGION: "", "<n>": "3"}\n'
    spec = parse_front_matter(text, 2, P)
    assert spec.placeholders == (("<pod-name>", "web-0"), ("YOUR_REGION", ""), ("<n>", "3"))
    assert parse_front_matter("snippets: {cluster: false}\n", 2, P).placeholders == ()


BAD_PLACEHOLDERS = [
    ("snippets:\n  placeholders: [a, b]\n", 3, "snippets.placeholders must be a mapping"),
    ("snippets:\n  secrets: [pw]\n  placeholders: {'': x}\n", 4, "'' is not a placeholder"),
    ("snippets:\n  placeholders: {' ': x}\n", 3, "' ' is not a placeholder"),
    ("snippets:\n  placeholders: {3: x}\n", 3, "3 is not a placeholder"),
    ('snippets:\n  placeholders: {"<a\\nb>": x}\n', 3, "is not a placeholder (one line"),
    ("snippets:\n  placeholders: {'<n>': 3}\n", 3, "['<n>'] must be a string, not int"),
    ("snippets:\n  placeholders: {'<n>': yes}\n", 3, "must be a string, not bool"),
    ("snippets:\n  placeholders: {'<n>':}\n", 3, "must be a string, not NoneType"),
    ("snippets:\n  placeholders: {'<n>': [a]}\n", 3, "must be a string, not list"),
    ('snippets:\n  placeholders:\n    <n>: "a\\nrm -rf /"\n', 3, "must be one line"),
    ("snippets:\n  placeholders: {'<n>': \"a\\tb\"}\n", 3, "without control characters"),
    (f"snippets:\n  placeholders: {{'<n>': {'x' * 1001}}}\n", 3, "at most 1000 characters"),
    (f"snippets:\n  placeholders: {{'<{'n' * 200}>': x}}\n", 3, "at most 200 characters"),
    (
        "snippets:\n  placeholders: {" + ", ".join(f"'<{i}>': x" for i in range(101)) + "}\n",
        3,
        "has 101 values, at most 100",
    ),
    ("snippets: {cluster: false, placeholders: 1}\n", 2, "must be a mapping"),
]


@pytest.mark.parametrize(
    "text,line,message", BAD_PLACEHOLDERS, ids=[case[2] for case in BAD_PLACEHOLDERS]
)
def test_bad_placeholder_values_name_the_line_of_the_key(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(PageError) as err:
        parse_front_matter(text, 2, P)
    assert err.value.location.path == P
    assert err.value.location.line == line
    assert message in err.value.message
