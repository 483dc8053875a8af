"""Parity problems are reported against the translation edited last."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import i18n_config

from snippets_runner.extract.discover import extract
from snippets_runner.integrations.site.blame import edited_last_first_compared
from snippets_runner.lint import lint

CONFIG = i18n_config("ja", "en")


def _site(tmp_path: Path) -> tuple[Path, Path, Path]:
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    ja, en = docs / "index.ja.md", docs / "index.en.md"
    ja.write_text("# ja\n\n```console\n~$ echo hi\nhi\n```\n", encoding="utf-8")
    en.write_text("# en\n\n```console\n~$ echo hi\nhello\n```\n", encoding="utf-8")
    return tmp_path / "mkdocs.yml", ja, en


def _blamed(config: Path) -> list[str]:
    extraction = edited_last_first_compared(extract([config.parent / "docs"], config))
    return [problem.location.path.name for problem in lint(extraction)]


def test_the_page_edited_last_is_blamed(tmp_path: Path) -> None:
    config, ja, en = _site(tmp_path)
    os.utime(ja, (100, 100))
    os.utime(en, (200, 200))
    assert _blamed(config) == ["index.en.md"]
    os.utime(ja, (300, 300))
    assert _blamed(config) == ["index.ja.md"]


def test_without_reordering_the_default_language_is_the_reference(tmp_path: Path) -> None:
    """The runner's own order, for comparison: lint alone always blames the translation."""
    config, ja, en = _site(tmp_path)
    os.utime(ja, (300, 300))
    os.utime(en, (100, 100))
    problems = lint(extract([tmp_path / "docs"], config))
    assert [p.location.path.name for p in problems] == ["index.en.md"]
