"""Update mode: the smallest honest change to published output, idempotent and atomic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from snippets_runner.extract.pages import extract_page
from snippets_runner.match import match
from snippets_runner.model import ExpectedOutput, Location
from snippets_runner.run.runner import run_page
from snippets_runner.run.translations import rematch
from snippets_runner.update.files import apply, diff, plan
from snippets_runner.update.rewrite import new_lines
from snippets_runner.update.tables import repad

AT = Location(Path("p.md"), 1)


def update(expected: list[str], actual: str) -> list[str]:
    exp = ExpectedOutput(tuple(expected), AT)
    new = new_lines(exp, match(exp, actual))
    again = ExpectedOutput(new, AT)
    assert match(again, actual).matched, "an update must make the page pass"
    assert new_lines(again, match(again, actual)) == new, "a second update changes nothing"
    return list(new)


def test_matching_output_is_left_alone() -> None:
    published = ["NAME  AGE", "web   29s"]
    assert update(published, "NAME   AGE\nweb    2m1s\n") == published


def test_changed_row_keeps_the_volatile_cells_and_is_repadded() -> None:
    expected = [
        "NAME              READY   STATUS    RESTARTS   AGE",
        "catalog-mysql-0   1/1     Running   0          29s",
    ]
    actual = (
        "NAME              READY   STATUS             RESTARTS   AGE\n"
        "catalog-mysql-0   0/1     CrashLoopBackOff   4          31s\n"
    )
    assert update(expected, actual) == [
        "NAME              READY   STATUS             RESTARTS   AGE",
        "catalog-mysql-0   0/1     CrashLoopBackOff   4          29s",
    ]


def test_elision_that_still_fits_is_kept_and_new_lines_come_in() -> None:
    expected = ["Name:  web", "[...]", "Volume Claims:  <none>"]
    actual = "Name:  web\nNamespace:  x\nLabels:  a\nTolerations:  <none>\nVolume Claims:  <none>\n"
    assert update(expected, actual) == expected
    actual = "Name:  web\nNamespace:  x\nVolume Claims:  data\n"
    assert update(expected, actual)[:2] == ["Name:  web", "[...]"]


def test_missing_and_extra_plain_lines() -> None:
    assert update(["pod \"web\" deleted"], 'pod "web" deleted from default namespace\n') == [
        'pod "web" deleted from default namespace'
    ]
    assert update(["a", "b", "c"], "a\nc\nd\n") == ["a", "c", "d"]


def test_repad_matches_kubectl_padding() -> None:
    assert repad(["NAME   AGE", "a-much-longer-name   1s", "", "not a table"]) == [
        "NAME                 AGE",
        "a-much-longer-name   1s",
        "",
        "not a table",
    ]


PAGE = """---
title: t
---
# {title}

```console
~$ printf 'NAME  STATUS  AGE\\nweb  Running  2m\\n'
NAME   STATUS    AGE
web    Pending   9s
~$ echo hello
helo
```

- nested

    ```console
    ~$ echo one; echo two
    one
    ```
"""


@pytest.fixture
def lesson(tmp_path: Path) -> tuple[Path, Path]:
    ja, en = tmp_path / "p.ja.md", tmp_path / "p.en.md"
    ja.write_text(PAGE.format(title="ページ"))
    en.write_text(PAGE.format(title="Page"))
    return ja, en


def run_and_plan(ja: Path, en: Path) -> list:  # type: ignore[type-arg]
    primary = run_page(extract_page(ja, "ja", "p.md"))
    translated = rematch(extract_page(en, "en", "p.md"), primary)
    return plan([primary, translated])


def test_update_fixes_both_languages_and_second_run_changes_nothing(
    lesson: tuple[Path, Path],
) -> None:
    ja, en = lesson
    changes = run_and_plan(ja, en)
    assert len(changes) == 6  # three commands wrong, in two languages
    preview = diff(changes)
    assert "-helo\n+hello\n" in preview and "+    two\n" in preview
    assert ja.read_text() == PAGE.format(title="ページ"), "--dry-run writes nothing"
    assert sorted(apply(changes)) == sorted([ja, en])
    for path, title in ((ja, "ページ"), (en, "Page")):
        text = path.read_text()
        assert "# " + title in text, "prose is untouched"
        assert "NAME   STATUS    AGE\nweb    Running   9s\n" in text
        assert "~$ echo hello\nhello\n" in text and "    one\n    two\n    ```" in text
    before = (ja.read_bytes(), en.read_bytes())
    assert run_and_plan(ja, en) == []
    assert all(r.passed for r in [run_page(extract_page(ja, "ja", "p.md"))])
    assert (ja.read_bytes(), en.read_bytes()) == before


KILLER = """
import sys
from pathlib import Path
from snippets_runner.report.atomic import write_atomic
from snippets_runner.update.files import apply
from test_update import run_and_plan
ja, en = Path(sys.argv[1]), Path(sys.argv[2])
old = ja.read_text()
changes = run_and_plan(ja, en)
print("ready", flush=True)
while True:  # update, then put the old text back, until killed
    apply(changes)
    print("updated", flush=True)
    for path in (ja, en):
        write_atomic(path, old)
"""


def test_sigkill_during_update_leaves_each_page_old_or_new(tmp_path: Path) -> None:
    ja, en = tmp_path / "p.ja.md", tmp_path / "p.en.md"
    old = PAGE.format(title="x") + "\nfiller prose line\n" * 5000
    for path in (ja, en):
        path.write_text(old)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent))
    expected_new: str | None = None
    for attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(ja), str(en)], stdout=subprocess.PIPE, env=env
        )
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        assert proc.stdout.readline() == b"updated\n"
        time.sleep(0.01 + 0.013 * attempt)  # land the kill at a different point each time
        assert proc.poll() is None, "the updater must still be writing when it is killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for path in (ja, en):
            text = path.read_text()
            if text != old:
                expected_new = expected_new or text
                assert text == expected_new, f"{path} is half-written"
                assert "~$ echo hello\nhello\n" in text
        for path in (ja, en):
            path.write_text(old)  # the next attempt plans from the old page again
    assert expected_new is not None, "no kill ever landed after a completed update"


def test_update_keeps_the_page_file_mode(lesson: tuple[Path, Path]) -> None:
    ja, en = lesson
    ja.chmod(0o644)
    en.chmod(0o664)
    apply(run_and_plan(ja, en))
    assert (ja.stat().st_mode & 0o777, en.stat().st_mode & 0o777) == (0o644, 0o664)


def test_crlf_page_stays_crlf(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_bytes(b"# T\r\n\r\n```console\r\n~$ echo new\r\nold\r\n```\r\n")
    apply(plan([run_page(extract_page(page))]))
    assert page.read_bytes() == b"# T\r\n\r\n```console\r\n~$ echo new\r\nnew\r\n```\r\n"


def test_page_edited_since_extraction_is_refused_even_without_output(tmp_path: Path) -> None:
    from snippets_runner.errors import PageError

    page = tmp_path / "p.md"
    page.write_text("# T\n\n```console\n~$ echo hi\n```\n")
    changes = plan([run_page(extract_page(page))])
    page.write_text("# T\nnew line\n\n```console\n~$ echo hi\n```\n")
    with pytest.raises(PageError, match="page changed since it was read"):
        apply(changes)
    assert page.read_text() == "# T\nnew line\n\n```console\n~$ echo hi\n```\n"


def test_fence_inside_a_list_item_is_updated_with_its_indent(tmp_path: Path) -> None:
    # (A fence on the list item's own line is inline code on the site: the extractor refuses it.)
    page = tmp_path / "p.md"
    page.write_text("# T\n\n- step\n\n    ```console\n    ~$ echo new\n    old\n    ```\n")
    apply(plan([run_page(extract_page(page))]))
    expected = "# T\n\n- step\n\n    ```console\n    ~$ echo new\n    new\n    ```\n"
    assert page.read_text() == expected
