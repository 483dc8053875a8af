"""Writing the verify report: run results in, the typed document (report.document) out.

The schema, its version and its validation live in report/document.py, the
one description of the file that every reader loads. This module only turns
a run's :class:`~snippets_runner.run.results.PageResult` values into that
document, masking every string with the same Masker as the terminal report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ReportError
from ..files import write_atomic
from ..run.results import CommandResult, PageResult, Result
from ..secrets import Masker
from ..shard import Shard
from .diff import records
from .document import (
    Cluster,
    CommandRecord,
    OldReportError,
    PageRecord,
    Report,
    Run,
    ShardRef,
    dump,
    load,
    to_json,
)
from .fingerprint import page_fingerprint


def timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with a ``Z``, to the second: sortable as text and by machines."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


ClusterInfo = Cluster
"""The cluster a run used (the document's own type)."""


@dataclass(frozen=True)
class RunInfo:
    """What a report vouches for beyond its results: when, with what, on which cluster."""

    started: datetime
    finished: datetime
    cluster: Cluster | None = None
    shard: Shard | None = None
    tool_version: str = __version__

    def record(self) -> Run:
        return Run(
            started=timestamp(self.started),
            finished=timestamp(self.finished),
            tool_version=self.tool_version,
            cluster=self.cluster,
            shard=None if self.shard is None else ShardRef(self.shard.index, self.shard.total),
        )


def _command(page: PageResult, result: CommandResult, mask: Masker) -> CommandRecord:
    command = result.command
    return CommandRecord(
        file=str(command.location.path),
        line=command.location.line,
        locale=page.page.locale,
        lesson=page.page.lesson,
        command=mask(command.text),
        result=result.verdict,
        reason=result.reason,
        exit_status=result.exit_status,
        expected_exit=result.expected_exit,
        duration=round(result.duration, 6),
        tries=result.tries,
        timed_out=result.timed_out,
        note=mask(result.note),
        normalizers=tuple(sorted(result.match.normalizers)) if result.match else (),
        expected=tuple(mask(line) for line in command.expected.lines),
        output=mask(result.output),
        diff=records(result, mask) if result.verdict is Result.FAILED else (),
    )


def document(pages: Iterable[PageResult], mask: Masker, run: RunInfo | None = None) -> Report:
    """The report of a run; ``run`` is None only for callers that have no run to describe."""
    version = run.cluster.kubernetes_version if run and run.cluster else ""
    records = tuple(
        PageRecord(
            file=str(page.page.path),
            locale=page.page.locale,
            lesson=page.page.lesson,
            duration=round(page.duration, 6),
            content_hash=page_fingerprint(page.page),
            kubernetes_version=version,
            commands=tuple(_command(page, c, mask.for_page(page.page.path)) for c in page.commands),
        )
        for page in pages
    )
    return Report.build(run.record() if run else None, records)


def render(pages: Iterable[PageResult], mask: Masker, run: RunInfo | None = None) -> dict[str, Any]:
    """The report as JSON values, as written to the file."""
    return to_json(document(pages, mask, run))


def write(
    path: Path, pages: Iterable[PageResult], mask: Masker, run: RunInfo | None = None
) -> None:
    write_atomic(path, dump(document(pages, mask, run)))


def read(path: Path) -> Report:
    """A report file, validated (report.document.load): merge, trend and --durations read it."""
    return load(path)


def read_durations(path: Path) -> dict[str, float]:
    """The lesson durations of the report at ``path`` (--durations, --snippets-durations)."""
    return lesson_durations(read(path))


def lesson_durations(report: Report) -> dict[str, float]:
    """Seconds each lesson took: its slowest page (the primary; translations are re-judged)."""
    durations: dict[str, float] = {}
    for page in report.pages:
        durations[page.lesson] = max(durations.get(page.lesson, 0.0), page.duration)
    return durations


__all__ = [
    "ClusterInfo",
    "OldReportError",
    "ReportError",
    "RunInfo",
    "document",
    "lesson_durations",
    "read",
    "read_durations",
    "render",
    "timestamp",
    "write",
]
