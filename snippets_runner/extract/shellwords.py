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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_SEPARATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "\n")
_KEYWORDS = frozenset({"if", "then", "elif", "else", "while", "until", "do", "!", "time"})
WRAPPERS = frozenset(
    {"sudo", "exec", "command", "env", "nohup", "watch", "xargs", "nice", "timeout"}
)
"""Programs that run their first non-option argument: `watch kubectl get pods` runs kubectl."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\[.*\])?\+?=", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DURATION = re.compile(r"\d+(?:\.\d+)?[smhd]?")

# What the scanner is inside of (ScanState.stack), innermost last. Bash reads
# some constructs as code right away and others as text first (parsed, if at
# all, only when they run); a `<<` opens a heredoc only in code read right away.
_COMSUB = "$("
"""`$( )`, `<( )`, `>( )`: code, parsed with the command."""
_BACKQUOTE = "`"
"""Code read as text up to the closing backquote: no heredoc opens inside it now."""
_LATE_COMSUB = "$(("
"""`$((a) | b)`: no arithmetic after all (no `))`), but read as text like one."""
_SUBSHELL = "("
_ARITH = "(("
"""`$(( ))`, `(( ))`, `for (( ))`: an expression, so `<<` is a left shift."""
_PAREN = "(+"
"""A parenthesis inside an expression or a compound assignment."""
_BRACKET = "["
"""`$[ ]` (old arithmetic) and an array subscript `a[ ]=`, up to the matching `]`."""
_BRACE = "${"
"""A parameter expansion, up to its `}`."""
_ARRAY = "=("
"""A compound assignment `a=( )`: words, where `<<` is a syntax error, not a heredoc."""
_SQUOTE, _DQUOTE, _ANSI_C = "'", '"', "$'"

_CODE = frozenset({"", _COMSUB, _BACKQUOTE, _LATE_COMSUB, _SUBSHELL})
_EXPRESSIONS = frozenset({_ARITH, _PAREN, _BRACKET, _BRACE, _ARRAY})
_CODE_PLAIN = re.compile(r"[^ \t\n'\"\\`$()<>|&;#{}\[]+")
_EXPRESSION_PLAIN = re.compile(r"[^'\"\\`$()\[\]}]+")
# Runs of characters with no meaning to the scanner, taken in one step.
_PLAIN = {
    **dict.fromkeys(_CODE, _CODE_PLAIN),
    **dict.fromkeys(_EXPRESSIONS, _EXPRESSION_PLAIN),
    _DQUOTE: re.compile(r"[^\"\\`$]+"),
    _SQUOTE: re.compile(r"[^']+"),
    _ANSI_C: re.compile(r"[^'\\]+"),
}
_OPENS = re.compile(r"[\"'`(\[]|\$\{")
"""What can leave a context open at the end of a line (quotes, substitutions, expressions)."""


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

    def take_heredocs(self) -> list[Heredoc]:
        """All heredocs waiting for their bodies, in the order bash reads them; forgets them."""
        found = [
            *self.gathered,
            *self.heredocs,
            *(h for level in reversed(self.outer) for h in level),
        ]
        self.gathered, self.heredocs, self.outer = [], [], [[] for _ in self.outer]
        return found


@dataclass(frozen=True)
class Heredoc:
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


_NESTINGS = frozenset({_COMSUB, _BACKQUOTE, _LATE_COMSUB, _SUBSHELL})
"""Where commands start anew inside a command, and end with an ("end", ...)."""
_SIMPLE = re.compile(r"[^'\"\\`$()<>|&;#{}\[\n]*")
"""A line of plain words and blanks (most commands): its words are its blank-separated parts.
(`[` needs the scanner: `a[1 2]=3` is one word.)"""
_BLANK_SEPARATED = re.compile(r"[^ \t]+")


def _scan(text: str, state: ScanState) -> Iterator[tuple[str, int, str]]:
    """Like :func:`_scan_all`, in one regex pass when nothing in `text` needs the scanner."""
    if not state.stack and _SIMPLE.fullmatch(text):
        for m in _BLANK_SEPARATED.finditer(text):
            yield ("word", m.start(), m.group())
        return
    yield from _scan_all(text, state)


def _quote_end(text: str, i: int) -> int | None:
    """The index after the quote that closes the one at `i` (`'`, `"` or `` ` ``)."""
    q, i = text[i], i + 1
    while i < len(text):
        if text[i] == q:
            return i + 1
        i += 2 if text[i] == "\\" and q != "'" else 1
    return None


def _pair_end(text: str, i: int, opener: str, closer: str) -> int | None:
    """The index of the `closer` that balances an `opener` ending just before `i`.

    Counted as bash's `parse_matched_pair` counts: nested openers, quoted and
    escaped characters skipped. None when `text` ends first.
    """
    depth = 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c in "'\"`":
            end = _quote_end(text, i)
            if end is None:
                return None
            i = end
            continue
        if c == closer:
            depth -= 1
            if depth == 0:
                return i
        elif text.startswith(opener, i):
            depth += 1
        i += 1
    return None


def _arithmetic(text: str, i: int) -> bool:
    """Whether the `((` at `i` opens arithmetic.

    Bash reads up to the `)` that balances the second `(` and decides then:
    arithmetic if another `)` follows at once, else `( (...) ...)`, nested
    subshells (`((cd x && ls) | wc)`). Text ending first counts as arithmetic.
    """
    end = _pair_end(text, i + 2, "(", ")")
    return end is None or text.startswith(")", end + 1)


def _opening(text: str, i: int) -> tuple[str, int]:
    """The context a `$(`, `<(` or `>(` at `i` opens, and how many characters open it."""
    if not text.startswith("(", i + 2):
        return _COMSUB, 2
    return (_ARITH, 3) if _arithmetic(text, i + 1) else (_LATE_COMSUB, 2)


_OPERATOR_STARTS = frozenset("<>&|;$(")


def _join_operator(text: str, i: int) -> str:
    """`text` without the backslash-newlines in the operator that may start at `i`.

    Bash drops a backslash-newline (outside single quotes) before it reads
    operators: `<\\` + `<EOF` is a heredoc, `<<\\` + `-EOF` strips tabs.
    """
    j = i + 1
    while j < min(i + 3, len(text)):
        if text.startswith("\\\n", j):
            text = text[:j] + text[j + 2 :]
        elif text[j] == "\\":
            break  # an escaped character: no operator goes on through it
        else:
            j += 1
    return text


def _parsed_now(stack: list[str]) -> bool:
    """Whether code here is parsed with the command, so a `<<` in it opens a heredoc now.

    Bash reads backquotes, and a `$((`...`)` that turns out to be no arithmetic,
    as text first; a `$( )` inside the latter is parsed right away, one inside
    backquotes is not.
    """
    if _BACKQUOTE in stack:
        return False
    for context in reversed(stack):
        if context == _COMSUB:
            return True
        if context == _LATE_COMSUB:
            return False
    return True


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


@dataclass
class _Word:
    """The word being read in one substitution, and whether it is where a command starts."""

    start: int = -1
    chars: list[str] = field(default_factory=list)
    at_command: bool = True
    """No word yet, or only assignments and keywords: bash would take `a[...]=` as an assignment."""


def _scan_all(text: str, state: ScanState) -> Iterator[tuple[str, int, str]]:
    """Yield ("word", start, text) for words, ("sep", i, op) where a new command
    starts and ("end", i, op) where a substitution or subshell ends; heredocs
    found go to `state.heredocs`, and a newline that ends a command line skips
    the bodies of those it opened.

    Quoted text belongs to the word it is in, so `echo "a <<EOF; kubectl"`
    yields the words `echo` and `"a <<EOF; kubectl"` and nothing else; a
    substitution inside quotes (`"$(kubectl version)"`) is scanned as code; an
    expression (`$(( 1 << n ))`, `${x:-<<}`, `a[1<<2]=3`) is part of its word.
    """
    i, n = 0, len(text)
    words = [_Word()]  # one per open substitution

    def flush() -> Iterator[tuple[str, int, str]]:
        word = words[-1]
        if word.start >= 0:
            chunk = "".join(word.chars)
            yield ("word", word.start, chunk)
            word.at_command &= chunk in _KEYWORDS or _ASSIGNMENT.match(chunk) is not None
        word.start, word.chars = -1, []

    def add(at: int, chunk: str) -> None:
        word = words[-1]
        word.chars.append(chunk)
        if word.start < 0:
            word.start = at

    def open_substitution(at: int, context: str, opener: str) -> tuple[str, int, str]:
        add(at, opener)  # the substitution is part of the word it is in: `x=$(...)`
        state.stack.append(context)
        words.append(_Word())
        if context == _COMSUB:  # bash parses it on its own, with its own heredocs
            state.outer.append(state.heredocs)
            state.heredocs = []
        return ("sep", at, context)

    def close(at: int, closer: str) -> Iterator[tuple[str, int, str]]:
        """End the innermost substitution or subshell."""
        yield from flush()
        context = state.stack.pop()
        if context == _COMSUB and state.outer:
            state.gathered += state.heredocs
            state.heredocs = state.outer.pop()
        if context != _SUBSHELL:
            words.pop()
            add(at, closer)
        yield ("end", at, closer)

    def read_bodies(at: int) -> int:
        """Skip the bodies of the heredocs waiting for the newline at `at`; where code resumes."""
        bodies = HeredocBodies([*state.gathered, *state.heredocs])
        while bodies and at < n:
            end = text.find("\n", at + 1)
            end = n if end < 0 else end
            bodies.read(text[at + 1 : end])
            at = end
        state.gathered, state.heredocs = [], bodies.waiting
        return at + 1

    while i < n:
        c = text[i]
        top = state.stack[-1] if state.stack else ""
        if c in _OPERATOR_STARTS and top not in (_SQUOTE, _ANSI_C) and "\\\n" in text[i : i + 4]:
            text = _join_operator(text, i)
            n = len(text)
        plain = _PLAIN[top].match(text, i)
        if plain is not None:
            add(i, plain.group())
            i = plain.end()
        elif top in (_SQUOTE, _ANSI_C):
            if c == "'":
                state.stack.pop()
            add(i, text[i : i + (2 if c == "\\" else 1)])
            i += 2 if c == "\\" else 1
        elif c == "\\":
            if not text.startswith("\n", i + 1):  # a backslash-newline is just removed
                add(i, text[i : i + 2])
            i += 2
        elif c == '"' and top == _DQUOTE:
            state.stack.pop()
            add(i, c)
            i += 1
        elif c in "'\"":
            state.stack.append(c)
            add(i, c)
            i += 1
        elif text.startswith("$'", i) and top != _DQUOTE:  # `$'it\\'s'`: escapes, no `\\'` end
            state.stack.append(_ANSI_C)
            add(i, "$'")
            i += 2
        elif text.startswith(("$[", "${"), i):
            pair = ("[", "]") if text[i + 1] == "[" else ("${", "}")
            # Unclosed, bash would read the next lines for its end; this reader keeps
            # to lines ending in a backslash, so it reads the rest as plain text.
            if _pair_end(text, i + 2, *pair) is not None:
                state.stack.append(_BRACKET if pair[1] == "]" else _BRACE)
            add(i, text[i : i + 2])
            i += 2
        elif text.startswith("$(", i) or (c == "`" and top != _BACKQUOTE):
            context, width = _opening(text, i) if c == "$" else (_BACKQUOTE, 1)
            if context == _ARITH:
                state.stack.append(context)
                add(i, text[i : i + width])
            else:
                yield open_substitution(i, context, text[i : i + width])
            i += width
        elif top in _EXPRESSIONS:
            if c == "(" and top in (_ARITH, _PAREN, _ARRAY):
                state.stack.append(_PAREN)
            elif c == "[" and top == _BRACKET:
                state.stack.append(_BRACKET)
            elif (
                (c == ")" and top in (_PAREN, _ARRAY))
                or (c == "]" and top == _BRACKET)
                or (c == "}" and top == _BRACE)
            ):
                state.stack.pop()
            elif c == ")" and top == _ARITH:
                if text.startswith("))", i):
                    state.stack.pop()
                    add(i, "))")
                    i += 2
                    continue
                state.stack[-1] = _PAREN  # `$((a) )`: one more `)` to go
            add(i, c)
            i += 1
        elif top == _DQUOTE:  # a `$` that starts no substitution
            add(i, c)
            i += 1
        elif c in " \t":
            yield from flush()
            i += 1
        elif c == "#" and words[-1].start < 0:
            # A comment runs to the end of the line; in backquotes, which bash reads as
            # text first, it cannot hide the closing backquote.
            end = text.find("\n", i)
            end = n if end < 0 else end
            if top == _BACKQUOTE and 0 <= (closing := text.find("`", i)) < end:
                end = closing
            i = end
        elif (c == "`" and top == _BACKQUOTE) or (
            c == ")" and top in (_COMSUB, _LATE_COMSUB, _SUBSHELL)
        ):
            yield from close(i, c)
            i += 1
        elif text.startswith("<<<", i):  # a here-string, not a heredoc
            yield from flush()
            i += 3
        elif text.startswith("<<", i):
            yield from flush()
            if _parsed_now(state.stack) and (doc := _delimiter(text, i + 2)) is not None:
                state.heredocs.append(doc)
            i += 3 if text.startswith("-", i + 2) else 2
        elif c in "<>" and text.startswith("(", i + 1):  # a process substitution
            yield from flush()
            context, width = _opening(text, i)
            if context == _ARITH:
                state.stack.append(context)
                add(i, text[i : i + width])
            else:
                yield open_substitution(i, context, text[i : i + width])
            i += width
        elif (op := next((s for s in _SEPARATORS if text.startswith(s, i)), None)) is not None:
            yield from flush()
            yield ("sep", i, op)
            words[-1].at_command = True
            i += len(op)
            if op == "\n" and (state.gathered or state.heredocs) and _parsed_now(state.stack):
                i = read_bodies(i - 1)
        elif c in "<>":  # a redirection (`2>&1`, `>>`) ends the word before it
            yield from flush()
            i += 1
            while i < n and text[i] in "&>|":
                i += 1
        elif c == "(" and words[-1].start < 0:
            if text.startswith("((", i) and _arithmetic(text, i):
                state.stack.append(_ARITH)
                add(i, "((")
                i += 2
                continue
            state.stack.append(_SUBSHELL)
            words[-1].at_command = True
            yield ("sep", i, c)
            i += 1
        elif c == "(" and _ASSIGNMENT.fullmatch("".join(words[-1].chars)):
            state.stack.append(_ARRAY)
            add(i, c)
            i += 1
        elif (
            c == "["
            and words[-1].at_command
            and _NAME.fullmatch("".join(words[-1].chars))
            and _pair_end(text, i + 1, "[", "]") is not None
        ):
            state.stack.append(_BRACKET)
            add(i, c)
            i += 1
        elif c == "{" and words[-1].start < 0:
            words[-1].at_command = True
            yield ("sep", i, c)
            i += 1
        else:
            add(i, c)
            i += 1
    yield from flush()
