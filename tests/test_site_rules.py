"""markdown-it rules for what the site's Python-Markdown does differently from CommonMark."""

from markdown_it import MarkdownIt

from snippets_runner.extract.site_rules import site_rules


def fences(text: str) -> list[tuple[int, str]]:
    md = MarkdownIt("commonmark").use(site_rules)
    return [(t.map[0] + 1, t.info) for t in md.parse(text) if t.type == "fence" and t.map]


def test_tab_content_is_markdown_not_an_indented_code_block() -> None:
    assert fences('=== "A"\n\n    ```console\n    ~$ a\n    ```\n') == [(3, "console")]
    assert fences('===+ "B"\n    ```sh\n    x\n    ```\n') == [(2, "sh")]


def test_tab_ends_at_the_first_line_not_indented_into_it() -> None:
    text = '=== "A"\n\n    text\n\n```console\n~$ a\n```\n'
    md = MarkdownIt("commonmark").use(site_rules)
    tokens = md.parse(text)
    (tab,) = [t for t in tokens if t.type == "tabbed_open"]
    assert tab.map == [0, 3]
    assert fences(text) == [(5, "console")]


def test_title_must_be_quoted_as_in_pymdownx_tabbed() -> None:
    assert fences("=== A\n\n    ```console\n    ~$ a\n    ```\n") == []


def test_html_does_not_hide_fences_but_comments_do() -> None:
    assert fences("<div>\n```console\n~$ a\n```\n</div>\n") == [(2, "console")]
    assert fences("<!--\n```console\n~$ a\n```\n-->\n") == []
    assert fences("<!--\n\n```console\n~$ a\n```\n\n-->\n\n```x\n```\n") == [(9, "x")]


def test_admonitions_keep_working_and_a_line_at_the_end_does_not_crash() -> None:
    assert fences("!!! note\n\n    ```console\n    ~$ a\n    ```\n") == [(3, "console")]
    assert fences("> - \n> \n    > ") == []


def test_blank_lines_do_not_end_an_admonition_as_in_python_markdown() -> None:
    text = "!!! note\n\n    ```console\n    ~$ a\n\n\n    ```\n"
    assert fences(text) == [(3, "console")]
    md = MarkdownIt("commonmark").use(site_rules)
    (fence,) = [t for t in md.parse(text) if t.type == "fence"]
    assert fence.map == [2, 7]  # opening on line 3, closing on line 7


def test_details_markers() -> None:
    for marker in ("???", "???+"):
        assert fences(f'{marker} tip "T"\n    ```console\n    ~$ a\n    ```\n') == [(2, "console")]
