"""Options and helpers every command shares: paths, the site config, error exits."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from ..errors import SnippetsError
from ..extract.discover import Extraction, extract

F = TypeVar("F", bound=Callable[..., object])

USAGE_ERROR = 2
"""Exit status for usage and environment errors, as click uses it."""


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
        click.echo(str(exc), err=True)
        sys.exit(USAGE_ERROR)


def cluster_options(func: F) -> F:
    """--context, --kubeconfig, --allow-context and --timeout, shared by verify and update."""
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
                type=click.FloatRange(min=0, min_open=True),
                default=60.0,
                show_default=True,
                help="seconds per command for blocks without timeout=.",
            ),
        ]
    ):
        func = option(func)
    return func
