"""Where each typed command's output ends: a mark only the session's prompt hook can make.

Why this shape:

* A command ends when bash runs its prompt hook (``PROMPT_COMMAND``, set
  up by the session's rc file, :mod:`.shellhome`), which prints on the
  terminal, at the very point the output ends, an invisible
  ``ESC ] 697 ; E ; TOKEN ; STATUS ; FLAGS BEL``.  The token is the next
  of the 64-bit random tokens the session issues (:meth:`Framer.issue`)
  through a file bash reads one line of per prompt; it is in no prompt and
  no environment, in a variable only while the hook prints it, and a token
  once seen is spent.  So
  nothing a command prints -- its output, ``${PS1@P}``, a child
  ``bash -i``, ``set`` -- can carry the token of an end that has not
  happened: a mark with any other token is output like any other bytes,
  and the exit status is read only from a mark whose token is good.
* Bash reads the tokens from descriptor :data:`TOKEN_FD`, which every
  command inherits: a page that reads it on purpose takes the runner's
  secret, as one reading the runner's memory would, and that is out of
  scope.  A page that closes it (or makes that number its own) does not
  lose the framing: the hook takes it again from :data:`BACKUP_FD`.  With
  both gone the hook prints ``ESC ] 697 ; L BEL`` instead of an end: that
  command fails there (``framing-lost``) and the session ends.  A command
  that prints an ``L`` itself fails the same way, never passes.
* Between an end and the next command's start bash shows its prompt:
  ``PS1``, ``PS2`` per continuation line, then ``PS0`` once the whole
  command is read.  The session's ``PS0`` is ``ESC ] 697 ; S BEL``, its
  ``PS2`` is ``ESC ] 697 ; C BEL`` and its ``PS1`` shows nothing; neither
  mark is a secret, and outside a prompt they are output.  A ``C`` after
  a command's last line means bash still waits (an unclosed quote or
  heredoc): it gets a ``^C``.  The hook's flags say what the prompt will
  look like: while it is the session's own (``PS1``, ``PS2``, no line
  editing, no echo of what is typed), what arrives during it is a
  background job's and goes to the next command, as a reader would see it
  above that command's output; once a page has made the prompt its own
  (``PS1='x$ '``, ``set -o vi``, ``stty echo``), everything up to the start
  mark is that prompt and is dropped.  With stderr away from the terminal
  (``exec 2>file``) the prompts go to the file, and with ``PS0`` replaced
  there is no start mark: what follows an end is then all output.  With
  no ``PS2`` mark to count (the page's own ``PS2``, or stderr in a file),
  commands are typed one at a time and one ends at the first end after
  which bash has nothing of it left to read (flag ``i``).  Whether bash
  still waits for more of it (an unclosed quote) is then asked of bash
  itself, which no prompt text changes (:attr:`Framer.may_wait_for_input`,
  :meth:`.shell.ShellSession.result`); under line editing it waits for
  its timeout.
* What is captured is what the terminal received, minus the marks above,
  what bash prints of the hook itself under ``set -x`` and ``set -v``
  (flags ``x`` and ``v``: the line that calls it, and under ``-x`` the
  lines traced until the hook turns tracing off for itself), and the
  carriage returns the terminal puts before each line feed, dropped when
  the session hands a result out (:func:`.terminal.cleaned`).
* Pipelining: while the commands already typed provably cannot read the
  terminal (the session decides, see :mod:`.prefetch`), the next ones are
  typed ahead, so a run of simple commands costs no round trip each.  A
  command that may read stdin is the last one typed until its end comes
  back, so it can never swallow the commands after it; while the terminal
  echoes (``stty echo``) or readline reads (``set -o vi``), every command
  is typed alone, at its prompt.  What is typed ahead is bounded, so the
  terminal's input buffer never fills, and once at its bound it goes on in
  runs (when half is left), not one command per end.  A command's clock
  starts when the previous command's end arrived.
* No I/O here: the session issues tokens, feeds what it read from the
  terminal, answers :attr:`Framer.echoes` and writes :attr:`Framer.outbox`,
  so the framing is tested with synthetic marks, without a process.
"""

from __future__ import annotations

import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

OSC = b"\x1b]697;"
"""How every mark of the session begins."""
PROMPT_STRINGS = {"PS0": r"\e]697;S\a", "PS1": r"\[\]", "PS2": r"\[\e]697;C\a\]"}
"""The session's prompts, as bash reads them: ``PS1`` shows nothing (but is not empty, as
scripts that test ``$PS1`` for an interactive shell expect); ``PS0`` has no ``\\[``, which
bash would print as bytes since it shows PS0 itself, not through line editing."""
HOOK = "__snippets_prompt"
"""The session's prompt hook, a function of the rc file."""
HOOK_CALL = HOOK + " $?"
"""The session's ``PROMPT_COMMAND`` element: the hook, given the command's status."""
_PLAIN = b"012t"
"""The hook's flags for the session's own prompt, on the terminal (the quick way in the hook)."""
TOKEN_FD = 254
"""The descriptor the session's bash reads its tokens from: high, where pages and the
programs they run do not go (bash keeps 255, its terminal, and allocates ``{var}``
descriptors from 10 up)."""
BACKUP_FD = 253
"""A second descriptor on the same open token file (one offset): the hook takes
:data:`TOKEN_FD` again from it once a page closed that; with both gone, it says so."""
TOKENS_AHEAD = 64
"""Tokens kept issued beyond the prompts the commands typed can show."""
_MARK = re.compile(rb"\x1b\]697;(?:E;([0-9a-f]{16});([0-9]{1,3});([0-9a-z]{0,16})|([CSL]))\x07")
_VERBOSE_HOOK = re.compile(re.escape(HOOK_CALL.encode()) + rb"\r*\n\Z")
"""What ``set -v`` prints of the hook: the ``PROMPT_COMMAND`` element, as bash reads it."""
_TRACED_HOOK = re.compile(
    rb"[^\n]*" + re.escape(HOOK.encode()) + rb" [0-9]+\r*\n(?:[^\n]*\n)*?[^\n]*set \+x\r*\n\Z"
)
"""What ``set -x`` prints of the hook: the line that calls it, up to its ``set +x``."""
MAX_TYPED_AHEAD = 128
"""Commands typed ahead of the one running (the byte budget, below, keeps the terminal's input
buffer from filling).  Runs of half as many short commands in one write each cost bash and
the session less than runs of 32 (5000 ``echo`` commands: about 7% less time)."""
_REFILL_AT = MAX_TYPED_AHEAD // 2
"""Once typing ahead stopped at a bound, commands still typed ahead at or below which it
goes on.  Bash then still has plenty to run, and what is typed goes in a run of commands,
not one command per end: each write to the terminal wakes bash and the kernel's terminal
worker."""
_INPUT_BUDGET = 3072
"""Bytes typed ahead; the canonical-mode input buffer holds 4095."""
_INTERRUPT = b"\x03"
_LNEXT = b"\x16"


@dataclass
class Typed:
    """A command on its way: queued, then typed, then collecting output until its end."""

    data: bytes
    lines: int
    """Prompts bash prints while reading it (:func:`..bash.prompts`)."""
    timeout: float
    safe: bool
    prompts: int = 0
    """Prompts seen after its lines: a continuation (``PS2``), or an end after a line ran."""
    output: bytearray = field(default_factory=bytearray)
    status: int | None = None
    interrupted: bool = False
    lost: bool = False
    """Bash said it has no token left to end it with (the page took the session's
    descriptors): it ended, and nothing after it can be framed."""
    start: float = 0.0
    end: float = 0.0


class Framer:
    """One session's commands from queued to done, and the terminal's bytes cut between them."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.pending = bytearray()
        """Received, not yet framed: a half-received mark (before the first prompt, all)."""
        self._stray = bytearray()
        """Output that arrived while nothing ran (a background job's), for the next command."""
        self._issued: list[bytes] = []
        """Tokens issued, in the order bash reads them; those before :attr:`_next` are spent."""
        self._next = 0
        self._lines_typed = 0
        self._flags = b""
        self._reading = True
        """Bash shows its prompt and reads the next command (between an end and a start)."""
        self._starts = False
        """A start mark (the session's PS0) will end the prompt."""
        self._prompt_text = False
        """The prompt is the page's (or echoes): what arrives while reading is dropped."""
        self._page_prompt = False
        self._editing = False
        self._counting = True
        """The session's PS2 shows on the terminal: a command's lines are counted by prompts."""
        self.echoes: Callable[[], bool] = lambda: False
        """Whether the terminal echoes what is typed now (``stty echo``); set by the session."""
        self._echoing = False
        self.queue: deque[Typed] = deque()
        self.typed: deque[Typed] = deque()
        """Typed and not finished, oldest first: the first is the one running."""
        self._typed_bytes = 0
        self._typed_unsafe = 0
        self._full = False
        """Typing ahead stopped at a bound (:data:`MAX_TYPED_AHEAD`, the input budget)."""
        self.done: deque[Typed] = deque()
        """Finished, waiting for the session to hand them out in order."""
        self.outbox = bytearray()
        """Bytes to type into the terminal; the session writes them and deletes what it wrote."""
        self.typing = True
        """False once the shell is ending: nothing more is typed."""
        self.lost = False
        """Bash has no token left (a lost mark): nothing more can be framed."""

    def issue(self, tokens: list[bytes]) -> None:
        """Take tokens the session gave bash to read, after those issued before."""
        if self._next > 4 * TOKENS_AHEAD:  # forget the spent ones now and then
            del self._issued[: self._next]
            self._next = 0
        self._issued += tokens

    @property
    def tokens_wanted(self) -> int:
        """How many more tokens bash may need before the commands typed have all ended."""
        return max(0, self._lines_typed + TOKENS_AHEAD - (len(self._issued) - self._next))

    def _spend(self, token: bytes) -> bool:
        """True for a token issued and not seen: it and every one issued before it are spent."""
        issued, at = self._issued, self._next
        if at < len(issued) and issued[at] == token:  # bash reads them in order
            self._next = at + 1
            return True
        try:  # one was taken and never shown (only if a page reads the session's descriptor)
            self._next = issued.index(token, at) + 1
        except ValueError:
            return False
        return True

    def first_prompt(self, data: bytes | bytearray) -> bool:
        """Take startup output; True once bash's first end came (dropped, with all before it)."""
        self.pending += data
        for found in _MARK.finditer(bytes(self.pending)):
            if found.group(4) == b"L":
                self.lost, self.typing = True, False
                return True
            if found.group(1) and self._spend(found.group(1)):
                del self.pending[: found.end()]
                self._prompt(found.group(3))
                return True
        return False

    def submit(self, command: Typed) -> None:
        """Queue ``command``; it goes to the outbox as soon as it cannot disturb those before it."""
        self.queue.append(command)
        self.type_more()

    def type_more(self) -> None:
        """Type queued commands while every command already typed is safe to type past.

        Whether the terminal echoes is asked when a command is typed at an idle
        prompt: the commands typed past it are builtins that cannot change it.
        Once the typed commands reached a bound, more wait until no more than
        :data:`_REFILL_AT` are left.
        """
        if self._full:
            if len(self.typed) > _REFILL_AT:
                return
            self._full = False
        while self.queue and self.typing:
            if self.typed:
                if (
                    self._typed_unsafe
                    or self._echoing
                    or self._editing  # readline reads what is typed while it reads, not before
                    or not self._counting
                ):
                    break
                if (
                    len(self.typed) >= MAX_TYPED_AHEAD
                    or self._typed_bytes + len(self.queue[0].data) > _INPUT_BUDGET
                ):
                    self._full = True
                    break
            command = self.queue.popleft()
            if not self.typed:
                command.start = self._clock()
                self._echoing = self.echoes()
                if self._echoing and self._reading and self._starts:
                    self._prompt_text = True  # its echo lands in its prompt, up to the start
            self.typed.append(command)
            self._lines_typed += command.lines
            self._typed_bytes += len(command.data)
            self._typed_unsafe += not command.safe
            if self._editing and b"\t" in command.data:  # a tab completes: quote it (^V)
                self.outbox += command.data.replace(b"\t", _LNEXT + b"\t")
            else:
                self.outbox += command.data

    def feed(self, data: bytes | bytearray) -> None:
        """Frame what the terminal showed: output to its command, marks acted on."""
        if self.pending:
            data = bytes(self.pending + data)
            self.pending.clear()
        pos = 0
        for found in _MARK.finditer(data):
            token, status, flags, kind = found.groups()
            start, end = found.span()
            if token is not None and self._spend(token):
                if start > pos:
                    self._deliver(data[pos:start])
                self._ended(int(status), flags)
            elif kind == b"L":  # printed by a command or by the hook: never a pass either way
                if start > pos:
                    self._deliver(data[pos:start])
                self._lost()
            elif self._reading and kind:
                if start > pos:
                    self._deliver(data[pos:start])
                if kind == b"S":
                    self._reading = False
                else:
                    self._continued()
            else:  # a mark with no good token, or a prompt's mark a command printed: output
                self._deliver(data[pos:end])
            pos = end
        keep = _partial(data, pos)  # a mark that has only begun to arrive waits for the rest
        self._deliver(data[pos:keep])
        self.pending += data[keep:]

    def _deliver(self, data: bytes | bytearray) -> None:
        if not data or (self._reading and self._prompt_text):
            return
        if not self.typed:
            self._stray += data
        else:
            target = self.typed[0]
            if self._stray:
                target.output += self._stray
                self._stray.clear()
            target.output += data

    def _prompt(self, flags: bytes) -> None:
        """Bash is about to show its prompt, as the hook's ``flags`` describe it."""
        self._reading = True
        if flags != self._flags:
            self._flags = flags
            on_terminal = b"t" in flags
            self._editing = b"e" in flags
            self._starts = on_terminal and b"0" in flags
            self._counting = on_terminal and b"2" in flags
            own = b"1" in flags and b"2" in flags and not self._editing
            self._page_prompt = self._starts and not own
        self._prompt_text = self._page_prompt

    def _ended(self, status: int, flags: bytes) -> None:
        """The hook ran: a line was read and run; after a command's last line, it ended."""
        if flags != _PLAIN and (b"x" in flags or b"v" in flags):  # what bash printed of the hook
            tail = self.typed[0].output if self.typed else self._stray
            for shown, flag in ((_TRACED_HOOK, b"x"), (_VERBOSE_HOOK, b"v")):
                found = shown.search(tail) if flag in flags and b"t" in flags else None
                if found:
                    del tail[found.start() :]
        counted = self._counting
        self._prompt(flags)
        if not self.typed:
            return  # a prompt nobody typed for: nothing to frame
        command = self.typed[0]
        # Without PS2 to count, a command is typed alone: it ended once bash has none of it left.
        last = self._read_line(command) if counted else b"i" not in flags
        if command.interrupted or last:
            self._finish(command, status)

    def _lost(self) -> None:
        """The hook found no token: the running command ends as one nothing follows."""
        self.lost, self.typing = True, False
        if self.typed:
            command = self.typed[0]
            command.lost = True
            self._finish(command, None)

    def _continued(self) -> None:
        """Bash showed PS2: it read a line of the command and wants the next."""
        if self.typed:
            command = self.typed[0]
            if not command.interrupted and self._read_line(command):
                self.interrupt(command)

    @property
    def may_wait_for_input(self) -> bool:
        """The running command may be one bash has not finished reading, and no mark can tell.

        Without the session's ``PS2`` on the terminal there is no continuation mark to
        count; with the session's ``PS0`` there, a start mark says bash read the whole
        command.  So the session asks bash itself (:meth:`.shell.ShellSession.result`):
        once it sleeps reading the terminal, with everything typed read, before this
        command's end, it waits for more of it.
        """
        if self._counting or self._editing or self.outbox or not self.typed:
            return False
        return not self.typed[0].interrupted and (self._reading or not self._starts)

    def interrupt(self, command: Typed) -> None:
        """Bash waits for the rest of ``command``, the running one (an unclosed quote or
        heredoc): stop it like ^C.  Not under line editing, where a ^C at PS2 may leave bash
        reading without its prompt hook (bash 5.2): the command then waits for its timeout."""
        if not command.interrupted and not self._editing:
            command.interrupted = True
            self.outbox += _INTERRUPT

    def _read_line(self, command: Typed) -> bool:
        """Count a prompt shown after one of ``command``'s lines; True after its last line."""
        command.prompts += 1
        # Line editing prompts after every line; without it bash skips some (see ``lines``).
        lines = command.data.count(b"\n") if self._editing else command.lines
        return command.prompts >= lines

    def _finish(self, command: Typed, status: int | None) -> None:
        now = self._clock()
        command.status, command.end = status, now
        self.typed.popleft()
        self._lines_typed -= command.lines
        self._typed_bytes -= len(command.data)
        self._typed_unsafe -= not command.safe
        self.done.append(command)
        if self.typed:
            self.typed[0].start = now
        else:
            self.type_more()


def _partial(data: bytes | bytearray, start: int) -> int:
    """Where a mark that has only begun to arrive starts (``len(data)`` when none has)."""
    cut = data.rfind(b"\x1b", max(start, len(data) - 32))
    if cut < 0:
        return len(data)
    tail = bytes(data[cut:])
    if b"\x07" in tail or not (OSC.startswith(tail) or tail.startswith(OSC)):
        return len(data)
    return cut
