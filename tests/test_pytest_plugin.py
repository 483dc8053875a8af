"""The pytest plugin, through pytest's own pytester: items per command, one run per lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CONFIG = """site_name: x
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {locale: ja, default: true}
        - {locale: en}
"""
PAGE = """# {title}

```console
~$ echo run >> "$COUNTER"; echo hello
hello
~$ echo wrong
right
```

```console skip
~$ echo never
```
"""
OTHER = """# other

```console
~$ echo other >> "$COUNTER"
```
"""


@pytest.fixture
def site(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = pytester.path
    (root / "docs").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    (root / "docs/p.ja.md").write_text(PAGE.format(title="ページ"))
    (root / "docs/p.en.md").write_text(PAGE.format(title="Page"))
    (root / "docs/q.md").write_text(OTHER)
    (root / "README.md").write_text(PAGE.format(title="not docs"))
    monkeypatch.setenv("COUNTER", str(root / "counter"))
    return root


def test_one_item_per_command_with_file_line_and_diff(
    pytester: pytest.Pytester, site: Path
) -> None:
    result = pytester.runpytest("docs", "-v")
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/p.en.md::line 6 FAILED*",
            "*docs/p.ja.md::line 6 FAILED*",
        ]
    )
    result.stdout.fnmatch_lines(
        ["docs/p.ja.md:6: output differs", "$ echo wrong", "*-*right", "*+*wrong"]
    )
    lines = (site / "counter").read_text().split()
    assert sorted(lines) == ["other", "run"], "each lesson ran once, for both languages"


def test_plain_pytest_never_runs_pages(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED
    assert not (site / "counter").exists()


def test_pages_outside_docs_dir_are_not_collected(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest("README.md")
    assert result.ret == pytest.ExitCode.USAGE_ERROR  # pytest: "not found"
    result.stderr.fnmatch_lines(["ERROR: not found: *README.md"])
    assert not (site / "counter").exists()


def test_xdist_keeps_a_lesson_on_one_worker(pytester: pytest.Pytester, site: Path) -> None:
    result = pytester.runpytest("docs", "-n", "2", "--dist", "loadgroup")
    result.assert_outcomes(passed=3, failed=2, skipped=2)
    assert sorted((site / "counter").read_text().split()) == ["other", "run"]


def test_kubectl_page_without_an_allowed_context_fails_with_the_reason(
    pytester: pytest.Pytester, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kubeconfig = site / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: prod\n"
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:9'}}]\n"
        "users: [{name: u, user: {}}]\n"
        "contexts: [{name: prod, context: {cluster: c, user: u}}]\n"
    )
    monkeypatch.delenv("SNIPPETS_ALLOWED_CONTEXTS", raising=False)
    (site / "docs/k.md").write_text("# k\n\n```console\n~$ kubectl get pods\nNo resources\n```\n")
    result = pytester.runpytest("docs/k.md", f"--snippets-kubeconfig={kubeconfig}")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cluster refused*prod*"])


def test_folder_layout_runs_the_default_language_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = pytester.path
    (root / "mkdocs.yml").write_text(CONFIG.replace("suffix", "folder"))
    for locale in ("ja", "en"):
        (root / "docs" / locale / "x").mkdir(parents=True)
        (root / "docs" / locale / "x/index.md").write_text(
            '# x\n\n```console\n~$ echo run >> "$COUNTER"; echo hi\nhi\n```\n'
        )
    monkeypatch.setenv("COUNTER", str(root / "counter"))
    result = pytester.runpytest("docs")
    result.assert_outcomes(passed=2)
    assert (root / "counter").read_text().split() == ["run"]


def test_a_kubectl_page_after_a_plain_one_still_gets_the_cluster_check(
    pytester: pytest.Pytester, site: Path
) -> None:
    (site / "docs/z.md").write_text("# z\n\n```console\n~$ kubectl get pods\nNo resources\n```\n")
    result = pytester.runpytest("docs", "--snippets-kubeconfig=/nonexistent")
    result.stdout.fnmatch_lines(["*cluster refused*"])
    assert "no-cluster" not in result.stdout.str()
