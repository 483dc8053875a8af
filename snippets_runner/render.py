"""Write the model back as Markdown: the inverse of extraction.

Update mode rewrites blocks with it, and the property tests check that
extract(render(model)) == model, which is what makes updates safe.
"""

from __future__ import annotations

from .extract.options import render_info
from .model import Block, Command


def command_lines(command: Command) -> list[str]:
    """The command's source lines followed by its published output."""
    return [*command.source_lines, *command.expected.lines]


def block_lines(block: Block, fence: str = "```") -> list[str]:
    """The whole fenced block, without indentation (the caller owns layout)."""
    body = [line for command in block.commands for line in command_lines(command)]
    return [f"{fence}{render_info(block.options)}", *body, fence]
