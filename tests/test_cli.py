"""The list and lint commands as a writer or a CI job calls them."""

import json
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from snippets_runner.cli import main

SITE = Path(__file__).parent / "pages" / "site"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path / "site"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_list_json_schema_is_pinned(site: Path) -> None:
    code, out = run("list", "docs/lesson", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "snippets-runner/list" and doc["version"] == 1
    assert [(c["file"], c["line"], c["locale"]) for c in doc["commands"]] == [
        ("docs/lesson/index.ja.md", 13, "ja"),
        ("docs/lesson/index.ja.md", 21, "ja"),
        ("docs/lesson/index.ja.md", 29, "ja"),
        ("docs/lesson/index.en.md", 13, "en"),
        ("docs/lesson/index.en.md", 21, "en"),
        ("docs/lesson/index.en.md", 29, "en"),
    ], "default locale first, then the translations"
    assert doc["commands"][4] == {
        "file": "docs/lesson/index.en.md",
        "line": 21,
        "locale": "en",
        "lesson": "lesson/index.md",
        "block": {
            "line": 20,
            "end_line": 24,
            "language": "console",
            "options": {
                "timeout": 5.0,
                "retry": None,
                "exit": 0,
                "skip": False,
                "kubernetes": None,
                "output": None,
            },
        },
        "index": 0,
        "command": "kubectl delete pod web \\\n  --wait=false",
        "prompt": "~$",
        "placeholders": [],
        "expected": {
            "line": 23,
            "lines": ['pod "web" deleted'],
            "elisions": False,
            "compared": True,
        },
    }


def test_list_defaults_to_docs_dir_and_prints_a_table(site: Path) -> None:
    code, out = run("list")
    assert code == 0
    assert "docs/lesson/index.ja.md:29 [ja] $ cat missing\n    cat: missing: No such file" in out


@pytest.mark.parametrize("as_json", [False, True])
def test_list_names_a_page_that_does_not_parse_and_fails(site: Path, as_json: bool) -> None:
    """A listing that silently leaves a broken page out would say all is well."""
    (site / "docs/broken.md").write_text("# Broken\n\n```console\n~$ echo hi\nhi\n")
    code, out = run("list", "docs", *(["--json"] if as_json else []))
    assert code == 1
    assert "docs/broken.md:3: ```console fence is never closed" in out
    assert "docs/lesson/index.ja.md" in out, "the pages that parse are still listed"


@pytest.mark.parametrize("command", ["list", "lint", "verify", "update"])
@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("empty", "empty: no Markdown pages (*.md) in this folder"),
        ("mkdocs.yml", "mkdocs.yml: not a Markdown page (*.md)"),
    ],
)
def test_paths_without_pages_are_a_usage_error(
    site: Path, command: str, path: str, message: str
) -> None:
    """A nightly job pointed at the wrong path must go red, not report "0 passed"."""
    (site / "empty").mkdir()
    code, out = run(command, path)
    assert (code, out) == (2, f"error: {message}\n")


def test_lint_passes_then_fails_with_file_and_line(site: Path) -> None:
    assert run("lint") == (0, "")
    en = site / "docs/lesson/index.en.md"
    en.write_text(en.read_text().replace("delete pod web", "delete pods web"))
    code, out = run("lint", "docs")
    assert code == 1
    assert out.startswith("docs/lesson/index.en.md:21: command differs from the ja page at ")


def test_broken_config_is_a_usage_error(site: Path) -> None:
    (site / "mkdocs.yml").write_text("plugins: [\n")
    code, out = run("lint")
    assert code == 2
    assert "mkdocs.yml:2: invalid YAML" in out
    (site / "mkdocs.yml").write_text("extra:\n  analytics_key: *Hunter2-Site-Key\n")
    code, out = run("lint")
    assert code == 2 and "mkdocs.yml:2: invalid YAML: found undefined alias" in out
    assert "Hunter2" not in out, "the file's text is not quoted"


def subcommands(group: click.Group) -> dict[str, click.Command]:
    """A group's registered commands, through click's API (works for lazy groups too)."""
    ctx = click.Context(group)
    found = {name: group.get_command(ctx, name) for name in group.list_commands(ctx)}
    assert all(found.values()), f"listed but not loadable: {found}"
    return {name: command for name, command in found.items() if command is not None}


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every registered command and subcommand, as the words that invoke it."""
    paths: list[tuple[str, ...]] = []
    for name, command in subcommands(group).items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


def test_help_on_every_command() -> None:
    paths = command_paths(main)
    # The walk must find what we know is registered, so an empty walk cannot pass.
    assert {("list",), ("lint",), ("verify",), ("update",), ("report", "merge")} <= set(paths)
    for words in paths:
        code, out = run(*words, "--help")
        assert code == 0, (words, out)
        assert f"Usage: main {' '.join(words)} " in out or f"Usage: main {' '.join(words)}\n" in out
        command: click.Command = main
        for word in words:
            assert isinstance(command, click.Group)
            command = subcommands(command)[word]
        first_line = (command.help or "").strip().splitlines()[0]
        assert first_line and " ".join(first_line.split()) in " ".join(out.split()), words


@pytest.mark.parametrize("command", ["verify", "update"])
@pytest.mark.parametrize("flag", ["--timeout", "--lab-timeout"])
def test_a_timeout_above_a_day_is_a_usage_error(site: Path, command: str, flag: str) -> None:
    """poll() would overflow on it; the flag is refused before anything runs."""
    code, out = run(command, flag, "3000000", "docs")
    assert code == 2
    assert f"Invalid value for '{flag}'" in out and "86400" in out
