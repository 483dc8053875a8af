"""`snippets-runner init`: find how the site writes its sessions and say so in pyproject.toml.

Everything is decided in the library (``adopt``): which pages, which
dialect, with what evidence, which settings the file keeps. This shell
prints it and writes the file, or with ``--check`` prints the diff only.

Exit status: 0 written (or, with ``--check``, nothing would change), 1 with
``--check`` the file would change, 2 usage or environment (no mkdocs.yml, a
pyproject.toml that is not valid TOML or whose table init cannot extend).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..adopt import describe, plan_init
from ..config.site import load_site
from ..errors import ConfigError, ExitCode, ReportError, SnippetsError
from ..extract.discover import find_config
from ..files import write_atomic
from .common import fail


@click.command("init")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml of the site (default: the nearest one).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing: print what would change as a diff; exit 1 if the file would change.",
)
def init_command(config: Path | None, check: bool) -> None:
    """Read every page of the site and write its dialect into [tool.snippets-runner].

    The settings go into the pyproject.toml next to mkdocs.yml (created when
    there is none), each with a comment saying what was found: counts and an
    example file:line. A setting the file already has is kept as it is, and
    said so; init adds only what is missing, so a second run changes nothing.
    """
    try:
        found = config or find_config(Path.cwd().resolve())
        if found is None:
            raise ConfigError(
                "no mkdocs.yml here or above: run init in the site's folder or pass --config"
            )
        plan = plan_init(load_site(found))
    except SnippetsError as exc:
        fail(exc)
    for line in describe(plan):
        click.echo(line, err=True)
    if check:
        click.echo(plan.diff(), nl=False)
        sys.exit(ExitCode.PAGE_WRONG if plan.changes else ExitCode.OK)
    if not plan.changes:
        click.echo(f"{plan.path}: nothing to change", err=True)
        return
    try:
        write_atomic(plan.path, plan.after)
    except OSError as exc:
        fail(ReportError(f"{plan.path}: cannot write: {exc.strerror}"))
    click.echo(f"{plan.path}: {'updated' if plan.before is not None else 'created'}", err=True)
