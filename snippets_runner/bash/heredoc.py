"""Heredocs as bash reads them: the delimiter word after `<<`, and the body it ends.

A console block only shows which lines belong to a command if it knows where
each heredoc body stops, and that hangs on details bash settles in its own
reader (parse.y: `read_token_word`, `make_here_document`): quote removal and
`$'...'` escapes in the delimiter, `<<-` tabs, backslash-newlines joining body
lines. They live here, apart from the scanner that finds the `<<`, so the
rules for one word and its body can be read and tested as one contract.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .pairs import _join_operator, _pair_end, _quote_end


class Heredoc(NamedTuple):
    """A heredoc as bash reads its body: up to the first line that is its delimiter word."""

    word: str
    """The delimiter after quote removal: `<<'E O'` and `<<E\\ O` both end at a line `E O`."""
    strip_tabs: bool
    """`<<-`: leading tabs of the body and terminator are ignored."""
    quoted: bool = False
    """Part of the word was quoted (`<<'EOF'`, `<<\\EOF`, `<<E"O"F`): the body is literal,
    so a trailing backslash does not join a body line with the next."""

    def ends_at(self, line: str) -> bool:
        """Whether a body line (without its newline, continuations joined) is the terminator."""
        return line == self.word or (self.strip_tabs and line.lstrip("\t") == self.word)


def _escapes_newline(line: str) -> bool:
    """An odd number of trailing backslashes escapes the newline after them."""
    return (len(line) - len(line.rstrip("\\"))) % 2 == 1


@dataclass
class HeredocBodies:
    """Heredocs waiting for their bodies, which bash reads line by line in order."""

    waiting: list[Heredoc] = field(default_factory=list)
    joined: str = ""
    """The start of a body line that ended in a backslash: in an unquoted heredoc bash joins
    it with the next line before comparing with the delimiter (`EO\\` + `F` ends `<<EOF`)."""

    def __bool__(self) -> bool:
        return bool(self.waiting)

    def read(self, line: str) -> None:
        """Take `line` (without its newline) as the next line of the first waiting body."""
        doc = self.waiting[0]
        if not doc.quoted and _escapes_newline(line):
            self.joined += line[:-1]
            return
        line, self.joined = self.joined + line, ""
        if doc.ends_at(line):
            self.waiting.pop(0)


_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r"}
_ESCAPES |= {"t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}
_ANSI_C_ESCAPE = re.compile(
    r"\\(?:x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|([0-7]{1,3})|c(.)|(.))",
    re.DOTALL,
)


def _ansi_c(m: re.Match[str]) -> str:
    """One backslash escape of `$'...'`, decoded as bash does."""
    hex2, hex4, hex8, octal, control, other = m.groups()
    if number := hex2 or hex4 or hex8:
        return chr(min(int(number, 16), 0x10FFFF))
    if octal:
        return chr(int(octal, 8) & 0xFF)
    if control:
        return chr(ord(control) & 0x1F)
    return _ESCAPES.get(other, "\\" + other)


_WORD_END = frozenset(" \t\n;&|()<>")
"""Unquoted, these end a word: blanks and the characters of operators."""
_VERBATIM = (("$(", "(", ")"), ("${", "${", "}"), ("$[", "[", "]"))


def _delimiter(text: str, i: int) -> Heredoc | None:
    """The heredoc a `<<` just before `i` opens, with its word as bash reads it.

    The word is not expanded, only unquoted: `\\EOF`, `'E O'`, `E"O"F`,
    `$'E\\tF'` (escapes decoded) and `$"EOF"` all count, and make the heredoc
    quoted. `$(...)`, `${...}` and backquotes stay as written. No word (an
    operator, a comment, the end) is a syntax error: no heredoc.
    """
    n = len(text)
    strip_tabs = text.startswith("-", i)
    i += strip_tabs
    while i < n and (text[i] in " \t" or text.startswith("\\\n", i)):
        i += 1 if text[i] != "\\" else 2
    if i >= n or text[i] in _WORD_END or text[i] == "#":
        return None
    word: list[str] = []
    quoted = False
    while i < n and text[i] not in _WORD_END:
        if text[i] == "$":  # `$\` + `'X'` is `$'X'`
            text = _join_operator(text, i)
            n = len(text)
        c = text[i]
        if c == "\\":
            if not text.startswith("\n", i + 1):  # a backslash-newline is just removed
                word.append(text[i + 1 : i + 2])
                quoted = True
            i += 2
        elif c == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            word.append(text[i + 1 : end])
            quoted, i = True, end + 1
        elif text.startswith("$'", i):
            end = i + 2
            while end < n and text[end] != "'":
                end += 2 if text[end] == "\\" else 1
            word.append(_ANSI_C_ESCAPE.sub(_ansi_c, text[i + 2 : min(end, n)]))
            quoted, i = True, end + 1
        elif c == '"' or text.startswith('$"', i):
            i += 1 + (c == "$")
            while i < n and text[i] != '"':
                if text[i] == "\\" and text[i + 1 : i + 2] in ("$", "`", '"', "\\", "\n"):
                    word.append(text[i + 1] if text[i + 1] != "\n" else "")
                    i += 2
                else:
                    word.append(text[i])
                    i += 1
            quoted, i = True, i + 1
        elif c == "`":
            end = _quote_end(text, i) or n
            word.append(text[i:end])
            i = end
        elif (found := next((v for v in _VERBATIM if text.startswith(v[0], i)), None)) is not None:
            prefix, opener, closer = found
            close = _pair_end(text, i + len(prefix), opener, closer)
            end = n if close is None else close + 1
            word.append(text[i:end])
            i = end
        else:
            word.append(c)
            i += 1
    return Heredoc("".join(word), strip_tabs, quoted)
