"""Where each typed command's output ends: bash's invisible prompts, found in the terminal's bytes.

Why this shape:

* Framing is the prompt.  Like a terminal's shell integration (OSC 133,
  as iTerm2 and VS Code use it), bash prints an invisible escape sequence
  as its prompt: ``PS1`` is ``ESC ] 697 ; NONCE ; P ; $? BEL`` and
  ``PS2`` (continuation lines) ``ESC ] 697 ; NONCE ; C BEL``.  Bash prints
  one prompt after reading each line (but the line after an escaped
  newline in a heredoc body: :func:`..extract.shellwords.prompts` counts
  them), so a command ends at its last prompt: a PS1 there carries its
  status, a PS2 means bash still waits (an unclosed quote or heredoc) and
  gets a ``^C``.  The nonce is random per session and lives only in the
  non-exported PS1/PS2 and the session's rc file (:mod:`.shellhome`),
  never in the environment; the escape byte is only produced when bash
  expands the prompt, so printing the environment, ``set`` or the rc file
  cannot forge an end.
* What is captured is what the terminal received, minus exactly two
  things: the prompt markers above, dropped here, and the carriage returns
  the terminal puts before each line feed, dropped when the session hands
  a result out (:func:`.terminal.cleaned`).  Output that arrives while no
  command runs (a background job's) goes to the next command, as a reader
  would see it above that command's output.
* Pipelining: while the commands already typed provably cannot read the
  terminal (the session decides, see :mod:`.prefetch`), the next ones are
  typed ahead, so a run of simple commands costs no round trip each.  A
  command that may read stdin is the last one typed until its prompt comes
  back, so it can never swallow the commands after it.  What is typed
  ahead is bounded, so the terminal's input buffer never fills.  A
  command's clock starts when the previous command's prompt arrived.
* No I/O here: the session feeds what it read and writes :attr:`Framer.outbox`,
  so the framing is tested with synthetic markers, without a process.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_TYPED_AHEAD = 64
"""Commands typed ahead of the one running; bounded so the terminal's input buffer never fills."""
_INPUT_BUDGET = 3072
"""Bytes typed ahead; the canonical-mode input buffer holds 4095."""
_INTERRUPT = b"\x03"


@dataclass
class Typed:
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


class Framer:
    """One session's commands from queued to done, and the terminal's bytes cut between them."""

    def __init__(self, nonce: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._marker = re.compile(rb"\x1b\]697;" + nonce.encode() + rb";(?:P;(\d+)|C)\x07")
        self._clock = clock
        self.pending = bytearray()
        """Received, not yet framed: a half-received marker (before the first prompt, all)."""
        self._stray = bytearray()
        """Output that arrived while nothing ran (a background job's), for the next command."""
        self.queue: deque[Typed] = deque()
        self.typed: deque[Typed] = deque()
        """Typed and not finished, oldest first: the first is the one running."""
        self._typed_bytes = 0
        self._typed_unsafe = 0
        self.done: deque[Typed] = deque()
        """Finished, waiting for the session to hand them out in order."""
        self.outbox = bytearray()
        """Bytes to type into the terminal; the session writes them and deletes what it wrote."""
        self.typing = True
        """False once the shell is ending: nothing more is typed."""

    def first_prompt(self, data: bytes) -> bool:
        """Take startup output; True once bash's first prompt came (dropped, with all before it)."""
        self.pending += data
        found = self._marker.search(self.pending)
        if found is None:
            return False
        del self.pending[: found.end()]
        return True

    def submit(self, command: Typed) -> None:
        """Queue ``command``; it goes to the outbox as soon as it cannot disturb those before it."""
        self.queue.append(command)
        self.type_more()

    def type_more(self) -> None:
        """Type queued commands while every command already typed is safe to type past."""
        while self.queue and self.typing:
            if self.typed and (
                self._typed_unsafe
                or len(self.typed) >= MAX_TYPED_AHEAD
                or self._typed_bytes + len(self.queue[0].data) > _INPUT_BUDGET
            ):
                break
            command = self.queue.popleft()
            if not self.typed:
                command.start = self._clock()
            self.typed.append(command)
            self._typed_bytes += len(command.data)
            self._typed_unsafe += not command.safe
            self.outbox += command.data

    def feed(self, data: bytes | bytearray) -> None:
        """Frame what the terminal showed: output to its command, each prompt counted."""
        buf = self.pending
        buf += data
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
        if not self.typed:
            self._stray += data
        else:
            target = self.typed[0]
            if self._stray:
                target.output += self._stray
                self._stray.clear()
            target.output += data

    def _prompt(self, status: bytes | None) -> None:
        """One prompt: a line was read; after a command's last line it ends the command."""
        if not self.typed:
            return  # a prompt nobody typed for: nothing to frame
        command = self.typed[0]
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
            self.outbox += _INTERRUPT

    def _finish(self, command: Typed, status: int) -> None:
        now = self._clock()
        command.status, command.end = status, now
        self.typed.popleft()
        self._typed_bytes -= len(command.data)
        self._typed_unsafe -= not command.safe
        self.done.append(command)
        if self.typed:
            self.typed[0].start = now
        else:
            self.type_more()
