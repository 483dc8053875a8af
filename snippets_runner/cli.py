"""The `snippets-runner` command line: a thin shell that assembles the commands.

Subcommands are imported only when invoked (click's lazy-group pattern), so
`snippets-runner lint` never pays for verify's reporting stack nor update's
writer, and a one-command page is not slower to check than to type.
"""

from __future__ import annotations

import importlib

import click

from . import __version__

COMMANDS = {
    "init": "snippets_runner.commands.init_cmd:init_command",
    "list": "snippets_runner.commands.list_cmd:list_command",
    "lint": "snippets_runner.commands.lint_cmd:lint_command",
    "verify": "snippets_runner.commands.verify:verify",
    "update": "snippets_runner.commands.update_cmd:update_command",
    "report": "snippets_runner.commands.report_cmd:report_group",
}
"""Name -> ``module:attribute`` of each subcommand, in the order `--help` lists them."""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="snippets-runner")
def main() -> None:
    """Verify the shell sessions published on documentation pages."""
