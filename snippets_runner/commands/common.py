"""Options and helpers every command shares: paths, the site config, error exits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from ..config.runner import RunnerConfig
from ..errors import ExitCode, SnippetsError, exit_code
from ..extract.discover import Extraction, extract
from ..model import MAX_SECONDS

F = TypeVar("F", bound=Callable[..., object])


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


def runner_config(extraction: Extraction, **flags: object) -> RunnerConfig:
    """The site's runner configuration, read once, with the command's flags on top."""
    try:
        return extraction.config.override(**flags)
    except SnippetsError as exc:
        fail(exc)


def cluster_options(func: F) -> F:
    """--context, --kubeconfig, --allow-context, --timeout, ..., shared by verify and update."""
    for option in reversed(
        [
            click.option("--context", help="kubeconfig context to use (default: the current one)."),
            click.option(
                "--kubeconfig",
                type=click.Path(exists=True, dir_okay=False, path_type=Path),
                help="kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).",
            ),
            click.option(
                "--allow-context",
                "allow",
                multiple=True,
                metavar="NAME",
                help="allow verification against this context (repeatable).",
            ),
            click.option(
                "--timeout",
                type=click.FloatRange(min=0, min_open=True, max=MAX_SECONDS),
                default=None,
                help="seconds per command for blocks without timeout= "
                "(default: command-timeout in [tool.snippets-runner], else 60).",
            ),
            click.option(
                "--lab-timeout",
                type=click.FloatRange(min=0, min_open=True, max=MAX_SECONDS),
                default=None,
                help="seconds to set up (and clean) a page's lab (default: lab-timeout, else 180).",
            ),
            click.option(
                "--environment",
                default=None,
                metavar="NAME",
                help="the environment whose values map to the published ones "
                "(default: environment in [tool.snippets-runner]).",
            ),
            click.option(
                "--pass-env",
                "pass_env",
                multiple=True,
                metavar="PATTERN",
                help="also give the pages' shell the runner's variables of this name or glob "
                "(AWS_*), on top of pass-env in [tool.snippets-runner] (repeatable).",
            ),
        ]
    ):
        func = option(func)
    return func
