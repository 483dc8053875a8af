"""Just enough of bash's quoting to tell code from text in a command line.

Two questions need it: where a heredoc really starts and ends (`cat <<EOF`,
not `echo "<<EOF"` nor the shift in `$(( 1 << n ))`), and which programs a
command really runs (`kubectl get pods`, not `echo "try kubectl"`). Both are
about *unquoted code*, so one small scanner serves both. It is not a shell
parser and does not pretend to be one, but where its answer decides which
lines bash reads as one command (is `<<` a heredoc, what is its delimiter,
which line ends its body) it follows bash's own reader (parse.y:
`read_token_word`, `parse_matched_pair`, `make_here_document`); the tests
check every such case against a real bash.

This module is the public face: the two answers, built on the scanner's
events (:mod:`.shellscan`, with :mod:`.shellstate`, :mod:`.shellcontexts`
and :mod:`.shellpairs`) and on :mod:`.heredoc` for delimiters and bodies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .contexts import _ARITH, _BACKQUOTE, _COMSUB, _LATE_COMSUB, _SUBSHELL
from .heredoc import Heredoc, HeredocBodies, _escapes_newline
from .scan import _scan, _scan_all
from .state import _ASSIGNMENT, _KEYWORDS, ScanState

__all__ = [
    "WRAPPERS",
    "Heredoc",
    "HeredocBodies",
    "LineReader",
    "ScanState",
    "command_words",
    "continues",
    "heredocs",
    "prompts",
]

WRAPPERS = frozenset(
    {"sudo", "exec", "command", "env", "nohup", "watch", "xargs", "nice", "timeout"}
)
"""Programs that run their first non-option argument: `watch kubectl get pods` runs kubectl."""
_DURATION = re.compile(r"\d+(?:\.\d+)?[smhd]?")
_OPENS = re.compile(r"[\"'`(\[]|\$\{")
"""What can leave a context open at the end of a line (quotes, substitutions, expressions)."""
_NESTINGS = frozenset({_COMSUB, _BACKQUOTE, _LATE_COMSUB, _SUBSHELL})
"""Where commands start anew inside a command, and end with an ("end", ...)."""


def heredocs(text: str, state: ScanState | None = None) -> list[Heredoc]:
    """The heredocs `text` opens whose bodies come after it, in order; updates `state`.

    `text` is best a whole logical line (continuation lines joined with their
    backslash-newlines): bash reads it so, and a delimiter may be split
    (`cat <<\\` + `EOF`). A body inside `text` (after a newline that ends a
    comment) is read there and its heredoc is not returned.
    """
    state = ScanState() if state is None else state
    if not state.stack and "<<" not in text and _OPENS.search(text) is None and "\\\n" not in text:
        return []  # nothing to find and no quote left open: most lines, scanned for free
    for _ in _scan(text, state):
        pass
    return state.take_heredocs()


def continues(logical: str) -> bool:
    """Whether bash reads the next line as more of this command line: ``logical`` (its lines
    so far, joined by newlines) ends in an escaped newline that no comment swallows
    (``echo hi # see \\`` ends there; the backslash is part of the comment)."""
    if not _escapes_newline(logical):
        return False
    if "#" not in logical:
        return True
    state = ScanState()
    for _ in _scan_all(logical, state):
        pass
    return not state.in_comment


def prompts(command: str) -> int:
    """How many prompts bash prints while it reads ``command``, typed line by line.

    One per line (a continuation line or a heredoc body line gets PS2, the last
    line's end the next PS1), except that bash without line editing, as the
    runner starts it, reads the line after an escaped newline in an unquoted
    heredoc body without a prompt (``a\\`` + ``b`` is one body line). The session
    frames a command by these prompts, so a wrong count waits out the timeout.
    """
    if "\n" not in command:
        return 1  # most commands: one line, one prompt
    reader = LineReader()
    count = 0
    for line in command.split("\n"):
        reader.read(line)
        count += reader.prompted
    return count


class LineReader:
    """Bash reading a command line by line: which lines continue it, which are heredoc
    bodies, and before which it prints no prompt.

    The console lexer (what each line of a block is) and the session (how many
    prompts frame a command) both read through it, so they cannot disagree.
    """

    def __init__(self) -> None:
        self.bodies = HeredocBodies()
        """Heredocs whose bodies are still to read, in order."""
        self.continuing = False
        """The last code line ended in an escaped newline: the next line continues it."""
        self.prompted = True
        """Whether bash printed a prompt before the line read last."""
        self.idle = True
        """Neither continuing nor in a heredoc body: the next line starts a command line
        (kept as a plain attribute, as the console lexer asks it of every line)."""
        self._logical: list[str] = []  # the lines of the code line read so far
        self._escaped = False  # the last body line's newline was escaped (unquoted heredoc)

    @property
    def in_body(self) -> bool:
        """The next line belongs to a heredoc body."""
        return not self.continuing and bool(self.bodies)

    def read(self, line: str) -> None:
        """Take the next line, without its newline."""
        self.prompted = not self._escaped
        if self.idle and not line.endswith("\\") and "<<" not in line and "\\\n" not in line:
            # Most lines: a whole command line, continuing nothing, with no `<<` that could
            # open a heredoc. The long way below finds exactly that (its scan, which starts
            # afresh on every command line, finds no heredoc without a `<<`) and changes
            # nothing else, for a join and a scanner call per line.
            self._escaped = False
            return
        self._read(line)
        self.idle = not self.continuing and not self.bodies.waiting

    def _read(self, line: str) -> None:
        if self.in_body:
            self._escaped = not self.bodies.waiting[0].quoted and _escapes_newline(line)
            self.bodies.read(line)
            return
        self._escaped = False
        self._logical.append(line)
        self.continuing = line.endswith("\\") and continues("\n".join(self._logical))
        if not self.continuing:
            # `<<EOF` opens a heredoc only where bash sees one, in the whole logical line
            # (a delimiter may follow a continuation): not in quotes, comments, arithmetic.
            self.bodies.waiting += heredocs("\n".join(self._logical))
            self._logical = []


def command_words(text: str) -> Iterator[str]:
    """The words bash would run as programs in `text`: at the start of each simple command.

    Leading assignments (`A=1 cmd`), keywords (`if`, `then`, `!`), arithmetic
    commands (`(( n++ ))`) and wrappers (`sudo`, `watch`, `xargs`, `timeout 5`)
    are looked through. A path names its program by its last part
    (`/usr/bin/kubectl` runs `kubectl`). Heredoc bodies are data, not code.
    """
    state = ScanState()
    expect = True  # the next word is in command position
    wrapped = False  # the previous command word was a wrapper: skip its options
    outside: list[tuple[bool, bool]] = []  # (expect, wrapped) around each open nesting
    for kind, _, word in _scan(text, state):
        if kind == "end":
            expect, wrapped = outside.pop() if outside else (expect, wrapped)
            continue
        if kind == "sep":
            if word in _NESTINGS:
                outside.append((expect, wrapped))
            expect, wrapped = True, False
            continue
        if kind != "word" or not expect:
            continue
        if _ASSIGNMENT.match(word) or word in _KEYWORDS or word.startswith(_ARITH):
            continue
        if "$(" in word or "`" in word:  # a program named by a command's output: unknown
            expect = wrapped = False
            continue
        if wrapped and (word.startswith("-") or _DURATION.fullmatch(word)):
            continue
        name = word.rsplit("/", 1)[-1]
        yield name
        wrapped = name in WRAPPERS
        expect = wrapped
