"""`snippets-runner list`: what would run, where it comes from, what it should print."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..model import Page
from ..serialize import commands_document
from ..shard import Shard
from .common import echo_problems, load, paths_argument
from .sharding import shard_lessons, shard_options


@click.command("list")
@paths_argument
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON schema.")
@shard_options
def list_command(
    paths: tuple[Path, ...],
    config: Path | None,
    as_json: bool,
    shard: Shard | None,
    durations_path: Path | None,
) -> None:
    """List every command of the console blocks under PATHS (default: docs_dir).

    Plain text is one `file:line [locale] $ command` line per command, its
    expected output indented below, so it greps and diffs well. A page that
    does not parse is named on stderr and the exit status is 1, as in lint
    and verify: a listing that silently leaves a page out would be a lie.
    """
    extraction = load(paths, config)
    status = echo_problems(extraction)
    lessons = shard_lessons(extraction.lessons, shard, durations_path)
    pages = tuple(page for lesson in lessons for page in lesson.pages)
    if as_json:
        click.echo(json.dumps(commands_document(pages), ensure_ascii=False, indent=2))
    else:
        _print_plain(pages)
    sys.exit(status)


def _print_plain(pages: tuple[Page, ...]) -> None:
    for page in pages:
        for block in page.blocks:
            skip = " (skip)" if block.options.skip else ""
            for command in block.commands:
                first, *rest = command.text.split("\n")
                click.echo(f"{command.location} [{page.locale or '-'}]{skip} $ {first}")
                for line in [*rest, *command.expected.lines]:
                    click.echo(f"    {line}")
