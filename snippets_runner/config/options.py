"""Every runner setting, declared once: its key, type, default, bounds, flags and help.

A setting used to be written in six places: the check of ``[tool.snippets-runner]``,
:class:`~snippets_runner.config.pyproject.RunnerConfig`, the click options of
``verify`` and ``update``, the pytest options, and their help texts. Now each is
one :class:`Option` in :data:`OPTIONS` (the habit of MkDocs' ``config/defaults.py``),
and the TOML check, the command line and the pytest plugin are all made from it:
a new setting is one entry here and one field of ``RunnerConfig``.

The command line and pytest pass what they were given straight through
(:class:`Flags`, keyed by the ``RunnerConfig`` field); ``RunnerConfig.override``
checks each value with the same :meth:`Option.check` as the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from ..errors import ConfigError
from ..model import DEFAULT_SYNTAX, MAX_SECONDS, OutputPolicy, Sessions


class Kind(Enum):
    """The shape of a setting's value, which decides its checks and its flags."""

    TEXT = "text"
    SECONDS = "seconds"
    NAMES = "names"
    """A list of strings; a flag given several times adds to the file's list."""
    TEXTS = "texts"
    """One string or a list of them (``prompt = "$ "`` or ``prompt = ["$ ", "[*]$ "]``)."""
    CHOICE = "choice"
    """One of the values of the option's ``choices`` enum."""
    SWITCH = "switch"
    """true or false."""


FlagValue = float | str | tuple[str, ...] | None
Flags = Mapping[str, FlagValue]
"""Values given on the command line or to pytest, by RunnerConfig field; None: not given."""


@dataclass(frozen=True)
class Option:
    key: str
    """The key in ``[tool.snippets-runner]`` (``command-timeout``)."""
    kind: Kind
    default: Any
    help: str
    flag: str | None = None
    """The command-line flag without dashes (``timeout``: ``--timeout`` and
    ``--snippets-timeout``); None: the setting lives in the file only."""
    metavar: str | None = None
    extra_check: Callable[[Any, str], None] | None = None
    """More than the kind's check (for TEXTS: of each text): raises ConfigError with
    ``where`` in front."""
    choices: type[Enum] | None = None
    """For CHOICE: the enum whose values the setting takes."""

    @property
    def attribute(self) -> str:
        """The RunnerConfig field: ``command-timeout`` -> ``command_timeout``."""
        return self.key.replace("-", "_")

    def check(self, value: object, where: str) -> None:
        """Refuse a value of the wrong type or out of range, naming ``where`` and the key."""
        label = f"{where} {self.key}"
        if self.kind is Kind.TEXT and not isinstance(value, str):
            raise ConfigError(f"{label} has the wrong type (text expected)")
        if self.kind is Kind.SECONDS:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(f"{label} has the wrong type (seconds expected)")
            check_seconds(self.key, float(value), where)
        if self.kind is Kind.NAMES:
            if not isinstance(value, list | tuple):
                raise ConfigError(f"{label} has the wrong type (a list expected)")
            if self.extra_check is None and not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{label} must be a list of strings")
        if self.kind is Kind.SWITCH and not isinstance(value, bool):
            raise ConfigError(f"{label} has the wrong type (true or false expected)")
        if self.kind is Kind.CHOICE:
            assert self.choices is not None
            known = [choice.value for choice in self.choices]
            if value not in known:
                raise ConfigError(f"{label} must be one of {', '.join(map(repr, known))}")
        if self.kind is Kind.TEXTS:
            texts = value if isinstance(value, list | tuple) else [value]
            if not texts or not all(isinstance(v, str) for v in texts):
                raise ConfigError(f"{label} must be a string or a non-empty list of strings")
            if len(texts) > MAX_TEXTS:
                raise ConfigError(f"{label} has more than {MAX_TEXTS} entries")
            for text in texts:
                if self.extra_check is not None:
                    self.extra_check(text, label)
            return
        if self.extra_check is not None:
            self.extra_check(value, label)

    def value(self, raw: Any) -> Any:
        """The checked file or flag value as RunnerConfig holds it."""
        if self.kind is Kind.SECONDS:
            return float(raw)
        if self.kind is Kind.NAMES:
            return tuple(raw)
        if self.kind is Kind.TEXTS:
            return tuple(dict.fromkeys(raw)) if isinstance(raw, list | tuple) else (raw,)
        if self.kind is Kind.CHOICE:
            assert self.choices is not None
            return self.choices(raw)
        return raw


def check_seconds(key: str, value: float, where: str) -> None:
    """A timeout is positive, finite and at most a day (model.MAX_SECONDS)."""
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{where} {key} must be positive")
    if value > MAX_SECONDS:
        raise ConfigError(f"{where} {key} is more than a day (at most {MAX_SECONDS:g} seconds)")


MAX_TEXTS = 32
"""More prompts, languages or markers than any site writes: a bound on untrusted input."""


def _not_blank(value: object, where: str) -> None:
    if isinstance(value, str) and not value.strip():
        raise ConfigError(f"{where} must not be blank")
    if isinstance(value, str) and ("\n" in value or len(value) > 80):
        raise ConfigError(f"{where} {value!r} must be one short line")


_LANGUAGE = re.compile(r"[\w#.+-]*")


def _language(value: object, where: str) -> None:
    """A fence language as superfences reads it; "" stands for untagged fences."""
    if isinstance(value, str) and not _LANGUAGE.fullmatch(value):
        raise ConfigError(f'{where} {value!r} is not a fence language ("" for untagged fences)')


def _placeholder(value: object, where: str) -> None:
    """A placeholder pattern must say more than its wildcards: ``*`` alone is every word."""
    _not_blank(value, where)
    if isinstance(value, str) and len(value.replace("*", "").strip()) < 2:
        raise ConfigError(
            f"{where} {value!r} says too little: a placeholder pattern needs two characters "
            "besides its * (like <*> or YOUR_*)"
        )


_VARIABLE_PATTERN = re.compile(r"[A-Za-z_*?][A-Za-z0-9_*?]*")


def check_pass_env(patterns: object, where: str) -> None:
    """``pass-env``: variable names or glob patterns of them (``AWS_*``), each naming something.

    A pattern of wildcards alone (``*``) would hand pages the runner's whole
    environment, CI tokens included, which is what the list exists to stop;
    a name the runner sets itself (``HOME``, ``KUBECONFIG``) cannot be passed.
    """
    if not isinstance(patterns, list | tuple) or not all(isinstance(p, str) for p in patterns):
        raise ConfigError(f"{where} must be a list of variable names or patterns")
    for pattern in patterns:
        if not _VARIABLE_PATTERN.fullmatch(pattern):
            raise ConfigError(
                f"{where} {pattern!r} is not a variable name or a pattern of one "
                "(letters, digits and _, with the wildcards * and ?)"
            )
        if not pattern.strip("*?"):
            raise ConfigError(
                f"{where} {pattern!r} would pass every variable, CI tokens included; "
                "name the variables the pages need (AWS_*)"
            )
        if pattern in RESERVED:
            raise ConfigError(
                f"{where} {pattern!r} is set by the runner itself and cannot be passed "
                "(see the writers' guide, 'The environment a page gets')"
            )


PAGE_VARIABLES = (
    *("PATH", "HOME", "USER", "LOGNAME", "SHELL"),
    *("LC_ALL", "LANG", "TZ", "TERM", "PAGER", "KUBECONFIG"),
)
"""Every variable the page's shell starts with (run.shellhome sets them), besides those the
site passes with ``pass-env``: the runner's PATH, a private HOME, the reader's user and
shell, a pinned locale, time zone, terminal and pager, and the chosen kubeconfig."""
RESERVED = frozenset(
    {
        *PAGE_VARIABLES,
        *("COLUMNS", "LINES", "SHLVL", "PWD", "OLDPWD"),  # bash sets them itself
        *("PROMPT_COMMAND", "PS0", "PS1", "PS2", "PS4", "BASH_ENV", "ENV"),  # they shape framing
    }
)
"""Names ``pass-env`` cannot pass: the runner sets them, or they would break the session."""


OPTIONS: tuple[Option, ...] = (
    Option(
        "prompt",
        Kind.TEXTS,
        DEFAULT_SYNTAX.prompts,
        "what starts a command line in a session: one prompt or a list, each a literal "
        "or a pattern where * stands for non-blank characters ([*]$ , *@*:*$ ); the first "
        "is the one update writes",
        extra_check=_not_blank,
    ),
    Option(
        "fence-language",
        Kind.TEXTS,
        DEFAULT_SYNTAX.languages,
        'the fence languages of sessions: one or a list ("" for untagged fences)',
        extra_check=_language,
    ),
    Option(
        "sessions",
        Kind.CHOICE,
        DEFAULT_SYNTAX.sessions,
        "every-fence: every fence of those languages is a session (one without a prompt is "
        "an error); prompted: only fences with a prompt line are",
        choices=Sessions,
    ),
    Option(
        "comment-lines",
        Kind.SWITCH,
        DEFAULT_SYNTAX.comment_lines,
        "whether # lines that end a command's output, or come before the first command, "
        "are commentary (not compared)",
    ),
    Option(
        "elisions",
        Kind.TEXTS,
        DEFAULT_SYNTAX.elisions,
        "whole-line markers that stand for left-out output, besides [...] (..., (snip))",
        extra_check=_not_blank,
    ),
    Option(
        "no-output",
        Kind.CHOICE,
        DEFAULT_SYNTAX.output,
        "a command the page shows no output for: prints-nothing (any output fails it) or "
        "not-published (it runs and its exit status counts; its output is not compared)",
        choices=OutputPolicy,
    ),
    Option(
        "placeholders",
        Kind.TEXTS,
        DEFAULT_SYNTAX.placeholders,
        "patterns of placeholders a reader fills in (<*>, YOUR_*): a command with one does "
        "not run unless the page gives it a value",
        extra_check=_placeholder,
    ),
    Option(
        "command-timeout",
        Kind.SECONDS,
        60.0,
        "seconds per command for blocks without timeout=",
        flag="timeout",
    ),
    Option(
        "lab-timeout",
        Kind.SECONDS,
        180.0,
        "seconds to set up (and clean) a page's lab",
        flag="lab-timeout",
    ),
    Option(
        "allowed-contexts",
        Kind.NAMES,
        (),
        "allow verification against this kubeconfig context (repeatable)",
        flag="allow-context",
        metavar="NAME",
    ),
    Option(
        "environment",
        Kind.TEXT,
        None,
        "the environment whose values map to the published ones",
        flag="environment",
        metavar="NAME",
    ),
    Option(
        "pass-env",
        Kind.NAMES,
        (),
        "also give the pages' shell the runner's variables of this name or glob (AWS_*)",
        flag="pass-env",
        metavar="PATTERN",
        extra_check=lambda value, label: check_pass_env(value, f"{label}:"),
    ),
)
"""Every setting but ``values`` (a table of tables: config/environment.py reads it)."""

BY_KEY = {option.key: option for option in OPTIONS}
FLAGGED = tuple(option for option in OPTIONS if option.flag)


def flag_help(option: Option) -> str:
    """The flag's help: the option's, and where its default comes from."""
    if option.kind is Kind.NAMES:
        return f"{option.help}; adds to {option.key} in [tool.snippets-runner]."
    default = f", else {option.default:g}" if isinstance(option.default, float) else ""
    return f"{option.help} (default: {option.key} in [tool.snippets-runner]{default})."


__all__ = [
    "BY_KEY",
    "FLAGGED",
    "MAX_TEXTS",
    "OPTIONS",
    "PAGE_VARIABLES",
    "RESERVED",
    "FlagValue",
    "Flags",
    "Kind",
    "Option",
    "check_pass_env",
    "check_seconds",
    "flag_help",
]
