"""Which pages of a report can be fixed by `update`: their only fault is drifted output.

A command that failed its exit status, timed out or did not run is not
drift; rewriting its output would paper over a real problem, so those
lessons are left to a person: a lesson is drifted only when some command's
output drifted and no command of any of its pages failed otherwise. Every
language of a drifted lesson is named, because `update` rewrites all
languages of a lesson together. The decision reads the command's
:class:`~snippets_runner.run.results.Reason`, never the words of its note.

Only the release the pages publish is drift `update` may follow: output that
an older release prints differently is a variant to declare, not a page to
rewrite. With ``release`` given, only that release's drift counts; a real
failure counts on every release the report holds (a merged report), since
a lesson broken on one release is a person's to look at, not an output
drift pull request's.
"""

from __future__ import annotations

from ..run.results import Result
from .document import CommandRecord, Report


def is_drift(command: CommandRecord) -> bool:
    """Failed only because its output differs, with the status the page expects."""
    return (
        command.result is Result.FAILED
        and command.reason is not None
        and command.reason.fixable_by_update
        and command.exit_status == command.expected_exit
    )


def is_broken(command: CommandRecord) -> bool:
    """Failed or did not run for a reason rewriting its output cannot mend."""
    return command.result is Result.NOT_RUN or (
        command.result is Result.FAILED and not is_drift(command)
    )


def drifted_files(report: Report, release: str | None = None) -> list[str]:
    """The page files (every language) of lessons whose only fault is drifted output, in
    report order.

    Each file once, whatever number of releases the report holds.
    """
    pages = [p for p in report.pages if release is None or p.release == release]
    drifted = {page.lesson for page in pages if any(map(is_drift, page.commands))}
    broken = {page.lesson for page in report.pages if any(map(is_broken, page.commands))}
    files = [page.file for page in pages if page.lesson in drifted - broken]
    return list(dict.fromkeys(files))
