"""`snippets-runner list`: what would run, where it comes from, what it should print."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..serialize import commands_document
from .common import load, paths_argument


@click.command("list")
@paths_argument
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON schema.")
def list_command(paths: tuple[Path, ...], config: Path | None, as_json: bool) -> None:
    """List every command of the console blocks under PATHS (default: docs_dir).

    Plain text is one `file:line [locale] $ command` line per command, its
    expected output indented below, so it greps and diffs well.
    """
    extraction = load(paths, config)
    if as_json:
        click.echo(json.dumps(commands_document(extraction.pages), ensure_ascii=False, indent=2))
        return
    for page in extraction.pages:
        for block in page.blocks:
            skip = " (skip)" if block.options.skip else ""
            for command in block.commands:
                first, *rest = command.text.split("\n")
                click.echo(f"{command.location} [{page.locale or '-'}]{skip} $ {first}")
                for line in [*rest, *command.expected.lines]:
                    click.echo(f"    {line}")
