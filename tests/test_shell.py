"""The session behaves like one reader's terminal, frames every command, and leaves nothing behind.

No test here measures wall-clock margins: a command that should end
promptly is given a generous timeout and must not hit it, and whatever a
test waits for, it waits on through the session (which bounds every read
by a timeout).
"""

from __future__ import annotations

import os
import pwd
import tempfile
from pathlib import Path

import pytest
from clocks import shell_clock
from leftovers import alive

from snippets_runner.errors import ShellError
from snippets_runner.run.proctree import Cgroup
from snippets_runner.run.shell import ShellOptions, ShellSession
from snippets_runner.run.terminal import cleaned, typed

GENEROUS = 30.0
"""A timeout no correct command comes near; reaching it is the failure being tested for."""


def test_state_carries_over_between_commands(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        shell.run('mkdir sub && cd sub; export GREETING=hi; greet() { echo "$GREETING $1"; }')
        ex = shell.run("pwd; greet you")
    assert ex.output == f"{tmp_path}/sub\nhi you\n"
    assert ex.exit_status == 0


def test_pinned_environment_and_terminal_settings() -> None:
    with ShellSession(ShellOptions(columns=77, rows=33)) as shell:
        ex = shell.run('echo "$LC_ALL $TZ $TERM $COLUMNS $LINES"; date -d @0 +%H:%Z; stty size')
        settings = shell.run("stty -a").output
    assert ex.output == "C.UTF-8 UTC xterm 77 33\n00:UTC\n33 77\n"
    assert " -echo " in settings and " icanon " in settings and " onlcr" in settings


def _exported(shell: ShellSession) -> dict[str, str]:
    """The shell's exported variables, as `env` would print them (bash's `_` aside)."""
    lines = shell.run("env -0 | tr '\\0\\n' '\\n '").output.splitlines()
    env = dict(line.split("=", 1) for line in lines if "=" in line)
    env.pop("_", None)
    return env


def test_the_shell_starts_from_the_documented_environment_not_the_runners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page that prints its environment must not publish the runner's CI tokens."""
    from snippets_runner.run.shellhome import ENVIRONMENT

    monkeypatch.setenv("GITHUB_TOKEN", "ghp_runner-only-token-1234")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("SSH_AUTH_SOCK", "/tmp/agent.sock")
    with ShellSession(ShellOptions(env=(("KUBECONFIG", "/k"),))) as shell:
        env = _exported(shell)
    assert set(env) == {*ENVIRONMENT, "PWD", "SHLVL"}, "what bash adds itself: PWD, SHLVL"
    assert env["PATH"] == os.environ["PATH"] and env["KUBECONFIG"] == "/k"
    assert env["HOME"] != os.environ.get("HOME") and env["HOME"].startswith(tempfile.gettempdir())
    assert env["SHELL"].endswith("/bash") and env["PAGER"] == "cat"
    assert env["USER"] == env["LOGNAME"] == pwd.getpwuid(os.geteuid()).pw_name


def test_a_ci_token_of_the_runner_never_reaches_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_runner-only-token-1234")
    with ShellSession() as shell:
        printed = shell.run("printenv GITHUB_TOKEN")
        env = shell.run("env").output
    assert (printed.output, printed.exit_status) == ("", 1)
    assert "GITHUB_TOKEN" not in env and "ghp_runner-only-token-1234" not in env


def test_variables_the_site_passes_by_name_or_pattern_reach_the_shell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from snippets_runner.run.shellhome import passed

    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_PROFILE", "docs")
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy:3128")
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_runner-only-token-1234")
    monkeypatch.setenv("PS1", "$ ")
    monkeypatch.setenv("KUBECONFIG", "/the/runners/kubeconfig")
    options = ShellOptions(pass_env=("AWS_*", "HTTPS_PROXY", "P?1", "KUBE*"))
    with ShellSession(options) as shell:
        env = _exported(shell)
    assert env["AWS_REGION"] == "eu-west-1" and env["AWS_PROFILE"] == "docs"
    assert env["HTTPS_PROXY"] == "http://proxy:3128"
    assert "GITHUB_TOKEN" not in env and "PS1" not in env, "a pattern never passes PS1"
    assert "KUBECONFIG" not in env, "only the runner chooses the kubeconfig a page gets"
    assert passed(["AWS_*"], {"AWS_X": "1", "aws_y": "2", "XAWS_Z": "3"}) == {"AWS_X": "1"}


def test_every_standard_stream_is_the_terminal() -> None:
    with ShellSession() as shell:
        ex = shell.run('[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty; tty; echo "$-"')
    lines = ex.output.splitlines()
    assert lines[0] == "all-tty" and lines[1].startswith("/dev/pts/")
    assert "i" in lines[2] and "m" not in lines[2]  # interactive, no job control


def test_error_messages_read_as_in_a_terminal() -> None:
    with ShellSession() as shell:
        missing = shell.run("no-such-command-xyz")
        unset = shell.run("set -u; echo $never_set_anywhere; echo unreached")
        after = shell.run("echo still here")
    assert missing.output == "bash: no-such-command-xyz: command not found\n"
    assert missing.exit_status == 127
    assert unset.output == "bash: never_set_anywhere: unbound variable\n"
    assert unset.exit_status == 1
    assert after.output == "still here\n"  # set -u aborted the line, not the session


def test_aliases_expand_and_pipefail_is_off() -> None:
    with ShellSession() as shell:
        shell.run("alias greet='echo aliased'")
        assert shell.run("greet").output == "aliased\n"
        assert shell.run("yes | head -n 2").exit_status == 0
        assert shell.run("false | true").exit_status == 0
        assert shell.run("set -o pipefail; false | true").exit_status == 1


def test_exec_bash_continues_the_session(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        shell.run("export KEPT=yes; cd /; exec bash")
        ex = shell.run('echo "$KEPT $PWD $-"')
        again = shell.run("exec bash -l")
        last = shell.run("no-such-command-xyz")
    kept, cwd, flags = ex.output.split()
    assert (kept, cwd) == ("yes", "/") and "i" in flags
    assert again.exit_status == 0 and not again.timed_out
    assert last.output == "bash: no-such-command-xyz: command not found\n"


def test_programs_see_a_terminal(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        shell.run("touch alpha beta gamma")
        columns = shell.run("ls")
        # Python buffers stdout fully on a pipe but per line on a terminal.
        order = shell.run(
            'python3 -c \'import sys; print("out 1"); print("err", file=sys.stderr); '
            'print("out 2")\''
        )
        # Needs a terminal on stdin, as `kubectl exec -it` does.
        raw = shell.run("stty raw -echo && stty -raw && echo restored")
    assert columns.output == "alpha  beta  gamma\n"
    assert order.output == "out 1\nerr\nout 2\n"
    assert raw.output == "restored\n"


def test_output_keeps_its_bytes_except_the_terminals_carriage_returns() -> None:
    with ShellSession() as shell:
        ex = shell.run(r"printf 'a\r\nb\033[1mc\0d\re\r\r\n'; printf 'no newline'")
    assert ex.output == "a\nb\x1b[1mc\x00d\re\nno newline"


def test_control_characters_in_a_command_are_typed_literally() -> None:
    with ShellSession() as shell:
        ex = shell.run("echo 'a\x03b\x04c' | od -An -c | tr -s ' '")
    assert ex.output == " a 003 b 004 c \\n\n"


def test_multi_line_commands_are_one_command() -> None:
    with ShellSession() as shell:
        heredoc = shell.run("cat <<'EOF'\nheredoc body\n\nEOF")
        continued = shell.run("echo one \\\n  two")
        two_lines = shell.run("echo first\necho second")
    assert heredoc.output == "heredoc body\n\n"
    assert continued.output == "one two\n"
    assert two_lines.output == "first\nsecond\n" and two_lines.exit_status == 0


def test_an_unfinished_command_is_interrupted_and_the_session_goes_on() -> None:
    with ShellSession() as shell:
        bad = shell.run('echo "unbalanced', GENEROUS)
        good = shell.run("echo fine")
    assert not bad.timed_out and bad.exit_status == 130
    assert good.output == "fine\n"


def test_a_command_reading_the_terminal_does_not_swallow_the_next_one() -> None:
    with ShellSession() as shell:
        shell.submit('read -t 1 -r line; echo "got [$line] $?"', GENEROUS)
        shell.submit("echo next", GENEROUS)
        assert len(shell._framer.queue) == 1  # not typed while `read` may read the terminal
        reading = shell.result()
        following = shell.result()
    assert reading.output == "got [] 142\n"
    assert following.output == "next\n"


def test_simple_builtins_are_typed_ahead_and_framed_in_order() -> None:
    with ShellSession() as shell:
        for i in range(40):
            shell.submit(f"echo line {i}")
        assert not shell._framer.queue  # all typed at once: no round trip per command
        results = [shell.result() for _ in range(40)]
    assert [r.output for r in results] == [f"line {i}\n" for i in range(40)]


def test_nothing_is_typed_ahead_once_a_page_may_shadow_builtins() -> None:
    with ShellSession() as shell:
        shell.run("echo() { cat; }")
        shell.submit("echo a", GENEROUS)
        shell.submit("echo b", GENEROUS)
        assert len(shell._framer.queue) == 1
        shell.close()


def test_markers_in_output_neither_end_a_command_nor_leak_the_environment() -> None:
    with ShellSession() as shell:
        env = shell.run("env | grep -c 697")
        shown = shell.run('echo "$PS1"; set | grep -c "^PS1="; cat ~/.bashrc >/dev/null')
        forged = shell.run(r"printf '\033]697;00;P;0\a'; echo after")
        last = shell.run("echo last")
    assert env.output == "0\n"  # the nonce is not in any command's environment
    assert shown.exit_status == 0 and shown.output.endswith("1\n")
    assert forged.output == "\x1b]697;00;P;0\x07after\n"
    assert last.output == "last\n"


def test_a_timeout_starts_when_the_previous_command_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    """The session's clock jumps 1000 s while the first command runs: the second's 100 s
    are spent if counted from its submission, untouched if counted from the first's end."""
    clock = shell_clock(monkeypatch)
    with ShellSession() as shell:
        shell.submit("true", 10 * 1000.0)
        shell.submit("true", 100.0)
        clock.jump(1000.0)  # framed only from here on: the first command "took" 1000 s
        assert not shell.result().timed_out
        assert not shell.result().timed_out
    with ShellSession() as shell:  # the jump is real to the session: a lone command does time out
        shell.submit("true", 100.0)
        clock.jump(1000.0)
        assert shell.result().timed_out


def test_timeout_keeps_partial_output_and_kills_the_whole_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its time is up once the escapes have started and it has printed: not when the machine says.
    shell_clock(monkeypatch).jump_when_printed("partial", GENEROUS)
    shell = ShellSession(ShellOptions(cwd=tmp_path))
    assert isinstance(shell.containment, Cgroup), shell.containment.description
    box = shell.containment
    ex = shell.run(
        "(env -i setsid sleep 300 &); (setsid sleep 301 &); echo partial; sleep 200",
        timeout=GENEROUS,
    )
    assert ex.timed_out and ex.exit_status is None
    assert ex.output == "partial\n"
    assert not shell.alive
    assert box.members() == []
    with pytest.raises(ShellError):
        shell.run("echo again")
    shell.close()
    assert not box.path.exists()


def test_exit_with_a_background_job_holding_the_terminal_ends_promptly(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        box = shell.containment
        assert isinstance(box, Cgroup)
        job = shell.run("sleep 1000 &")
        escaped = shell.run("env -i setsid sh -c 'echo $$ > escaped.pid; exec sleep 1001' &")
        shell.run("while [ ! -s escaped.pid ]; do sleep 0.01; done")
        ex = shell.run("echo bye; exit 3", GENEROUS)
        assert ex.shell_exited and not ex.timed_out
        assert ex.exit_status == 3 and ex.output == "bye\nexit\n"
        assert not shell.alive
        escaped_pid = int((tmp_path / "escaped.pid").read_text())
        assert escaped_pid in box.members()  # still inside the box while the page is open
    assert job.output.startswith("[1] ") and escaped.output.startswith("[2] ")
    assert not alive(escaped_pid)
    assert not box.path.exists()


def test_close_kills_background_jobs_and_double_forked_escapes(tmp_path: Path) -> None:
    shell = ShellSession(ShellOptions(cwd=tmp_path))
    shell.run("sleep 300 &")
    shell.run("(env -i setsid sh -c 'echo $$ > daemon.pid; exec sleep 302' &)")
    shell.run("while [ ! -s daemon.pid ]; do sleep 0.01; done")
    daemon = int((tmp_path / "daemon.pid").read_text())
    assert alive(daemon)
    shell.close()
    assert not alive(daemon)


def test_background_output_goes_to_the_command_running_when_it_arrives(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        started = shell.run("(while [ ! -e go ]; do sleep 0.01; done; echo late) &")
        ex = shell.run("touch go; wait; echo now")
    assert started.output.startswith("[1] ") and started.exit_status == 0
    # Then bash reports the finished job, as in a reader's terminal.
    assert ex.output.startswith("late\n[1]+  Done ") and ex.output.endswith("\nnow\n")


def test_a_line_too_long_for_the_terminal_is_refused_not_cut() -> None:
    with ShellSession() as shell:
        with pytest.raises(ShellError, match="4095"):
            shell.run("echo " + "x" * 5000)
        assert shell.run("echo " + "x" * 4000).output == "x" * 4000 + "\n"


def test_environment_variables_the_session_owns_are_not_inherited(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROMPT_COMMAND", "echo hijacked")
    monkeypatch.setenv("PS1", "$ ")
    monkeypatch.setenv("SHLVL", "4")  # the runner started from nested shells, as under CI
    with ShellSession(ShellOptions(env=(("EXTRA", "x"),))) as shell:
        ex = shell.run('echo "$EXTRA" "$SHLVL"')
    assert ex.output == "x 1\n", "a reader's terminal starts at SHLVL 1"


def test_no_descriptor_leaks_across_sessions() -> None:
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(3):
        with ShellSession() as shell:
            shell.run("true")
    assert len(os.listdir("/proc/self/fd")) == before


def test_what_is_cleaned_from_the_terminals_output() -> None:
    assert cleaned(b"a\r\nb\r\r\nc\rd\n\x1b[1m\x00") == "a\nb\nc\rd\n\x1b[1m\x00"
    assert cleaned(b"caf\xc3\xa9 \xff") == "caf\u00e9 \ufffd"
    assert cleaned(bytearray(b"a\r\n\rb\r\n\r")) == "a\n\rb\n\r"  # no run of CRs


def test_control_characters_are_typed_after_literal_next() -> None:
    assert typed("echo 'a\x03b'\tc") == b"echo 'a\x16\x03b'\tc\n"
    assert typed("cat <<EOF\nx\nEOF") == b"cat <<EOF\nx\nEOF\n"


@pytest.mark.parametrize(
    ("command", "output"),
    [
        ("cat <<EOF\na\\\nb\nEOF", "ab\n"),  # bash reads `b` without a prompt
        ("cat <<EOF\na\\\nb\\\nc\nEOF", "abc\n"),
        ("cat <<EOF\nx\nEO\\\nF", "x\n"),  # the joined line is the delimiter
        ("cat <<'EOF'\na\\\nb\nEOF", "a\\\nb\n"),  # quoted: no joining, a prompt per line
        ("cat <<EOF\na\\\\\nb\nEOF", "a\\\nb\n"),  # an even count escapes no newline
        ("cat <<-EOF\n\ta\\\n\tb\n\tEOF", "a\tb\n"),
        ("cat <<A; cat <<B\nx\\\ny\nA\nz\nB", "xy\nz\n"),
    ],
)
def test_heredoc_bodies_with_escaped_newlines_end_at_their_prompt(
    command: str, output: str
) -> None:
    """A command is framed by the prompts bash prints while reading it; without line
    editing bash prints none for the line after an escaped newline in a body, and a
    count of one per line waited out the timeout on a right page."""
    with ShellSession() as shell:
        shell.submit(command, GENEROUS)
        shell.submit("echo next", GENEROUS)
        first, after = shell.result(), shell.result()
    assert (first.timed_out, first.exit_status, first.output) == (False, 0, output)
    assert after.output == "next\n"
