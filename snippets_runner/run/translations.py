"""Judge a translation against the run of its lesson's primary page.

Translations publish the same commands (parity lint checks it), so running
them again would only double the cluster time and could disagree for
reasons that have nothing to do with the page.  Each translated command is
matched against the real output its primary twin printed.
"""

from __future__ import annotations

from dataclasses import replace

from ..match import match
from ..model import Page
from .results import CommandResult, PageResult, Result


def rematch(page: Page, ran: PageResult) -> PageResult:
    """``page``'s expected output judged against ``ran``'s real output, command by command."""
    commands = page.commands
    if [c.text for c in commands] != [c.command.text for c in ran.commands]:
        note = f"not run: its commands differ from {ran.page.path} (see lint)"
        return PageResult(
            page,
            tuple(
                CommandResult(c, Result.NOT_RUN, None, 0, "", 0.0, tries=0, note=note)
                for c in commands
            ),
            0.0,
        )
    results = []
    for command, twin in zip(commands, ran.commands, strict=True):
        if twin.verdict in (Result.SKIPPED, Result.NOT_RUN) or twin.match is None:
            results.append(replace(twin, command=command))
            continue
        outcome = match(command.expected, twin.output)
        failed = bool(twin.note and twin.note != "output differs") or not outcome.matched
        note = twin.note if twin.note != "output differs" else ""
        note = note or ("output differs" if not outcome.matched else "")
        verdict = Result.FAILED if failed else Result.PASSED
        results.append(replace(twin, command=command, match=outcome, verdict=verdict, note=note))
    return PageResult(page, tuple(results), 0.0)
