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
from ..model import DEFAULT_SYNTAX, MAX_SECONDS


class Kind(Enum):
    """The shape of a setting's value, which decides its checks and its flags."""

    TEXT = "text"
    SECONDS = "seconds"
    NAMES = "names"
    """A list of strings; a flag given several times adds to the file's list."""


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
    """More than the kind's check: raises ConfigError with ``where`` in front."""

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
        if self.extra_check is not None:
            self.extra_check(value, label)

    def value(self, raw: Any) -> Any:
        """The checked file or flag value as RunnerConfig holds it."""
        if self.kind is Kind.SECONDS:
            return float(raw)
        if self.kind is Kind.NAMES:
            return tuple(raw)
        return raw


def check_seconds(key: str, value: float, where: str) -> None:
    """A timeout is positive, finite and at most a day (model.MAX_SECONDS)."""
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{where} {key} must be positive")
    if value > MAX_SECONDS:
        raise ConfigError(f"{where} {key} is more than a day (at most {MAX_SECONDS:g} seconds)")


def _not_blank(value: object, where: str) -> None:
    if isinstance(value, str) and not value.strip():
        raise ConfigError(f"{where} must not be blank")


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
        Kind.TEXT,
        DEFAULT_SYNTAX.prompt,
        "what starts a command line in a console block",
        extra_check=_not_blank,
    ),
    Option(
        "fence-language",
        Kind.TEXT,
        DEFAULT_SYNTAX.language,
        "the fence language of console blocks",
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
