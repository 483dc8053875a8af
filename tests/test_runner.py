"""Whole pages, written as Markdown and extracted for real, run through the runner."""

from __future__ import annotations

import time
from pathlib import Path

from snippets_runner.extract.pages import extract_page
from snippets_runner.run.results import Result
from snippets_runner.run.runner import RunOptions, run_page
from snippets_runner.run.shell import ShellOptions

FENCE = "```"


def page(tmp_path: Path, body: str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_text(body.replace("'''", FENCE))
    return path


def verdicts(path: Path, **options: float) -> list[tuple[str, Result]]:
    result = run_page(extract_page(path), RunOptions(ShellOptions(**options)))  # type: ignore[arg-type]
    return [(c.command.text, c.verdict) for c in result.commands]


def test_state_carries_across_blocks_and_a_right_page_passes(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """# Files

'''console
~$ mkdir demo && cd demo
~$ export NAME=web
~$ printf 'hello\\n' > "$NAME.txt"
'''

Then:

'''console
~$ ls
web.txt
~$ cat "$NAME.txt"
hello
'''
""",
    )
    assert all(v is Result.PASSED for _, v in verdicts(path))


def test_ls_dates_are_normalized_but_a_different_file_name_fails(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console
~$ touch -d '2020-01-02 03:04' a.txt && ls -l a.txt
-rw-r--r-- 1 root root 0 Oct 18 13:38 a.txt
~$ ls -l a.txt
-rw-r--r-- 1 root root 0 Oct 18  2023 b.txt
'''
""",
    )
    result = run_page(extract_page(path))
    first, second = result.commands
    assert first.verdict is Result.PASSED, first.output
    assert first.match is not None and first.match.normalizers == {"date"}
    assert second.verdict is Result.FAILED


def test_printf_table_whose_widths_change_passes_cell_by_cell(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console
~$ printf 'NAME   STATUS    AGE\\n%s   Running   %s\\n' web-with-a-longer-name 2m1s
NAME   STATUS    AGE
web    Running   29s
~$ printf 'NAME   STATUS    AGE\\n%s   Pending   %s\\n' web 2m1s
NAME   STATUS    AGE
web    Running   29s
'''
""",
    )
    result = run_page(extract_page(path))
    # The first differs in its NAME cell (a real difference), the second in STATUS.
    assert [c.verdict for c in result.commands] == [Result.FAILED, Result.FAILED]
    path = page(
        tmp_path,
        """'''console
~$ printf 'NAME            STATUS    AGE\\n%s   Running   %s\\n' web-7d4b9c8f5-x2x9z 2m1s
NAME   STATUS    AGE
web-66b8f5d7c9-k8p2q    Running   29s
'''
""",
        "wide.md",
    )
    [only] = run_page(extract_page(path)).commands
    assert only.verdict is Result.PASSED, only.output


def test_timeout_keeps_partial_output_and_the_rest_is_not_run(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console timeout="0.5"
~$ echo started; sleep 30
started
'''

'''console
~$ echo after
after
'''
""",
    )
    start = time.monotonic()
    result = run_page(extract_page(path))
    assert time.monotonic() - start < 5
    slow, after = result.commands
    assert slow.verdict is Result.FAILED and slow.timed_out and slow.output == "started\n"
    assert after.verdict is Result.NOT_RUN and "timeout" in after.note
    assert not result.passed


def test_default_timeout_applies_without_the_option(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ sleep 30\n'''\n")
    start = time.monotonic()
    [slow] = run_page(extract_page(path), RunOptions(ShellOptions(default_timeout=0.3))).commands
    assert slow.timed_out and time.monotonic() - start < 3


def test_exit_status_is_checked(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console exit="3"
~$ echo ok
ok
~$ exit 3
'''

'''console
~$ (exit 3)
'''

'''console
~$ echo never
never
'''
""",
    )
    result = run_page(extract_page(path))
    assert [c.verdict for c in result.commands] == [
        Result.PASSED,
        Result.PASSED,  # `exit 3` with exit="3": expected, but it ends the shell...
        Result.NOT_RUN,  # ...so the rest of the page cannot run.
        Result.NOT_RUN,
    ]
    path = page(tmp_path, "'''console\n~$ (exit 3)\n'''\n", "status.md")
    [failed] = run_page(extract_page(path)).commands
    assert failed.verdict is Result.FAILED and failed.exit_status == 3
    assert failed.note == "exit status 3, expected 0"


def test_retry_polls_until_the_third_try_matches(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console retry="10"
~$ echo 0 > n
~$ n=$(( $(cat n) + 1 )); echo $n > n; [ $n -ge 3 ] && echo ready || echo waiting
ready
'''
""",
    )
    start = time.monotonic()
    result = run_page(extract_page(path))
    assert time.monotonic() - start < 3
    assert [c.verdict for c in result.commands] == [Result.PASSED, Result.PASSED]
    assert [c.tries for c in result.commands] == [1, 3]


def test_retry_gives_up_at_the_deadline(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console retry=\"0.5\"\n~$ echo waiting\nready\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.tries >= 2 and 0.4 < cmd.duration < 2


def test_wrong_output_fails(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ echo Pending\nRunning\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.note == "output differs"


def test_skip_option_skips(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console skip\n~$ rm -rf /\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.SKIPPED and cmd.tries == 0
