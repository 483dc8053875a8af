"""`snippets-runner lint`: static problems as `file:line: message`, exit 1 if any.

Warnings (`file:line: warning: ...`, on stderr) never change the exit status."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..lint import lint, warnings
from .common import load, paths_argument


@click.command("lint")
@paths_argument
def lint_command(paths: tuple[Path, ...], config: Path | None) -> None:
    """Check console blocks and translation parity under PATHS, without a cluster."""
    extraction = load(paths, config)
    for warning in warnings(extraction):
        click.echo(str(warning), err=True)
    problems = lint(extraction)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
