"""Front matter as MkDocs reads it (`mkdocs.utils.meta.get_data`), and the page's lab spec."""

from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from snippets_runner.errors import PageError
from snippets_runner.extract.frontmatter import lab_spec, published_text, read_front_matter
from snippets_runner.extract.markdown import split_lines

P = Path("docs/lesson/page.md")

PAGES = {
    "yaml": "---\ntitle: x\n---\n# H\n",
    "yaml, dots close it": "---\ntitle: x\n...\nbody\n",
    "yaml, blanks after the markers": "---  \ntitle: x\n---\t\nbody\n",
    "yaml, blank lines after it": "---\ntitle: x\n---\n\n\n# H\n",
    "yaml, an empty mapping": "---\n{}\n---\nbody\n",
    "yaml, nested": "---\nsnippets:\n  lab: [a.yaml]\ntags:\n  - a\n---\nbody\n",
    "yaml, the first closing line ends it": "---\na: 1\n---\nb: 2\n---\nbody\n",
    "yaml that does not parse": "---\ntitle: [unclosed\n---\nbody\n",
    "yaml that is a list": "---\n- a\n- b\n---\nbody\n",
    "yaml that is a string": "---\njust some text\n---\nbody\n",
    "yaml that is only a comment": "---\n# a comment\n---\nbody\n",
    "a fence between rules": "---\n```console\n~$ ls\n```\n---\nbody\n",
    "two rules": "---\n---\nbody\n",
    "a blank line between rules": "---\n\n---\nbody\n",
    "no line break after the closing line": "---\ntitle: x\n---",
    "never closed": "---\ntitle: x\n\nbody\n",
    "four dashes": "----\ntitle: x\n----\nbody\n",
    "an indented closing line": "---\ntitle: x\n  ---\nbody\n",
    "text after the opening dashes": "--- x\ntitle: x\n---\nbody\n",
    "a closing line with text after it": "---\ntitle: a\n---more\n---\nbody\n",
    "a byte-order mark": "\ufeff---\ntitle: x\n---\nbody\n",
    "CRLF": "---\r\ntitle: x\r\n---\r\nbody\r\n",
    "CR": "---\rtitle: x\r---\rbody\r",
    "multimarkdown": "Title: My page\nAuthors: a\n    b\n\n# H\n",
    "multimarkdown, a repeated key": "tags: a\nTags: b\n\nbody\n",
    "multimarkdown without a blank line after it": "Title: x\n# H\n",
    "multimarkdown, indented up to three": "   key_1: v\n\nbody\n",
    "multimarkdown swallows an indented fence": "key: v\n    ```console\n    ~$ ls\n    ```\n",
    "a heading": "# H\n\ntext\n",
    "prose that looks like a key": "Note: this page is long.\nIt goes on.\n",
    "a URL on the first line": "https://example.com\n",
    "empty": "",
    "blank lines first": "\n\n# H\n",
    "only front matter": "---\ntitle: x\n---\n",
}


def mkdocs(text: str) -> tuple[str, dict[str, object]]:
    """What MkDocs renders and its page.meta (it reads pages as utf-8-sig, universal newlines)."""
    doc = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return get_data(doc)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_front_matter_is_what_mkdocs_strips(name: str) -> None:
    text = PAGES[name]
    body, meta = mkdocs(text)
    front = read_front_matter(text)
    assert dict(front.meta) == meta
    lines = split_lines(text.removeprefix("\ufeff"))
    assert "\n".join(lines[front.lines :]).lstrip("\n") == body
    assert published_text(text).replace("\r\n", "\n").replace("\r", "\n").lstrip("\n") == body


def test_yaml_front_matter_text_and_first_line() -> None:
    front = read_front_matter("---\na: 1\nb: 2\n---\n\nbody\n")
    assert front.yaml == "a: 1\nb: 2"
    assert front.first_line == 2 and front.lines == 4
    assert read_front_matter("Title: x\n\nbody\n").yaml is None  # not YAML: no `snippets` there
    assert read_front_matter("---\n- a\n---\nbody\n").lines == 0


def test_published_text_without_front_matter_is_the_page_itself() -> None:
    for kept in ("# T\n---\na: b\n---\nx\n", " ---\na: b\n---\nx\n", "x\n", "---\n[x\n---\n"):
        assert published_text(kept) == kept


# --- the `snippets` key: the lab the page needs -------------------------------------------------


def spec_of(front: str) -> object:
    return lab_spec(f"---\n{front}---\n\n# T\n", P)


def test_lab_paths_resolve_against_the_page() -> None:
    spec = lab_spec("---\ntitle: x\nsnippets:\n  lab: [../lab.yaml]\n  secrets: [pw]\n---\n", P)
    assert spec.manifests == (Path("docs/lab.yaml"),)
    assert spec.secrets == ("pw",)
    assert str(spec.location) == "docs/lesson/page.md:2"


def test_a_page_gets_the_cluster_unless_it_says_cluster_false() -> None:
    assert lab_spec("# T\n", P).cluster
    assert lab_spec("---\nsnippets:\n  secrets: [pw]\n---\n", P).cluster
    assert lab_spec("---\nsnippets:\n  cluster: true\n---\n", P).cluster
    assert not lab_spec("---\nsnippets: {cluster: false}\n---\n", P).cluster


def test_no_snippets_key_means_no_lab() -> None:
    assert lab_spec("---\ntitle: x\n---\n", P).manifests == ()
    assert lab_spec("# T\n", P).manifests == ()


@pytest.mark.parametrize(
    "front,line,message",
    [
        ("snippets: 3\n", 2, "must be a mapping"),
        ("snippets:\n  labs: []\n", 2, "unknown key(s) under 'snippets': labs"),
        ("snippets:\n  lab: [1]\n", 2, "non-empty strings"),
        ("snippets:\n  cluster: no-thanks\n", 2, "snippets.cluster must be true or false"),
        ("snippets:\n  cluster: false\n  lab: [x.yaml]\n", 2, "the page has a lab"),
    ],
)
def test_bad_snippets_settings(front: str, line: int, message: str) -> None:
    with pytest.raises(PageError) as err:
        lab_spec(f"---\n{front}---\n\n# T\n", P)
    assert err.value.location.line == line
    assert message in err.value.message


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: [unclosed\n---\nbody\n",  # MkDocs shows it as text, and so do we
        "---\n- a\n---\nbody\n",
        "----\ntitle: x\n----\nbody\n",
        "Title: x\nsnippets_note: y\n\nbody\n",
    ],
)
def test_front_matter_mkdocs_tolerates_is_no_error(text: str) -> None:
    assert lab_spec(text, P).manifests == ()


@pytest.mark.parametrize(
    "text,line,message",
    [
        # the writer's snippets settings in a block MkDocs does not read as front matter
        (
            "---\nsnippets:\n  lab: [a.yaml]\ntitle: [unclosed\n---\nbody\n",
            5,
            "front matter: did not find expected ',' or ']'",
        ),
        ("---\nsnippets:[a.yaml]\n---\nbody\n", 2, "not a mapping"),  # a string
        ("----\nsnippets:\n  lab: [a.yaml]\n----\nbody\n", 2, "'---'"),
        ("---\nsnippets:\n  lab: [a.yaml]\n\nbody\n", 2, "never closed"),
        ("---\nsnippets:\n  lab: [a.yaml]\n  ---\nbody\n---\n", 5, "front matter: could not"),
        ("---\nsnippets: {lab: [a.yaml]}\n---", 2, "line break"),
        # MultiMarkdown metadata holds only text
        ("Title: x\nSnippets: lab\n\nbody\n", 2, "YAML front matter"),
    ],
)
def test_snippets_settings_mkdocs_would_not_read_are_an_error(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(PageError) as err:
        lab_spec(text, P)
    assert err.value.location.line == line
    assert message in err.value.message
    assert not isinstance(mkdocs(text)[1].get("snippets"), dict)  # MkDocs indeed does not


@pytest.mark.parametrize(
    "secrets", ["[*Hunter2-Declared]", "[!Hunter2-Declared]", '["Hunter2-Declared]']
)
def test_broken_front_matter_is_told_without_its_declared_secrets(secrets: str) -> None:
    """Front matter declares the page's secrets; PyYAML's message names an alias or a tag as
    written, and its marks quote the line: the error says where and what, not the text."""
    with pytest.raises(PageError) as err:
        lab_spec(f"---\nsnippets:\n  secrets: {secrets}\n---\nbody\n", P)
    assert err.value.location.line in (3, 4)
    assert "front matter: " in err.value.message and "Hunter2" not in str(err.value)


def test_placeholder_values_keep_their_order() -> None:
    text = 'snippets:\n  placeholders: {"<pod-name>": web-0, YOUR_REGION: "", "<n>": "3"}\n'
    spec = lab_spec(f"---\n{text}---\nbody\n", P)
    assert spec.placeholders == (("<pod-name>", "web-0"), ("YOUR_REGION", ""), ("<n>", "3"))
    assert lab_spec("---\nsnippets: {cluster: false}\n---\nbody\n", P).placeholders == ()


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
        lab_spec(f"---\n{text}---\nbody\n", P)
    assert err.value.location.path == P
    assert err.value.location.line == line
    assert message in err.value.message
