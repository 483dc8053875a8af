"""One persistent interactive bash per page, on its own terminal, commands typed into it.

Why this shape:

* Commands are *typed*: each command's text goes into the terminal, bash
  reads it as a reader's pasted line, so aliases expand, errors read
  ``bash: foo: command not found``, ``set -u`` mistakes and ``exec bash``
  leave the session going, ``pipefail`` is off.  State (``cd``, variables,
  functions) carries over between commands and blocks.
* Framing is bash's prompt hook: at each prompt it marks the end of the
  command, with its exit status, in the terminal's stream, under the next
  of the random tokens this process issues for it (a file bash keeps open,
  deleted once it is: :meth:`ShellSession._issue`, :mod:`.framing`, which
  also types commands ahead while that is safe).  Nothing a command prints
  can end it: it cannot know the next token.  What is captured is what the
  terminal received, minus those marks, the prompts and the carriage
  returns the terminal puts before each line feed
  (:func:`.terminal.cleaned`).  Everything a program prints -- its own
  escape sequences, NUL, a lone ``\\r``, ``${PS1@P}``, a child ``bash -i``
  -- and what bash itself shows a reader (``[1] 12345`` for a background
  job, ``[1]+  Done ...``, ``exit``) is kept, byte for byte.
* The page may change the shell as a reader may change theirs: ``PS1``,
  ``stty sane``, ``exec 2>file``, ``shopt -u promptvars``, ``set -o vi``.
  Framing does not rest on any of them; the terminal's echo is looked at
  before typing (:func:`.terminal.echoes`) so a command echoed by it lands
  in its prompt, not in the output before it.  Whether bash has read a
  command whole (an unclosed quote makes it wait for more) shows in its
  continuation prompt only while that is the session's; otherwise, once
  the terminal is quiet, bash itself is looked at
  (:func:`.terminal.reads_commands`): asleep reading the terminal, with all
  that was typed read and no end, it waits for the rest and gets a ``^C``.
* The session's HOME and environment are its own: a short documented list,
  pinned so the host does not shape the output, plus the variables the
  site passes by name; nothing else of the runner's, so no CI token
  reaches a page, a report or a written page (:mod:`.shellhome`).
* Pipelining: which commands may be typed past is decided here, from their
  text (:mod:`.prefetch`); once a page may have changed the shell itself,
  nothing more is typed ahead.  A command's timeout starts when the
  previous command's end arrived.
* The end of the shell is seen through a pidfd, not through the terminal
  closing, so a background job that keeps the terminal open cannot hide an
  ``exit``.  Every process of the session lives in its own cgroup
  (:mod:`.proctree`), which a timeout or the end of the page kills whole.
"""

from __future__ import annotations

import contextlib
import os
import select
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from ..bash import prompts
from ..errors import ShellError
from . import prefetch
from .framing import TOKENS_AHEAD, Framer, Typed
from .proctree import contain
from .shellhome import ShellHome
from .terminal import cleaned, echoes, open_pty, reads_commands, spawn_bash, typed

DEFAULT_COLUMNS = 120
DEFAULT_ROWS = 50
STARTUP_TIMEOUT = 20.0
"""Seconds bash may take to show its first prompt (a loaded CI machine)."""
REAP_TIMEOUT = 10.0
"""Seconds a SIGKILLed or exited bash may take to be reaped before that is an error."""
FIRST_LOOK = 0.001
"""Seconds of quiet after which a command no mark can show read whole is looked at in bash."""
LOOK_EVERY = 0.1
"""The longest pause between two such looks (they double from :data:`FIRST_LOOK`)."""


@dataclass(frozen=True)
class ShellOptions:
    """How the session's environment is pinned so output does not depend on the host."""

    cwd: Path | None = None
    env: tuple[tuple[str, str], ...] = ()
    """Extra variables (e.g. KUBECONFIG) on top of the documented ones (:mod:`.shellhome`)."""
    pass_env: tuple[str, ...] = ()
    """Names or glob patterns of the runner's variables the page gets too (``pass-env``)."""
    columns: int = DEFAULT_COLUMNS
    rows: int = DEFAULT_ROWS
    default_timeout: float = 60.0


class Execution(NamedTuple):
    """What one command did: its output as the terminal showed it, status and wall time.

    ``exit_status`` is None when the command was killed by the timeout;
    ``shell_exited`` is True when the command ended the shell itself
    (``exit 3``), in which case ``exit_status`` is the shell's status.
    """

    output: str
    exit_status: int | None
    duration: float
    timed_out: bool = False
    shell_exited: bool = False
    incomplete: bool = False
    """Bash still waited for input after the command's last line and got a ``^C``."""
    framing_lost: bool = False
    """The command took the session's token descriptors (closed or replaced both): bash
    could not mark its end, so it failed there and the session ended with it."""


class ShellSession:
    """A running bash on a terminal; use as a context manager so nothing outlives the page."""

    def __init__(self, options: ShellOptions | None = None) -> None:
        self.options = options or ShellOptions()
        self._framer = Framer()
        self._framer.echoes = self._echoes
        self._home = ShellHome.create()
        env = self._home.env(self.options.env, self.options.pass_env)
        self.containment = contain(self._home.path.name)
        self._master = self._slave = self._tokens = -1
        try:
            self._tokens = os.open(self._home.tokens, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
            self._issue(2 * TOKENS_AHEAD)
            self._master, self._slave = open_pty(self.options.columns, self.options.rows)
        except OSError as exc:
            self._release()
            raise ShellError(f"cannot open the session's terminal: {exc.strerror}") from exc
        try:
            self._proc, born_inside = spawn_bash(
                self._slave, self._home.rc, self.options.cwd, env, self.containment.birthplace
            )
        except ShellError:
            self._release()
            raise
        # Kept (never inherited): polling it says whether bash has read all that was typed.
        self._typed_ahead = select.poll()
        self._typed_ahead.register(self._slave, select.POLLIN)
        if not born_inside:
            # Before bash reads anything it could fork for: its children are born inside.
            self.containment.adopt(self._proc.pid)
        self._pidfd = os.pidfd_open(self._proc.pid)
        self._poll = select.poll()
        self._poll.register(self._master, select.POLLIN)
        self._poll.register(self._pidfd, select.POLLIN)
        self._exited = False
        self._ahead_ok = True
        self._wait_for_first_prompt()

    @property
    def alive(self) -> bool:
        """False once the shell has ended or been killed: nothing more can run in it."""
        return self._framer.typing

    # -- the public API ------------------------------------------------------------------

    def submit(self, command: str, timeout: float | None = None) -> None:
        """Queue ``command``; it is typed as soon as that cannot disturb the ones before it."""
        if not self.alive:
            raise ShellError("the shell session has ended; start a new one")
        if self._ahead_ok and prefetch.changes_the_shell(command):  # for good once it may
            self._ahead_ok = False
        limit = self.options.default_timeout if timeout is None else timeout
        data = typed(command)
        safe = self._ahead_ok and prefetch.cannot_read_terminal(command)
        # Written in one go when a result is wanted.
        self._framer.submit(Typed(data, prompts(command), limit, safe))

    def result(self) -> Execution:
        """Wait for the oldest submitted command to finish (or time out) and frame its output."""
        framer = self._framer
        if framer.done:
            return self._framed(framer.done.popleft())
        if not framer.typed and not framer.queue:
            raise ShellError("no command was submitted")
        if not self.alive:
            raise ShellError("the shell session has ended; start a new one")
        framer.type_more()
        self._flush()
        head = framer.typed[0]
        pause = FIRST_LOOK
        while head.status is None and not head.lost:
            if self._exited:
                return self._ended_by(head)
            remaining = head.start + head.timeout - time.monotonic()
            if remaining <= 0:
                return self._timed_out(head)
            if not framer.may_wait_for_input:
                self._pump(remaining)
            elif self._pump(min(remaining, pause)):
                pause = FIRST_LOOK
            elif self._waits_for_input(head):
                framer.interrupt(head)
                self._flush()
            else:
                pause = min(2 * pause, LOOK_EVERY)
        framer.done.popleft()
        return self._framed(head)

    def _framed(self, command: Typed) -> Execution:
        if command.lost:  # nothing after it can be framed: end the page's processes now
            self._kill()
            duration = command.end - command.start
            return Execution(cleaned(command.output), None, duration, framing_lost=True)
        assert command.status is not None
        return Execution(
            cleaned(command.output),
            command.status,
            command.end - command.start,
            incomplete=command.interrupted,
        )

    def run(self, command: str, timeout: float | None = None) -> Execution:
        """Run one command to completion (or until ``timeout`` seconds) and frame its output."""
        self.submit(command, timeout)
        return self.result()

    def close(self) -> None:
        """End the shell and everything the page left behind (background jobs, port-forwards)."""
        if self._master < 0:
            return
        self._kill()
        self._release()

    def __enter__(self) -> ShellSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the terminal ------------------------------------------------------------------

    def _flush(self) -> None:
        outbox = self._framer.outbox
        if outbox and self._framer.tokens_wanted:  # before bash can reach the prompts they end
            self._issue(max(self._framer.tokens_wanted, TOKENS_AHEAD))
        while outbox:
            try:
                written = os.write(self._master, outbox)
            except BlockingIOError:
                break
            except OSError:  # the terminal is gone; the pidfd will tell why
                outbox.clear()
                break
            del outbox[:written]
        events = select.POLLIN | (select.POLLOUT if outbox else 0)
        self._poll.modify(self._master, events)

    def _pump(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the terminal or bash's end; False if nothing came."""
        events = self._poll.poll(max(timeout, 0.0) * 1000)
        for fd, _ in events:
            if fd == self._pidfd:
                self._read_all()
                self._exited = True
                return True
        self._flush()
        self._read_all()
        return bool(events)

    def _waits_for_input(self, head: Typed) -> bool:
        """Bash has read all that was typed and sleeps reading the terminal before the end
        of ``head``, the running command: it waits for more of it (an unclosed quote, a
        heredoc without its end line), whatever its prompts show.

        The order rules out races: polling the terminal pushes what was typed into its
        queue and says whether any of it is unread; then bash is looked at; then what it
        printed before it went to sleep (an end, a start) is framed.
        """
        if self._typed_ahead.poll(0):
            return False
        if not reads_commands(self._proc.pid):
            return False
        self._read_all()
        framer = self._framer
        return head.status is None and framer.typed[0] is head and framer.may_wait_for_input

    def _read_all(self) -> None:
        """Read what the terminal holds now (the kernel flushes its queue on a read)."""
        framer = self._framer
        framer.feed(_drain(self._master))
        if framer.outbox:  # a ^C, or the commands a finished one lets through
            self._flush()

    # -- endings -----------------------------------------------------------------------

    def _timed_out(self, head: Typed) -> Execution:
        duration = time.monotonic() - head.start
        self._kill()
        self._read_all()
        return Execution(cleaned(head.output), None, duration, timed_out=True)

    def _ended_by(self, head: Typed) -> Execution:
        status = self._reap()
        self._framer.typing = False
        self._read_all()
        return Execution(
            cleaned(head.output), status, time.monotonic() - head.start, shell_exited=True
        )

    def _kill(self) -> None:
        """Stop typing and end every process of the session, bash first among them."""
        self._framer.typing = False
        self.containment.kill()
        self._reap()
        self.containment.wait_empty()

    def _reap(self) -> int:
        # Wait on the pidfd: Popen.wait(timeout) would poll with sleeps, milliseconds per page.
        if self._pidfd >= 0 and not select.select([self._pidfd], [], [], REAP_TIMEOUT)[0]:
            raise ShellError(f"bash (pid {self._proc.pid}) did not end after SIGKILL")
        status = self._proc.wait()
        if self._pidfd >= 0:
            self._poll.unregister(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = -1
        return 128 - status if status < 0 else status  # killed by a signal: as bash reports it

    def _release(self) -> None:
        for fd in (self._master, self._slave, self._tokens):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._master = self._slave = self._tokens = -1
        self.containment.close()
        self._home.remove()

    def _issue(self, count: int) -> None:
        """Give bash ``count`` more tokens to end commands with (64 random bits each)."""
        text = os.urandom(8 * count).hex().encode()
        tokens = [text[i : i + 16] for i in range(0, 16 * count, 16)]
        os.write(self._tokens, b"\n".join(tokens) + b"\n")
        self._framer.issue(tokens)

    def _echoes(self) -> bool:
        try:
            return echoes(self._master)
        except OSError:  # the terminal is gone; the pidfd will tell why
            return False

    def _wait_for_first_prompt(self) -> None:
        start = time.monotonic()
        received = bytearray()
        while not self._framer.first_prompt(received):
            remaining = start + STARTUP_TIMEOUT - time.monotonic()
            if remaining <= 0 or self._exited:
                output = cleaned(self._framer.pending)
                self.close()
                raise ShellError(f"bash did not show its first prompt: {output!r}")
            for fd, _ in self._poll.poll(remaining * 1000):
                if fd == self._pidfd:
                    self._exited = True
            received = _drain(self._master)
        # Bash has the token file open now (its first end used a token): no path leads to it.
        with contextlib.suppress(OSError):
            os.unlink(self._home.tokens)
        if self._framer.lost:
            self.close()
            raise ShellError("bash could not open the session's token file")


def _drain(fd: int) -> bytearray:
    """Everything ``fd`` (non-blocking) holds now; nothing once it is gone."""
    received = bytearray()
    while True:
        try:
            chunk = os.read(fd, 65536)
        except (BlockingIOError, OSError):  # EAGAIN: nothing more; EIO: no writer left
            break
        if not chunk:
            break
        received += chunk
    return received
