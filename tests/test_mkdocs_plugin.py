"""Lint inside `mkdocs build`: parity and lab problems are warnings that --strict turns fatal."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, v2_report

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
    report = v2_report(pages, {"passed": 0, "failed": 0, "skipped": 0, "not_run": 0})
    (site / "out-report.json").write_text(json.dumps(report), encoding="utf-8")


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
    assert "out-report.json:1: verification report is not JSON" in result.stderr


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
