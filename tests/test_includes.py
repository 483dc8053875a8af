"""``--8<--`` includes (pymdownx.snippets), read as the site renders them."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown  # type: ignore[import-untyped]
import pytest

from snippets_runner.config.include_settings import includes, site_includes
from snippets_runner.config.site import load_site
from snippets_runner.errors import ConfigError, PageError
from snippets_runner.extract.discover import extract
from snippets_runner.extract.includes import expand
from snippets_runner.extract.pages import parse_page_lenient
from snippets_runner.model import Includes, Location, Sessions, Syntax

_CODE = re.compile(
    r'<div class="(?:language-([\w#.+-]+) )?highlight"><pre><span></span><code>(.*?)</code>', re.S
)
_TAG = re.compile(r"<[^>]+>")


def site(tmp_path: Path, files: dict[str, str], **options: object) -> Syntax:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Syntax(
        prompts=("$ ",),
        languages=("console", "bash"),
        sessions=Sessions.PROMPTED,
        includes=includes({"base_path": [str(tmp_path)], **options}, tmp_path, "mkdocs.yml"),
    )


def rendered(text: str, tmp_path: Path, **options: object) -> list[list[str]]:
    """The sessions Python-Markdown shows with the extension itself, in order."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets", "pymdownx.superfences", "pymdownx.highlight"],
        extension_configs={
            "pymdownx.snippets": {"base_path": [str(tmp_path)], **options},
            "pymdownx.highlight": {"pygments_lang_class": True},
        },
    )
    blocks = []
    for _, code in _CODE.findall(md.convert(text)):
        lines = html.unescape(_TAG.sub("", code)).rstrip("\n").split("\n")
        if any(line.startswith("$ ") for line in lines):
            blocks.append(lines)
    return blocks


def read(text: str, tmp_path: Path, syntax: Syntax) -> tuple[list[object], list[str]]:
    page, problems = parse_page_lenient(text, tmp_path / "page.md", "", "p", syntax)
    return list(page.blocks), [f"{p.location.line}: {p.message}" for p in problems]


SESSION = "$ echo hi\nhi\n"


def test_an_included_session_inside_a_fence_is_read_and_points_at_the_include(
    tmp_path: Path,
) -> None:
    syntax = site(tmp_path, {"session.txt": SESSION})
    text = '# T\n\n```console\n--8<-- "session.txt"\n```\n\n```console\n$ echo bye\nbye\n```\n'
    [included, own], problems = read(text, tmp_path, syntax)
    assert problems == []
    assert [c.text for c in included.commands] == ["echo hi"]  # type: ignore[attr-defined]
    assert included.location.line == 3 and included.end_line == 5  # type: ignore[attr-defined]
    assert included.commands[0].location.line == 4  # type: ignore[attr-defined]
    assert included.included and not own.included  # type: ignore[attr-defined]
    # the page's own lines after the include keep their line numbers
    assert own.location.line == 7 and own.commands[0].location.line == 8  # type: ignore[attr-defined]
    assert rendered(text, tmp_path) == [["$ echo hi", "hi"], ["$ echo bye", "bye"]]


def test_a_whole_fence_from_an_included_page_and_a_block_of_paths(tmp_path: Path) -> None:
    part = "```bash\n$ echo part\npart\n```\n"
    syntax = site(tmp_path, {"part.md": part, "more.md": "```bash\n$ echo more\nmore\n```\n"})
    text = (
        '# T\n\n--8<-- "part.md"\n\n--8<--\npart.md\nmore.md\n--8<--\n\n```bash\n$ echo x\nx\n```\n'
    )
    blocks, problems = read(text, tmp_path, syntax)
    assert problems == []
    texts = [[c.text for c in b.commands] for b in blocks]  # type: ignore[attr-defined]
    assert texts == [["echo part"], ["echo part"], ["echo more"], ["echo x"]]
    assert [b.location.line for b in blocks] == [3, 5, 5, 10]  # type: ignore[attr-defined]
    assert [b.included for b in blocks] == [True, True, True, False]  # type: ignore[attr-defined]
    assert len(rendered(text, tmp_path)) == 4


def test_sections_escapes_and_section_markers_of_the_page(tmp_path: Path) -> None:
    source = "intro\n# --8<-- [start:run]\n$ echo section\nsection\n# --8<-- [end:run]\nrest\n"
    syntax = site(tmp_path, {"all.txt": source})
    text = (
        '```console\n--8<-- "all.txt:run"\n```\n\n'
        '```console\n$ echo \';--8<-- "x"\'\n;--8<-- "x"\n```\n'
    )
    blocks, problems = read(text, tmp_path, syntax)
    assert problems == []
    assert [c.text for b in blocks for c in b.commands] == [  # type: ignore[attr-defined]
        "echo section",
        "echo ';--8<-- \"x\"'",
    ]
    [first, second] = blocks
    assert first.commands[0].expected.lines == ("section",)  # type: ignore[attr-defined]
    # an escaped include is text with its first ; removed, as the site shows it
    assert second.commands[0].expected.lines == ('--8<-- "x"',)  # type: ignore[attr-defined]
    assert rendered(text, tmp_path) == [
        ["$ echo section", "section"],
        ["$ echo ';--8<-- \"x\"'", '--8<-- "x"'],
    ]


def test_a_missing_file_is_nothing_unless_the_site_checks_paths(tmp_path: Path) -> None:
    text = '# T\n\n```console\n$ echo a\na\n```\n\n--8<-- "gone.md"\n'
    blocks, problems = read(text, tmp_path, site(tmp_path, {}))
    assert (len(blocks), problems) == (1, [])
    strict = site(tmp_path, {}, check_paths=True)
    blocks, problems = read(text, tmp_path, strict)
    assert blocks == []
    assert problems == [
        "8: the site cannot include this: Snippet at path 'gone.md' could not be found"
    ]


def test_nothing_outside_the_base_path_and_no_download(tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text(SESSION, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    syntax = site(docs, {})
    text = (
        '```console\n$ echo a\n--8<-- "../outside.txt"\n--8<-- "https://example.com/x.txt"\n```\n'
    )
    [block], problems = read(text, docs, syntax)
    assert problems == []
    assert block.commands[0].expected.lines == ()  # type: ignore[attr-defined]


def test_a_page_without_includes_is_left_as_it_is(tmp_path: Path) -> None:
    settings = Includes((tmp_path,))
    lines = ["# T", "", "```console", "$ echo a", "```"]
    done = expand(lines, 0, settings, Location(tmp_path / "p.md", 1), 1 << 20)
    assert done.lines == tuple(lines) and done.origin == ()


def test_includes_cannot_grow_a_page_without_bound(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 5000 + "\n", encoding="utf-8")
    settings = Includes((tmp_path,))
    lines = ['--8<-- "big.txt"'] * 3
    with pytest.raises(PageError, match="over the 9 KiB limit"):
        expand(lines, 0, settings, Location(tmp_path / "p.md", 1), 9 * 1024)


def test_the_sites_settings_are_read_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: s\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: [docs/snippets, .]\n      check_paths: true\n",
        encoding="utf-8",
    )
    found = load_site(tmp_path / "mkdocs.yml").includes
    assert found == Includes((tmp_path / "docs" / "snippets", tmp_path.resolve()), check_paths=True)
    assert site_includes(["pymdownx.snippets"], tmp_path, "m") == Includes((tmp_path.resolve(),))
    assert site_includes(["admonition"], tmp_path, "m") is None
    with pytest.raises(ConfigError, match="check_paths must be true or false"):
        includes({"check_paths": "yes"}, tmp_path, "m")


def test_update_leaves_an_included_block_alone_and_says_why(tmp_path: Path) -> None:
    from snippets_runner.match import match
    from snippets_runner.run.results import CommandResult, Failure, PageResult, Reason, Result
    from snippets_runner.secrets import Masker
    from snippets_runner.update.planning import plan_update

    syntax = site(tmp_path, {"session.txt": SESSION})
    text = '```console\n--8<-- "session.txt"\n```\n\n```console\n$ echo bye\nbye\n```\n'
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8")
    page, _ = parse_page_lenient(text, path, "", "p", syntax)
    results = []
    for command in page.commands:
        real = "drifted\n"
        outcome = match(command.expected, real)
        failure = Failure(Reason.OUTPUT_DIFFERS)
        results.append(CommandResult(command, Result.FAILED, 0, 0, real, 0.0, 1, outcome, failure))
    plan = plan_update([PageResult(page, tuple(results), 0.0)], Masker([]), syntax)
    assert [(r.location.line, "included" in r.reason) for r in plan.refused] == [(2, True)]
    assert [c.command.text for c in plan.changes] == ["echo bye"]
    assert (tmp_path / "session.txt").read_text(encoding="utf-8") == SESSION


FENCE = "```"
OFFLINE = "---\nsnippets: {cluster: false}\n---\n"


def test_a_url_include_the_site_downloads_is_reported(tmp_path: Path) -> None:
    """Claim: extraction equals rendering; ``model.Includes``: "an included URL is
    reported, not fetched". A site whose pymdownx.snippets sets ``url_download: true``
    renders the downloaded sessions on the page; the runner drops the include line
    without a word (lint, list and verify are all silent), so the page is "verified"
    while readers see sessions nobody ran."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: docs\nmarkdown_extensions:\n  - pymdownx.superfences\n"
        "  - pymdownx.snippets:\n      url_download: true\n",
        encoding="utf-8",
    )
    page = tmp_path / "docs" / "p.md"
    page.parent.mkdir()
    page.write_text(
        OFFLINE + "# P\n\n"
        '--8<-- "https://raw.githubusercontent.com/example/site/main/session.md"\n\n'
        f"{FENCE}console\n~$ echo hi\nhi\n{FENCE}\n",
        encoding="utf-8",
    )
    found = extract([page], tmp_path / "mkdocs.yml")
    assert [p.location.line for p in found.problems] == [6], found.problems


def test_includes_stop_growing_at_the_page_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claim ("bounded growth" of --8<-- includes): a page is refused once its includes
    pass the size limit. The limit is checked only after a whole include line has been
    expanded, and pymdownx.snippets lets a file be included many times (``seen`` only
    stops cycles), so a few hundred bytes of nested includes expand to gigabytes before
    the check (ten files of ten include lines: 10**10 lines; lint on one such page grew
    past 1 GB in three minutes). Counted here: the files read before the refusal."""
    from pymdownx.snippets import SnippetPreprocessor

    (tmp_path / "l0.txt").write_text("x" * 70 + "\n", encoding="utf-8")
    for level in range(1, 5):
        (tmp_path / f"l{level}.txt").write_text(
            f'--8<-- "l{level - 1}.txt"\n' * 10, encoding="utf-8"
        )
    reads = 0
    original = SnippetPreprocessor.read_lines

    def counted(self, filename):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return original(self, filename)

    monkeypatch.setattr(SnippetPreprocessor, "read_lines", counted)
    with pytest.raises(PageError, match="limit"):
        expand(['--8<-- "l4.txt"'], 0, Includes((tmp_path,)), Location(tmp_path / "p.md", 1), 1024)
    assert reads <= 100, f"{reads} files read to refuse a page of 1 KiB"
