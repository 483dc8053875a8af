"""Attach meaning to console regions: commands, their expected output, options."""

from __future__ import annotations

from pathlib import Path

from ..model import Block, Command, ExpectedOutput, Location
from .console import PROMPT, ConsoleLine, LineKind, lex_console
from .markdown import Region
from .options import parse_options, split_info


def _command(group: list[ConsoleLine], index: int) -> Command:
    head = [line for line in group if line.kind is not LineKind.OUTPUT]
    output = [line for line in group if line.kind is LineKind.OUTPUT]
    after = head[-1].location
    out_at = output[0].location if output else Location(after.path, after.line + 1)
    return Command(
        text="\n".join(line.text for line in head),
        source_lines=tuple(line.raw for line in head),
        location=head[0].location,
        expected=ExpectedOutput(tuple(line.raw for line in output), out_at),
        index=index,
    )


def parse_region(region: Region, path: Path, prompt: str = PROMPT) -> Block:
    """Turn one region into a Block; raises SnippetsError naming the bad line."""
    _, values = split_info(region.info, region.location)
    options = parse_options(values, region.location)
    lines = lex_console(region.lines, path, region.location.line + 1, prompt)
    groups: list[list[ConsoleLine]] = []
    for line in lines:
        if line.kind is LineKind.COMMAND:
            groups.append([])
        groups[-1].append(line)
    commands = tuple(_command(group, i) for i, group in enumerate(groups))
    return Block(
        region.location,
        region.end_line,
        region.info,
        options,
        commands,
        indent=region.prefix,
        prefix=region.prefix,
    )
