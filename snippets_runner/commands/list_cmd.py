"""`snippets-runner list`: what would run, where it comes from, what it should print."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..serialize import commands_document
from .common import load, paths_argument


@click.command("list")
@paths_argument
@click.option("--json", "as_json", is_flag=True, help="Print the documented JSON schema.")
def list_command(paths: tuple[Path, ...], config: Path | None, as_json: bool) -> None:
    """List every command of the console blocks under PATHS (default: docs_dir)."""
    extraction = load(paths, config)
    if as_json:
        click.echo(json.dumps(commands_document(extraction.pages), ensure_ascii=False, indent=2))
        return
    table = Table("where", "locale", "command", "expected output", show_lines=True)
    for page in extraction.pages:
        for block in page.blocks:
            for command in block.commands:
                note = " (skip)" if block.options.skip else ""
                table.add_row(
                    str(command.location),
                    page.locale,
                    command.text + note,
                    command.expected.text,
                )
    Console().print(table)
