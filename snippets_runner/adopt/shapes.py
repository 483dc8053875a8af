"""The shapes init looks for: prompts, elision markers, placeholders, silent commands.

Each is written in the site dialect's own pattern language
(:mod:`snippets_runner.extract.patterns`), so what init proposes is exactly
what the extractor will match: a line init counts as starting with
``[*]$ `` is a line the extractor reads as a command.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from ..extract.patterns import WILDCARD, compile_pattern
from ..model import ELISION

PROMPT_SHAPES: tuple[str, ...] = (
    "*@*:*$ ",
    "*@*:*# ",
    "*@*$ ",
    "*@*# ",
    "[*]$ ",
    "[*]# ",
    "(*) $ ",
    "~$ ",
    "$ ",
    "% ",
    "\u276f ",  # a heavy right-pointing angle: zsh themes' prompt
    "*$ ",
)
"""Prompts as sites write them, the more particular first: ``user@host:~/dir$ ``,
``root@pod:/# ``, ``[cluster-1]$ ``, ``(venv) $ ``, ``bash-5.1$ ``... A bare ``# ``
is not among them: in a shell fence it is nearly always a comment (see
:func:`root_prompt`). Windows prompts are not either: the runner's shell is bash."""

_BUSYBOX = re.compile(r"/[^\s#]* # (?=\S)")
"""``/ # ``, ``/app # ``: a root shell in a container (BusyBox, Alpine)."""
_ROOT = re.compile(r"# (?P<word>[a-z][\w.+-]*)(?:\s|$)")
"""``# kubectl get pods``: a root prompt, or a commented-out command."""


@dataclass(frozen=True)
class PromptSeen:
    pattern: str
    """What the site's configuration would say: a shape, or a literal."""
    text: str
    """The prompt as the page writes it."""


def prompt_shape(line: str) -> PromptSeen | None:
    """The prompt ``line`` starts with, when a command follows it; None: no prompt.

    The longest match wins, as in the extractor; between shapes that match
    as much, the more particular one.
    """
    best: PromptSeen | None = None
    for shape in PROMPT_SHAPES:
        if WILDCARD in shape:
            m = compile_pattern(shape).match(line)
            text = m.group() if m else None
        else:
            text = shape if line.startswith(shape) else None
        if text is None or not line[len(text) :].strip():
            continue
        if best is None or len(text) > len(best.text):
            best = PromptSeen(shape, text)
    m = _BUSYBOX.match(line)
    if m is not None and (best is None or len(m.group()) > len(best.text)):
        best = PromptSeen(m.group(), m.group())  # a literal: the path is the container's
    return best


def root_prompt(line: str) -> str | None:
    """The command word of a ``# command`` line (a root prompt or a comment); else None."""
    m = _ROOT.match(line)
    return m["word"] if m else None


_ELISION = re.compile(
    r"""(?ix)
    \.{3,} | …+ | \.\s\.\s\. |
    [\[(<{] \s* (?: \.{3,} | …+ | snip(?:ped)? | truncated | output\ truncated | omitted
                 | more | and\ so\ on | etc\.? ) \s* [\])>}] |
    -+ \s* (?: snip | 8< | >8 | cut ) \s* -+ | ✂.*
    """
)
"""Whole lines that stand for left-out output: ``...``, ``…``, ``(snip)``, ``<snip>``."""


def elision_marker(line: str) -> str | None:
    """``line`` stripped when it is a whole-line elision marker other than ``[...]``."""
    text = line.strip()
    if text == ELISION or not _ELISION.fullmatch(text):
        return None
    return text


PLACEHOLDER_SHAPES: tuple[str, ...] = ("<*>", "YOUR_*", "your-*")
"""What a reader fills in: ``<pod-name>``, ``YOUR_REGION``, ``your-cluster``."""


_ASSIGNS = re.compile(r"(?:^|[\s;&|(])(?:export\s+|local\s+|declare\s+)?([A-Za-z_]\w*)=")


def assigned_names(command: str) -> set[str]:
    """The shell variables ``command`` sets (``NAME=x``, ``export NAME=x``)."""
    return set(_ASSIGNS.findall(command))


def placeholders_in(command: str, assigned: Collection[str] = ()) -> list[tuple[str, str]]:
    """(shape, text) of every placeholder in ``command``.

    A variable the page sets (``YOUR_REGION=x``, then ``$YOUR_REGION``) is no
    placeholder; one it only reads (``${YOUR_APP}``) is, as the reader must set
    it. A heredoc's ``<<`` is not one either.
    """
    found: list[tuple[str, str]] = []
    for shape in PLACEHOLDER_SHAPES:
        for m in compile_pattern(shape).finditer(command):
            before = command[max(m.start() - 1, 0) : m.start()]
            after = command[m.end() : m.end() + 1]
            heredoc = before == "<" or m.group().startswith("<<")
            if heredoc or after == "=" or m.group() in assigned:
                continue
            found.append((shape, m.group()))
    return found


SILENT_COMMANDS = frozenset(
    {
        *("cd", "export", "unset", "set", "source", ".", "alias", "unalias", "shopt"),
        *("mkdir", "rm", "rmdir", "cp", "mv", "touch", "chmod", "chown", "ln", "umask"),
        *("sleep", "true", "false", ":", "clear", "wait", "trap", "declare", "readonly"),
        *("kill", "pushd", "popd"),
    }
)
"""Commands that print nothing when they work: shown without output on any site."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_TO_FILE = re.compile(r"(?<![0-9&<>=-])>{1,2}\s*(?![&\s])|&>")
"""Standard output sent to a file (``> out.txt``, ``>> log``, ``&> /dev/null``)."""


def prints_nothing(command: str) -> bool:
    """Whether ``command`` is one that prints nothing when it works (``cd``, ``x=1``,
    ``cmd > file``): shown without output, it says nothing about the site's habit."""
    first_line = command.split("\n", 1)[0]
    words = first_line.split()
    while words and _ASSIGNMENT.match(words[0]):
        words = words[1:]
    if not words:
        return True  # only assignments
    if words[0] in ("sudo", "command", "builtin") and len(words) > 1:
        words = words[1:]
    return words[0] in SILENT_COMMANDS or _TO_FILE.search(first_line) is not None


__all__ = [
    "PLACEHOLDER_SHAPES",
    "PROMPT_SHAPES",
    "SILENT_COMMANDS",
    "PromptSeen",
    "assigned_names",
    "elision_marker",
    "placeholders_in",
    "prints_nothing",
    "prompt_shape",
    "root_prompt",
]
