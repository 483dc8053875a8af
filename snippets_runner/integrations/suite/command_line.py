"""The pytest plugin's reading of the command line: option values and the paths typed.

Everything here is checked while pytest parses and configures, so a bad
value is a usage error before anything is collected rather than a failure
that every item repeats. The runner's modules are imported inside the
functions: pytest loads the plugin in every run of the environment.
"""

from __future__ import annotations

import argparse
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ...config.options import FLAGGED, Flags, FlagValue, Kind, Option, flag_help
from ...errors import ConfigError

if TYPE_CHECKING:
    from ...shard import Shard


def _shard(text: str) -> Shard:
    from ...errors import SnippetsError
    from ...shard import Shard

    try:
        return Shard.parse(text)
    except SnippetsError as exc:  # argparse shows ArgumentTypeError as a usage error
        raise argparse.ArgumentTypeError(exc.message) from None


def addoption_arguments(option: Option) -> dict[str, Any]:
    """The ``addoption`` arguments of one runner setting (config/options.py).

    Values are checked here as the file's are (Option.check), so a bad one is
    pytest's usage error naming the option, not a traceback at the first test.
    """

    def checked(text: str) -> object:
        value: object = text
        if option.kind is Kind.SECONDS:
            try:
                value = float(text)
            except ValueError:
                raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        try:
            option.check([value] if option.kind is Kind.NAMES else value, "the")
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(exc.message) from None
        return value

    arguments: dict[str, Any] = {"type": checked, "help": flag_help(option)}
    if option.metavar:
        arguments["metavar"] = option.metavar
    if option.kind is Kind.NAMES:
        arguments.update(action="append", default=[])
    else:
        arguments["default"] = None
    return arguments


def settings_flags(config: pytest.Config) -> Flags:
    """The runner settings given to pytest, as RunnerConfig.override takes them."""
    flags: dict[str, FlagValue] = {}
    for option in FLAGGED:
        value = config.getoption(f"snippets_{option.flag.replace('-', '_')}" if option.flag else "")
        flags[option.attribute] = tuple(value) if isinstance(value, list) else value
    return flags


def _durations(config: pytest.Config) -> Mapping[str, float] | None:
    """--snippets-durations, read before anything is collected: a bad report is a usage error."""
    report: Path | None = config.getoption("snippets_durations")
    if report is None:
        return None
    if config.getoption("snippets_shard") is None:
        raise pytest.UsageError("--snippets-durations only makes sense with --snippets-shard")
    from ...errors import SnippetsError
    from ...report.json_report import OldReportError, read_durations

    try:
        return read_durations(report)
    except OldReportError as exc:  # the first night after an upgrade: split by hash
        warnings.warn(f"--snippets-durations not used: {exc}", stacklevel=1)
        return None
    except SnippetsError as exc:
        raise pytest.UsageError(f"--snippets-durations: {exc}") from None


def _given_paths(config: pytest.Config) -> tuple[Path, ...]:
    """The paths typed on the command line, absolute; none when pytest chose them itself.

    `config.args` holds only the positional arguments, so an option's value
    (`--rootdir .`) never counts, and with no paths pytest's own choice
    (`testpaths`, the current folder) does not either.
    """
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return ()
    base = config.invocation_params.dir
    return tuple(Path(os.path.abspath(base / arg.split("::")[0])) for arg in config.args)


def _within(path: Path, folders: Iterable[Path]) -> bool:
    """`path` is one of `folders` or below one, as typed or with symlinks resolved."""
    plain, real = Path(os.path.abspath(path)), path.resolve()
    for folder in folders:
        for p, f in ((plain, folder), (real, folder.resolve())):
            if p == f or f in p.parents:
                return True
    return False
