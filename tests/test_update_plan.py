"""The update plan: every decision update makes, as data, before anything is written."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.extract.frontmatter import read_published
from snippets_runner.extract.pages import extract_page
from snippets_runner.run.results import PageResult, Reason
from snippets_runner.run.runner import run_page
from snippets_runner.run.translations import rematch
from snippets_runner.secrets import Masker
from snippets_runner.update.planning import plan_update

PAGE = """# {title}

{prose}

```console
~$ echo {printed}
old
~$ false
~$ echo fine
wrong
```
"""


def lesson(
    tmp_path: Path, printed: str, ja_prose: str = "", en_prose: str = ""
) -> list[PageResult]:
    ja, en = tmp_path / "p.ja.md", tmp_path / "p.en.md"
    ja.write_text(PAGE.format(title="ページ", prose=ja_prose, printed=printed))
    en.write_text(PAGE.format(title="Page", prose=en_prose, printed=printed))
    primary = run_page(extract_page(ja, "ja", "p.md"))
    return [primary, rematch(extract_page(en, "en", "p.md"), primary)]


def masker(results: list[PageResult], *secrets: str) -> Masker:
    pages = {r.page.path: read_published(r.page.path) for r in results}
    return Masker(secrets, pages)


def test_the_plan_lists_changes_and_stuck_commands(tmp_path: Path) -> None:
    results = lesson(tmp_path, "new")
    plan = plan_update(results, masker(results))
    assert [(c.path.name, c.new) for c in plan.changes] == [
        ("p.ja.md", ("new",)),
        ("p.ja.md", ("fine",)),
        ("p.en.md", ("new",)),
        ("p.en.md", ("fine",)),
    ]
    assert [(r.command.location.line, r.reason) for r in plan.stuck] == [
        (8, Reason.EXIT_STATUS),
        (8, Reason.EXIT_STATUS),
    ]
    assert plan.leaks == () and plan.refused == () and not plan.complete
    assert {e.path.name for e in plan.edits} == {"p.ja.md", "p.en.md"}


def test_a_secret_the_page_does_not_publish_is_a_leak_in_every_language(tmp_path: Path) -> None:
    results = lesson(tmp_path, 'hunter2-""token')
    plan = plan_update(results, masker(results, "hunter2-token"))
    assert [c.path.name for c in plan.leaks] == ["p.ja.md", "p.en.md"]
    assert all("hunter2-token" in c.new for c in plan.leaks)
    assert [c.new for c in plan.changes] == [("fine",), ("fine",)], "other blocks still update"


def test_a_value_the_page_publishes_is_no_leak(tmp_path: Path) -> None:
    results = lesson(tmp_path, "catalog")  # the command itself shows it
    plan = plan_update(results, masker(results, "catalog"))
    assert plan.leaks == ()
    assert plan.changes[0].new == ("catalog",)


def test_published_in_one_language_only_is_refused_in_both(tmp_path: Path) -> None:
    results = lesson(tmp_path, 'shop-""admin', en_prose="The user is shop-admin.")
    plan = plan_update(results, masker(results, "shop-admin"))
    assert [c.path.name for c in plan.leaks] == ["p.ja.md"]
    assert [str(r) for r in plan.refused] == [
        f"{tmp_path / 'p.en.md'}:6: not updated: the real output holds a secret "
        f"(at {tmp_path / 'p.ja.md'}:6)"
    ]
    assert [c.new for c in plan.changes] == [("fine",), ("fine",)]


def test_a_line_refused_in_one_language_is_refused_in_all(tmp_path: Path) -> None:
    results = lesson(tmp_path, "'~$ rm -rf /'")
    plan = plan_update(results, masker(results))
    assert [str(r).split(": not updated: ")[1][:40] for r in plan.refused] == [
        "real output line 1 starts with the promp",
        "real output line 1 starts with the promp",
    ]
    assert [c.new for c in plan.changes] == [("fine",), ("fine",)]
