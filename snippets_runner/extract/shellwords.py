"""Just enough of bash's quoting to tell code from text in a command line.

Two questions need it: where a heredoc really starts (`cat <<EOF`, not
`echo "<<EOF"`), and which programs a command really runs (`kubectl get pods`,
not `echo "try kubectl"`). Both are about *unquoted* text, so one small
scanner serves both; it is not a shell parser and does not pretend to be one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

# After `<<`: `-`, blanks, then the delimiter word, possibly quoted.
_HEREDOC_WORD = re.compile(r"(?P<dash>-?)[ \t]*(?P<q>['\"]?)(?P<word>[A-Za-z_][\w.-]*)(?P=q)")

_SEPARATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "\n")
_GROUPS = ("(", "{")
"""Open a command group only where a word could start: `${x}` is not a group."""
_KEYWORDS = frozenset({"if", "then", "elif", "else", "while", "until", "do", "!", "time"})
WRAPPERS = frozenset(
    {"sudo", "exec", "command", "env", "nohup", "watch", "xargs", "nice", "timeout"}
)
"""Programs that run their first non-option argument: `watch kubectl get pods` runs kubectl."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_DURATION = re.compile(r"\d+(?:\.\d+)?[smhd]?")
_OPENS = re.compile(r"['\"`]|\$\(")
# Runs of characters with no meaning to the scanner, taken in one step.
_PLAIN = {
    "": re.compile(r"[^ \t\n'\"\\`$()<>|&;#{}]+"),
    "$(": re.compile(r"[^ \t\n'\"\\`$()<>|&;#{}]+"),
    "`": re.compile(r"[^ \t\n'\"\\`$()<>|&;#{}]+"),
    '"': re.compile(r"[^\"\\`$]+"),
    "'": re.compile(r"[^']+"),
}


@dataclass
class ScanState:
    """Quoting carried from one line of a command to the next (continuations)."""

    stack: list[str] = field(default_factory=list)
    """Open contexts, innermost last: `'`, `"`, `$(` or `` ` ``."""


@dataclass(frozen=True)
class Heredoc:
    word: str
    strip_tabs: bool
    """`<<-`: leading tabs of the body and terminator are ignored."""


def _in_quotes(state: ScanState) -> bool:
    return bool(state.stack) and state.stack[-1] in ("'", '"')


def heredocs(line: str, state: ScanState) -> list[Heredoc]:
    """The heredocs an (unquoted) `<<` on `line` opens, in order; updates `state`."""
    if not state.stack and "<<" not in line and _OPENS.search(line) is None:
        return []  # nothing to find and no quote left open: most lines, scanned for free
    found: list[Heredoc] = []
    for kind, pos, _ in _scan(line, state):
        if kind == "<<":
            m = _HEREDOC_WORD.match(line, pos)
            if m is not None:
                found.append(Heredoc(m["word"], m["dash"] == "-"))
    return found


def command_words(text: str) -> Iterator[str]:
    """The words bash would run as programs in `text`: at the start of each simple command.

    Leading assignments (`A=1 cmd`), keywords (`if`, `then`, `!`) and wrappers
    (`sudo`, `watch`, `xargs`, `timeout 5`) are looked through. A path names
    its program by its last part (`/usr/bin/kubectl` runs `kubectl`).
    """
    state = ScanState()
    expect = True  # the next word is in command position
    wrapped = False  # the previous command word was a wrapper: skip its options
    for kind, _, word in _scan(text, state):
        if kind == "sep":
            expect, wrapped = True, False
            continue
        if kind != "word" or not expect:
            continue
        if _ASSIGNMENT.match(word) or word in _KEYWORDS:
            continue
        if wrapped and (word.startswith("-") or _DURATION.fullmatch(word)):
            continue
        name = word.rsplit("/", 1)[-1]
        yield name
        wrapped = name in WRAPPERS
        expect = wrapped


_SIMPLE = re.compile(r"[^'\"\\`$()<>|&;#{}\n]*")
"""A line of plain words and blanks (most commands): its words are its blank-separated parts."""
_BLANK_SEPARATED = re.compile(r"[^ \t]+")


def _scan(text: str, state: ScanState) -> Iterator[tuple[str, int, str]]:
    """Like :func:`_scan_all`, in one regex pass when nothing in `text` needs the scanner."""
    if not state.stack and _SIMPLE.fullmatch(text):
        for m in _BLANK_SEPARATED.finditer(text):
            yield ("word", m.start(), m.group())
        return
    yield from _scan_all(text, state)


def _scan_all(text: str, state: ScanState) -> Iterator[tuple[str, int, str]]:
    """Yield ("word", start, text) for words, ("sep", i, op) where a new command
    starts, ("end", i, op) where a substitution ends, and ("<<", after, "") for
    heredoc operators.

    Quoted text belongs to the word it is in, so `echo "a <<EOF; kubectl"`
    yields the words `echo` and `"a <<EOF; kubectl"` and nothing else; a
    substitution inside quotes (`"$(kubectl version)"`) is scanned as code.
    """
    i, n = 0, len(text)
    words: list[tuple[int, list[str]]] = [(-1, [])]  # one partial word per open substitution

    def flush() -> Iterator[tuple[str, int, str]]:
        start, chars = words[-1]
        if start >= 0:
            yield ("word", start, "".join(chars))
        words[-1] = (-1, [])

    def add(at: int, chunk: str) -> None:
        start, chars = words[-1]
        chars.append(chunk)
        words[-1] = (at if start < 0 else start, chars)

    def open_substitution(at: int, op: str) -> tuple[str, int, str]:
        state.stack.append(op)
        words.append((-1, []))
        return ("sep", at, op)

    while i < n:
        c = text[i]
        top = state.stack[-1] if state.stack else ""
        plain = _PLAIN[top].match(text, i)
        if plain is not None:
            add(i, plain.group())
            i = plain.end()
            continue
        if top == "'":
            if c == "'":
                state.stack.pop()
            add(i, c)
            i += 1
        elif c == "\\":
            add(i, text[i : i + 2])
            i += 2
        elif top == '"':
            if text.startswith("$(", i):
                yield open_substitution(i, "$(")
                i += 2
                continue
            if c == "`":
                yield open_substitution(i, "`")
            else:
                if c == '"':
                    state.stack.pop()
                add(i, c)
            i += 1
        elif c in " \t":
            yield from flush()
            i += 1
        elif c == "#" and words[-1][0] < 0:  # a comment runs to the end of the line
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "'\"":
            state.stack.append(c)
            add(i, c)
            i += 1
        elif text.startswith("$(", i) and not text.startswith("$((", i):
            yield from flush()
            yield open_substitution(i, "$(")
            i += 2
        elif (c == "`" and top == "`") or (c == ")" and top == "$("):
            yield from flush()
            state.stack.pop()
            if len(words) > 1:
                words.pop()
            yield ("end", i, c)
            i += 1
        elif c == "`":
            yield from flush()
            yield open_substitution(i, "`")
            i += 1
        elif text.startswith("<<<", i):  # a here-string, not a heredoc
            yield from flush()
            i += 3
        elif text.startswith("<<", i):
            yield from flush()
            yield ("<<", i + 2, "")
            i += 2
        elif (op := next((s for s in _SEPARATORS if text.startswith(s, i)), None)) is not None:
            yield from flush()
            yield ("sep", i, op)
            i += len(op)
        elif c in "<>":  # a redirection (`2>&1`, `>>`) ends the word before it
            yield from flush()
            i += 1
            while i < n and text[i] in "&>|":
                i += 1
        elif c in _GROUPS and words[-1][0] < 0:
            yield ("sep", i, c)
            i += 1
        else:
            add(i, c)
            i += 1
    yield from flush()
