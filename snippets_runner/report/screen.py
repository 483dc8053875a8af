"""The terminal report: a progress bar while running, then what a writer must fix.

Failures name ``file:line`` first (editors and CI make it a link), then the
command and a coloured diff in which normalized parts are underlined in cyan,
so a writer sees both what differs and what was deliberately tolerated.
The progress bar goes to stderr and disappears; stdout keeps only the report.

rich is imported only when there is something to draw: a bar for someone
watching a terminal, or a failure to colour.  A run where every command
passed prints one plain line, the same text rich would print, and so does
not pay rich's import (a third of a one-command page's time).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ..run.results import CommandResult, PageResult, Reason, Result
from ..secrets import Masker
from ..textdiff.visible import CONTROL_PICTURES, Marks
from .counts import Summary

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

_STYLES = {" ": "", "~": "cyan", "-": "red", "+": "green", "…": "dim"}
_VISIBLE = {c: p for c, p in CONTROL_PICTURES.items() if c != 0x09}
"""Control characters as Unicode control pictures (ESC as ␛, NUL as ␀), one for one.

Output a command printed may hold escape sequences; sent raw, they would
recolour or move the writer's terminal instead of showing what differs.
Mapping each to one visible character keeps the diff's highlight spans aligned.
A tab keeps its layout on rows that agree; a changed row shows it as ``␉``
already (``diff`` marks what does not show on changed rows, see ``visible``).
"""
_MARK = "reverse"
"""A stand-in for an invisible character stands out from text printed as such."""


@contextmanager
def progress_bar(total: int, console: Console | None = None) -> Iterator[Callable[[], None]]:
    """Yield the function that advances the bar by one command.

    Without a console given and with stderr not a terminal (CI, a pipe, a
    log file) there is no one to watch a bar that disappears: nothing is drawn.
    """
    if console is None and not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console or Console(stderr=True),
        transient=True,
    ) as progress:
        task = progress.add_task("verifying", total=total)
        yield lambda: progress.advance(task)


def _row_text(sign: str, text: str, spans: Iterable[tuple[int, int]], marks: Marks = ()) -> Text:
    from rich.text import Text

    line = Text(f"  {sign} ", style=_STYLES[sign])
    body = Text(text.translate(_VISIBLE), style=_STYLES[sign] if sign != "~" else "")
    for start, end in spans:
        body.stylize("bold cyan underline", start, end)
    for start, end in marks:
        body.stylize(_MARK, start, end)
    line.append_text(body)
    return line


def print_failure(console: Console, result: CommandResult, mask: Masker) -> None:
    from rich.text import Text

    from ..textdiff.hunks import HEADER
    from .diff import rows

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
    published, real = HEADER
    console.print(Text(f"  {published}", style="red"))
    console.print(Text(f"  {real}", style="green"))
    for row in rows(result, mask):
        spans = ((s.start, s.end) for s in row.spans)
        console.print(_row_text(row.sign, row.text, spans, row.marks))
    console.print()


def _placeholder_notes(page: PageResult) -> list[str]:
    """One line per block skipped for a placeholder without a value: it ran nothing, and
    the commands after it ran without what it would have done."""
    skipped = [c for c in page.commands if c.reason is Reason.PLACEHOLDER]
    notes: dict[str, int] = {}
    for result in skipped:
        notes[result.note] = notes.get(result.note, 0) + 1
    return [f"{n} command(s) of {page.page.path} {note}." for note, n in notes.items()]


def print_report(
    pages: Iterable[PageResult], mask: Masker, console: Console | None = None
) -> Summary:
    """Every failure, a note for commands that could not run or were skipped for a
    placeholder, then the closing line.

    Without a console, the report goes to stdout: as plain text when every
    command passed (nothing to colour), through rich otherwise.
    """
    pages = list(pages)
    summary = Summary.of_pages(pages)
    if console is None and summary.ok and not any(map(_placeholder_notes, pages)):
        sys.stdout.write(summary.line() + "\n")
        return summary
    from rich.console import Console
    from rich.text import Text

    console = console or Console(highlight=False, soft_wrap=True)
    for page in pages:
        shown = mask.for_page(page.page.path)  # a value the page publishes stays readable
        for result in page.commands:
            if result.verdict is Result.FAILED:
                print_failure(console, result, shown)
        not_run = [c for c in page.commands if c.verdict is Result.NOT_RUN]
        if not_run:
            message = f"{len(not_run)} command(s) of {page.page.path} {shown(not_run[0].note)}."
            console.print(Text(message, style="yellow"))
        for note in _placeholder_notes(page):
            console.print(Text(shown(note), style="yellow"))
    console.print(summary.line(), style=None if summary.ok else "bold", highlight=False)
    return summary
