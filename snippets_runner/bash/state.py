"""What the shell scanner keeps track of: open contexts, waiting heredocs, words being read.

Split from the scanner's loop (:mod:`.shellscan`) so that loop reads as the
one decision it is -- what the next characters are in the innermost open
context -- while what that decision does to words and heredocs lives here.
:class:`ScanState` is also what a caller carries from one continuation line
to the next, so it must outlive any one scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .contexts import _ARITH, _COMSUB, _SUBSHELL
from .heredoc import Heredoc, HeredocBodies

_KEYWORDS = frozenset({"if", "then", "elif", "else", "while", "until", "do", "!", "time"})
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[.*\])?\+?=", re.DOTALL)


@dataclass
class ScanState:
    """What one piece of a command leaves open for the next (continuation lines)."""

    stack: list[str] = field(default_factory=list)
    """Open contexts, innermost last: quotes, substitutions, expressions."""
    heredocs: list[Heredoc] = field(default_factory=list)
    """Heredocs opened in the innermost open command substitution (or outside any), not
    read yet: their bodies start after the next newline there."""
    gathered: list[Heredoc] = field(default_factory=list)
    """Heredocs opened in a `$( )` that closed on this line: bash (5.2) reads their bodies
    first, before those of the line's other heredocs, even ones opened earlier. (If the line
    goes on after a backslash, bash reads them from the very next line, in the middle of the
    command: no console block can show that, so it is not followed here.)"""
    outer: list[list[Heredoc]] = field(default_factory=list)
    """The `heredocs` of the enclosing levels, one per open `$( )`."""
    in_comment: bool = False
    """The text scanned last ended inside a comment, where a final backslash is text."""

    def take_heredocs(self) -> list[Heredoc]:
        """All heredocs waiting for their bodies, in the order bash reads them; forgets them."""
        found = [
            *self.gathered,
            *self.heredocs,
            *(h for level in reversed(self.outer) for h in level),
        ]
        self.gathered, self.heredocs, self.outer = [], [], [[] for _ in self.outer]
        return found

    def read_bodies(self, text: str, at: int) -> int:
        """Skip the bodies of the heredocs waiting for the newline at `at`; where code resumes."""
        n = len(text)
        bodies = HeredocBodies([*self.gathered, *self.heredocs])
        while bodies and at < n:
            end = text.find("\n", at + 1)
            end = n if end < 0 else end
            bodies.read(text[at + 1 : end])
            at = end
        self.gathered, self.heredocs = [], bodies.waiting
        return at + 1


@dataclass
class _Word:
    """The word being read in one substitution, and whether it is where a command starts."""

    start: int = -1
    chars: list[str] = field(default_factory=list)
    at_command: bool = True
    """No word yet, or only assignments and keywords: bash would take `a[...]=` as an assignment."""


class _Words:
    """The word being read at each open substitution level, innermost last.

    A substitution is part of the word it is in (`x=$(...)`) and holds words of
    its own, so words nest as substitutions do; opening and closing one also
    moves the heredocs of its level in `state`.
    """

    def __init__(self, state: ScanState) -> None:
        self.state = state
        self.levels = [_Word()]  # one per open substitution

    def flush(self) -> Iterator[tuple[str, int, str]]:
        """End the word being read, if any: yield it, and note whether a command starts next."""
        word = self.levels[-1]
        if word.start >= 0:
            chunk = "".join(word.chars)
            yield ("word", word.start, chunk)
            word.at_command &= chunk in _KEYWORDS or _ASSIGNMENT.match(chunk) is not None
        word.start, word.chars = -1, []

    def add(self, at: int, chunk: str) -> None:
        """Append `chunk`, found at `at`, to the word being read (starting one if none is)."""
        word = self.levels[-1]
        word.chars.append(chunk)
        if word.start < 0:
            word.start = at

    def open_substitution(self, at: int, context: str, opener: str) -> tuple[str, int, str]:
        """Enter a command substitution (`$( )`, `<( )`, backquotes); a new command starts."""
        self.add(at, opener)  # the substitution is part of the word it is in: `x=$(...)`
        state = self.state
        state.stack.append(context)
        self.levels.append(_Word())
        if context == _COMSUB:  # bash parses it on its own, with its own heredocs
            state.outer.append(state.heredocs)
            state.heredocs = []
        return ("sep", at, context)

    def open(self, at: int, context: str, opener: str) -> tuple[str, int, str] | None:
        """Enter what a `$(`, `<(`, `>(` or backquote opens; the event, if a command starts."""
        if context == _ARITH:  # `$((`: an expression, part of the word it is in
            self.state.stack.append(context)
            self.add(at, opener)
            return None
        return self.open_substitution(at, context, opener)

    def close(self, at: int, closer: str) -> Iterator[tuple[str, int, str]]:
        """End the innermost substitution or subshell."""
        yield from self.flush()
        state = self.state
        context = state.stack.pop()
        if context == _COMSUB and state.outer:
            state.gathered += state.heredocs
            state.heredocs = state.outer.pop()
        if context != _SUBSHELL:
            self.levels.pop()
            self.add(at, closer)
        yield ("end", at, closer)
