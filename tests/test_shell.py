"""The session behaves like one reader's terminal, and a timeout leaves nothing behind."""

from __future__ import annotations

import time
from pathlib import Path

from snippets_runner.run.proctree import marked
from snippets_runner.run.shell import ShellOptions, ShellSession


def test_state_carries_over_between_commands(tmp_path: Path) -> None:
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        shell.run('mkdir sub && cd sub; export GREETING=hi; greet() { echo "$GREETING $1"; }')
        ex = shell.run("pwd; greet you")
    assert ex.output == f"{tmp_path}/sub\nhi you\n"
    assert ex.exit_status == 0


def test_pinned_environment() -> None:
    with ShellSession(ShellOptions(columns=77)) as shell:
        ex = shell.run('echo "$LC_ALL $TZ $COLUMNS"; date -d @0 +%H:%Z')
    assert ex.output == "C.UTF-8 UTC 77\n00:UTC\n"


def test_stdout_and_stderr_interleave_in_order() -> None:
    with ShellSession() as shell:
        ex = shell.run("echo one; echo two >&2; echo three; echo four >&2")
    assert ex.output == "one\ntwo\nthree\nfour\n"


def test_exit_status_and_pipefail() -> None:
    with ShellSession() as shell:
        assert shell.run("(exit 3)").exit_status == 3
        assert shell.run("false | true").exit_status == 1
        assert shell.run("true").exit_status == 0


def test_output_without_trailing_newline_and_stdin_is_not_the_session() -> None:
    with ShellSession() as shell:
        assert shell.run("printf abc").output == "abc"
        # `cat` must not eat the next command: its stdin is /dev/null.
        assert shell.run("cat").exit_status == 0
        assert shell.run("cat <<'EOF'\nheredoc body\nEOF").output == "heredoc body\n"


def test_syntax_error_does_not_break_the_framing() -> None:
    with ShellSession() as shell:
        bad = shell.run('echo "unbalanced')
        assert bad.exit_status == 2
        assert "unexpected EOF" in bad.output
        assert shell.run("echo fine").output == "fine\n"


def test_timeout_keeps_partial_output_and_kills_the_whole_tree() -> None:
    shell = ShellSession()
    nonce_env = f"__SR_NONCE={shell._nonce}".encode()
    start = time.monotonic()
    ex = shell.run("echo partial; (setsid sleep 300 &); sleep 100 & sleep 200", timeout=0.5)
    assert time.monotonic() - start < 3
    assert ex.timed_out and ex.exit_status is None
    assert ex.output == "partial\n"
    assert not shell.alive
    time.sleep(0.1)
    survivors = [pid for pid in marked(nonce_env) if _alive(pid)]
    assert survivors == []


def test_exit_ends_the_session_with_its_status() -> None:
    shell = ShellSession()
    ex = shell.run("echo bye; exit 3")
    assert ex.shell_exited and ex.exit_status == 3 and ex.output == "bye\n"
    assert not shell.alive


def test_close_kills_background_jobs() -> None:
    shell = ShellSession()
    nonce_env = f"__SR_NONCE={shell._nonce}".encode()
    shell.run("sleep 300 &")
    shell.close()
    time.sleep(0.1)
    assert [pid for pid in marked(nonce_env) if _alive(pid)] == []


def _alive(pid: int) -> bool:
    """Zombies (already dead, waiting for init to reap them) do not count."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_overhead_per_command_is_small() -> None:
    with ShellSession() as shell:
        start = time.perf_counter()
        for _ in range(200):
            shell.run("echo hi")
        per_command = (time.perf_counter() - start) / 200
    assert per_command < 0.005, f"{per_command * 1000:.2f} ms per command"


def test_background_output_after_the_marker_goes_to_the_next_command() -> None:
    with ShellSession() as shell:
        first = shell.run("(sleep 0.2; echo late) &")
        assert first.output == "" and first.exit_status == 0
        time.sleep(0.4)
        assert shell.run("echo now").output == "late\nnow\n"
