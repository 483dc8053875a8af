"""Lint inside `mkdocs build`: parity and lab problems are warnings that --strict turns fatal."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
        cwd=root, capture_output=True, text=True, timeout=120, check=False,
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
