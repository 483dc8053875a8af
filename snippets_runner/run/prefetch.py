"""Which commands can be typed past before they finish: those that provably never read input.

A command's stdin is the terminal, and so is the shell's command input.
Anything typed while a command runs is what that command reads if it
reads: ``cat``, ``read``, ``kubectl exec -i``, a password prompt.  So the
next command may only be typed ahead while every command still running is
one of a few builtins that never read (``echo``, ``printf``, ``cd``,
``export``, ...), written on one line, with no command substitution,
redirection from anywhere, pipe, list or unbalanced quote that could start
something else.  Everything else is typed only after the previous prompt.

Builtins can be shadowed by aliases and functions, and prompts or traps can
run anything, so once a page has touched any of those (``alias``,
``function`` or ``name()``, ``source``/``.``, ``eval``, ``trap``,
``enable``, ``set``/``shopt``, prompt variables), nothing more is typed
ahead in that session.
"""

from __future__ import annotations

import re

_SAFE = re.compile(
    r"[ \t]*(?:(?:echo|printf|cd|pwd|export|unset|true|false|:|test)(?:[ \t][^\n`|&;()<>\\]*)?"
    r"|[A-Za-z_][A-Za-z0-9_]*=[^\n`|&;()<>\\ \t]*)[ \t]*"
)
_SHELL_CHANGING = re.compile(
    r"\b(?:alias|function|source|eval|exec|trap|enable|builtin|command|set|shopt|bind"
    r"|PS0|PS1|PS2|PS4|PROMPT_COMMAND|BASH_ENV|IFS)\b|\(\s*\)|(?:^|[;&|(]\s*)\.\s"
)


def cannot_read_terminal(command: str) -> bool:
    """True only for a one-line builtin that cannot read input or start another command."""
    return (
        _SAFE.fullmatch(command) is not None
        and command.count("'") % 2 == 0
        and command.count('"') % 2 == 0
        and "$(" not in command
    )


def changes_the_shell(command: str) -> bool:
    """True when ``command`` may redefine what a builtin name or a prompt does."""
    return _SHELL_CHANGING.search(command) is not None
