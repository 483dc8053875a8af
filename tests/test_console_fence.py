"""The console fence renderer and the `snippets` MkDocs plugin, without a browser.

The renderer decides what readers see and copy, so its HTML is pinned here:
classes per line kind, escaping, and the `data-copy` text. The plugin is
checked end to end on tiny temporary sites, because "a broken block fails the
build with file:line" is a promise about `mkdocs build`, not about a function.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from snippets_runner.integrations.site.console_fence import (
    copy_text,
    custom_fence,
    format_console,
    render_console,
)
from snippets_runner.model import BlockOptions


def _spans(rendered: str) -> list[tuple[str, str]]:
    """(class, unescaped text) of every line span, in order."""
    return [
        (cls, html.unescape(text))
        for cls, text in re.findall(r'<span class="([^"]+)">(.*?)</span>', rendered, re.S)
    ]


def _copy_attr(rendered: str) -> str:
    match = re.search(r'data-copy="([^"]*)"', rendered)
    assert match, rendered
    return html.unescape(match.group(1))


def test_command_and_output_get_their_own_classes() -> None:
    rendered = render_console("~$ kubectl get pods\nNAME   READY\npod-0  1/1\n")
    assert _spans(rendered) == [
        ("sr-prompt", "~$ "),
        ("sr-cmd", "kubectl get pods"),
        ("sr-out", "NAME   READY\n"),
        ("sr-out", "pod-0  1/1\n"),
    ]


def test_keeps_material_code_block_markup_so_the_copy_button_appears() -> None:
    rendered = render_console("~$ ls\n")
    assert rendered.startswith('<div class="language-console highlight sr-console"')
    assert "><pre><span></span><code>" in rendered
    assert rendered.endswith("</code></pre></div>")


def test_prompt_without_space_is_shown_as_written() -> None:
    assert _spans(render_console("~$ls\n"))[:2] == [("sr-prompt", "~$"), ("sr-cmd", "ls")]


def test_html_in_commands_and_output_is_escaped() -> None:
    src = '~$ echo "<b>" && cat a&b < in\n<set to the key> & more\n'
    rendered = render_console(src)
    assert "<b>" not in rendered and "<set" not in rendered
    assert "&lt;b&gt;" in rendered and "&amp;&amp;" in rendered
    assert "&lt;set to the key&gt; &amp; more" in rendered
    assert _copy_attr(rendered) == 'echo "<b>" && cat a&b < in'


def test_continuation_lines_are_command_text_and_copied() -> None:
    src = (
        "~$ kubectl wait --for=condition=Ready pod -n catalog \\\n"
        "-l app.kubernetes.io/component=mysql --timeout=30s\n"
        "pod/catalog-mysql-0 condition met\n"
    )
    rendered = render_console(src)
    assert [cls for cls, _ in _spans(rendered)] == ["sr-prompt", "sr-cmd", "sr-cmd", "sr-out"]
    assert _copy_attr(rendered) == (
        "kubectl wait --for=condition=Ready pod -n catalog \\\n"
        "-l app.kubernetes.io/component=mysql --timeout=30s"
    )


def test_heredoc_body_and_terminator_are_command_text_and_copied() -> None:
    src = "~$ cat <<EOF > x.txt\nhello <you>\nEOF\n~$ cat x.txt\nhello <you>\n"
    rendered = render_console(src)
    assert [cls for cls, _ in _spans(rendered)] == [
        "sr-prompt",
        "sr-cmd",
        "sr-cmd",
        "sr-cmd",
        "sr-prompt",
        "sr-cmd",
        "sr-out",
    ]
    assert _copy_attr(rendered) == "cat <<EOF > x.txt\nhello <you>\nEOF\ncat x.txt"


def test_elision_is_output_marked_as_elision() -> None:
    spans = _spans(render_console("~$ kubectl describe sts\nName: x\n[...]\n"))
    assert spans[-1] == ("sr-out sr-elision", "[...]\n")


def test_copy_text_drops_every_prompt_and_output_line() -> None:
    from snippets_runner.extract.console import lex_console

    lines = lex_console(["~$ a", "out", "~$b \\", "  c", "more out"], Path("p.md"), 1)
    assert copy_text(lines) == "a\nb \\\n  c"


def test_options_are_exposed_as_data_attributes() -> None:
    rendered = render_console("~$ false\n", BlockOptions(exit=1, skip=True))
    assert 'data-sr-exit="1"' in rendered and "data-sr-skip" in rendered


def test_expected_exit_is_on_pre_too_for_the_stylesheets_mark() -> None:
    """CSS `attr()` in `pre::before` reads only the <pre>'s own attributes."""
    rendered = render_console("~$ false\n", BlockOptions(exit=3))
    assert '<pre data-sr-exit="3"><span></span><code>' in rendered


def test_blocks_without_options_keep_a_bare_pre() -> None:
    assert "<pre><span></span><code>" in render_console("~$ true\n", BlockOptions())


def test_tabs_in_commands_reach_the_copy_text_when_superfences_preserves_them() -> None:
    """The plugin turns on `preserve_tabs`; with it a TAB is copied as a TAB, not spaces."""
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={
            "pymdownx.superfences": {"custom_fences": [custom_fence()], "preserve_tabs": True}
        },
    )
    out = str(md.convert("```console\n~$ printf '%s\\n' 'a\tb'\na\tb\n```\n"))
    assert _copy_attr(out) == "printf '%s\\n' 'a\tb'"


def _convert(text: str) -> str:
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"],
        extension_configs={"pymdownx.superfences": {"custom_fences": [custom_fence()]}},
    )
    return str(md.convert(textwrap.dedent(text)))


def test_superfences_renders_console_fences_with_options() -> None:
    out = _convert(
        """
        ```console exit="1" timeout="60"
        ~$ cat missing
        cat: missing: No such file or directory
        ```
        """
    )
    assert 'class="language-console highlight sr-console"' in out
    assert 'data-sr-exit="1"' in out


def _plain(rendered: str) -> str:
    """The code of a block shown as plain code; fails if it was rendered as a console block."""
    assert "sr-console" not in rendered and "data-copy" not in rendered, rendered
    assert "sr-prompt" not in rendered and "sr-cmd" not in rendered, rendered
    match = re.search(
        r'data-sr-problem="[^"]*"><pre><span></span><code>(.*?)</code>', rendered, re.S
    )
    assert match, rendered
    return html.unescape(match.group(1))


def test_unknown_options_show_the_block_as_plain_code_instead_of_raising() -> None:
    """Superfences knows no page: an exception here is a traceback naming `<console fence>:1`.

    The plugin reports the problems of every block the runner reads with
    `file:line`; the fence only has to stay harmless (issue D).
    """
    out = _convert(
        """
        ```console tmeout="60"
        ~$ ls <dir>
        ```
        """
    )
    assert _plain(out) == "~$ ls <dir>"
    assert "tmeout" in out


def test_a_dangling_continuation_is_shown_as_plain_code_instead_of_raising() -> None:
    out = _convert(
        """
        ```console
        ~$ kubectl wait \\
        ```
        """
    )
    assert _plain(out) == "~$ kubectl wait \\"
    assert "cut off" in out


def test_a_continuation_before_trailing_blank_lines_is_plain_code_not_a_traceback() -> None:
    """The site strips a block's trailing blank lines; the runner refuses the block (issue E)."""
    out = _convert("```console\n~$ echo a \\\n\n\n```\n")
    assert _plain(out) == "~$ echo a \\"


def test_the_formatter_never_raises_on_blocks_the_lexer_refuses() -> None:
    for src in ("", "output first\n~$ ls\n", "~$ cat <<EOF\nx\n", "~$   \n"):
        assert "data-sr-problem" in format_console(src, "console", "", {}, None)


# --- the plugin inside a real `mkdocs build` -------------------------------------------

_MKDOCS_YML = """\
site_name: tiny
theme:
  name: material
plugins:
  - snippets
markdown_extensions:
  - pymdownx.superfences
"""


def _build(
    tmp_path: Path, page: str, pyproject: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a one-page site; `pyproject` is its runner configuration."""
    (tmp_path / "mkdocs.yml").write_text(_MKDOCS_YML, encoding="utf-8")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(textwrap.dedent(pyproject), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(textwrap.dedent(page), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_plugin_registers_the_fence_without_any_fence_config(tmp_path: Path) -> None:
    proc = _build(
        tmp_path,
        """\
        # Tiny

        ```console
        ~$ echo hi
        hi
        ```
        """,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert '<span class="sr-prompt">~$ </span><span class="sr-cmd">echo hi</span>' in built


def test_dangling_continuation_fails_the_build_with_page_and_line(tmp_path: Path) -> None:
    proc = _build(
        tmp_path,
        """\
        # Tiny

        ```console
        ~$ kubectl wait --for=condition=Ready pod \\
        ```
        """,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "docs/index.md:4:" in log, log
    assert "cut off" in log


def test_unknown_option_fails_the_build_with_page_and_line(tmp_path: Path) -> None:
    proc = _build(
        tmp_path,
        """\
        ---
        title: Tiny
        ---

        # Tiny

        ```console tmeout="60"
        ~$ ls
        ```
        """,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "docs/index.md:7:" in log, log
    assert "tmeout" in log


@pytest.mark.parametrize(
    "hidden",
    [
        '```console timeout="later"\n~$ echo hidden\n```',
        "```console\n~$ kubectl wait \\\n```",
        "```console\noutput first\n```",
    ],
)
def test_a_broken_block_inside_an_html_comment_does_not_break_the_build(
    tmp_path: Path, hidden: str
) -> None:
    """Readers never see a commented-out block and the runner skips it (issue D): the site
    must build, strictly, rather than crash in superfences with `<console fence>:1`."""
    page = f"# Tiny\n\n<!--\n{hidden}\n-->\n\n```console\n~$ echo hi\nhi\n```\n"
    proc = _build(tmp_path, page)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "Traceback" not in log and "<console fence>" not in log
    built = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert built.count('data-copy="echo hi"') == 1


def test_blank_lines_after_a_trailing_backslash_fail_with_page_and_line(tmp_path: Path) -> None:
    """Lint, verify and the site agree that the command is cut off (issue E), and the
    build says where, without a traceback."""
    proc = _build(tmp_path, "# Tiny\n\n```console\n~$ echo a \\\n\n\n```\n")
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "docs/index.md:4: line ends with '\\' but the block ends" in log, log
    assert "Traceback" not in log and "<console fence>" not in log


_SHELL_SESSION = """\
    [tool.snippets-runner]
    prompt = "$"
    fence-language = "shell-session"
    """


def test_a_site_with_its_own_prompt_and_fence_builds_strictly(tmp_path: Path) -> None:
    """Issue F: the plugin checks and cross-checks with the site's syntax. A ```console
    block is prose on such a site (Pygments renders it); the shell-session block is verified."""
    proc = _build(
        tmp_path,
        """\
        # Tiny

        ```shell-session exit="1"
        $ cat missing
        cat: missing: No such file or directory
        ```

        ```console
        $ ls
        file
        ```
        """,
        _SHELL_SESSION,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    built = (tmp_path / "s" / "index.html").read_text(encoding="utf-8")
    assert 'class="language-shell-session highlight sr-console" data-copy="cat missing"' in built
    assert '<span class="sr-prompt">$ </span><span class="sr-cmd">cat missing</span>' in built
    assert built.count("sr-console") == 1


def test_a_malformed_block_in_the_sites_own_fence_fails_with_page_and_line(
    tmp_path: Path,
) -> None:
    proc = _build(
        tmp_path,
        """\
        # Tiny

        ```shell-session timeout="abc"
        $ echo a
        a
        ```
        """,
        _SHELL_SESSION,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0, log
    assert "docs/index.md:3: timeout='abc' is not a number of seconds" in log, log
    assert "Traceback" not in log and "<console fence>" not in log
