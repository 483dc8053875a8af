"""`snippets-runner update` end to end on shell pages in two languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from snippets_runner.cli import main

CONFIG = """site_name: x
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: ja, default: true}
        - {locale: en}
"""
PAGE = """---
snippets:
  secrets: [hunter2-token]
---
# {title}

```console
~$ echo hello
helo
~$ printf 'NAME  STATUS\\nweb  Running\\n'
NAME   STATUS
web    Pending
```
"""


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "docs/p.ja.md").write_text(PAGE.format(title="ページ"))
    (tmp_path / "docs/p.en.md").write_text(PAGE.format(title="Page"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_dry_run_prints_the_diff_and_writes_nothing(site: Path) -> None:
    before = (site / "docs/p.ja.md").read_text()
    code, out = run("update", "--dry-run")
    assert code == 0
    assert "-helo\n+hello\n" in out and "-web    Pending\n+web    Running\n" in out
    assert out.count("+++ docs/p.") == 2
    assert (site / "docs/p.ja.md").read_text() == before


def test_update_fixes_every_language_then_verify_passes_and_nothing_churns(site: Path) -> None:
    code, out = run("update")
    assert (code, out.strip()) == (0, "updated 4 output block(s) in 2 file(s)")
    for name, title in (("p.ja.md", "ページ"), ("p.en.md", "Page")):
        text = (site / "docs" / name).read_text()
        assert f"# {title}\n" in text
        assert "~$ echo hello\nhello\n" in text and "NAME   STATUS\nweb    Running\n" in text
    assert run("verify")[0] == 0
    before = [(site / "docs" / n).read_bytes() for n in ("p.ja.md", "p.en.md")]
    assert run("update") == (0, "updated 0 output block(s) in 0 file(s)\n")
    assert [(site / "docs" / n).read_bytes() for n in ("p.ja.md", "p.en.md")] == before


def test_secret_in_real_output_is_never_written(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_text(path.read_text().replace("echo hello", "echo hunter2-token"))
    code, out = run("update")
    assert code == 1
    assert "docs/p.ja.md:8: not updated: the real output holds a secret" in out
    assert "\nhunter2-token\n" not in (site / "docs/p.ja.md").read_text()


def test_failures_update_cannot_fix_are_listed(site: Path) -> None:
    for name in ("p.ja.md", "p.en.md"):
        path = site / "docs" / name
        path.write_text(path.read_text().replace("~$ echo hello\nhelo\n", "~$ false\n"))
    code, out = run("update")
    assert code == 1
    assert "docs/p.ja.md:8: not updatable: exit status 1, expected 0" in out


def test_lint_problems_stop_update(site: Path) -> None:
    path = site / "docs/p.en.md"
    path.write_text(path.read_text().replace("echo hello", "echo bye"))
    code, out = run("update")
    assert code == 1 and "fix the lint problems first" in out
