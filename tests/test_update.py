"""Update mode: the smallest honest change to published output, idempotent and atomic."""

from __future__ import annotations

import enum
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from snippets_runner.extract.frontmatter import read_published
from snippets_runner.extract.pages import extract_page
from snippets_runner.match import match
from snippets_runner.model import ExpectedOutput, Location, Page
from snippets_runner.run.results import CommandResult, Failure, PageResult, Reason, Result
from snippets_runner.run.runner import run_page
from snippets_runner.run.translations import rematch
from snippets_runner.secrets import Masker
from snippets_runner.update.anchors import keep_anchors
from snippets_runner.update.changes import Change, unwritable
from snippets_runner.update.edits import Edit, apply, diff
from snippets_runner.update.lines import fence_of, problem, real_problem
from snippets_runner.update.planning import UpdatePlan, plan_update
from snippets_runner.update.repad import repad
from snippets_runner.update.rewrite import new_lines

AT = Location(Path("p.md"), 1)


def update(expected: list[str], actual: str) -> list[str]:
    exp = ExpectedOutput(tuple(expected), AT)
    new = new_lines(exp, keep_anchors(match(exp, actual)))
    again = ExpectedOutput(new, AT)
    assert match(again, actual).matched, "an update must make the page pass"
    assert new_lines(again, keep_anchors(match(again, actual))) == new, (
        "a second update changes nothing"
    )
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
    # The line after the elision is its anchor: replaced, never dropped.
    assert update(expected, actual) == ["Name:  web", "[...]", "Volume Claims:  data"]


def test_anchors_on_both_sides_of_an_elision_are_replaced() -> None:
    assert update(["Name: web", "[...]"], "Name: db\nx\ny\n") == ["Name: db", "[...]"]
    assert update(["x", "[...]", "y"], "a\nb\nc\n") == ["a", "[...]", "c"]
    assert update(["[...]", "y1", "y2"], "a\nb\nc\nd\n") == ["[...]", "c", "d"]
    assert update(["a", "[...]", "z"], "a\nq\n") == ["a", "[...]", "q"]


def test_missing_and_extra_plain_lines() -> None:
    assert update(['pod "web" deleted'], 'pod "web" deleted from default namespace\n') == [
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
~$ printf 'NAME  STATUS  AGE\\nweb  Running  2m\\n'  # snippets: kubectl
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


def run_both(ja: Path, en: Path) -> list[PageResult]:
    primary = run_page(extract_page(ja, "ja", "p.md"))
    return [primary, rematch(extract_page(en, "en", "p.md"), primary)]


def run_and_plan(ja: Path, en: Path, mask: Masker | None = None) -> UpdatePlan:
    return plan_update(run_both(ja, en), mask or Masker())


def plan_page(page: Path, mask: Masker | None = None) -> UpdatePlan:
    return plan_update([run_page(extract_page(page))], mask or Masker())


def write_all(edits: Iterable[Edit]) -> list[Path]:
    """`apply`, when every page must be written: the paths written."""
    applied = apply(edits)
    assert applied.failed == (), [str(f) for f in applied.failed]
    return applied.paths


def test_update_fixes_both_languages_and_second_run_changes_nothing(
    lesson: tuple[Path, Path],
) -> None:
    ja, en = lesson
    plan = run_and_plan(ja, en)
    assert len(plan.changes) == 6  # three commands wrong, in two languages
    assert plan.complete and len(plan.edits) == 2
    preview = diff(plan.edits)
    assert "-helo\n+hello\n" in preview and "+    two\n" in preview
    assert ja.read_text() == PAGE.format(title="ページ"), "--dry-run writes nothing"
    assert sorted(write_all(plan.edits)) == sorted([ja, en])
    for path, title in ((ja, "ページ"), (en, "Page")):
        text = path.read_text()
        assert "# " + title in text, "prose is untouched"
        assert "NAME   STATUS    AGE\nweb    Running   9s\n" in text
        assert "~$ echo hello\nhello\n" in text and "    one\n    two\n    ```" in text
    before = (ja.read_bytes(), en.read_bytes())
    assert run_and_plan(ja, en).changes == ()
    assert all(r.passed for r in [run_page(extract_page(ja, "ja", "p.md"))])
    assert (ja.read_bytes(), en.read_bytes()) == before


KILLER = """
import sys
from pathlib import Path
from snippets_runner.files import write_atomic
from snippets_runner.update.edits import apply
from test_update import run_and_plan
ja, en, hold = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "hold"
old = ja.read_text()
edits = run_and_plan(ja, en).edits
print("ready", flush=True)
while True:  # update, then put the old text back, until killed
    apply(edits)
    print("updated", flush=True)
    if hold:  # wait, with both pages new, for the kill
        sys.stdin.read()
    for path in (ja, en):
        write_atomic(path, old)
"""


def _kill_updater(ja: Path, en: Path, hold: bool, after_updates: int) -> None:
    """Start an updater looping over the pages and SIGKILL it; no wall-clock timing involved.

    With ``hold`` the updater is killed while it waits after a completed
    update; otherwise right after its ``after_updates``-th completed update,
    i.e. somewhere inside its next restore or update (wherever the scheduler
    lets the signal land: every such point must leave whole pages).
    """
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parent))
    mode = "hold" if hold else "loop"
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLER, str(ja), str(en), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == b"ready\n"
    for _ in range(after_updates):
        assert proc.stdout.readline() == b"updated\n"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)


def test_sigkill_during_update_leaves_each_page_old_or_new(tmp_path: Path) -> None:
    ja, en = tmp_path / "p.ja.md", tmp_path / "p.en.md"
    old = PAGE.format(title="x") + "\nfiller prose line\n" * 5000
    for path in (ja, en):
        path.write_text(old)
    # Killed while waiting after a completed update: both pages are the new text.
    _kill_updater(ja, en, hold=True, after_updates=1)
    new = ja.read_text()
    assert new != old and en.read_text() == new
    assert "~$ echo hello\nhello\n" in new
    # Killed at whatever point the next writes reached: each page is whole, old or new.
    for after in range(1, 6):
        for path in (ja, en):
            path.write_text(old)  # the next updater plans from the old page again
        _kill_updater(ja, en, hold=False, after_updates=after)
        for path in (ja, en):
            assert path.read_text() in (old, new), f"{path} is half-written"


def test_update_keeps_the_page_file_mode(lesson: tuple[Path, Path]) -> None:
    ja, en = lesson
    ja.chmod(0o644)
    en.chmod(0o664)
    write_all(run_and_plan(ja, en).edits)
    assert (ja.stat().st_mode & 0o777, en.stat().st_mode & 0o777) == (0o644, 0o664)


def test_crlf_page_stays_crlf(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_bytes(b"# T\r\n\r\n```console\r\n~$ echo new\r\nold\r\n```\r\n")
    write_all(plan_page(page).edits)
    assert page.read_bytes() == b"# T\r\n\r\n```console\r\n~$ echo new\r\nnew\r\n```\r\n"


def test_page_edited_since_extraction_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# T\n\n```console\n~$ echo hi\n```\n")
    results = [run_page(extract_page(page))]
    edited = "# T\nnew line\n\n```console\n~$ echo hi\n```\n"
    page.write_text(edited)
    plan = plan_update(results, Masker())
    assert plan.edits == () and not plan.complete
    assert [str(r) for r in plan.refused] == [
        f"{page}:5: not updated: page changed since it was read; run update again"
    ]
    assert page.read_text() == edited


def test_page_edited_between_planning_and_writing_is_refused(tmp_path: Path) -> None:
    from snippets_runner.errors import PageError

    page = tmp_path / "p.md"
    page.write_text("# T\n\n```console\n~$ echo hi\n```\n")
    plan = plan_page(page)
    assert len(plan.edits) == 1
    edited = "# T\n\n```console\n~$ echo hi\n```\nmore prose\n"
    page.write_text(edited)
    applied = apply(plan.edits)
    assert applied.written == ()
    [refused] = applied.failed
    assert isinstance(refused.error, PageError) and refused.location == Location(page, 1)
    assert (
        str(refused) == f"{page}:1: not updated: page changed since it was read; run update again"
    )
    assert page.read_text() == edited


# --- writing: a lesson's pages all or none, and one lesson never stops the others ---------

OTHER = "# Q\n\n```console\n~$ echo new-q\nold-q\n```\n"


def plan_lesson_and_other(ja: Path, en: Path, other: Path) -> UpdatePlan:
    """The plan for the two-language lesson and a page of its own lesson, written after it."""
    other.write_text(OTHER)
    return plan_update([*run_both(ja, en), run_page(extract_page(other))], Masker())


def test_a_page_saved_meanwhile_keeps_its_whole_lesson_old_and_the_others_are_written(
    lesson: tuple[Path, Path], tmp_path: Path
) -> None:
    """Review round 3: the first page that could not be written stopped update, so every
    page after it kept its old output and a lesson's languages could disagree."""
    ja, en = lesson
    plan = plan_lesson_and_other(ja, en, tmp_path / "q.md")
    assert len(plan.edits) == 3
    saved = en.read_text() + "\nA line the writer added.\n"
    en.write_text(saved)  # the writer saves the second language while update runs
    applied = apply(plan.edits)
    assert applied.paths == [tmp_path / "q.md"]
    assert "~$ echo new-q\nnew-q\n" in (tmp_path / "q.md").read_text()
    assert ja.read_text() == PAGE.format(title="ページ"), "its lesson's other language stays old"
    assert en.read_text() == saved, "the writer's save is never overwritten"
    assert sorted(str(f) for f in applied.failed) == sorted(
        [
            f"{en}:1: not updated: page changed since it was read; run update again",
            f"{ja}:1: not updated: {en} of the same lesson could not be written, "
            "so neither was this page",
        ]
    )


WRITE_IN_A_SMALL_FILE_LIMIT = """
import json, resource, signal, sys
from pathlib import Path
from snippets_runner.update.edits import apply
from test_update import plan_lesson_and_other
ja, en, other = (Path(a) for a in sys.argv[1:4])
plan = plan_lesson_and_other(ja, en, other)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a kill
limit = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
applied = apply(plan.edits)
print(json.dumps({"written": [str(p) for p in applied.paths],
                  "failed": [str(f) for f in applied.failed]}))
"""


def test_a_write_that_fails_halfway_puts_the_lessons_written_pages_back(
    lesson: tuple[Path, Path], tmp_path: Path
) -> None:
    """The kernel refuses the second language's write (a file size limit set in a child
    process, as a full disk would): the first language, already written, is put back
    byte for byte, and the page of the next lesson is still written."""
    import json

    ja, en = lesson
    en.write_text(PAGE.format(title="Page") + "\nfiller prose\n" * 400)  # 5 kB: over the limit
    before = (ja.read_bytes(), en.read_bytes())
    limit = 2048  # above the short page and the other one, below the long one
    assert len(before[0]) + 64 < limit < len(before[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    done = subprocess.run(
        [sys.executable, "-c", WRITE_IN_A_SMALL_FILE_LIMIT, str(ja), str(en),
         str(tmp_path / "q.md"), str(limit)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    outcome = json.loads(done.stdout)
    assert outcome["written"] == [str(tmp_path / "q.md")]
    assert (ja.read_bytes(), en.read_bytes()) == before, "the lesson stays as it was, whole"
    assert outcome["failed"] == [
        f"{ja}:1: not updated: {en} of the same lesson could not be written, "
        "so neither was this page",
        f"{en}:1: not updated: cannot write page: File too large",
    ]
    assert "~$ echo new-q\nnew-q\n" in (tmp_path / "q.md").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.en.md", "p.ja.md", "q.md"]


def test_a_page_that_cannot_be_put_back_is_said_to_disagree(
    lesson: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the second language cannot be written and the first, already written, was
    saved again by its writer meanwhile, update keeps the writer's save and says plainly
    that the lesson's languages disagree, on the page that does."""
    from snippets_runner.errors import ReportError
    from snippets_runner.files import pagefile

    ja, en = lesson
    plan = run_and_plan(ja, en)
    real_write = pagefile.write
    saved = "the writer's own save\n"

    def second_fails(page: pagefile.PageFile, text: str) -> None:
        if page.path == en:
            ja.write_text(saved)  # the first language is saved again by its writer...
            raise ReportError("cannot write page: No space left on device", Location(en, 1))
        real_write(page, text)  # ...after update wrote it

    monkeypatch.setattr(pagefile, "write", second_fails)
    applied = apply(plan.edits)
    assert [e.path for e in applied.written] == [ja]
    assert ja.read_text() == saved and en.read_text() == PAGE.format(title="Page")
    assert [str(f) for f in applied.failed] == [
        f"{ja}:1: updated, but {en} of the same lesson could not be written, and this page "
        "could not be put back (page changed again since update wrote it): the lesson's "
        "languages disagree; run update again, or fix them by hand",
        f"{en}:1: not updated: cannot write page: No space left on device",
    ]
    assert [f.written for f in applied.failed] == [True, False]


def test_fence_inside_a_list_item_is_updated_with_its_indent(tmp_path: Path) -> None:
    # (A fence on the list item's own line is inline code on the site: the extractor refuses it.)
    page = tmp_path / "p.md"
    page.write_text("# T\n\n- step\n\n    ```console\n    ~$ echo new\n    old\n    ```\n")
    write_all(plan_page(page).edits)
    expected = "# T\n\n- step\n\n    ```console\n    ~$ echo new\n    new\n    ```\n"
    assert page.read_text() == expected


# --- blocks in blockquotes and list items: empty lines, old and new -------------------


class Empty(enum.Enum):
    """An empty block line in a test body: as the writer saved it, or as update writes it."""

    SAVED = "saved"
    WRITTEN = "written"


Body = tuple["str | Empty", ...]


@dataclass(frozen=True)
class Layout:
    """Where a block sits: every block line carries ``prefix``; an empty one is on disk
    as ``saved`` (as the writer's editor left it) and update writes a new one as ``written``
    (`model.Block.prefix`: the prefix without its trailing blanks)."""

    before: str
    prefix: str
    saved: str
    written: str

    def block(self, lines: Body) -> str:
        """The container's opening lines, then ``lines`` as the file holds them."""
        written = [
            self.saved
            if line is Empty.SAVED
            else self.written
            if line is Empty.WRITTEN
            else self.prefix + line
            for line in lines
        ]
        return self.before + "\n".join(written) + "\n"

    def page(self, body: Body) -> str:
        """The whole page with ``body`` (block lines between the fences) in this layout."""
        return "# T\n\n" + self.block(("```console", *body, "```")) + "\nafter\n"


LAYOUTS = {
    "top level": Layout("", "", "", ""),
    "indented fence": Layout("", "   ", "", ""),
    "blockquote": Layout("> Run:\n>\n", "> ", ">", ">"),
    "blockquote, empty lines keep the space": Layout("", "> ", "> ", ">"),
    "blockquote, empty line with a tab": Layout("", "> ", ">\t", ">"),
    "blockquote without a space": Layout("", ">", ">", ">"),
    "nested blockquote": Layout("", "> > ", "> >", "> >"),
    "nested blockquote, empty lines keep the space": Layout("", "> > ", "> > ", "> >"),
    "nested blockquote written tight": Layout("", ">> ", ">>", ">>"),
    "list item": Layout("- item\n\n", "    ", "", ""),
    "list item, empty lines keep the indentation": Layout("- item\n\n", "    ", "    ", ""),
    "list item, empty lines half indented": Layout("1. item\n\n", "    ", "  ", ""),
    "tab-indented list item": Layout("- item\n\n", "\t", "\t", ""),
    "admonition": Layout("!!! note\n\n", "    ", "", ""),
    "blockquote in a list item": Layout("- item\n\n", "    > ", "    >", "    >"),
    "blockquote in a list item, empty lines keep the space": Layout(
        "- item\n\n", "    > ", "    > ", "    >"
    ),
    "list item in a blockquote": Layout("> - item\n>\n", ">   ", ">", ">"),
    "list item in a blockquote, empty lines keep the indentation": Layout(
        "> - item\n>\n", ">   ", ">   ", ">"
    ),
    "blockquote in a list item in a blockquote": Layout(
        "> - item\n>\n", ">   > ", ">   >", ">   >"
    ),
}

SAVED, WRITTEN = Empty.SAVED, Empty.WRITTEN
SCENARIOS: dict[str, tuple[Body, Body]] = {
    # name: (block body before the update, after it); the commands print the truth.
    "an empty line comes into the output": (
        ("~$ printf 'x\\n\\ny\\n'", "x", "z"),
        ("~$ printf 'x\\n\\ny\\n'", "x", WRITTEN, "y"),
    ),
    "a published empty line stays as it was saved": (
        ("~$ printf 'x\\n\\ny\\n'", "x", SAVED, "z"),
        ("~$ printf 'x\\n\\ny\\n'", "x", SAVED, "y"),
    ),
    "a published empty line goes": (
        ("~$ printf 'x\\ny\\n'", "x", SAVED, "y"),
        ("~$ printf 'x\\ny\\n'", "x", "y"),
    ),
    "an empty line before the closing fence stays": (
        ("~$ printf 'y\\n'", "z", SAVED),
        ("~$ printf 'y\\n'", "y", SAVED),
    ),
    "a line of blanks in the real output comes in as an empty line": (
        ("~$ printf 'x\\n  \\ny\\n'", "x", "y"),
        ("~$ printf 'x\\n  \\ny\\n'", "x", WRITTEN, "y"),
    ),
    "lines the matcher reads without their trailing blanks stay as saved": (
        ("~$ printf 'x\\n\\ny\\n'", "x \t", "  ", "z"),
        ("~$ printf 'x\\n\\ny\\n'", "x \t", "  ", "y"),
    ),
    "an empty line in a heredoc, and two outputs of one block change": (
        ("~$ cat <<EOF", "a", SAVED, "b", "EOF", "a", "b", "~$ printf 'p\\n\\nq\\n'", "p"),
        (
            *("~$ cat <<EOF", "a", SAVED, "b", "EOF", "a", WRITTEN, "b"),
            *("~$ printf 'p\\n\\nq\\n'", "p", WRITTEN, "q"),
        ),
    ),
}


@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=list(SCENARIOS))
@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=list(LAYOUTS))
def test_a_nested_block_changes_only_where_its_output_did(
    tmp_path: Path, layout: Layout, scenario: tuple[Body, Body]
) -> None:
    old, new = scenario
    page = tmp_path / "p.md"
    page.write_text(layout.page(old))
    before = extract_page(page)
    assert [b.prefix for b in before.blocks] == [layout.prefix], "the layout is what it says"
    plan = plan_page(page)
    assert plan.complete, plan.refused
    write_all(plan.edits)
    assert page.read_bytes() == layout.page(new).encode(), "every other byte stays"
    after = extract_page(page)
    assert shape(after) == shape(before), "update changed what the page runs"
    verified = run_page(after)
    assert verified.passed, "verify passes on the updated page"
    assert plan_update([verified], Masker()).changes == (), "a second update changes nothing"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (  # the new output has an empty line: it keeps the blockquote's '>'
            '> ```console\n> ~$ printf "x\\n\\ny\\n"\n> x\n> z\n> ```\n',
            '> ```console\n> ~$ printf "x\\n\\ny\\n"\n> x\n>\n> y\n> ```\n',
        ),
        (  # the published output has a '>' empty line: it is not a page changed meanwhile
            '> ```console\n> ~$ printf "x\\n\\ny\\n"\n> x\n>\n> z\n> ```\n',
            '> ```console\n> ~$ printf "x\\n\\ny\\n"\n> x\n>\n> y\n> ```\n',
        ),
        (  # a list item's empty line kept its indentation, as editors leave it: kept so
            '- item\n\n    ```console\n    ~$ printf "x\\n\\ny\\n"\n    x\n    \n    z\n    ```\n',
            '- item\n\n    ```console\n    ~$ printf "x\\n\\ny\\n"\n    x\n    \n    y\n    ```\n',
        ),
    ],
    ids=["quoted, new empty line", "quoted, old empty line", "list item, indented empty line"],
)
def test_the_reviewed_nested_pages_are_updated(tmp_path: Path, old: str, new: str) -> None:
    page = tmp_path / "p.md"
    page.write_text(old)
    plan = plan_page(page)
    assert plan.refused == () and plan.complete
    write_all(plan.edits)
    assert page.read_text() == new
    assert run_page(extract_page(page)).passed


QUOTED = '> ```console\n> ~$ printf "x\\n\\ny\\n"\n> x\n>\n> z\n> ```\n\nafter\n'


def test_a_page_saved_again_with_its_empty_lines_written_otherwise_is_not_a_changed_page(
    tmp_path: Path,
) -> None:
    """Only what the extractor reads counts: '> ' and '>' are the same empty line."""
    page = tmp_path / "p.md"
    page.write_text(QUOTED)
    results = [run_page(extract_page(page))]
    page.write_text(QUOTED.replace("\n>\n", "\n> \n"))  # an editor kept the space
    plan = plan_update(results, Masker())
    assert plan.refused == () and plan.complete
    write_all(plan.edits)
    assert page.read_text() == QUOTED.replace("\n>\n> z", "\n> \n> y")


@pytest.mark.parametrize(
    ("edited", "line"),
    [
        (QUOTED.replace("> x\n", "> x\n> more\n"), 3),  # a line of output added
        (QUOTED.replace("> z\n", "> z\n> more\n"), 3),  # ... right after the output
        (QUOTED.replace("\n>\n", "\n> w\n"), 3),  # the empty line filled in
        (QUOTED.replace("> ~$", "> ~$ "), 3),  # the command edited
        ("# T\n\n" + QUOTED, 3),  # lines added above: the command moved
        (QUOTED[: QUOTED.index("\n> ```\n")], 3),  # cut after the output, no closing fence
    ],
    ids=["output added", "output added after", "empty line filled", "command", "moved", "cut"],
)
def test_a_nested_block_edited_since_it_was_read_is_refused_as_a_changed_page(
    tmp_path: Path, edited: str, line: int
) -> None:
    page = tmp_path / "p.md"
    page.write_text(QUOTED)
    results = [run_page(extract_page(page))]
    page.write_text(edited)
    plan = plan_update(results, Masker())
    assert plan.edits == () and not plan.complete
    assert [str(r) for r in plan.refused] == [
        f"{page}:{line}: not updated: page changed since it was read; run update again"
    ]
    assert page.read_text() == edited


@pytest.mark.parametrize("blanks", ["  ", "\t", " \t "])
def test_a_closing_fence_with_trailing_blanks_still_closes_the_block(
    tmp_path: Path, blanks: str
) -> None:
    """CommonMark allows blanks after a closing fence; the page keeps them."""
    page = tmp_path / "p.md"
    page.write_text(f"# T\n\n```console\n~$ echo hi\nhelo\n```{blanks}\n\nafter\n")
    plan = plan_page(page)
    assert plan.refused == () and plan.complete
    write_all(plan.edits)
    assert page.read_text() == f"# T\n\n```console\n~$ echo hi\nhi\n```{blanks}\n\nafter\n"


# --- real lines that would not stay output ------------------------------------------


def refused_page(tmp_path: Path, printed: str, fence: str = "```") -> tuple[Path, str, UpdatePlan]:
    """A page whose command prints ``printed`` (bash's printf) and publishes ``old``."""
    page = tmp_path / "p.md"
    text = f"# T\n\n{fence}console\n~$ printf '{printed}'\nold\n{fence}\n\nprose\n"
    page.write_text(text)
    return page, text, plan_page(page)


@pytest.mark.parametrize(
    ("printed", "why"),
    [
        ("ok\\n~$ rm -rf data\\n", "real output line 2 starts with the prompt '~$'"),
        ("ok\\n```\\n", "real output line 2 is a fence line '```' that would close"),
        ("ok\\n   ````\\n", "real output line 2 is a fence line '````' that would close"),
        ("a\\000b\\n", "real output line 1 holds the control character U+0000"),
        ("10%%\\r20%%\\n", "real output line 1 holds the control character U+000D"),
        ("\\033[32mOK\\033[0m\\n", "real output line 1 holds the control character U+001B"),
    ],
)
def test_a_real_line_that_would_not_stay_output_is_refused_with_its_reason(
    tmp_path: Path, printed: str, why: str
) -> None:
    page, text, plan = refused_page(tmp_path, printed)
    assert plan.edits == () and not plan.complete
    [refusal] = plan.refused
    assert str(refusal).startswith(f"{page}:4: not updated: {why}")
    write_all(plan.edits)
    assert page.read_text() == text


def test_a_fence_line_shorter_than_the_blocks_fence_is_written(tmp_path: Path) -> None:
    page, _, plan = refused_page(tmp_path, "ok\\n```\\n", fence="````")
    assert plan.complete and plan.refused == ()
    write_all(plan.edits)
    assert (
        page.read_text() == "# T\n\n````console\n~$ printf 'ok\\n```\\n'\nok\n```\n````\n\nprose\n"
    )
    assert plan_page(page).changes == (), "a second update changes nothing"


def test_the_structure_check_refuses_a_rewrite_that_extracts_differently(tmp_path: Path) -> None:
    from snippets_runner.errors import PageError
    from snippets_runner.update import proof

    path = tmp_path / "p.md"
    old = "```console\n~$ echo a\nold\n```\n"
    proof.check(path, old, "```console\n~$ echo a\nnew\n```\n", {3: ("new",)})
    with pytest.raises(PageError, match=r"structure \(a command\)"):
        proof.check(path, old, "```console\n~$ echo b\nnew\n```\n", {3: ("new",)})
    with pytest.raises(PageError, match=r"1 console blocks, then 2"):
        proof.check(path, old, "```console\n~$ echo a\n```\n```console\n~$ x\n```\n", {})
    with pytest.raises(PageError, match="output other than planned"):
        proof.check(path, old, "```console\n~$ echo a\nnew\n```\n", {3: ("other",)})


# --- no content lost: elisions, endings, BOM, links, duplicates -----------------------


def test_a_published_line_after_an_elision_is_replaced_in_the_page(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text(
        "```console\n~$ printf 'Name: web\\nNamespace: x\\nClaims: data\\n'\n"
        "Name: web\n[...]\nClaims: <none>\n```\n"
    )
    write_all(plan_page(page).edits)
    assert page.read_text() == (
        "```console\n~$ printf 'Name: web\\nNamespace: x\\nClaims: data\\n'\n"
        "Name: web\n[...]\nClaims: data\n```\n"
    )


def test_mixed_line_endings_get_one_clear_message(tmp_path: Path) -> None:
    from snippets_runner.errors import PageError

    page = tmp_path / "p.md"
    raw = b"# T\r\n\n```console\n~$ echo new\nold\n```\n"
    page.write_bytes(raw)
    with pytest.raises(PageError, match=r"p\.md:2: mixed line endings"):
        extract_page(page)  # extraction refuses it (lint reports it) ...
    page.write_bytes(raw.replace(b"\r\n", b"\n"))
    results = [run_page(extract_page(page))]
    page.write_bytes(raw)  # ... and a page saved mixed after extraction is refused too
    plan = plan_update(results, Masker())
    assert [str(r) for r in plan.refused] == [
        f"{page}:2: not updated: mixed line endings: this line ends in LF, line 1 in CRLF; "
        "save the page with one style"
    ]
    assert page.read_bytes() == raw


def test_a_page_with_a_byte_order_mark_keeps_it(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_bytes(b"\xef\xbb\xbf# T\r\n\r\n```console\r\n~$ echo new\r\nold\r\n```\r\n")
    write_all(plan_page(page).edits)
    assert (
        page.read_bytes() == b"\xef\xbb\xbf# T\r\n\r\n```console\r\n~$ echo new\r\nnew\r\n```\r\n"
    )


def test_a_symlinked_page_stays_a_link_and_its_target_is_updated(tmp_path: Path) -> None:
    target = tmp_path / "real" / "p.md"
    target.parent.mkdir()
    target.write_text("```console\n~$ echo new\nold\n```\n")
    target.chmod(0o640)
    link = tmp_path / "docs" / "p.md"
    link.parent.mkdir()
    link.symlink_to(Path("..") / "real" / "p.md")
    written = write_all(plan_page(link).edits)
    assert written == [link]
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "real" / "p.md")
    assert target.read_text() == "```console\n~$ echo new\nnew\n```\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_page_named_twice_is_updated_once(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("```console\n~$ echo new\nold\n~$ echo two\n```\n")
    (tmp_path / "alias.md").symlink_to("p.md")
    ran = run_page(extract_page(page))
    assert plan_update([ran, ran], Masker()).edits == plan_update([ran], Masker()).edits
    again = run_page(extract_page(tmp_path / "alias.md"))  # another name, the same file
    plan = plan_update([ran, again], Masker())
    assert len(plan.edits) == 1 and plan.complete
    write_all(plan.edits)
    assert page.read_text() == "```console\n~$ echo new\nnew\n~$ echo two\ntwo\n```\n"


# --- property: update never changes a page's structure and converges ------------------


SECRET = "s3cr3t-Value-9"
PUBLIC = "catalog"
PROPERTY_PAGE = """---
snippets:
  secrets: [s3cr3t-Value-9, catalog]
---
# Shop

The user is `catalog`.

```console
~$ kubectl get pods -n catalog
NAME   AGE
web    29s
~$ kubectl describe pod web
Name: web
[...]
Tolerations: <none>
```

"""
NESTED: Body = (
    '````console timeout="9"',
    "~$ cat <<EOF",
    "```",
    SAVED,
    "EOF",
    "old",
    SAVED,
    "older",
    "````",
)
"""The page's last block, in each `LAYOUTS` container: empty lines in a heredoc and in output."""


def property_page(layout: str) -> str:
    return PROPERTY_PAGE + LAYOUTS[layout].block(NESTED)


SPECIAL = [
    "~$ rm -rf /",
    "~$",
    "```",
    "  ````",
    "~~~",
    "[...]",
    "x [...] y",
    "nul\x00byte",
    "10%\r20%",
    "\x1b[32mOK\x1b[0m",
    "tab\there",
    "\ttab first",
    "NAME   AGE",
    "web    31s",
    "  indented",
    "",
    SECRET,
    f"user {PUBLIC}",
    "Name: web",
    "Tolerations: <none>",
    "ends with \\",
    "EOF",
    "<<EOF",
    "# heading",
    "> quote",
    "line\u2028sep",
    "next\x85line",
]
LINE = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(alphabet="abcXYZ019 -:/.`~$[]", max_size=12),
)
OUTPUT = st.lists(LINE, max_size=6).map(lambda lines: "\n".join(lines) + "\n")


def judged(page: Page, outputs: list[str]) -> PageResult:
    """The results a run printing ``outputs`` would give, judged by the real matcher."""
    results = []
    for command, output in zip(page.commands, outputs, strict=True):
        outcome = match(command.expected, output)
        failure = None if outcome.matched else Failure(Reason.OUTPUT_DIFFERS)
        verdict = Result.PASSED if outcome.matched else Result.FAILED
        results.append(CommandResult(command, verdict, 0, 0, output, 0.0, 1, outcome, failure))
    return PageResult(page, tuple(results), 0.0)


def shape(page: Page) -> list[object]:
    return [
        (b.info, b.options, b.prefix, [(c.text, c.source_lines) for c in b.commands])
        for b in page.blocks
    ] + [page.lab]


def risky(output: str) -> bool:
    """A real output update may refuse: it would not stay output, or it holds the secret."""
    return SECRET in output or any(
        problem(line, "```") or real_problem(line) for line in output.split("\n")
    )


def unchanged_lines(text: str, page: Page, changed: set[int]) -> list[str]:
    """The file's lines without the output of the commands (by position in the page) whose
    output changed: update must leave every one of them byte for byte."""
    lines = text.split("\n")
    for position, command in reversed(list(enumerate(page.commands))):
        if position in changed:
            start = command.expected.location.line - 1
            del lines[start : start + len(command.expected.lines)]
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(LAYOUTS)), st.lists(OUTPUT, min_size=3, max_size=3))
@example(
    "list item",
    ["NAME   AGE\nweb    31s\n", "Name: web\nx\nTolerations: yes\n", "```\nnew\n"],
)
@example("list item", ["~$ rm -rf /\n", f"{SECRET}\n", "10%\r20%\n"])
@example("list item", ["web    31s\n", "\n", "\n"])  # a kept row lost its table header
@example("list item", [" 0  0\n", "\n", "\n"])  # re-padding dropped a row's leading space
@example("blockquote", ["NAME   AGE\n", "Name: web\n\nTolerations: <none>\n", "\nold\n\nx\n"])
@example("nested blockquote", ["\n", "\n", "old\n  \nolder\n"])  # blanks come and stay
@example("blockquote in a list item in a blockquote", ["", "", "new\n\n\nolder\n"])
@example("list item, empty lines keep the indentation", ["", "", "old\n\nnewer\n"])
def test_update_keeps_the_structure_and_a_second_update_changes_nothing(
    layout: str, outputs: list[str]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.md"
        path.write_text(property_page(layout))
        before = extract_page(path)
        mask = Masker([*before.lab.secrets], {path: read_published(path)})
        plan = plan_update([judged(before, outputs)], mask)
        write_all(plan.edits)
        after = extract_page(path)
        assert shape(after) == shape(before), "update changed what the page runs"
        text = path.read_text()
        assert SECRET not in text.split("---\n", 2)[2], "a secret was written into the page"
        pairs = enumerate(zip(before.commands, after.commands, strict=True))
        changed = {i for i, (old, new) in pairs if old.expected.lines != new.expected.lines}
        assert unchanged_lines(text, after, changed) == unchanged_lines(
            property_page(layout), before, changed
        ), "update changed a byte outside the output it rewrote"
        for old, new, output in zip(before.commands, after.commands, outputs, strict=True):
            if new.expected.lines != old.expected.lines:
                assert match(new.expected, output).matched, "an update must make the command pass"
            elif not risky(output) and not match(old.expected, output).matched:
                raise AssertionError(f"an ordinary output was not updated: {plan.refused}")
        again = plan_update([judged(after, outputs)], mask)
        assert again.edits == (), "a second update changes nothing"


def test_the_refusal_names_the_line_of_the_real_output(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("```console\n~$ printf 'a\\nb\\n~$ x\\n'\n[...]\nold\n```\n")
    [refusal] = plan_page(page).refused
    assert str(refusal).startswith(
        f"{page}:2: not updated: real output line 3 starts with the prompt '~$'"
    )


def test_the_structure_check_stands_behind_the_line_check(tmp_path: Path) -> None:
    """Even a change the line check lets through is not written if it changes the page."""
    from dataclasses import replace

    from snippets_runner.errors import PageError
    from snippets_runner.files import pagefile
    from snippets_runner.update.changes import changes
    from snippets_runner.update.edits import edit

    page = tmp_path / "p.md"
    page.write_text("~~~~console\n~$ echo new\nold\n~~~~\n\nprose\n")
    [change] = changes([run_page(extract_page(page))])
    closing = replace(change, new=("~~~~",), opening=0)  # as if the fence were ```
    with pytest.raises(PageError, match="update would change the page's structure"):
        edit(pagefile.read(page), [closing])


def test_unwritable_names_the_first_reason_a_change_cannot_be_written(tmp_path: Path) -> None:
    path = tmp_path / "p.md"
    text = "# T\n\n~~~~console\n~$ printf 'a\\nb\\n'\nold\n~~~~\n"
    path.write_text(text)
    [command] = extract_page(path).commands
    output = "a\n~~~~\n"

    def why(new: tuple[str, ...], opening: int = 3) -> str | None:
        return unwritable(Change(command, "", new, opening=opening), output, text)

    assert why(("a", "[...]")) is None
    assert why(("a", "~~~~")) == (
        "real output line 2 is a fence line '~~~~' that would close the block's ~~~~ fence"
    )
    assert why(("a", "~$ b")) == (
        "line 2 starts with the prompt '~$', so it would be read as a command"
    )
    # Without the opening fence's line the default ``` fence is assumed: tildes are fine.
    assert why(("a", "~~~~"), opening=0) is None
    assert why(("a", "```"), opening=0) == (
        "line 2 is a fence line '```' that would close the block's ``` fence"
    )
    # A rewrite that would not match the real output is refused: a second update would churn.
    assert why(("a", "c")) == "the rewritten output would not match the real output"


@pytest.mark.parametrize(
    ("opening", "fence"),
    [
        ("```console", "```"),
        ("~~~~ console", "~~~~"),
        ("    ````console", "````"),
        ("> ```console", "```"),
        ("- ~~~console", "~~~"),
        ("12. ```console", "```"),
        ("\t* ```console", "```"),
        ("console", "```"),  # no fence on the line: the default
    ],
)
def test_fence_of_reads_the_opening_fence_through_quotes_and_list_markers(
    opening: str, fence: str
) -> None:
    assert fence_of(opening) == fence


def test_problem_names_each_reason_a_line_cannot_be_output() -> None:
    assert problem("plain output", "```") is None
    assert problem("a\x07bell", "```") == "holds the control character U+0007"
    assert problem("a\u2028b", "```") == "holds the control character U+2028"
    assert (
        problem("~$ ls", "```") == "starts with the prompt '~$', so it would be read as a command"
    )
    assert problem("  ````  ", "```") == (
        "is a fence line '````' that would close the block's ``` fence"
    )
    assert problem("``", "```") is None  # shorter than the fence: it does not close it
    assert problem("```", "~~~") is None and problem("~~~~", "~~~") is not None
    assert problem("``` x", "```") is None  # an info string: not a closing fence


def test_repad_aligns_every_table_after_prose_and_leaves_prose_alone() -> None:
    lines = [
        "text before",
        "NAME  READY",
        "web-0-with-a-long-name  1/1",
        "",
        "more text",
        "NAME    STATUS",
        "db-0  Running",
    ]
    assert repad(lines) == [
        "text before",
        "NAME                     READY",
        "web-0-with-a-long-name   1/1",
        "",
        "more text",
        "NAME   STATUS",
        "db-0   Running",
    ]


def test_the_preview_ends_as_the_page_does_with_or_without_a_final_newline(
    tmp_path: Path,
) -> None:
    page = tmp_path / "p.md"
    page.write_text("# T\n\n```console\n~$ echo hello\nhelo\n```")
    preview = diff(plan_page(page).edits)
    assert preview.endswith("-helo\n+hello\n ```\n\\ No newline at end of file\n"), preview
    page.write_text("# T\n\n```console\n~$ echo hello\nhelo\n```\n")
    preview = diff(plan_page(page).edits)
    assert preview.endswith("-helo\n+hello\n ```\n") and "No newline" not in preview, preview


def test_repad_stops_each_table_at_its_last_row() -> None:
    lines = ["NAME  READY", "web-0  1/1", "web-1  1/1", "", "after  the table"]
    assert repad(lines) == ["NAME    READY", "web-0   1/1", "web-1   1/1", "", "after  the table"]
