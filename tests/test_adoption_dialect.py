"""A site's own dialect, read as the site renders it (issue: adoption by real sites).

Real MkDocs sites tag sessions ``bash``, ``sh``, ``shell``, ``console`` or not at
all, prompt with ``$ ``, ``[cluster-1]$ `` or ``user@host:~/dir$ ``, comment
under a command with ``#``, leave output out with ``...``, and use the same
tags for scripts and listings that are no sessions. The fixture page holds
each; its blocks are compared with Python-Markdown's real rendering of it (the
default superfences fence of Material sites, no plugin of ours).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest
from mkdocs.utils.meta import get_data

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import extract_page, parse_page_lenient
from snippets_runner.extract.patterns import compile_pattern, found_in, prompt_at
from snippets_runner.model import ELISION, OutputPolicy, Sessions, Syntax

PAGE = Path(__file__).parent / "pages" / "adoption" / "dialect.md"
SITE = Syntax(
    prompts=("$ ", "[*]$ ", "*@*:*$ "),
    languages=("bash", "sh", "shell", "console", ""),
    sessions=Sessions.PROMPTED,
    comment_lines=True,
    elisions=("...",),
    output=OutputPolicy.NOT_PUBLISHED,
    placeholders=("<*>", "YOUR_*"),
)
_CODE = re.compile(
    r'<div class="(?:language-([\w#.+-]+) )?highlight"><pre><span></span><code>(.*?)</code>', re.S
)
_TAG = re.compile(r"<[^>]+>")


def rendered_sessions(text: str, syntax: Syntax) -> list[tuple[str, list[str]]]:
    """(language, lines) of every fence the site renders in one of the site's languages
    with a prompt line: what a reader sees as a session."""
    body, _ = get_data(text)
    md = markdown.Markdown(
        extensions=["admonition", "pymdownx.superfences", "pymdownx.highlight"],
        extension_configs={"pymdownx.highlight": {"pygments_lang_class": True}},
    )
    found = []
    for language, code in _CODE.findall(md.convert(body)):
        lines = html.unescape(_TAG.sub("", code)).rstrip("\n").split("\n")
        language = "" if language == "text" else language  # Pygments names untagged "text"
        if language in syntax.languages and any(prompt_at(x, syntax.prompts) for x in lines):
            found.append((language, lines))
    return found


def test_the_sessions_found_are_the_sessions_the_site_shows() -> None:
    page = extract_page(PAGE, syntax=SITE)
    shown = rendered_sessions(PAGE.read_text(encoding="utf-8"), SITE)
    assert [(b.language, list(_lines(b.location.line, b.end_line))) for b in page.blocks] == shown
    assert [b.language for b in page.blocks] == ["bash", "", "sh", "console", "shell"]


def _lines(first: int, last: int) -> list[str]:
    """The page's lines strictly between a fence's opening and closing lines, unindented."""
    lines = PAGE.read_text(encoding="utf-8").split("\n")[first : last - 1]
    indent = min(len(x) - len(x.lstrip()) for x in lines if x.strip())
    return [x[indent:] for x in lines]


def test_each_command_keeps_the_prompt_it_was_found_by() -> None:
    page = extract_page(PAGE, syntax=SITE)
    assert [(c.prompt, c.text) for c in page.commands] == [
        ("$ ", "helm repo add example https://charts.example.com"),
        ("$ ", "helm install demo example/demo"),
        ("$ ", "kubectl get pods"),
        ("$ ", "kubectl create namespace demo"),
        ("[cluster-1]$ ", "kubectl config current-context"),
        ("[cluster-2]$ ", "kubectl config current-context"),
        ("ubuntu@ip-10-0-0-1:~/demo$ ", "kubectl apply -f app.yaml"),
    ]


def test_commentary_elisions_and_unpublished_output() -> None:
    helm_add, helm_install, pods, *_ = extract_page(PAGE, syntax=SITE).commands
    assert helm_add.expected.lines == ('"example" has been added to your repositories',)
    assert helm_add.expected.compared
    # the writer's "# the release takes ..." is commentary: nothing is published
    assert helm_install.expected.lines == ()
    assert not helm_install.expected.compared
    assert pods.expected.lines[-1] == ELISION and pods.expected.marker == "..."
    assert pods.expected.page_lines()[-1] == "..."


def test_our_own_dialect_is_unchanged_for_the_same_page() -> None:
    """With the project's defaults (``~$``, ``console``, every fence a session) the
    listing without a prompt is an error, as a mistyped prompt must be."""
    text = PAGE.read_text(encoding="utf-8")
    page, problems = parse_page_lenient(text, PAGE, "", "p", Syntax())
    assert page.blocks == ()
    assert [(p.location.line, p.message.split(" (")[0]) for p in problems] == [
        (43, "output before the first command"),
        (67, "output before the first command"),
    ]


def test_every_fence_mode_still_catches_a_fence_without_a_prompt() -> None:
    strict = Syntax(prompts=("$ ",), languages=("console",))
    text = "# P\n\n```console\nkubectl get pods\n```\n"
    _, problems = parse_page_lenient(text, PAGE, "", "p", strict)
    assert [p.location.line for p in problems] == [4]
    prompted = Syntax(prompts=("$ ",), languages=("console",), sessions=Sessions.PROMPTED)
    page, problems = parse_page_lenient(text, PAGE, "", "p", prompted)
    assert (page.blocks, problems) == ((), [])


@pytest.mark.parametrize(
    ("pattern", "line", "prompt"),
    [
        ("[*]$ ", "[cluster-1]$ kubectl get pods", "[cluster-1]$ "),
        ("[*]$ ", "[]$ x", None),  # a wildcard stands for one character or more
        ("[*]$ ", "[a b]$ x", None),  # never for blanks
        ("*@*:*$ ", "root@host:~/a b$ c", None),  # the path ends at a blank
        ("*@*:*$ ", "me@box:/tmp$ ls", "me@box:/tmp$ "),
        ("*@*:*# ", "root@pod:/# ls", "root@pod:/# "),
        ("(*) $ ", "(venv) $ pip list", "(venv) $ "),
        ("$ ", "$ ls", "$ "),
        ("$ ", " $ ls", None),  # a prompt starts the line
        ("$ ", "$$ ls", None),
    ],
)
def test_prompt_patterns(pattern: str, line: str, prompt: str | None) -> None:
    assert prompt_at(line, [pattern]) == prompt


def test_the_longest_prompt_wins() -> None:
    assert prompt_at("[c1]$ ls", ["$ ", "[*]$ "]) == "[c1]$ "
    assert prompt_at("% ls", ["$ ", "% "]) == "% "


def test_a_star_is_never_a_regular_expression() -> None:
    assert compile_pattern("a.b*").fullmatch("a.bc")
    assert not compile_pattern("a.b*").fullmatch("axbc")


@pytest.mark.parametrize(
    ("command", "found"),
    [
        ("kubectl logs <pod-name> -n <namespace>", ("<pod-name>", "<namespace>")),
        ("aws eks update-kubeconfig --region YOUR_REGION.", ("YOUR_REGION",)),
        ("kubectl apply -f - <<EOF", ()),
        ("cat <in >out", ()),
        ("echo YOUR_", ()),
    ],
)
def test_placeholders_found_in_commands(command: str, found: tuple[str, ...]) -> None:
    assert found_in(command, ["<*>", "YOUR_*"]) == found


def test_a_command_holding_a_placeholder_says_so() -> None:
    text = "```bash\n$ kubectl logs <pod-name>\n```\n"
    page, problems = parse_page_lenient(text, PAGE, "", "p", SITE)
    assert problems == []
    assert page.commands[0].placeholders == ("<pod-name>",)


def test_leading_commentary_is_not_output_before_the_first_command() -> None:
    text = "```bash\n# first, the namespace\n$ kubectl create ns a\nnamespace/a created\n```\n"
    page, problems = parse_page_lenient(text, PAGE, "", "p", SITE)
    assert problems == []
    assert page.commands[0].expected.lines == ("namespace/a created",)
    strict = Syntax(prompts=("$ ",), languages=("bash",))
    _, problems = parse_page_lenient(text, PAGE, "", "p", strict)
    assert [p.location.line for p in problems] == [2]


def test_commentary_is_only_the_run_that_ends_an_output() -> None:
    """A ``#`` line with output after it is output (``cat`` of a config file); only the
    run of ``#`` lines that closes the output is the writer's."""
    text = (
        "```bash\n$ cat app.conf\n# port\nport = 80\n# the file ends here\n$ echo done\ndone\n```\n"
    )
    page, _ = parse_page_lenient(text, PAGE, "", "p", SITE)
    assert page.commands[0].expected.lines == ("# port", "port = 80")
    assert page.commands[1].expected.lines == ("done",)


def test_a_bad_block_costs_only_itself_on_a_prompted_site() -> None:
    text = '```bash\n$ echo a\na\n```\n\n```bash timeout="x"\n$ echo b\n```\n'
    page, problems = parse_page_lenient(text, PAGE, "", "p", SITE)
    assert [c.text for c in page.commands] == ["echo a"]
    assert [(p.location.line, type(p)) for p in problems] == [(6, PageError)]


def _plugin_markdown(syntax: Syntax) -> markdown.Markdown:
    """Python-Markdown as the snippets plugin configures it for a site of ``syntax``."""
    from mkdocs.config.defaults import MkDocsConfig

    from snippets_runner.integrations.site.superfences import register_fence

    config = MkDocsConfig()
    config.load_dict(
        {
            "site_name": "adopted",
            "markdown_extensions": [
                "admonition",
                {"pymdownx.highlight": {"pygments_lang_class": True}},
            ],
        }
    )
    errors, _ = config.validate()
    assert not errors, errors
    register_fence(config, syntax)
    return markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=dict(config.mdx_configs)
    )


def test_with_the_plugin_sessions_are_verified_blocks_and_scripts_stay_highlighted() -> None:
    from snippets_runner.integrations.site.crosscheck import compare, rendered_copy_texts

    syntax = Syntax(
        prompts=("$ ", "[*]$ "),
        languages=("bash", "sh", "console"),
        sessions=Sessions.PROMPTED,
        comment_lines=True,
    )
    text = PAGE.read_text(encoding="utf-8").replace(
        "```\n$ kubectl get pods", "```sh\n$ kubectl get pods"
    )
    page = parse_page_lenient(text, PAGE, "", "p", syntax)[0]
    rendered = _plugin_markdown(syntax).convert(get_data(text)[0])
    assert rendered_copy_texts(rendered, syntax) == [
        "helm repo add example https://charts.example.com\nhelm install demo example/demo",
        "kubectl get pods",
        "kubectl create namespace demo",
        "kubectl config current-context\nkubectl config current-context",
    ]
    assert list(compare(page, rendered, syntax)) == []
    # the script and the listing are highlighted by Pygments as without the plugin
    pygments = '<div class="language-{}highlight"><pre><span></span><code><span class="{}">{}'
    assert pygments.format("bash ", "ch", "#!/usr/bin/env bash") in rendered
    assert pygments.format("console ", "go", "kubectl get pods") in rendered
    # highlighted lines still reach the highlighter of a session-less fence
    script = '```bash hl_lines="2"\nset -e\nkubectl get nodes\n```\n'
    assert '<span class="hll">' in _plugin_markdown(syntax).convert(script)


def test_the_plugin_refuses_untagged_sessions_it_could_not_check() -> None:
    from snippets_runner.errors import ConfigError

    with pytest.raises(ConfigError, match="untagged fences"):
        _plugin_markdown(Syntax(prompts=("$ ",), languages=("bash", "")))


def test_the_sites_markers_and_commentary_are_styled_as_what_they_are() -> None:
    from snippets_runner.integrations.site.console_fence import render_console

    html_out = render_console("$ ls\na\n...\n# the rest is left out", syntax=SITE, language="bash")
    assert '<span class="sr-out sr-elision">...\n</span>' in html_out
    assert '<span class="sr-out sr-comment"># the rest is left out\n</span>' in html_out
    assert 'data-copy="ls"' in html_out
    assert 'class="language-bash highlight sr-console"' in html_out


def test_an_indented_hash_line_that_ends_an_output_is_output() -> None:
    """kubectl prints YAML whose last lines may be comments: indented, they stay output
    and are compared; only a ``#`` at the start of the line is the writer's."""
    text = "```bash\n$ cat app.yaml\nspec:\n  # replicas: 2\n# from the chart\n```\n"
    page, _ = parse_page_lenient(text, PAGE, "", "p", SITE)
    assert page.commands[0].expected.lines == ("spec:", "  # replicas: 2")


def test_lint_warns_about_a_malformed_fence_that_is_no_session(tmp_path: Path) -> None:
    """openfaas' listing closed by an indented fence runs on over the prose on the site:
    worth a look, printed as a warning, never a reason for lint to fail."""
    from click.testing import CliRunner

    from snippets_runner.cli import main

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: s\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.snippets-runner]\nprompt = "$ "\nfence-language = "bash"\nsessions = "prompted"\n',
        encoding="utf-8",
    )
    page = tmp_path / "docs" / "index.md"
    listing = "# I\n\n```bash\nkubectl get pods\n  ```\n\nprose\n\n```bash\nkubectl get svc\n```\n"
    page.write_text(listing + "\n```bash\n$ echo a\na\n```\n", encoding="utf-8")
    lint = ["lint", "--config", str(tmp_path / "mkdocs.yml")]
    result = CliRunner().invoke(main, lint)
    assert result.exit_code == 0, result.output
    assert "index.md:3: warning: ```bash fence is not closed by line 5" in result.output
    assert "(no session: not verified)" in result.output
    # the same broken listing swallowing a session costs that session: an error
    page.write_text(listing.replace("kubectl get svc", "$ echo b\nb"), encoding="utf-8")
    result = CliRunner().invoke(main, lint)
    assert result.exit_code == 1
    assert "index.md:3: ```bash fence is not closed by line 5" in result.output
