"""Which pages of a report can be fixed by `update`: their only fault is drifted output.

A command that failed its exit status, timed out or did not run is not
drift; rewriting its output would paper over a real problem, so those
lessons are left to a person. Every language of a drifted lesson is named,
because `update` rewrites all languages of a lesson together. The decision
reads the command's :class:`~snippets_runner.run.results.Reason`, never the
words of its note.

Only the release the pages publish is drift `update` may follow: output that
an older release prints differently is a variant to declare, not a page to
rewrite. With ``release`` given, only that release's results count.
"""

from __future__ import annotations

from ..run.results import Result
from .document import CommandRecord, Report


def is_drift(command: CommandRecord) -> bool:
    return (
        command.result is Result.FAILED
        and command.reason is not None
        and command.reason.fixable_by_update
        and command.exit_status == command.expected_exit
    )


def drifted_files(report: Report, release: str | None = None) -> list[str]:
    """The page files (every language) of lessons with drifted output, in report order.

    Each file once, whatever number of releases the report holds.
    """
    pages = [p for p in report.pages if release is None or p.release == release]
    lessons = {page.lesson for page in pages if any(map(is_drift, page.commands))}
    files = [page.file for page in pages if page.lesson in lessons]
    return list(dict.fromkeys(files))
