"""One persistent interactive bash per page, on its own terminal, commands typed into it.

Why this shape:

* Commands are *typed*: each command's text goes into the terminal, bash
  reads it as a reader's pasted line, so aliases expand, errors read
  ``bash: foo: command not found``, ``set -u`` mistakes and ``exec bash``
  leave the session going, ``pipefail`` is off.  State (``cd``, variables,
  functions) carries over between commands and blocks.
* Framing is the prompt.  Like a terminal's shell integration (OSC 133,
  as iTerm2 and VS Code use it), bash prints an invisible escape sequence
  as its prompt: ``PS1`` is ``ESC ] 697 ; NONCE ; P ; $? BEL`` and
  ``PS2`` (continuation lines) ``ESC ] 697 ; NONCE ; C BEL``.  Bash prints
  exactly one prompt before reading each line, so a command of N lines
  ends at the N-th prompt after it was typed: a PS1 there carries its
  status, a PS2 means bash still waits (an unclosed quote or heredoc) and
  gets a ``^C``.  The nonce is random per session and lives only in the
  non-exported PS1/PS2 and the session's rc file, never in the
  environment; the escape byte is only produced when bash expands the
  prompt, so printing the environment, ``set`` or the rc file cannot forge
  an end.
* What is captured is what the terminal received, minus exactly two
  things: the prompt markers above, and the carriage returns the terminal
  puts before each line feed (:func:`.terminal.cleaned`).  Everything a
  program prints -- its own escape sequences, NUL, a lone ``\r`` -- and
  what bash itself shows a reader (``[1] 12345`` for a background job,
  ``[1]+  Done ...``, ``exit``) is kept, byte for byte.
* The environment is the runner's, minus what would change the shell's
  prompts (``PS1``, ``PROMPT_COMMAND``, ...), size (``COLUMNS``/``LINES``:
  bash sets them from the terminal) or nesting (``SHLVL``), plus pinned
  values: ``LC_ALL``/``LANG`` ``C.UTF-8``, ``TZ=UTC``, ``TERM``, and
  ``PAGER=cat`` because a pager would wait for a key that nobody presses.
  ``HOME`` is the session's own directory, so no reader's dotfiles shape
  the output.
* ``exec bash`` (and ``bash -l``) read the session's rc file from ``HOME``,
  a private directory per session, so the new shell frames the same way.
* Pipelining: while the commands already typed provably cannot read the
  terminal (see :mod:`.prefetch`), the next ones are typed ahead, so a run
  of simple commands costs no round trip each.  A command that may read
  stdin is the last one typed until its prompt comes back, so it can never
  swallow the commands after it.  A command's timeout starts when the
  previous command's prompt arrived.
* The end of the shell is seen through a pidfd, not through the terminal
  closing, so a background job that keeps the terminal open cannot hide an
  ``exit``.  Every process of the session lives in its own cgroup
  (:mod:`.proctree`), which a timeout or the end of the page kills whole.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import select
import shutil
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ShellError
from ..extract.shellwords import prompts
from . import prefetch
from .proctree import contain
from .terminal import TERM, cleaned, open_pty, spawn_bash, typed

DEFAULT_COLUMNS = 120
DEFAULT_ROWS = 50
STARTUP_TIMEOUT = 20.0
"""Seconds bash may take to show its first prompt (a loaded CI machine)."""
REAP_TIMEOUT = 10.0
"""Seconds a SIGKILLed or exited bash may take to be reaped before that is an error."""
MAX_TYPED_AHEAD = 64
"""Commands typed ahead of the one running; bounded so the terminal's input buffer never fills."""
_INPUT_BUDGET = 3072
"""Bytes typed ahead; the canonical-mode input buffer holds 4095."""
_INTERRUPT = b"\x03"
_PINNED_ENV = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC", "TERM": TERM, "PAGER": "cat"}
_DROPPED_ENV = (
    *("COLUMNS", "LINES", "PROMPT_COMMAND", "PS0", "PS1", "PS2", "BASH_ENV", "ENV"),
    "SHLVL",  # a reader's terminal starts at 1, whatever shell the runner was started from
)
_RC = """\
# snippets-runner session: read by the page's bash and by any `exec bash` on the page.
set +o emacs +o vi +m
unset PROMPT_COMMAND PS0
PS1='\\e]697;{nonce};P;$?\\a'
PS2='\\e]697;{nonce};C\\a'
readonly PS1 PS2
"""


@dataclass(frozen=True)
class ShellOptions:
    """How the session's environment is pinned so output does not depend on the host."""

    cwd: Path | None = None
    env: tuple[tuple[str, str], ...] = ()
    """Extra variables (e.g. KUBECONFIG) on top of the pinned ones."""
    columns: int = DEFAULT_COLUMNS
    rows: int = DEFAULT_ROWS
    default_timeout: float = 60.0


@dataclass(frozen=True)
class Execution:
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


@dataclass
class _Typed:
    """A command on its way: queued, then typed, then collecting output until its last prompt."""

    data: bytes
    lines: int
    timeout: float
    safe: bool
    prompts: int = 0
    output: bytearray = field(default_factory=bytearray)
    status: int | None = None
    interrupted: bool = False
    start: float = 0.0
    end: float = 0.0


class ShellSession:
    """A running bash on a terminal; use as a context manager so nothing outlives the page."""

    def __init__(self, options: ShellOptions | None = None) -> None:
        self.options = options or ShellOptions()
        nonce = secrets.token_hex(12)
        self._marker = re.compile(rb"\x1b\]697;" + nonce.encode() + rb";(?:P;(\d+)|C)\x07")
        self._home = Path(tempfile.mkdtemp(prefix="snippets-home-"))
        rc = self._home / ".bashrc"
        rc.write_text(_RC.format(nonce=nonce))
        (self._home / ".bash_profile").write_text(". ~/.bashrc\n")
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        env.update(self.options.env)
        env.update(_PINNED_ENV, HOME=str(self._home))
        self.containment = contain(self._home.name)
        try:
            self._master, slave = open_pty(self.options.columns, self.options.rows)
        except OSError as exc:
            self._master = -1
            self._release()
            raise ShellError(f"cannot open a pseudo-terminal: {exc.strerror}") from exc
        try:
            self._proc, born_inside = spawn_bash(
                slave, rc, self.options.cwd, env, self.containment.birthplace
            )
        except ShellError:
            self._release()
            raise
        finally:
            os.close(slave)
        if not born_inside:
            # Before bash reads anything it could fork for: its children are born inside.
            self.containment.adopt(self._proc.pid)
        self._pidfd = os.pidfd_open(self._proc.pid)
        self._poll = select.poll()
        self._poll.register(self._master, select.POLLIN)
        self._poll.register(self._pidfd, select.POLLIN)
        self.alive = True
        self._exited = False
        self._buf = bytearray()
        self._stray = bytearray()
        """Output that arrived while nothing ran (a background job's), for the next command."""
        self._queue: deque[_Typed] = deque()
        self._typed: deque[_Typed] = deque()
        """Typed and not finished, oldest first: the first is the one running."""
        self._typed_bytes = 0
        self._typed_unsafe = 0
        self._done: deque[_Typed] = deque()
        """Finished, waiting for :meth:`result` to hand them out in order."""
        self._outbox = bytearray()
        self._ahead_ok = True
        self._wait_for_first_prompt()

    # -- the public API ------------------------------------------------------------------

    def submit(self, command: str, timeout: float | None = None) -> None:
        """Queue ``command``; it is typed as soon as that cannot disturb the ones before it."""
        if not self.alive:
            raise ShellError("the shell session has ended; start a new one")
        if prefetch.changes_the_shell(command):
            self._ahead_ok = False
        limit = self.options.default_timeout if timeout is None else timeout
        data = typed(command)
        safe = self._ahead_ok and prefetch.cannot_read_terminal(command)
        self._queue.append(_Typed(data, prompts(command), limit, safe))
        self._type_more(flush=False)  # written in one go when a result is wanted

    def result(self) -> Execution:
        """Wait for the oldest submitted command to finish (or time out) and frame its output."""
        if self._done:
            return self._framed(self._done.popleft())
        if not self._typed and not self._queue:
            raise ShellError("no command was submitted")
        if not self.alive:
            raise ShellError("the shell session has ended; start a new one")
        self._type_more()
        head = self._typed[0]
        while head.status is None:
            if self._exited:
                return self._ended_by(head)
            remaining = head.start + head.timeout - time.monotonic()
            if remaining <= 0:
                return self._timed_out(head)
            self._pump(remaining)
        self._done.popleft()
        return self._framed(head)

    def _framed(self, command: _Typed) -> Execution:
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
        self.alive = False
        self.containment.kill()
        self._reap()
        self.containment.wait_empty()
        self._release()

    def __enter__(self) -> ShellSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- typing ------------------------------------------------------------------------

    def _type_more(self, flush: bool = True) -> None:
        """Type queued commands while every command already typed is safe to type past."""
        while self._queue and self.alive:
            if self._typed and (
                self._typed_unsafe
                or len(self._typed) >= MAX_TYPED_AHEAD
                or self._typed_bytes + len(self._queue[0].data) > _INPUT_BUDGET
            ):
                break
            command = self._queue.popleft()
            if not self._typed:
                command.start = time.monotonic()
            self._typed.append(command)
            self._typed_bytes += len(command.data)
            self._typed_unsafe += not command.safe
            self._outbox += command.data
        if flush:
            self._flush()

    def _flush(self) -> None:
        while self._outbox:
            try:
                written = os.write(self._master, self._outbox)
            except BlockingIOError:
                break
            except OSError:  # the terminal is gone; the pidfd will tell why
                self._outbox.clear()
                break
            del self._outbox[:written]
        events = select.POLLIN | (select.POLLOUT if self._outbox else 0)
        self._poll.modify(self._master, events)

    # -- reading -----------------------------------------------------------------------

    def _pump(self, timeout: float) -> None:
        for fd, _ in self._poll.poll(max(timeout, 0.0) * 1000):
            if fd == self._pidfd:
                self._read_all()
                self._exited = True
                return
        self._flush()
        self._read_all()

    def _read_all(self) -> None:
        """Read what the terminal holds now (the kernel flushes its queue on a read)."""
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except (BlockingIOError, OSError):  # EAGAIN: nothing more; EIO: no writer left
                break
            if not chunk:
                break
            self._buf += chunk
        self._frame()

    def _frame(self) -> None:
        buf = self._buf
        while True:
            found = self._marker.search(buf)
            if found is None:
                # Keep a possible half-received marker for the next read.
                cut = buf.rfind(b"\x1b", max(0, len(buf) - 64))
                keep = cut if cut >= 0 and b"\x07" not in buf[cut:] else len(buf)
                self._deliver(buf[:keep])
                del buf[:keep]
                return
            status = found.group(1)  # before the buffer changes under the match
            self._deliver(buf[: found.start()])
            del buf[: found.end()]
            self._prompt(status)

    def _deliver(self, data: bytes | bytearray) -> None:
        if not data:
            return
        if not self._typed:
            self._stray += data
        else:
            target = self._typed[0]
            if self._stray:
                target.output += self._stray
                self._stray.clear()
            target.output += data

    def _prompt(self, status: bytes | None) -> None:
        """One prompt: a line was read; after a command's last line it ends the command."""
        if not self._typed:
            return  # a prompt nobody typed for: nothing to frame
        command = self._typed[0]
        if command.interrupted:
            if status is not None:
                self._finish(command, int(status))
            return
        command.prompts += 1
        if command.prompts < command.lines:
            return
        if status is not None:
            self._finish(command, int(status))
        else:  # bash waits for the rest of an unclosed quote or heredoc: stop it like ^C
            command.interrupted = True
            self._outbox += _INTERRUPT
            self._flush()

    def _finish(self, command: _Typed, status: int) -> None:
        now = time.monotonic()
        command.status, command.end = status, now
        self._typed.popleft()
        self._typed_bytes -= len(command.data)
        self._typed_unsafe -= not command.safe
        self._done.append(command)
        if self._typed:
            self._typed[0].start = now
        else:
            self._type_more()

    # -- endings -----------------------------------------------------------------------

    def _timed_out(self, head: _Typed) -> Execution:
        duration = time.monotonic() - head.start
        self.alive = False
        self.containment.kill()
        self._reap()
        self.containment.wait_empty()
        self._read_all()
        return Execution(cleaned(head.output), None, duration, timed_out=True)

    def _ended_by(self, head: _Typed) -> Execution:
        status = self._reap()
        self.alive = False
        self._read_all()
        return Execution(
            cleaned(head.output), status, time.monotonic() - head.start, shell_exited=True
        )

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
        with contextlib.suppress(OSError):
            os.close(self._master)
        self._master = -1
        self.containment.close()
        shutil.rmtree(self._home, ignore_errors=True)

    def _wait_for_first_prompt(self) -> None:
        start = time.monotonic()
        while not self._marker.search(self._buf):
            remaining = start + STARTUP_TIMEOUT - time.monotonic()
            if remaining <= 0 or self._exited:
                output = cleaned(self._buf)
                self.close()
                raise ShellError(f"bash did not show its first prompt: {output!r}")
            for fd, _ in self._poll.poll(remaining * 1000):
                if fd == self._pidfd:
                    self._exited = True
            with contextlib.suppress(BlockingIOError, OSError):
                self._buf += os.read(self._master, 65536)
        found = self._marker.search(self._buf)
        assert found is not None
        del self._buf[: found.end()]
