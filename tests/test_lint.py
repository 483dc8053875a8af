"""Lint: every problem with file:line, and translations that drifted apart."""

import shutil
from pathlib import Path

import pytest

from snippets_runner.extract.discover import extract
from snippets_runner.lint import lint

SITE = Path(__file__).parent / "pages" / "site"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


def problems(site: Path) -> list[str]:
    return [str(p) for p in lint(extract([site / "docs"], site / "mkdocs.yml"))]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_clean_site_has_no_problems(site: Path) -> None:
    assert problems(site) == []


def test_changed_command_in_one_language(site: Path) -> None:
    en = site / "docs/lesson/index.en.md"
    edit(en, "kubectl delete pod web", "kubectl delete pod webb")
    (found,) = problems(site)
    assert found.startswith(f"{en}:21: command differs from the ja page at ")
    assert found.split("\n")[0].endswith("index.ja.md:21")
    assert "-~$" not in found and "+kubectl delete pod webb \\" in found


def test_changed_output_in_one_language(site: Path) -> None:
    edit(site / "docs/lesson/index.en.md", "web   29s\n```", "web   31s\n```")
    (found,) = problems(site)
    assert ":14: output of `printf" in found and "+web   31s" in found


def test_a_tab_against_spaces_in_one_language_shows_in_the_parity_diff(site: Path) -> None:
    """Retyped translations differ invisibly: the diff marks what the eye cannot see."""
    edit(site / "docs/lesson/index.en.md", "web   29s\n```", "web\t29s\n```")
    (found,) = problems(site)
    assert "-web   29s" in found and "+web\u240929s" in found


def test_a_long_parity_diff_counts_what_it_leaves_out(site: Path) -> None:
    lines = "".join(f"line {i}\n" for i in range(30))
    edit(site / "docs/lesson/index.en.md", "web   29s\n```", f"web   29s\n{lines}```")
    (found,) = problems(site)
    assert found.endswith("    +line 7\n    ... 22 more diff line(s)")


def test_changed_options_and_missing_block(site: Path) -> None:
    en = site / "docs/lesson/index.en.md"
    edit(en, 'console exit="1"', "console")
    found = problems(site)
    assert any("block options 'console' differ" in p for p in found)
    text = en.read_text()
    en.write_text(text[: text.index("1. Finally")])
    assert any("has 2 console blocks with 2 commands" in p for p in problems(site))


def test_malformed_blocks_and_missing_lab_are_all_reported(site: Path) -> None:
    ja = site / "docs/lesson/index.ja.md"
    edit(ja, '--wait=false\n    pod "web" deleted', "--wait=false \\")
    edit(ja, 'console exit="1"', 'console exit="one"')
    (site / "docs/lab.yaml").unlink()
    found = problems(site)
    assert f"{ja}:2: lab manifest not found" in "\n".join(found)
    assert any(p.startswith(f"{ja}:22: line ends with") for p in found)
    assert any(p.startswith(f"{ja}:27: exit='one'") for p in found)
    assert not any("differs" in p for p in found), "parity is meaningless on a broken page"


def test_empty_and_binary_pages(site: Path) -> None:
    (site / "docs/empty.md").write_text("")
    (site / "docs/blob.md").write_bytes(b"\x00\x01")
    found = problems(site)
    assert f"{site / 'docs/empty.md'}:1: page is empty" in found
    assert f"{site / 'docs/blob.md'}:1: not a text file (contains a NUL byte)" in found


def test_commands_moved_between_blocks_are_reported(site: Path) -> None:
    ja = site / "docs/lesson/index.ja.md"
    en = site / "docs/lesson/index.en.md"
    for path in (ja, en):  # two commands in the first block of both pages
        edit(path, "web   29s\n```", "web   29s\n~$ echo moved\nmoved\n```")
    split = "web   29s\n```\n\n```console\n~$ echo moved\nmoved\n```"
    edit(en, "web   29s\n~$ echo moved\nmoved\n```", split)
    found = problems(site)
    assert any("block has 1 command(s), the block at" in p for p in found), found


def test_parity_diff_pairs_each_changed_line_with_its_own_counterpart() -> None:
    """A line repeated in the diff is marked against the line it replaces there, and a
    changed line that starts with '--' is a row, not a file header."""
    from snippets_runner.parity import _short_diff

    a = ("x\u00a0y", "keep", "x\u00a0y", "--a\tb")
    b = ("x\u00a0z", "keep", "x y", "--a b")
    shown = _short_diff(a, b, "ja", "this page").split("\n")
    assert "    -x[U+00A0]y" in shown and "    +x y" in shown  # the second pair, marked
    assert "    ---a\u2409b" in shown and "    +--a b" in shown


def test_a_translation_that_says_otherwise_about_the_cluster(tmp_path: Path) -> None:
    """One run stands for every language, so they must agree on whether it has a cluster."""
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - {locale: ja, default: true}\n        - {locale: en}\n"
    )
    (tmp_path / "docs").mkdir()
    body = "# p\n\n```console\n~$ echo hi\nhi\n```\n"
    (tmp_path / "docs/p.ja.md").write_text("---\nsnippets: {cluster: false}\n---\n" + body)
    (tmp_path / "docs/p.en.md").write_text(body)
    (found,) = problems(tmp_path)
    assert found.startswith(f"{tmp_path / 'docs/p.en.md'}:1: front matter cluster differs")


def _placeholder_site(tmp_path: Path, front: str = "") -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    (tmp_path / "pyproject.toml").write_text('[tool.snippets-runner]\nplaceholders = ["<*>"]\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/p.md").write_text(
        f"{front}# P\n\n```console\n~$ kubectl logs <pod-name> -c <container>\n```\n"
    )
    return tmp_path


def test_a_placeholder_without_a_value_is_a_warning_not_a_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from snippets_runner.cli import main

    site = _placeholder_site(
        tmp_path, '---\nsnippets: {placeholders: {"<pod-name>": web-0}}\n---\n'
    )
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["lint", "docs"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    page = Path("docs/p.md")
    assert result.stderr.splitlines() == [
        f"{page}:7: warning: placeholder <container> has no value, so its block is not run "
        "(give one under snippets.placeholders in the front matter)"
    ]
    assert result.stdout == ""


def test_a_placeholder_value_no_command_holds_is_a_warning(tmp_path: Path) -> None:
    from snippets_runner.lint import warnings

    front = '---\nsnippets:\n  placeholders: {"<pod-name>": a, "<container>": b, "<ns>": c}\n---\n'
    site = _placeholder_site(tmp_path, front)
    extraction = extract([site / "docs"], site / "mkdocs.yml")
    assert lint(extraction) == []
    assert [str(w) for w in warnings(extraction)] == [
        f"{site / 'docs/p.md'}:2: warning: snippets.placeholders gives <ns> a value, but no "
        "command holds it as a placeholder (see the site's placeholders patterns)"
    ]


def test_translations_must_give_the_same_placeholder_values(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - i18n:\n      docs_structure: suffix\n      languages:\n"
        "        - {locale: ja, default: true}\n        - {locale: en}\n"
    )
    (tmp_path / "pyproject.toml").write_text('[tool.snippets-runner]\nplaceholders = ["<*>"]\n')
    (tmp_path / "docs").mkdir()
    body = "```console\n~$ echo <name>\n```\n"
    (tmp_path / "docs/p.ja.md").write_text(
        f'---\nsnippets: {{placeholders: {{"<name>": a}}}}\n---\n{body}'
    )
    (tmp_path / "docs/p.en.md").write_text(
        f'---\nsnippets: {{placeholders: {{"<name>": b}}}}\n---\n{body}'
    )
    found = [str(p) for p in lint(extract([tmp_path / "docs"], tmp_path / "mkdocs.yml"))]
    assert found == [
        f"{tmp_path / 'docs/p.en.md'}:2: front matter placeholders differ from "
        f"{tmp_path / 'docs/p.ja.md'}: one run stands for both pages"
    ]
