"""The shell scanner's loop: bash's quoting and nesting, read one character run at a time.

This is the one place that decides what a character means where it stands --
quote, substitution, expression, operator, plain word text -- and so where
words, commands and heredocs are. Its answers come as a stream of events
that :mod:`.shellwords` turns into heredocs and program names; what each
decision does to the scan's state is :mod:`.shellstate`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .contexts import (
    _ANSI_C,
    _ARITH,
    _ARRAY,
    _BACKQUOTE,
    _BRACE,
    _BRACKET,
    _COMSUB,
    _DQUOTE,
    _EXPRESSIONS,
    _LATE_COMSUB,
    _PLAIN,
    _SQUOTE,
    _SUBSHELL,
    _in_expression,
    _opening,
    _parsed_now,
)
from .heredoc import _delimiter
from .pairs import _arithmetic, _join_operator, _pair_end
from .state import _ASSIGNMENT, ScanState, _Words

_SEPARATORS = ("&&", "||", "|&", ";;", "|", ";", "&", "\n")
_OPERATOR_STARTS = frozenset("<>&|;$(")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
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
    state.in_comment = False
    words = _Words(state)
    levels, add, flush = words.levels, words.add, words.flush

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
            if (event := words.open(i, context, text[i : i + width])) is not None:
                yield event
            i += width
        elif top in _EXPRESSIONS:
            chunk = _in_expression(text, i, state.stack)
            add(i, chunk)
            i += len(chunk)
        elif top == _DQUOTE:  # a `$` that starts no substitution
            add(i, c)
            i += 1
        elif c in " \t":
            yield from flush()
            i += 1
        elif c == "#" and levels[-1].start < 0:
            # A comment runs to the end of the line; in backquotes, which bash reads as
            # text first, it cannot hide the closing backquote.
            end = text.find("\n", i)
            end = n if end < 0 else end
            if top == _BACKQUOTE and 0 <= (closing := text.find("`", i)) < end:
                end = closing
            state.in_comment = end == n
            i = end
        elif (c == "`" and top == _BACKQUOTE) or (
            c == ")" and top in (_COMSUB, _LATE_COMSUB, _SUBSHELL)
        ):
            yield from words.close(i, c)
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
            if (event := words.open(i, context, text[i : i + width])) is not None:
                yield event
            i += width
        elif (op := next((s for s in _SEPARATORS if text.startswith(s, i)), None)) is not None:
            yield from flush()
            yield ("sep", i, op)
            levels[-1].at_command = True
            i += len(op)
            if op == "\n" and (state.gathered or state.heredocs) and _parsed_now(state.stack):
                i = state.read_bodies(text, i - 1)
        elif c in "<>":  # a redirection (`2>&1`, `>>`) ends the word before it
            yield from flush()
            i += 1
            while i < n and text[i] in "&>|":
                i += 1
        elif c == "(" and levels[-1].start < 0:
            if text.startswith("((", i) and _arithmetic(text, i):
                state.stack.append(_ARITH)
                add(i, "((")
                i += 2
                continue
            state.stack.append(_SUBSHELL)
            levels[-1].at_command = True
            yield ("sep", i, c)
            i += 1
        elif c == "(" and _ASSIGNMENT.fullmatch("".join(levels[-1].chars)):
            state.stack.append(_ARRAY)
            add(i, c)
            i += 1
        elif (
            c == "["
            and levels[-1].at_command
            and _NAME.fullmatch("".join(levels[-1].chars))
            and _pair_end(text, i + 1, "[", "]") is not None
        ):
            state.stack.append(_BRACKET)
            add(i, c)
            i += 1
        elif c == "{" and levels[-1].start < 0:
            levels[-1].at_command = True
            yield ("sep", i, c)
            i += 1
        else:
            add(i, c)
            i += 1
    yield from flush()
