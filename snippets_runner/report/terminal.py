"""The terminal report: a progress bar while running, then what a writer must fix.

Failures name ``file:line`` first (editors and CI make it a link), then the
command and a coloured diff in which normalized parts are underlined in cyan,
so a writer sees both what differs and what was deliberately tolerated.
The progress bar goes to stderr and disappears; stdout keeps only the report.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from ..run.results import CommandResult, PageResult, Result
from .diff import rows
from .masker import Masker
from .summary import Summary

_STYLES = {" ": "", "~": "cyan", "-": "red", "+": "green", "…": "dim"}
_VISIBLE = {c: 0x2400 + c for c in (*range(0x20), 0x7F) if c != 0x09}
"""Control characters as Unicode control pictures (ESC as ␛, NUL as ␀), one for one.

Output a command printed may hold escape sequences; sent raw, they would
recolour or move the writer's terminal instead of showing what differs.
Mapping each to one visible character keeps the diff's highlight spans aligned.
"""
_VISIBLE[0x7F] = 0x2421


def progress_bar(total: int, console: Console | None = None) -> Progress:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )
    progress.add_task("verifying", total=total)
    return progress


def _row_text(sign: str, text: str, spans: Iterable[tuple[int, int]]) -> Text:
    line = Text(f"  {sign} ", style=_STYLES[sign])
    body = Text(text.translate(_VISIBLE), style=_STYLES[sign] if sign != "~" else "")
    for start, end in spans:
        body.stylize("bold cyan underline", start, end)
    line.append_text(body)
    return line


def print_failure(console: Console, result: CommandResult, mask: Masker) -> None:
    command = result.command
    console.print(
        Text.assemble(
            ("FAILED ", "bold red"), (str(command.location), "bold"), f"  {mask(result.note)}"
        )
    )
    for i, text in enumerate(mask(command.text).splitlines()):
        console.print(Text(f"  {'~$' if i == 0 else '  '} {text}", style="bold"))
    if result.tries > 1:
        console.print(Text(f"  ({result.tries} tries in {result.duration:.1f}s)", style="dim"))
    console.print(Text("  --- published", style="red"))
    console.print(Text("  +++ real", style="green"))
    for row in rows(result, mask):
        console.print(_row_text(row.sign, row.text, ((s.start, s.end) for s in row.spans)))
    console.print()


def print_report(console: Console, pages: Iterable[PageResult], mask: Masker) -> Summary:
    """Every failure, a note for commands that could not run, then the closing line."""
    pages = list(pages)
    for page in pages:
        shown = mask.for_page(page.page.path)  # a value the page publishes stays readable
        for result in page.commands:
            if result.verdict is Result.FAILED:
                print_failure(console, result, shown)
        not_run = [c for c in page.commands if c.verdict is Result.NOT_RUN]
        if not_run:
            message = f"{len(not_run)} command(s) of {page.page.path} {shown(not_run[0].note)}."
            console.print(Text(message, style="yellow"))
    summary = Summary.of(pages)
    console.print(summary.line(), style=None if summary.ok else "bold", highlight=False)
    return summary
