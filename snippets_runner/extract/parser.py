"""Attach meaning to console regions: commands, their expected output, options."""

from __future__ import annotations

from pathlib import Path

from ..model import (
    DEFAULT_SYNTAX,
    ELISION,
    Block,
    Command,
    ExpectedOutput,
    Location,
    OutputPolicy,
    Syntax,
)
from .block_options import parse_options, split_info
from .console import ConsoleLine, LineKind, lex_console
from .markdown import Region
from .patterns import found_in


def _expected(
    output: list[ConsoleLine], at: Location, syntax: Syntax, policy: OutputPolicy
) -> ExpectedOutput:
    """The published lines, with a site's whole-line elision marker read as ``[...]``.

    The first marker the output uses is the one update writes back; each line that
    is a marker (blanks around it aside) elides. A command with no published line
    is compared with nothing only under the ``prints-nothing`` policy.
    """
    markers = {marker.strip() for marker in syntax.elisions} - {ELISION}
    marker = next((line.raw for line in output if line.raw.strip() in markers), ELISION)
    lines = tuple(ELISION if line.raw.strip() in markers else line.raw for line in output)
    compared = any(line.strip() for line in lines) or policy is OutputPolicy.PRINTS_NOTHING
    return ExpectedOutput(lines, at, compared=compared, marker=marker)


def _command(group: list[ConsoleLine], index: int, syntax: Syntax, policy: OutputPolicy) -> Command:
    head = [line for line in group if line.kind not in (LineKind.OUTPUT, LineKind.COMMENT)]
    output = [line for line in group if line.kind is LineKind.OUTPUT]
    after = head[-1].location
    out_at = output[0].location if output else Location(after.path, after.line + 1)
    text = "\n".join(line.text for line in head)
    return Command(
        text=text,
        source_lines=tuple(line.raw for line in head),
        location=head[0].location,
        expected=_expected(output, out_at, syntax, policy),
        index=index,
        prompt=head[0].prompt,
        placeholders=found_in(text, syntax.placeholders),
    )


def parse_region(region: Region, path: Path, syntax: Syntax = DEFAULT_SYNTAX) -> Block:
    """Turn one region into a Block; raises SnippetsError naming the bad line."""
    language, values = split_info(region.info, region.location)
    options = parse_options(values, region.location)
    policy = options.output or syntax.output
    lines = lex_console(region.lines, path, region.location.line + 1, syntax)
    groups: list[list[ConsoleLine]] = []
    for line in lines:
        if line.kind is LineKind.COMMAND:
            groups.append([])
        if groups:
            groups[-1].append(line)
    commands = tuple(_command(group, i, syntax, policy) for i, group in enumerate(groups))
    return Block(
        region.location,
        region.end_line,
        region.info,
        options,
        commands,
        indent=region.prefix,
        prefix=region.prefix,
        language=language,
    )
