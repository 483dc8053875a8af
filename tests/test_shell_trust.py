"""No page can forge or lose a command's end: what a reader may do to their shell leaves the
framing whole, and what a command prints is judged as output, never as an end.

Each test is a real bash session.  After the page's move, the same commands
follow (:data:`FOLLOW`): a status other than 0, a typed-ahead run of
builtins, a heredoc, a two-line command and an unfinished quote, so a
command that ended early, an echo of what was typed or a lost prompt shows
as a wrong output or status.  No test waits on a clock: a timeout is a
failure, never an expected outcome.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from snippets_runner.run import shell as shell_module
from snippets_runner.run.framing import BACKUP_FD, TOKEN_FD
from snippets_runner.run.shell import Execution, ShellOptions, ShellSession

GENEROUS = 30.0
"""A timeout no correct command comes near."""

FOLLOW: list[tuple[str, str | None, int]] = [
    ("echo next; (exit 3)", "next\n", 3),
    ("echo one", "one\n", 0),
    ("echo two", "two\n", 0),
    ("cd /; pwd", "/\n", 0),
    ("cat <<'EOF'\nbody\nEOF", "body\n", 0),
    ("echo first\necho second; false", "first\nsecond\n", 1),
    ("echo 'unbalanced", None, 130),  # interrupted: failed whatever bash printed
    ("printf 'last\\n'", "last\n", 0),
]


@contextmanager
def session(tmp_path: Path) -> Iterator[tuple[ShellSession, list[bytes]]]:
    """A session, and every token it issued after the first prompt (none may reach an output)."""
    with ShellSession(ShellOptions(cwd=tmp_path)) as shell:
        framer = shell._framer
        tokens: list[bytes] = list(framer._issued)
        issue = framer.issue

        def spy(issued: list[bytes]) -> None:
            tokens.extend(issued)
            issue(issued)

        framer.issue = spy  # type: ignore[method-assign,assignment]
        yield shell, tokens


EDITING = FOLLOW[:-2] + FOLLOW[-1:]
"""What follows once line editing is on (``set -o vi``): an unfinished quote then waits for its
timeout, as a reader's terminal waits for the rest of the line (a ^C at readline's PS2 may
leave bash 5.2 reading without its prompt hook)."""


def follow(
    shell: ShellSession, commands: list[tuple[str, str | None, int]] = FOLLOW
) -> list[Execution]:
    """Run ``commands``, submitted together so the builtins among them are typed ahead."""
    for command, _, _ in commands:
        shell.submit(command, GENEROUS)
    return [shell.result() for _ in commands]


def judged_right(
    results: list[Execution],
    tokens: list[bytes],
    commands: list[tuple[str, str | None, int]] = FOLLOW,
) -> None:
    for (command, output, status), ex in zip(commands, results, strict=True):
        assert not ex.timed_out and ex.incomplete == (output is None), command
        assert ex.exit_status == status, command
        assert output is None or ex.output == output, command
    assert tokens, "the session issued tokens"
    for ex in results:
        assert not any(t.decode() in ex.output for t in tokens)
        assert "697;E" not in ex.output


@pytest.mark.parametrize(
    ("move", "output", "status"),
    [
        ('echo "${PS1@P}${PS2@P}"; sleep 0.1; echo after', "\x1b]697;C\x07\nafter\n", 0),
        ("bash -i <<<'echo hi; (exit 4)'; echo \"child: $?\"", None, 0),
        ("bash -c 'echo \"${PS1@P}\"; exit 5'", "\n", 5),
        ("bash -ic 'echo \"[${PS2@P}]\"'", None, 0),
        ("PS1='x$ '", "", 0),
        ("PS2='more> '", "", 0),
        ("stty sane", "", 0),
        ("stty echo", "", 0),
        ("exec 2>/tmp/snippets-trust-stderr", "", 0),
        ("shopt -u promptvars", "", 0),
        ('bind \'"\\C-x": "echo"\'', None, 0),
        ("set -o vi", "", 0),
        ("set -o emacs", "", 0),
        ('PROMPT_COMMAND="true"', "", 0),
        ("set -x", "", 0),
        ("set -u", "", 0),
        ("trap 'true' DEBUG ERR", "", 0),
        ("exec 100>&-", "", 0),
        ("exec 100<&-", "", 0),
        ("exec 3>&1 9</dev/null 100</dev/null", "", 0),
    ],
)
def test_after_a_readers_move_every_command_is_still_judged_right(
    tmp_path: Path, move: str, output: str | None, status: int
) -> None:
    commands = EDITING if move.startswith("set -o") else FOLLOW
    with session(tmp_path) as (shell, tokens):
        first = shell.run(move, GENEROUS)
        results = follow(shell, commands)
    assert not first.timed_out and first.exit_status == status
    if output is not None:
        assert first.output == output
    if move.startswith("set -x"):  # a reader sees each command traced, and nothing else
        results = [
            r._replace(output="".join(s for s in r.output.splitlines(True) if s[0] != "+"))
            for r in results
        ]
    judged_right(results, tokens, commands)


@pytest.mark.parametrize(
    "prompts",
    [
        "PS2='more> '",
        "PS2=",
        "PS0=; PS2=",
        "unset PS0 PS2",
        "shopt -u promptvars; PS2='$(false)> '",
        "exec 2>/dev/null",
    ],
)
def test_an_unclosed_quote_is_interrupted_whatever_the_prompts_show(
    tmp_path: Path, prompts: str
) -> None:
    """Bash waiting for the rest of a command is seen in bash itself, not in its PS2."""
    with session(tmp_path) as (shell, tokens):
        shell.run(prompts, GENEROUS)
        unclosed = shell.run('echo "abc', GENEROUS)
        heredoc = shell.run("cat <<EOF\nline", GENEROUS)
        results = follow(shell)
    assert unclosed.incomplete and not unclosed.timed_out and unclosed.exit_status == 130
    assert heredoc.incomplete and not heredoc.timed_out
    judged_right(results, tokens)


def test_looking_in_bash_never_interrupts_a_command_bash_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a start mark the session looks in bash once the terminal is quiet.  Here every
    quiet wait is taken as over before the end came, so each look finds bash back at its
    prompt with the end (and, typed as it arrives, the next command) unread: neither is a
    command bash waits on."""
    pump = ShellSession._pump

    def late(self: ShellSession, timeout: float) -> bool:
        if timeout <= shell_module.LOOK_EVERY:  # a quiet wait before a look
            time.sleep(0.02)
            return False
        return pump(self, timeout)

    monkeypatch.setattr(ShellSession, "_pump", late)
    commands = [(f"echo {i}", f"{i}\n", 0) for i in range(10)]
    with session(tmp_path) as (shell, tokens):
        shell.run("PS0= PS2=", GENEROUS)  # no start mark, no continuation mark
        results = follow(shell, commands + FOLLOW)
    judged_right(results, tokens, commands + FOLLOW)


def test_a_child_bash_i_is_output_and_its_status_the_commands(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        child = shell.run("bash -i <<<'echo hi; (exit 4)'; echo \"child: $?\"", GENEROUS)
        results = follow(shell)
    assert "hi\n" in child.output and child.output.endswith("exit\nchild: 4\n")
    judged_right(results, tokens)


def test_the_page_owns_its_prompt(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        shell.run("PS1='\\u:\\w\\$ '; PS2='more> '", GENEROUS)
        shown = shell.run('echo "$PS1|$PS2"', GENEROUS)
        results = follow(shell)
    assert shown.output == "\\u:\\w\\$ |more> \n"
    assert not any("more>" in r.output or ":/" in r.output for r in results)
    judged_right(results, tokens)


def test_an_echoing_terminal_echoes_into_the_prompt_not_the_output(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        shell.run("stty sane", GENEROUS)
        settings = shell.run("stty -a", GENEROUS)
        results = follow(shell)
    assert " echo " in settings.output, "the page's setting stays, as in a reader's terminal"
    assert "stty -a" not in settings.output
    judged_right(results, tokens)


def test_stderr_sent_to_a_file_takes_the_prompts_with_it(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        shell.run(f"exec 2>{tmp_path}/stderr", GENEROUS)
        missing = shell.run("ls /no-such-path-xyz", GENEROUS)
        results = follow(shell)
        shell.run("exec 2>&1", GENEROUS)
        back = shell.run("ls /no-such-path-xyz; echo $?", GENEROUS)
        again = follow(shell)
    assert (missing.output, missing.exit_status) == ("", 2)
    assert "No such file" in (tmp_path / "stderr").read_text()
    judged_right(results, tokens)
    judged_right(again, tokens)
    assert back.output.startswith("ls: cannot access") and back.output.endswith("\n2\n")
    assert not any(t.decode() in (tmp_path / "stderr").read_text() for t in tokens)


def test_line_editing_the_page_turns_on_reads_every_command(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        shell.run("set -o vi", GENEROUS)
        shown = shell.run("set -o | grep -E '^(vi|emacs) '", GENEROUS)
        heredoc = shell.run("cat <<EOF\na\\\nb\nEOF", GENEROUS)
        bound = shell.run('bind \'"\\C-x": "echo"\'', GENEROUS)
        results = follow(shell, EDITING)
    assert shown.output.split() == ["emacs", "off", "vi", "on"]
    assert heredoc.output == "ab\n"
    assert (bound.output, bound.exit_status) == ("", 0), "with line editing on, bind is quiet"
    judged_right(results, tokens, EDITING)


def test_what_prompt_command_and_tracing_leave_as_a_reader_sees_them(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        verbose = [shell.run("set -v", GENEROUS), shell.run("echo v; set +v", GENEROUS)]
        traced = [shell.run("set -x", GENEROUS), shell.run("echo x; set +x", GENEROUS)]
        shell.run("false | true", GENEROUS)
        status = shell.run('echo "${PIPESTATUS[*]}"', GENEROUS)
        shell.run(": last-word", GENEROUS)
        word = shell.run('echo "$_"', GENEROUS)
        shell.run("PROMPT_COMMAND='echo prompted'", GENEROUS)
        prompted = shell.run("echo p", GENEROUS)
    assert [v.output for v in verbose] == ["", "echo v; set +v\nv\n"]
    assert [t.output for t in traced] == ["", "+ echo x\nx\n+ set +x\n"]
    assert (status.output, word.output) == ("1 0\n", "last-word\n"), "kept across the hook"
    assert prompted.output == "p\nprompted\n"
    assert tokens


def test_a_nested_bash_reading_the_terminal_is_typed_into(tmp_path: Path) -> None:
    """As for a reader: the commands after ``bash`` run in it, until its ``exit``."""
    with session(tmp_path) as (shell, tokens):
        started = shell.run("bash", GENEROUS)
        inner = shell.run("echo $SHLVL", GENEROUS)
        left = shell.run("exit 6", GENEROUS)
        outer = shell.run("echo $SHLVL", GENEROUS)
    assert (started.exit_status, inner.output) == (0, "2\n")
    assert (left.output, left.exit_status, left.shell_exited) == ("exit\n", 6, False)
    assert outer.output == "1\n"
    assert tokens


def test_the_sessions_descriptor_closed_is_taken_again_from_its_copy(tmp_path: Path) -> None:
    """Closing the descriptor the hook reads tokens from costs that command bash's complaint;
    the hook takes it again from the session's second copy, and the page goes on framed."""
    with session(tmp_path) as (shell, tokens):
        closed = shell.run(f"exec {TOKEN_FD}<&-", GENEROUS)
        results = follow(shell)
        replaced = shell.run(f"exec {TOKEN_FD}>/dev/null", GENEROUS)  # now the page's own
        again = follow(shell)
        nested = shell.run("exec bash", GENEROUS)
        inner = follow(shell)
    assert closed.exit_status == 0 and not closed.timed_out
    assert f"{TOKEN_FD}: invalid file descriptor" in closed.output
    assert not replaced.timed_out and replaced.exit_status == 0
    assert not nested.timed_out and nested.exit_status == 0
    judged_right(results, tokens)
    judged_right(again, tokens)
    judged_right(inner, tokens)


@pytest.mark.parametrize(
    "move",
    [
        f"exec {TOKEN_FD}<&- {BACKUP_FD}<&-",
        f"exec {BACKUP_FD}<&-; exec {TOKEN_FD}<&-",
        f"exec {TOKEN_FD}<&- {BACKUP_FD}<&-; exec bash",
        'for fd in /proc/$$/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd<&-"; done',
    ],
)
def test_a_page_that_takes_every_descriptor_of_the_session_fails_there(
    tmp_path: Path, move: str
) -> None:
    """Not a hang, not a pass: the command fails as one after which nothing can be framed."""
    with session(tmp_path) as (shell, tokens):
        before = shell.run("echo before", GENEROUS)
        lost = shell.run(move, GENEROUS)
        assert not shell.alive
    assert before.output == "before\n"
    assert lost.framing_lost and not lost.timed_out and lost.exit_status is None
    assert not any(t.decode() in lost.output for t in tokens)


FORGED = (
    "".join(f"\\e]697;E;{t:016x};0;012t\\a" for t in (0, 1, 0xFFFFFFFFFFFFFFFF, 0x0123456789ABCDEF))
    + "\\e]697;S\\a\\e]697;C\\a\\e]697;E;;0;\\a"
)
"""Marks of the right shape a page might print: ends with guessed tokens, a start, a
continuation, a malformed end (``printf`` expands the escapes)."""


@pytest.mark.parametrize(
    ("attempt", "status"),
    [
        (f"printf '{FORGED}'; echo after; (exit 7)", 7),
        (f"(printf '{FORGED}'; exit 3)", 3),
        (f"bash -c \"printf '{FORGED}'\"; false", 1),
        (f"x=$(printf '{FORGED}'); printf '%s' \"$x\"; true", 0),
        (f"printf '{FORGED[:20]}'; sleep 0.05; printf '{FORGED[20:]}'; (exit 4)", 4),
        (f"(sleep 0.05; printf '{FORGED}') & wait; (exit 5)", 5),
        (
            "for i in $(seq 200); do printf '\\e]697;E;%016x;0;012t\\a' $RANDOM$RANDOM; done;"
            " (exit 6)",
            6,
        ),
    ],
)
def test_marks_a_command_prints_are_its_output_and_never_its_end(
    tmp_path: Path, attempt: str, status: int
) -> None:
    with session(tmp_path) as (shell, tokens):
        forged = shell.run(attempt, GENEROUS)
        results = follow(shell)
    assert not forged.timed_out and forged.exit_status == status
    assert "\x1b]697;E;0000000000000000;0;012t\x07" in forged.output or "seq" in attempt
    judged_right(results, tokens)


@pytest.mark.parametrize(
    "move",
    [
        "ls -l /proc/self/fd/ /proc/$$/fd/ >/dev/null; cat /proc/$$/cmdline >/dev/null",
        "exec 1>&-",
        "exec 1>/dev/null",
        "(sleep 0.05; echo late) &",
        "(sleep 0.05; printf '\\e]697;S\\a\\e]697;C\\a') & (sleep 0.08; echo later) &",
        "trap 'echo \"[$t|$__snippets_t]\"' DEBUG",
        "set -T; trap 'echo \"[$t|$__snippets_t|$BASH_COMMAND]\" >/dev/null' DEBUG RETURN",
        "set -T; trap 'echo \"[$t|$__snippets_t]\"' DEBUG",
        "PROMPT_COMMAND='printf \"\\e]697;E;%016x;0;012t\\a\" 1'",
        "PS1='\\[\\e]697;E;0000000000000001;0;012t\\a\\]$ '",
        "exec bash",
    ],
)
def test_after_an_adversarial_move_no_token_shows_and_nothing_hangs(
    tmp_path: Path, move: str
) -> None:
    """Every command after the move ends, with its own status; not one output or report
    carries a token.  Outputs that a reader would see differently (stdout closed, traps
    that print) are only checked for tokens."""
    with session(tmp_path) as (shell, tokens):
        first = shell.run(move, GENEROUS)
        shell.run("sleep 0.1", GENEROUS)  # background jobs print while something runs
        results = follow(shell)
    assert not first.timed_out
    if move != "exec 1>&-":  # then echo and printf fail, as in a reader's terminal
        assert [r.exit_status for r in results] == [s for _, _, s in FOLLOW]
    assert not any(r.timed_out for r in results)
    for ex in [first, *results]:
        assert not any(t.decode() in ex.output for t in tokens), move


def test_set_e_ends_the_shell_as_in_a_readers_terminal(tmp_path: Path) -> None:
    with session(tmp_path) as (shell, tokens):
        shell.run("set -e", GENEROUS)
        fine = shell.run("echo fine", GENEROUS)
        failed = shell.run("false", GENEROUS)
    assert fine.output == "fine\n" and fine.exit_status == 0
    assert failed.shell_exited and failed.exit_status == 1 and not failed.timed_out
    assert tokens


def test_bind_warns_as_bash_without_line_editing_does_and_binds_all_the_same(
    tmp_path: Path,
) -> None:
    """The documented difference from a reader's terminal (line editing is off until the page
    turns it on): bash's own warning, status 0, the binding made; quiet after ``set -o emacs``."""
    with session(tmp_path) as (shell, tokens):
        bound = shell.run('bind \'"\\C-y": "echo"\'', GENEROUS)
        shown = shell.run("bind -s | grep -c C-y", GENEROUS)
        shell.run("set -o emacs", GENEROUS)
        quiet = shell.run('bind \'"\\C-t": "echo"\'', GENEROUS)
        results = follow(shell, EDITING)
    warning = "bash: bind: warning: line editing not enabled\n"
    assert (bound.output, bound.exit_status) == (warning, 0)
    assert shown.output == warning + "1\n"
    assert (quiet.output, quiet.exit_status) == ("", 0)
    judged_right(results, tokens, EDITING)
