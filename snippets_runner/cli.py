"""The `snippets-runner` command line: a thin shell that assembles the commands."""

from __future__ import annotations

import click

from . import __version__
from .commands.lint_cmd import lint_command
from .commands.list_cmd import list_command
from .commands.report_cmd import report_group
from .commands.update_cmd import update_command
from .commands.verify import verify


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="snippets-runner")
def main() -> None:
    """Verify the shell sessions published on documentation pages."""


main.add_command(list_command)
main.add_command(lint_command)
main.add_command(verify)
main.add_command(update_command)
main.add_command(report_group)
