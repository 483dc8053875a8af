"""Whole pages, written as Markdown and extracted for real, run through the runner."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, TypeVar

import pytest
from clocks import FakeTime, page_clock, shell_clock

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import extract_page
from snippets_runner.model import Syntax
from snippets_runner.report import json_report, junit
from snippets_runner.run import runner
from snippets_runner.run.framing import BACKUP_FD, TOKEN_FD
from snippets_runner.run.results import Reason, Result
from snippets_runner.run.runner import RunOptions, run_page
from snippets_runner.run.shell import ShellOptions
from snippets_runner.secrets import Masker

FENCE = "```"
T = TypeVar("T")


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
    # The same table as kubectl's (declared: printf's own would be literal), on a page that
    # shows the Deployment whose pod names are generated; the real columns are narrower.
    path = page(
        tmp_path,
        """'''console
~$ echo deployment.apps/web created
deployment.apps/web created
~$ printf 'NAME  STATUS  AGE\\n%s  Running  %s\\n' web-7d4b9c8f5-x2x9z 2m1s  # snippets: kubectl
NAME                   STATUS    AGE
web-66b8f5d7c9-k8p2q   Running   29s
'''
""",
        "wide.md",
    )
    [_, only] = run_page(extract_page(path)).commands
    assert only.verdict is Result.PASSED, only.output


def test_timeout_keeps_partial_output_and_the_rest_is_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command's time is up once it has printed, however busy the machine is.
    shell_clock(monkeypatch).jump_when_printed("started", 30)
    path = page(
        tmp_path,
        """'''console timeout="30"
~$ echo started; sleep 1000
started
'''

'''console
~$ echo after
after
'''
""",
    )
    result = run_page(extract_page(path))
    slow, after = result.commands
    assert slow.verdict is Result.FAILED and slow.timed_out and slow.output == "started\n"
    assert after.verdict is Result.NOT_RUN and "timeout" in after.note
    assert not result.passed


def test_a_page_that_closes_the_sessions_descriptors_fails_at_that_line(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        f"""'''console
~$ echo fine
fine
~$ exec {TOKEN_FD}<&- {BACKUP_FD}<&-
~$ echo after
after
'''
""",
    )
    result = run_page(extract_page(path))
    fine, lost, after = result.commands
    assert fine.passed
    assert lost.verdict is Result.FAILED and lost.reason is Reason.FRAMING_LOST
    assert str(TOKEN_FD) in lost.note
    assert after.verdict is Result.NOT_RUN and after.reason is Reason.AFTER_FRAMING_LOST
    assert after.failure is not None and after.failure.where == lost.command.location
    assert not result.passed


def test_default_timeout_applies_without_the_option(tmp_path: Path) -> None:
    # The sleep outlasts the test's own time limit: only the 0.3 s default can end it.
    path = page(tmp_path, "'''console\n~$ sleep 100000\n'''\n")
    [slow] = run_page(extract_page(path), RunOptions(ShellOptions(default_timeout=0.3))).commands
    assert slow.timed_out and slow.note == f"timed out after {slow.duration:.1f}s"


def test_exit_status_is_checked(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console exit="3"
~$ echo ok
ok
~$ exit 3
exit
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
        Result.PASSED,  # `exit 3` (bash says `exit`, as in a terminal) ends the shell...
        Result.NOT_RUN,  # ...so the rest of the page cannot run.
        Result.NOT_RUN,
    ]
    path = page(tmp_path, "'''console\n~$ (exit 3)\n'''\n", "status.md")
    [failed] = run_page(extract_page(path)).commands
    assert failed.verdict is Result.FAILED and failed.exit_status == 3
    assert failed.note == "exit status 3, expected 0"


@pytest.mark.parametrize(
    "command",
    ['echo "abc', "for i in 1 2; do", "if true; then", "f() {", "echo $(date"],
)
def test_a_command_bash_waits_to_finish_is_named_incomplete(tmp_path: Path, command: str) -> None:
    """Bash's continuation prompt, not a guess from the status: the page's command cannot be
    pasted as it stands, and the commands after it still run on their own."""
    path = page(tmp_path, f"'''console\n~$ {command}\n  echo 1\n~$ echo next\nnext\n'''\n")
    incomplete, after = run_page(extract_page(path)).commands
    assert incomplete.failure is not None and incomplete.failure.reason is Reason.INCOMPLETE
    assert incomplete.note.startswith("incomplete command: bash waited for more input")
    assert after.verdict is Result.PASSED


def test_a_status_of_130_from_the_command_itself_is_an_exit_status(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ (exit 130)\n'''\n")
    [failed] = run_page(extract_page(path)).commands
    assert failed.failure is not None and failed.failure.reason is Reason.EXIT_STATUS


def test_retry_polls_until_the_third_try_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry deadline (10 s) is on a clock that moves only by the backoff sleeps: the tries
    are counted, never raced against a loaded machine."""
    clock = page_clock(monkeypatch)
    path = page(
        tmp_path,
        """'''console retry="10"
~$ echo 0 > n
~$ n=$(( $(cat n) + 1 )); echo $n > n; [ $n -ge 3 ] && echo ready || echo waiting
ready
'''
""",
    )
    result = run_page(extract_page(path))
    assert [c.verdict for c in result.commands] == [Result.PASSED, Result.PASSED]
    assert [c.tries for c in result.commands] == [1, 3]
    assert clock.slept == [0.1, 0.2]  # the backoff, and the only time that passed
    assert result.commands[1].duration == pytest.approx(0.3)


def test_retry_gives_up_at_the_deadline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The retry loop's clock moves only by its own backoff sleeps, so the tries are counted,
    not raced: 1 s, 2 s, 4 s, 8 s, then 10 s (the cap) until what is left of 60 s. The shell
    reads the same clock, so the first run takes no time however slow bash is today."""
    clock = page_clock(monkeypatch)
    path = page(tmp_path, "'''console retry=\"60\"\n~$ echo waiting\nready\n'''\n")
    options = RunOptions(first_backoff=1.0, max_backoff=10.0)
    [cmd] = run_page(extract_page(path), options).commands
    # It kept trying, backing off, until the deadline had passed, and then stopped.
    assert cmd.verdict is Result.FAILED
    assert clock.slept == [1.0, 2.0, 4.0, 8.0, 10.0, 10.0, 10.0, 10.0, 5.0]  # cut to the deadline
    assert cmd.tries == 1 + len(clock.slept) == 10
    assert cmd.duration == pytest.approx(60.0)


def test_wrong_output_fails(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ echo Pending\nRunning\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.note == "output differs"


def test_skip_option_skips(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console skip\n~$ rm -rf /\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.SKIPPED and cmd.tries == 0


TERMINAL_PAGE = """# What a reader's terminal does

'''console exit="127"
~$ no-such-command-xyz
bash: no-such-command-xyz: command not found
'''

'''console
~$ alias greet='echo hello from an alias'
~$ greet
hello from an alias
~$ yes | head -n 2
y
y
'''

'''console exit="1"
~$ set -u; echo $never_set; echo unreached
bash: never_set: unbound variable
'''

'''console
~$ echo 'set -u ended a line, not the session'
set -u ended a line, not the session
~$ exec bash
~$ echo "after exec: $-"
after exec: [...]i[...]
~$ touch alpha beta gamma delta && ls
alpha  beta  delta  gamma
~$ python3 -c 'import sys; print("out"); print("err", file=sys.stderr); print("out again")'
out
err
out again
~$ [ -t 0 ] && stty size
50 120
'''
"""


def test_a_page_sees_a_readers_terminal(tmp_path: Path) -> None:
    """Every bullet of a reader's terminal (issue 9, section 3), as a page that must pass."""
    path = page(tmp_path, TERMINAL_PAGE)
    result = run_page(extract_page(path))  # in a fresh scratch directory
    failed = [(c.command.text, c.output, c.note) for c in result.commands if not c.passed]
    assert failed == []
    assert len(result.commands) == 11


def test_pipefail_set_by_the_page_applies(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ set -o pipefail\n~$ yes | head -n 1\ny\n'''\n")
    first, second = run_page(extract_page(path)).commands
    assert first.passed and second.verdict is Result.FAILED and second.exit_status == 141


def test_a_background_job_does_not_hide_the_exit(tmp_path: Path) -> None:
    # setsid --wait: as a job's process-group leader, plain setsid forks and exits at
    # once, and whether bash prints "[2]+ Done" before the next prompt is a race.
    path = page(
        tmp_path,
        """'''console exit="3" timeout="30"
~$ sleep 1000 &
[1] [...]
~$ env -i setsid --wait sleep 1001 &
[2] [...]
~$ exit 3
exit
'''
""",
    )
    result = run_page(extract_page(path))
    assert [c.verdict for c in result.commands] == [Result.PASSED] * 3
    assert not any(c.timed_out for c in result.commands)


def test_processes_that_escape_the_session_end_with_the_page(tmp_path: Path) -> None:
    pidfile = tmp_path / "escaped.pid"
    path = page(
        tmp_path,
        f"""'''console
~$ (env -i setsid sh -c 'echo $$ > {pidfile}; exec sleep 1002' &)
~$ while [ ! -s {pidfile} ]; do sleep 0.01; done
'''
""",
    )
    result = run_page(extract_page(path))
    assert result.passed, [c.output for c in result.commands]
    pid = int(pidfile.read_text())
    try:
        with open(f"/proc/{pid}/stat") as fh:
            state = fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        state = "gone"
    assert state in ("gone", "Z")


def test_retry_reruns_only_the_blocks_last_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry deadline (10 s) is on a clock that moves only by the backoff sleeps: the tries
    are counted, never raced against a loaded machine."""
    clock = page_clock(monkeypatch)
    path = page(
        tmp_path,
        """'''console retry="10"
~$ echo first >> log
~$ echo second >> log
~$ echo try >> tries; [ $(wc -l < tries) -ge 3 ] && echo ready || echo waiting
ready
'''

'''console
~$ cat log
first
second
~$ wc -l < tries
3
'''
""",
    )
    result = run_page(extract_page(path))
    assert [c.tries for c in result.commands] == [1, 1, 3, 1, 1]
    assert clock.slept == [0.1, 0.2]
    assert result.passed, [(c.command.text, c.output) for c in result.commands]


def test_only_output_that_is_not_equal_line_for_line_is_matched_under_the_alarm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    armed: list[float] = []

    class Spy(runner.Alarm):
        def within(self, seconds: float, work: Callable[[], T]) -> T:
            armed.append(seconds)
            return super().within(seconds, work)

    monkeypatch.setattr(runner, "Alarm", Spy)
    path = page(
        tmp_path,
        "'''console\n~$ echo same\nsame\n~$ printf 'a  b\\n'\na b\n~$ echo other\nwrong\n'''\n",
    )
    same, spaced, other = run_page(extract_page(path)).commands
    assert same.passed and spaced.passed and not other.passed
    assert len(armed) == 2, "the two outputs that are not equal text"


class _Spy(runner.Alarm):
    """The real alarm, recording the budget each judgement gets (a test sets a fresh list)."""

    budgets: ClassVar[list[float]] = []

    def within(self, seconds: float, work: Callable[[], T]) -> T:
        self.budgets.append(seconds)
        return super().within(seconds, work)


def _stuck_matcher(clock: FakeTime) -> Callable[..., object]:
    def stuck(expected: object, actual: str, origin: object = None) -> object:
        clock.advance(0.25)  # matching "takes" 0.25 s, then never ends: only the alarm stops it
        return re.fullmatch(r"(a+)+b", "a" * 64)

    return stuck


def test_matching_time_counts_against_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A matcher stuck in backtracking is interrupted at the command's deadline: it gets what
    the command left of its timeout, and its time counts in the command's duration. The
    runner and the shell read one clock that bash's own time does not move: the command
    took no time, so matching gets the whole second, however loaded the machine."""
    clock = page_clock(monkeypatch)
    monkeypatch.setattr(_Spy, "budgets", [])
    monkeypatch.setattr(runner, "Alarm", _Spy)
    monkeypatch.setattr(runner, "match", _stuck_matcher(clock))
    monkeypatch.setattr(runner, "exact", lambda expected, actual: None)  # not equal: match
    path = page(tmp_path, "'''console timeout=\"1\"\n~$ echo quick\nquick\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.reason is Reason.TIMED_OUT
    assert cmd.failure is not None and cmd.failure.detail == "while matching the output"
    assert _Spy.budgets == [1.0] and cmd.duration == pytest.approx(0.25)


def test_matching_gets_what_the_command_left_of_its_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same judgement of a command that took 0.4 s of its 1 s: matching gets 0.6 s."""
    from snippets_runner.config.environment import Environment
    from snippets_runner.match.origin import UNSTATED
    from snippets_runner.run.shell import Execution

    clock = FakeTime()
    monkeypatch.setattr(runner, "time", clock)
    monkeypatch.setattr(_Spy, "budgets", [])
    monkeypatch.setattr(runner, "match", _stuck_matcher(clock))
    monkeypatch.setattr(runner, "exact", lambda expected, actual: None)  # not equal: match
    path = page(tmp_path, "'''console timeout=\"1\"\n~$ echo quick\nquick\n'''\n")
    [block] = extract_page(path).blocks
    ran = Execution("quick\n", 0, 0.4)
    with _Spy() as alarm:
        cmd = runner._judge(
            block, block.commands[0], ran, 1.0, alarm, Environment(), lambda: UNSTATED
        )
    assert cmd.reason is Reason.TIMED_OUT and cmd.failure is not None
    assert cmd.failure.detail == "while matching the output"
    assert _Spy.budgets == [pytest.approx(0.6)] and cmd.duration == pytest.approx(0.65)


def test_reports_stay_well_formed_whatever_bytes_a_command_prints(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        "'''console\n"
        "~$ printf 'a\\033[31mred\\000nul\\001\\n'\n"
        "plain\n"
        "~$ echo 'raw \x1b[1m escape in the command'\n"
        "raw escape in the command\n"
        "'''\n",
    )
    result = run_page(extract_page(path))
    first, second = result.commands
    assert first.output == "a\x1b[31mred\x00nul\x01\n" and not first.passed
    assert second.output == "raw \x1b[1m escape in the command\n" and not second.passed
    decoded = json.loads(json.dumps(json_report.render([result], Masker())))
    outputs = [c["output"] for c in decoded["pages"][0]["commands"]]
    assert outputs == [c.output for c in result.commands]
    only_output = replace(result, commands=(first,))
    document = ET.fromstring(junit.render([only_output], Masker()))
    [case] = document.findall("testsuite/testcase")
    assert case.find("failure") is not None
    assert case.findtext("system-out") == "a\\x1b[31mred\\x00nul\\x01\n"


def test_junit_stays_well_formed_when_the_command_itself_holds_control_characters(
    tmp_path: Path,
) -> None:
    path = page(tmp_path, "'''console\n~$ echo 'raw \x1b[1m escape'\nraw escape\n'''\n")
    result = run_page(extract_page(path))
    ET.fromstring(junit.render([result], Masker()))


def test_a_long_page_is_pipelined_and_framed_in_order(tmp_path: Path) -> None:
    body = "".join(f"~$ echo line {i}\nline {i}\n" for i in range(300))
    # Only `cat`, which never ends, has a short timeout: the echoes get the default 60 s.
    path = page(
        tmp_path,
        f"'''console\n{body}'''\n\n'''console timeout=\"0.5\"\n~$ cat\n'''\n\n"
        "'''console\n~$ echo never\n'''\n",
    )
    result = run_page(extract_page(path))
    assert [c.verdict for c in result.commands[:300]] == [Result.PASSED] * 300
    assert result.commands[300].timed_out  # `cat` waits on the terminal, as for a reader
    assert result.commands[301].verdict is Result.NOT_RUN


def test_a_line_the_terminal_would_cut_is_a_page_error_naming_its_line(tmp_path: Path) -> None:
    path = page(tmp_path, "# Long\n\n'''console\n~$ echo " + "x" * 5000 + "\n'''\n")
    with pytest.raises(PageError, match="4095") as raised:
        run_page(extract_page(path))
    assert raised.value.location.line == 4


# --- output not published: ran, output not compared ----------------------------------


def test_a_command_whose_output_is_not_published_ran_and_is_not_compared(tmp_path: Path) -> None:
    path = page(
        tmp_path,
        """'''console output="not-published"
~$ echo something nobody published
~$ echo two
two
'''
""",
    )
    result = run_page(extract_page(path))
    ran, compared = result.commands
    assert ran.verdict is Result.RAN and ran.failure is None and ran.match is None
    assert ran.output == "something nobody published\n"  # kept for the reports
    assert ran.note == "ran, output not compared"
    assert not ran.passed  # never a pass of output
    assert compared.verdict is Result.PASSED  # a command that publishes output is compared
    assert result.passed  # not failed


def test_a_command_whose_output_is_not_published_still_has_its_status_checked(
    tmp_path: Path,
) -> None:
    path = page(tmp_path, "'''console output=\"not-published\"\n~$ echo oops; false\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.reason is Reason.EXIT_STATUS
    path = page(tmp_path, "'''console output=\"not-published\" exit=\"3\"\n~$ (exit 3)\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.RAN


def test_without_the_policy_a_command_that_prints_under_no_output_fails(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ echo something\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.FAILED and cmd.reason is Reason.OUTPUT_DIFFERS


def test_retry_of_an_uncompared_command_waits_for_its_status_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry deadline (10 s) is on a clock that moves only by the backoff sleeps: the tries
    are counted, never raced against a loaded machine."""
    clock = page_clock(monkeypatch)
    path = page(
        tmp_path,
        """'''console retry="10" output="not-published"
~$ echo 0 > n
~$ n=$(( $(cat n) + 1 )); echo $n > n; echo "try $n"; [ $n -ge 3 ]
'''
""",
    )
    result = run_page(extract_page(path))
    assert [c.verdict for c in result.commands] == [Result.RAN, Result.RAN]
    assert [c.tries for c in result.commands] == [1, 3]
    assert result.commands[1].output == "try 3\n"
    assert clock.slept == [0.1, 0.2]


def test_retry_of_an_uncompared_command_stops_at_its_first_right_status(tmp_path: Path) -> None:
    """Output that changes from try to try is no reason to try again when it is not compared."""
    path = page(tmp_path, "'''console retry=\"10\" output=\"not-published\"\n~$ date +%N\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.RAN and cmd.tries == 1


# --- placeholders: filled from the front matter, or the block is skipped -----------------

PLACEHOLDERS = Syntax(placeholders=("<*>",))


def test_a_placeholder_with_a_value_runs_filled_and_reports_the_published_command(
    tmp_path: Path,
) -> None:
    path = page(
        tmp_path,
        """---
snippets: {cluster: false, placeholders: {"<name>": "web-0"}}
---
'''console
~$ echo "hello <name>" > out.txt; cat out.txt
hello web-0
'''
""",
    )
    result = run_page(extract_page(path, syntax=PLACEHOLDERS))
    [cmd] = result.commands
    assert cmd.verdict is Result.PASSED, cmd.output
    assert cmd.command.text == 'echo "hello <name>" > out.txt; cat out.txt'
    report = json_report.document([result], Masker())
    assert report.pages[0].commands[0].command == cmd.command.text


def test_a_block_with_a_placeholder_without_a_value_is_skipped_and_the_page_goes_on(
    tmp_path: Path,
) -> None:
    path = page(
        tmp_path,
        """'''console
~$ echo before > before.txt
'''

'''console
~$ touch skipped-1.txt
~$ kubectl logs <pod-name> > skipped-2.txt
'''

'''console
~$ ls
before.txt
'''
""",
    )
    result = run_page(extract_page(path, syntax=PLACEHOLDERS))
    assert [c.verdict for c in result.commands] == [
        Result.PASSED, Result.SKIPPED, Result.SKIPPED, Result.PASSED,
    ]  # fmt: skip
    skipped = result.commands[1:3]
    assert {c.reason for c in skipped} == {Reason.PLACEHOLDER}
    assert {c.exit_status for c in skipped} == {None} and {c.tries for c in skipped} == {0}
    assert skipped[0].note == (
        f"skipped: placeholder <pod-name> at {path}:7 has no value "
        "(give one under snippets.placeholders in the front matter)"
    )
    assert result.passed  # skipped, never failed


def test_a_placeholder_is_only_one_where_the_site_says_so(tmp_path: Path) -> None:
    path = page(tmp_path, "'''console\n~$ echo '<b>bold</b>'\n<b>bold</b>\n'''\n")
    [cmd] = run_page(extract_page(path)).commands
    assert cmd.verdict is Result.PASSED


def test_retry_types_the_filled_command_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry deadline (10 s) is on a clock that moves only by the backoff sleeps: the tries
    are counted, never raced against a loaded machine."""
    clock = page_clock(monkeypatch)
    path = page(
        tmp_path,
        """---
snippets: {placeholders: {"<file>": "n"}}
---
'''console retry="10"
~$ echo 0 > n
~$ i=$(( $(cat <file>) + 1 )); echo $i > <file>; [ $i -ge 3 ] && echo ready || echo waiting
ready
'''
""",
    )
    result = run_page(extract_page(path, syntax=PLACEHOLDERS))
    assert [c.verdict for c in result.commands] == [Result.PASSED, Result.PASSED]
    assert [c.tries for c in result.commands] == [1, 3]
    assert clock.slept == [0.1, 0.2]
