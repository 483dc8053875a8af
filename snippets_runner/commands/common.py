"""Options and helpers every command shares: paths, the site config, error exits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Concatenate, NoReturn, ParamSpec, TypeVar

import click

from ..config.options import FLAGGED, Flags, FlagValue, Kind, Option, flag_help
from ..config.pyproject import RunnerConfig
from ..errors import ExitCode, SnippetsError, exit_code
from ..extract.discover import Extraction, extract
from ..model import MAX_SECONDS
from ..secrets import KnownSecrets, Masker

F = TypeVar("F", bound=Callable[..., object])
P = ParamSpec("P")
R = TypeVar("R")


def fail(error: SnippetsError) -> NoReturn:
    """Print an error the way every command does and exit with its mapped status."""
    click.echo(f"error: {error}", err=True)
    sys.exit(exit_code(error))


def paths_argument(func: F) -> F:
    decorated = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))(
        func
    )
    return click.option(
        "--config",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="mkdocs.yml to read docs_dir and locales from (default: the nearest one).",
    )(decorated)


def load(paths: tuple[Path, ...], config: Path | None) -> Extraction:
    """Extract, turning a broken mkdocs.yml into a usage error instead of a traceback."""
    try:
        return extract(list(paths), config)
    except SnippetsError as exc:
        fail(exc)


def echo_problems(extraction: Extraction) -> ExitCode:
    """Name each page that could not be extracted on stderr; the exit status they call for.

    Every command that reads pages says so the same way: a page left out in
    silence would make a listing or a run look complete.
    """
    for problem in extraction.problems:
        click.echo(str(problem), err=True)
    return max((exit_code(p) for p in extraction.problems), default=ExitCode.OK)


def echo_lab_errors(errors: Iterable[SnippetsError], mask: Masker) -> ExitCode:
    """Each lab that could not be set up or cleaned up, masked for its page, on stderr;
    the exit status they call for (verify and update end with the worse of it and theirs)."""
    codes = []
    for error in errors:
        shown = mask.for_page(error.location.path) if error.location else mask
        click.echo(shown(str(error)), err=True)
        codes.append(exit_code(error))
    return max(codes, default=ExitCode.OK)


def runner_config(extraction: Extraction, params: dict[str, object]) -> RunnerConfig:
    """The site's runner configuration, read once, with the settings among the command's
    parameters (``cluster_options``) on top."""
    try:
        return extraction.config.override(settings_flags(params))
    except SnippetsError as exc:
        fail(exc)


def settings_flags(params: dict[str, object]) -> Flags:
    """The runner settings among a command's parameters (config/options.py), as given."""
    flags: dict[str, FlagValue] = {}
    for option in FLAGGED:
        value = params.get(option.attribute)
        if value is None or isinstance(value, str | float | tuple):
            flags[option.attribute] = value
    return flags


def _click_option(option: Option) -> Callable[[F], F]:
    """The click option of one setting, made from its one declaration."""
    name = f"--{option.flag}"
    if option.kind is Kind.NAMES:
        return click.option(
            name, option.attribute, multiple=True, metavar=option.metavar, help=flag_help(option)
        )
    kind = (
        click.FloatRange(min=0, min_open=True, max=MAX_SECONDS)
        if option.kind is Kind.SECONDS
        else None
    )
    return click.option(
        name, option.attribute, type=kind, default=None, metavar=option.metavar,
        help=flag_help(option),
    )  # fmt: skip


def cluster_options(func: F) -> F:
    """--context, --kubeconfig and every runner setting with a flag, for verify and update."""
    for option in reversed(
        [
            click.option("--context", help="kubeconfig context to use (default: the current one)."),
            click.option(
                "--kubeconfig",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).",
            ),
            *(_click_option(setting) for setting in FLAGGED),
        ]
    ):
        func = option(func)
    return func


def masked_crashes(command: Callable[Concatenate[KnownSecrets, P], R]) -> Callable[P, R]:
    """Decorate a click command: errors leave as masked text and the right exit code.

    The command gets, as its first argument, the `KnownSecrets` of this run:
    it passes it down to whatever learns secrets (`verification.verifier`),
    and a crash is described with everything learnt until then (see
    `secrets.crash`). Only here, at the command line, is an error printed.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        known = KnownSecrets()
        try:
            return command(known, *args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            click.echo(known.describe(exc), err=True)
            sys.exit(exit_code(exc))

    return run
