"""The rendered page against the extracted page: count and copy text of every block."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown  # type: ignore[import-untyped]

from snippets_runner.extract.pages import parse_page
from snippets_runner.integrations.site.console_fence import custom_fence
from snippets_runner.integrations.site.crosscheck import compare, rendered_copy_texts
from snippets_runner.model import DEFAULT_SYNTAX, Syntax

PAGE = """\
# Page

```console
~$ printf 'a\\tb\\n'
a	b
```

Some prose.

```console
~$ cat <<-EOF
\tindented
\tEOF
indented
```
"""


def _render(text: str, *, preserve_tabs: bool = True, syntax: Syntax = DEFAULT_SYNTAX) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {
                "custom_fences": [custom_fence(syntax)],
                "preserve_tabs": preserve_tabs,
            }
        },
    )
    return str(md.convert(text))


def test_rendered_copy_texts_are_read_in_order_and_unescaped() -> None:
    html = _render(PAGE, preserve_tabs=True)
    assert rendered_copy_texts(html) == [
        "printf 'a\\tb\\n'",
        "cat <<-EOF\n\tindented\n\tEOF",
    ]


def test_a_faithful_render_has_no_problems() -> None:
    page = parse_page(PAGE, Path("docs/p.md"), "", "p.md")
    assert list(compare(page, _render(PAGE, preserve_tabs=True))) == []


def test_an_expanded_tab_is_reported_at_its_block() -> None:
    """What Python-Markdown does without preserve_tabs: a tab in a command becomes spaces."""
    text = "# Page\n\n```console\n~$ echo one\n```\n\n```console\n~$ echo 'a\tb'\na\tb\n```\n"
    page = parse_page(text, Path("docs/p.md"), "", "p.md")
    problems = list(compare(page, _render(text, preserve_tabs=False)))
    assert [p.location.line for p in problems] == [7]
    assert "copy button would copy different text" in problems[0].message
    assert "runner has '\\t'" in problems[0].message


def test_a_block_the_site_renders_but_the_runner_does_not_read_is_reported() -> None:
    fake = (
        '<div class="language-console highlight sr-console" data-copy="rm -rf /">'
        "<pre><code>~$ rm -rf /</code></pre></div>"
    )
    page = parse_page(PAGE, Path("docs/p.md"), "", "p.md")
    problems = list(compare(page, _render(PAGE, preserve_tabs=True) + fake))
    assert len(problems) == 1
    assert problems[0].location.line == 1
    assert "renders 3 console block(s) but snippets-runner reads 2 (at lines 3, 10)" in (
        problems[0].message
    )


def test_a_block_the_runner_reads_but_the_site_does_not_render_is_reported() -> None:
    text = PAGE + textwrap.dedent(
        """
        ```console
        ~$ echo extra
        ```
        """
    )
    page = parse_page(text, Path("docs/p.md"), "", "p.md")
    problems = list(compare(page, _render(PAGE, preserve_tabs=True)))
    assert len(problems) == 1
    assert "renders 2 console block(s) but snippets-runner reads 3" in problems[0].message


def test_a_block_inside_an_html_comment_is_not_counted() -> None:
    """Superfences renders a fence inside `<!-- -->`, but readers see nothing there and
    the extractor skips it (issue J): counting it would fail every strict build."""
    text = PAGE + "\n<!--\n```console\n~$ echo hidden\n```\n-->\n"
    rendered = _render(text)
    assert 'data-copy="echo hidden"' in rendered  # superfences did render it, in the comment
    page = parse_page(text, Path("docs/p.md"), "", "p.md")
    assert len(page.blocks) == 2
    assert list(compare(page, rendered)) == []


def test_a_comment_opener_in_prose_hides_nothing() -> None:
    """Python-Markdown escapes a `<!--` inside a paragraph: the block after it is shown,
    run and counted, and the escaped text must not start a comment for the count."""
    text = "# Page\n\nSome text <!--\n\n```console\n~$ echo a\n```\n\n-->\n"
    rendered = _render(text)
    assert "&lt;!--" in rendered
    page = parse_page(text, Path("docs/p.md"), "", "p.md")
    assert len(page.blocks) == 1
    assert list(compare(page, rendered)) == []


def _block(copy: str) -> str:
    return (
        f'<div class="language-console highlight sr-console" data-copy="{copy}"><pre></pre></div>'
    )


def test_comments_end_where_a_browser_ends_them() -> None:
    html = (
        f"<!-- {_block('a')} --> {_block('b')}"
        f"<!--> {_block('c')} <!---> {_block('d')}"
        f"<!-- x --!> {_block('e')} <!-- {_block('f')}"
    )
    assert rendered_copy_texts(html) == ["b", "c", "d", "e"]


SHELL_SESSION = Syntax(("$",), ("shell-session",))


def test_the_sites_own_fence_language_is_counted() -> None:
    """Issue F: on a site whose fence is `shell-session` every verified block has
    `language-shell-session`; a ```console block there is prose, not counted."""
    text = "# Page\n\n```shell-session\n$ echo a\na\n```\n\n```console\n$ ls\n```\n"
    rendered = _render(text, syntax=SHELL_SESSION)
    page = parse_page(text, Path("docs/p.md"), "", "p.md", SHELL_SESSION)
    assert rendered_copy_texts(rendered, SHELL_SESSION) == ["echo a"]
    assert list(compare(page, rendered, SHELL_SESSION)) == []
