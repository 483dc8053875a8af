"""Lint inside `mkdocs build`: parity and lab problems are warnings that --strict turns fatal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, recounted, verify_report

SITE = Path(__file__).parent / "pages" / "site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace("  - search\n", "  - search\n  - snippets\n")
        .replace("site_name: fixture\n", "site_name: fixture\ntheme: {name: material}\n")
        .replace("markdown_extensions:\n", "markdown_extensions:\n  - admonition\n")
    )
    for locale in ("ja", "en"):  # i18n wants a home page per language
        (root / f"docs/index.{locale}.md").write_text(f"# Home ({locale})\n")
    return root


def build(root: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *flags, "-d", str(root / "out")],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_clean_site_builds_strictly(site: Path) -> None:
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "sr-prompt" in (site / "out/lesson/index.html").read_text()


def test_translation_drift_fails_strict_with_file_and_line(site: Path) -> None:
    en = site / "docs/lesson/index.en.md"
    en.write_text(en.read_text().replace("web   29s\n```", "web   31s\n```"))
    strict = build(site, "--strict")
    assert strict.returncode != 0
    assert "docs/lesson/index.en.md:14: output of `printf" in strict.stderr
    assert strict.stderr.count("output of `printf") == 1, "one warning, not one per language"
    relaxed = build(site)  # `mkdocs serve` style: the writer sees the warning, the site builds
    assert relaxed.returncode == 0 and "index.en.md:14" in relaxed.stderr


def test_missing_lab_manifest_is_reported(site: Path) -> None:
    (site / "docs/lab.yaml").unlink()
    result = build(site, "--strict")
    assert result.returncode != 0
    assert "docs/lesson/index.ja.md:2: lab manifest not found" in result.stderr


# --- status, parity blame, cross-check and the report option --------------------------


def _with_report(site: Path, report: str) -> None:
    """Use the project's overrides (the status partial) and point the plugin at `report`."""
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text()
        .replace(
            "theme: {name: material}\n",
            f"theme: {{name: material, custom_dir: {REPO}/overrides}}\n",
        )
        .replace("  - snippets\n", f"  - snippets:\n      report: {report}\n")
    )


def _write_report(site: Path, first: str = "passed") -> None:
    """A version 2 report whose hashes are the fixture pages' real fingerprints."""
    _save_report(site, _report(site, first))


def _save_report(site: Path, report: dict[str, Any]) -> None:
    (site / "out-report.json").write_text(json.dumps(recounted(report)), encoding="utf-8")


def _report(site: Path, first: str = "passed") -> dict[str, Any]:
    """The report `verify --json` would write for the fixture pages as they are now."""
    from snippets_runner.extract.discover import extract
    from snippets_runner.report.fingerprint import page_fingerprint

    extraction = extract([site / "docs"], site / "mkdocs.yml")
    pages = [
        {
            "file": str(page.path),
            "locale": page.locale,
            "lesson": page.lesson,
            "duration": 0.1,
            "content_hash": page_fingerprint(page),
            "commands": [
                {"line": c.location.line, "result": first if i == 0 else "passed"}
                for i, c in enumerate(page.commands)
            ],
        }
        for page in extraction.pages
    ]
    return verify_report(pages)


def _status(site: Path, page: str) -> str:
    html = (site / "out" / page).read_text(encoding="utf-8")
    match = re.search(r'<p class="sr-status[^>]*>(.*?)</p>', html, re.S)
    assert match, f"no status on {page}"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


def test_status_from_the_report_in_each_language(site: Path) -> None:
    _with_report(site, "out-report.json")
    _write_report(site)
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert _status(site, "lesson/index.html") == (
        "✓ 2026-11-28 に Kubernetes v1.33.13 で検証済み（3 個のコマンド）"  # noqa: RUF001
    )
    assert _status(site, "en/lesson/index.html") == (
        "✓ Verified on 2026-11-28 against Kubernetes v1.33.13 (3 commands)"
    )


def test_failed_report_says_output_changed(site: Path) -> None:
    _with_report(site, "out-report.json")
    _write_report(site, "failed")
    assert build(site, "--strict").returncode == 0
    assert _status(site, "en/lesson/index.html").startswith(
        "! Output changed at the last verification (2026-11-28, Kubernetes v1.33.13): "
        "1 command differs"
    )
    assert "1 個のコマンドの結果がページと異なります" in _status(site, "lesson/index.html")


def test_missing_report_or_edited_page_is_not_verified(site: Path) -> None:
    _with_report(site, "out-report.json")
    assert build(site, "--strict").returncode == 0  # no report yet: still builds
    assert _status(site, "en/lesson/index.html").startswith("? Not verified")
    _write_report(site)
    for locale in ("ja", "en"):  # the same command edited in both languages: parity holds
        page = site / f"docs/lesson/index.{locale}.md"
        page.write_text(page.read_text().replace("web   29s", "web   30s"))
    assert build(site, "--strict").returncode == 0
    assert _status(site, "lesson/index.html").startswith("? 未検証")
    assert _status(site, "en/lesson/index.html").startswith("? Not verified")


def test_a_broken_report_fails_strict_naming_the_file(site: Path) -> None:
    _with_report(site, "out-report.json")
    (site / "out-report.json").write_text("{", encoding="utf-8")
    result = build(site, "--strict")
    assert result.returncode != 0
    assert "out-report.json:1: not a JSON report" in result.stderr


def test_report_option_is_typed(site: Path) -> None:
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - snippets\n", "  - snippets:\n      report: 3\n")
    )
    result = build(site, "--strict")
    assert result.returncode != 0
    assert "report" in result.stderr and "Expected type: <class 'str'>" in result.stderr


def test_parity_is_reported_at_the_page_edited_last(site: Path) -> None:
    ja, en = site / "docs/lesson/index.ja.md", site / "docs/lesson/index.en.md"
    ja.write_text(ja.read_text().replace("web   29s\n```", "web   31s\n```"))
    os.utime(en, (1_000_000_000, 1_000_000_000))
    os.utime(ja, (1_000_000_100, 1_000_000_100))
    result = build(site)
    assert "docs/lesson/index.ja.md:14: output of `printf" in result.stderr
    assert "differs from the en page at docs/lesson/index.en.md:14" in result.stderr
    assert "index.en.md:14: output" not in result.stderr
    os.utime(en, (1_000_000_200, 1_000_000_200))  # now the English page was edited last
    assert "docs/lesson/index.en.md:14: output of `printf" in build(site).stderr


def test_a_block_readers_see_but_the_runner_does_not_read_fails_strict(site: Path) -> None:
    """Raw HTML that looks like a console block would copy a command nobody verified."""
    page = site / "docs/lesson/index.en.md"
    fake = (
        '\n<div class="language-console highlight sr-console" data-copy="rm -rf ~">'
        "<pre><code>~$ rm -rf ~</code></pre></div>\n"
    )
    page.write_text(page.read_text() + fake)
    result = build(site, "--strict")
    assert result.returncode != 0
    assert "docs/lesson/index.en.md:1: the site renders 4 console block(s)" in result.stderr
    assert result.stderr.count("the site renders 4 console block(s)") == 1


# --- report data in the page: escaped, validated, never a traceback ---------------------

XSS = "<img src=x onerror=alert(1)>"


def _html(site: Path, page: str) -> str:
    return (site / "out" / page).read_text(encoding="utf-8")


def _refused(site: Path, result: subprocess.CompletedProcess[str], why: str) -> None:
    """The build went on, said which report is unusable, and every lesson is "not verified"."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(rf"WARNING .*out-report\.json: .*{why}", result.stderr), result.stderr
    assert _status(site, "lesson/index.html").startswith("? 未検証")
    assert _status(site, "en/lesson/index.html").startswith("? Not verified")


def test_a_kubernetes_version_with_markup_never_reaches_the_page(site: Path) -> None:
    """The version is the cluster's (or a CI artifact's) word: untrusted text, not HTML."""
    _with_report(site, "out-report.json")
    report = _report(site)
    report["run"]["cluster"]["kubernetes_version"] = XSS
    _save_report(site, report)
    result = build(site)
    _refused(site, result, "Kubernetes version")
    for page in ("lesson/index.html", "en/lesson/index.html"):
        assert "<img src=x" not in _html(site, page)
    assert build(site, "--strict").returncode != 0


def test_a_finish_time_with_markup_never_reaches_the_page(site: Path) -> None:
    _with_report(site, "out-report.json")
    report = _report(site)
    report["run"]["finished"] = '2026-11-28"><b>x</b>'
    _save_report(site, report)
    _refused(site, build(site), "finish")
    assert "<b>x</b>" not in _html(site, "en/lesson/index.html")


def _render_partial(status: dict[str, Any], language: str = "en") -> str:
    """The status partial rendered by MkDocs' own Jinja environment (which does not autoescape)."""
    from mkdocs.theme import Theme

    env = Theme(name="material", custom_dir=str(REPO / "overrides")).get_env()
    template = env.get_template("partials/snippets-status.html")
    config = {"theme": {"language": language}}
    return str(template.render(snippets_status=status, config=config))


@pytest.mark.parametrize("state", ["verified", "ran", "changed", "not-verified"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_partial_escapes_every_report_value(state: str, language: str) -> None:
    """Escaping is the template's job too: status_report.py's checks are a second wall."""
    status = {
        "state": state,
        "date": '2026-11-28" onmouseover="alert(1)',
        "kubernetes_version": XSS,
        "commands": XSS,
        "reason": XSS,
        "locale": language,
        "not_compared": XSS,
    }
    html = _render_partial(status, language)
    assert "<img" not in html and 'onmouseover="' not in html
    if state != "not-verified":
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert 'datetime="2026-11-28&#34; onmouseover=&#34;alert(1)"' in html


def test_a_report_of_an_unknown_version_is_refused(site: Path) -> None:
    _with_report(site, "out-report.json")
    report = _report(site)
    report["version"] = 5
    _save_report(site, report)
    _refused(site, build(site), "unsupported report version 5")


def test_a_utf16_report_is_a_warning_not_a_crash(site: Path) -> None:
    """What PowerShell's `>` writes; the build must name the file, not show a traceback."""
    _with_report(site, "out-report.json")
    (site / "out-report.json").write_text(json.dumps(_report(site)), encoding="utf-16")
    _refused(site, build(site), "not UTF-8")


def test_a_malformed_shard_version_is_a_warning_not_a_crash(site: Path) -> None:
    _with_report(site, "out-report.json")
    report = _report(site)
    report["run"]["cluster"] = None
    cluster = {"context": "c", "server": "s", "kubernetes_version": ["a"]}
    shard = {"index": 1, "total": 1, "started": None, "finished": None, "cluster": cluster}
    report["run"]["shards"] = [shard]
    _save_report(site, report)
    _refused(site, build(site), r"run\.shards\[0\]\.cluster\.kubernetes_version")


# --- readers are told why, in their language ---------------------------------------------


def test_not_verified_says_why_in_each_language(site: Path) -> None:
    _with_report(site, "out-report.json")
    assert build(site, "--strict").returncode == 0  # no report at all
    assert _status(site, "lesson/index.html") == (
        "? 未検証：サイトの作成時に、使える検証結果がありませんでした"  # noqa: RUF001
    )
    assert _status(site, "en/lesson/index.html") == (
        "? Not verified: no usable verification results were available when this site was built"
    )
    report = _report(site)
    report["pages"] = [p for p in report["pages"] if p["locale"] != "en"]
    _save_report(site, report)
    assert build(site, "--strict").returncode == 0
    assert _status(site, "en/lesson/index.html") == (
        "? Not verified: this page was not part of the last verification"
    )
    assert _status(site, "lesson/index.html").startswith("✓")
    _write_report(site)
    for locale in ("ja", "en"):
        page = site / f"docs/lesson/index.{locale}.md"
        page.write_text(page.read_text().replace("web   29s", "web   30s"))
    assert build(site, "--strict").returncode == 0
    assert _status(site, "lesson/index.html") == (
        "? 未検証：前回の検証のあと、このページのコマンドかその準備が変わりました"  # noqa: RUF001
    )
    assert _status(site, "en/lesson/index.html") == (
        "? Not verified: this page's commands or their setup have changed since the last "
        "verification"
    )


def test_an_edited_lab_manifest_makes_the_lesson_not_verified(site: Path) -> None:
    _with_report(site, "out-report.json")
    _write_report(site)
    lab = site / "docs/lab.yaml"
    lab.write_text(lab.read_text() + "\n# a changed lab\n", encoding="utf-8")
    assert build(site, "--strict").returncode == 0
    assert "changed" in _status(site, "en/lesson/index.html")


def test_a_fallback_page_shows_its_status_in_the_readers_language(site: Path) -> None:
    """mkdocs-static-i18n renders a Japanese-only page under /en/ as an English page.

    The reader there is on the English site (<html lang="en">, English
    navigation): the status must be English too, not the source page's language.
    """
    only = site / "docs/only/index.ja.md"
    only.parent.mkdir()
    only.write_text("# 日本語のみ\n\n```console\n~$ echo ja\nja\n```\n", encoding="utf-8")
    _with_report(site, "out-report.json")
    _write_report(site)
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert '<html lang="en"' in _html(site, "en/only/index.html")
    assert _status(site, "en/only/index.html") == (
        "✓ Verified on 2026-11-28 against Kubernetes v1.33.13 (1 command)"
    )
    assert _status(site, "only/index.html").startswith("✓ 2026-11-28 に")


def test_a_report_with_fewer_results_than_commands_is_not_verified(site: Path) -> None:
    """Three commands, two passed results: the page is not verified, nor "verified (2)"."""
    _with_report(site, "out-report.json")
    report = _report(site)
    for page in report["pages"]:
        del page["commands"][-1:]
    _save_report(site, report)
    assert build(site, "--strict").returncode == 0
    assert _status(site, "en/lesson/index.html") == (
        "? Not verified: the last verification's results do not match this page's commands"
    )
    assert _status(site, "lesson/index.html") == (
        "? 未検証：前回の検証結果が、このページのコマンドと合いません"  # noqa: RUF001
    )


def test_a_block_inside_an_html_comment_is_not_a_block_readers_see(site: Path) -> None:
    """Issue J: superfences renders a commented-out fence inside the comment, where no
    reader sees it and the runner does not read it; the count must agree, strictly."""
    page = site / "docs/lesson/index.en.md"
    page.write_text(page.read_text() + "\n<!--\n```console\n~$ echo later\nlater\n```\n-->\n")
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert 'data-copy="echo later"' in (site / "out/en/lesson/index.html").read_text()


def test_pages_mkdocs_does_not_publish_are_not_linted(site: Path) -> None:
    """Issue L: a draft (`draft_docs`), a dot folder and `exclude_docs` are left out of
    the site; their problems must not fail `--strict`, a published page's still do."""
    broken = "# Draft\n\n```console\nstray output\n```\n"
    for page in ("drafts/wip.en.md", ".wip/notes.en.md", "scratch/idea.en.md"):
        (site / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (site / "docs" / page).write_text(broken)
    config = site / "mkdocs.yml"
    config.write_text(
        config.read_text() + "draft_docs: |\n  drafts/\nexclude_docs: |\n  scratch/\n"
    )
    result = build(site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "wip" not in result.stderr and "scratch" not in result.stderr
    published = site / "docs/lesson/index.en.md"
    text = published.read_text() + "\n\n```console\nstray output\n```\n"
    published.write_text(text)
    stray = text.splitlines().index("stray output") + 1
    result = build(site, "--strict")
    assert result.returncode != 0
    assert f"docs/lesson/index.en.md:{stray}: output before the first command" in result.stderr


class _Server:
    """What on_serve may use of MkDocs' LiveReloadServer: `watch`."""

    def __init__(self) -> None:
        self.watched: list[tuple[str, bool]] = []

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        self.watched.append((path, recursive))


def _serve(report: Path | None) -> list[tuple[str, bool]]:
    from mkdocs.config.defaults import MkDocsConfig

    from snippets_runner.integrations.mkdocs_plugin import SnippetsPlugin

    plugin = SnippetsPlugin()
    errors, _ = plugin.load_config({} if report is None else {"report": str(report)})
    assert not errors
    server = _Server()
    assert plugin.on_serve(server, config=MkDocsConfig(), builder=lambda: None) is server  # type: ignore[arg-type]
    return server.watched


def test_serve_watches_the_report_so_a_new_verification_shows(tmp_path: Path) -> None:
    """Issue P: `verify --json` rewrites the report while `mkdocs serve` runs; without a
    watch the preview kept the old status until the next page edit."""
    report = tmp_path / "test-output" / "verify.json"
    report.parent.mkdir()
    # Before the first verification: a missing file cannot be watched, its folder can.
    assert _serve(report) == [(str(report.parent), False)]
    report.write_text("{}")
    assert _serve(report) == [(str(report), True)]
    assert _serve(tmp_path / "nowhere" / "verify.json") == []
    assert _serve(None) == []


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "✓ Verified on 2026-12-06 against Kubernetes 1.35, 1.36 and 1.37 (9 commands)"),
        (
            "ja",
            "✓ 2026-12-06 に Kubernetes 1.35、1.36、1.37 のそれぞれで検証済み（9 個のコマンド）",  # noqa: RUF001
        ),
    ],
)
def test_a_page_verified_on_several_releases_names_them(language: str, expected: str) -> None:
    status = {
        "state": "verified", "date": "2026-12-06", "kubernetes_version": "", "commands": 9,
        "reason": "", "locale": "ja", "releases": ["1.35", "1.36", "1.37"], "differs": [],
    }  # fmt: skip
    assert _text(_render_partial(status, language)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "! Output changed at the last verification (2026-12-06, Kubernetes 1.35): "
            "1 command differs; verified on Kubernetes 1.36 and 1.37",
        ),
        (
            "ja",
            "! 前回の検証（2026-12-06、Kubernetes 1.35）で出力が変わっていました："  # noqa: RUF001
            "1 個のコマンドの結果がページと異なります（Kubernetes 1.36、1.37 では検証済み）",  # noqa: RUF001
        ),
    ],
)
def test_a_page_that_differs_on_one_release_says_which(language: str, expected: str) -> None:
    status = {
        "state": "changed", "date": "2026-12-06", "kubernetes_version": "", "commands": 1,
        "reason": "", "locale": "en", "releases": ["1.36", "1.37"], "differs": ["1.35"],
    }  # fmt: skip
    assert _text(_render_partial(status, language)) == expected


def test_one_release_keeps_its_full_version() -> None:
    status = {
        "state": "changed", "date": "2026-12-06", "kubernetes_version": "v1.37.2", "commands": 2,
        "reason": "", "locale": "en", "releases": [], "differs": ["1.37"],
    }  # fmt: skip
    assert _text(_render_partial(status)) == (
        "! Output changed at the last verification (2026-12-06, Kubernetes v1.37.2): "
        "2 commands differ"
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "✓ Verified on 2026-12-06 against Kubernetes v1.37.2 (3 commands; "
            "2 commands ran, output not compared)",
        ),
        (
            "ja",
            "✓ 2026-12-06 に Kubernetes v1.37.2 で検証済み（3 個のコマンド。"  # noqa: RUF001
            "ほかに 2 個のコマンドを実行、出力は照合していません）",  # noqa: RUF001
        ),
    ],
)
def test_commands_whose_output_was_not_compared_are_said_apart(
    language: str, expected: str
) -> None:
    status = {
        "state": "verified", "date": "2026-12-06", "kubernetes_version": "v1.37.2",
        "commands": 3, "reason": "", "locale": "en", "releases": ["1.37"], "differs": [],
        "not_compared": 2,
    }  # fmt: skip
    assert _text(_render_partial(status, language)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "▶ Ran on 2026-12-06 against Kubernetes v1.37.2: 1 command ran, output not compared",
        ),
        (
            "ja",
            "▶ 2026-12-06 に Kubernetes v1.37.2 で実行済み："  # noqa: RUF001
            "1 個のコマンドを実行、出力は照合していません",
        ),
    ],
)
def test_a_page_none_of_whose_output_was_compared_never_says_verified(
    language: str, expected: str
) -> None:
    status = {
        "state": "ran", "date": "2026-12-06", "kubernetes_version": "v1.37.2",
        "commands": 0, "reason": "", "locale": "ja", "releases": ["1.37"], "differs": [],
        "not_compared": 1,
    }  # fmt: skip
    text = _text(_render_partial(status, language))
    assert text == expected
    assert "Verified" not in text and "検証済み" not in text
