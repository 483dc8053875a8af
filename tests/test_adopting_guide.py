"""The guide "Adopting an existing site" says what the tool really does, in both languages."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from snippets_runner.cli import main
from snippets_runner.config.options import BY_KEY

DOCS = Path(__file__).resolve().parents[1] / "docs" / "writing"
PAGES = [DOCS / "adopting.en.md", DOCS / "adopting.ja.md"]
_BASH = re.compile(r"```bash\n(.*?)```", re.S)


def commands(page: Path) -> list[list[str]]:
    """Every `snippets-runner ...` line of the page's bash blocks, as words (comments cut)."""
    found = []
    for block in _BASH.findall(page.read_text(encoding="utf-8")):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["snippets-runner"]:
                found.append(words[1:])
    return found


def test_both_languages_walk_the_same_commands() -> None:
    en, ja = (commands(page) for page in PAGES)
    assert en == ja
    assert [words[0] for words in en] == ["init", "init", "list", "list", "lint", "verify"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_flag_the_guide_uses_exists(page: Path) -> None:
    for words in commands(page):
        result = CliRunner().invoke(main, [words[0], "--help"])
        assert result.exit_code == 0, result.output
        for flag in (w.split("=")[0] for w in words[1:] if w.startswith("--")):
            assert flag in result.output, f"{page.name}: {words[0]} has no {flag}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_setting_the_guide_names_is_a_setting(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \|", text, re.M)
    assert rows == [
        "prompt",
        "fence-language",
        "sessions",
        "comment-lines",
        "elisions",
        "no-output",
        "placeholders",
    ]
    assert all(key in BY_KEY for key in rows)
    for value in ("prompted", "every-fence", "not-published", "prints-nothing"):
        assert f"`{value}`" in text
