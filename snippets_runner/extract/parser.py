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
from .console import ConsoleSplit, LineKind, split_console
from .markdown import Region
from .patterns import found_in


class _Commands:
    """Reads the commands of one block out of its classified lines; what every command is
    read with (the site's elision markers, the output policy) is worked out once."""

    def __init__(
        self,
        lines: tuple[str, ...],
        split: ConsoleSplit,
        path: Path,
        first_line: int,
        syntax: Syntax,
        policy: OutputPolicy,
    ) -> None:
        self.lines = lines
        self.kinds = split.kinds
        self.path = path
        self.first_line = first_line
        self.placeholders = syntax.placeholders
        self.markers = frozenset(marker.strip() for marker in syntax.elisions) - {ELISION}
        """The site's own elision markers: most sites have none besides ``[...]``."""
        self.empty_compared = policy is OutputPolicy.PRINTS_NOTHING

    def command(self, index: int, start: int, end: int, prompt: str, first: str) -> Command:
        """The command whose COMMAND line is ``lines[start]``, with ``first`` its text after
        the prompt, and whose lines end before ``lines[end]``.

        Its lines come in the order `split_console` promises: the command line, its
        continuation and heredoc lines (the command's text, as written), its output,
        then its comment lines (neither run nor compared).
        """
        kinds = self.kinds
        head = start + 1
        while (
            head < end
            and kinds[head] is not LineKind.OUTPUT
            and kinds[head] is not LineKind.COMMENT
        ):
            head += 1
        last = end
        while last > head and kinds[last - 1] is LineKind.COMMENT:
            last -= 1
        source_lines = self.lines[start:head]
        text = first if head == start + 1 else "\n".join((first, *source_lines[1:]))
        return Command(
            text=text,
            source_lines=source_lines,
            location=Location(self.path, self.first_line + start),
            # the first output line, or the line it would be on
            expected=self._expected(self.lines[head:last], self.first_line + head),
            index=index,
            prompt=prompt,
            placeholders=found_in(text, self.placeholders) if self.placeholders else (),
        )

    def _expected(self, output: tuple[str, ...], line: int) -> ExpectedOutput:
        """The published lines, with a site's whole-line elision marker read as ``[...]``.

        The first marker the output uses is the one update writes back; each line that
        is a marker (blanks around it aside) elides. A command with no published line
        is compared with nothing only under the ``prints-nothing`` policy.
        """
        marker, lines = ELISION, output
        if markers := self.markers:
            marker = next((raw for raw in output if raw.strip() in markers), ELISION)
            lines = tuple(ELISION if raw.strip() in markers else raw for raw in output)
        compared = self.empty_compared or any(raw.strip() for raw in lines)
        return ExpectedOutput(lines, Location(self.path, line), compared=compared, marker=marker)


def parse_region(region: Region, path: Path, syntax: Syntax = DEFAULT_SYNTAX) -> Block:
    """Turn one region into a Block; raises SnippetsError naming the bad line."""
    language, values = split_info(region.info, region.location)
    options = parse_options(values, region.location)
    policy = options.output or syntax.output
    first_line = region.location.line + 1
    split = split_console(region.lines, path, first_line, syntax)
    read = _Commands(region.lines, split, path, first_line, syntax, policy)
    ends = [start for start, _, _ in split.commands[1:]]
    ends.append(len(region.lines))
    commands = tuple(
        read.command(index, start, end, prompt, text)
        for index, ((start, prompt, text), end) in enumerate(zip(split.commands, ends, strict=True))
    )
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
