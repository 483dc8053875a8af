"""Judge a translation against the run of its lesson's primary page.

Translations publish the same commands (parity lint checks it), so running
them again would only double the cluster time and could disagree for
reasons that have nothing to do with the page.  Each translated command is
matched against the real output its primary twin printed.

One run can only stand for a translation whose structure is the same: if a
translated block says ``exit="1"`` where the primary says ``exit="0"`` (or
``skip``, ``retry``, ``timeout`` differ, or the commands do), the run says
nothing about the translation, so its commands are NOT RUN with the parity
message -- never passed on the primary's options.
"""

from __future__ import annotations

from dataclasses import replace

from ..match import match
from ..model import Command, Page
from .results import CommandResult, Failure, PageResult, Reason, Result
from .runner import not_run


def _mismatch(page: Page, ran: PageResult) -> Failure | None:
    from ..parity import page_parity  # the lint stack loads only for a site with translations

    problems = list(page_parity(ran.page, page, outputs=False))
    if not problems:
        return None
    first = problems[0]
    return Failure(Reason.TRANSLATION_MISMATCH, first.location, first.message.splitlines()[0])


def _judge(command: Command, twin: CommandResult, page: Page) -> CommandResult:
    """The translated command judged by its twin's run.

    The twin's failures that are not about output (status, timeout) are the
    translation's too. Where the translation publishes no output and says it is
    not published, its output is not compared: RAN, whatever the twin's page
    publishes. Otherwise its own published output is matched against the real
    output -- also when the twin itself was not compared (RAN, no match).
    """
    if twin.verdict in (Result.SKIPPED, Result.NOT_RUN):
        return replace(twin, command=command)
    failure = twin.failure if twin.reason not in (None, Reason.OUTPUT_DIFFERS) else None
    if not command.expected.compared:
        verdict = Result.FAILED if failure else Result.RAN
        return replace(twin, command=command, match=None, verdict=verdict, failure=failure)
    if twin.match is None and failure is not None:  # timed out while matching, say
        return replace(twin, command=command)
    from ..match.origin import origin_for  # loads on first use, as in the runner

    outcome = match(command.expected, twin.output, origin_for(page, command))
    if failure is None and not outcome.matched:
        failure = Failure(Reason.OUTPUT_DIFFERS)
    verdict = Result.FAILED if failure else Result.PASSED
    return replace(twin, command=command, match=outcome, verdict=verdict, failure=failure)


def rematch(page: Page, ran: PageResult) -> PageResult:
    """``page``'s expected output judged against ``ran``'s real output, command by command."""
    pairs = [(block, command) for block in page.blocks for command in block.commands]
    mismatch = _mismatch(page, ran)
    if mismatch is not None:
        return PageResult(page, tuple(not_run(b, c, mismatch) for b, c in pairs), 0.0)
    results = []
    for (_, command), twin in zip(pairs, ran.commands, strict=True):
        results.append(_judge(command, twin, page))
    return PageResult(page, tuple(results), 0.0)
