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
    decorated = click.argument(
        "paths", nargs=-1, type=click.Path(exists=True, path_type=Path)
    )(func)
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
