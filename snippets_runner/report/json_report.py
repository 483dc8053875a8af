"""Machine-readable results, for dashboards, the site, merging shards and the update mode.

Schema ``snippets-runner/verify``, version 2 (bump ``VERSION`` in report/schema.py
on any incompatible change; adding keys is compatible, so a version-1 reader still
finds every key it knew; readers refuse versions they do not know)::

    {
      "schema": "snippets-runner/verify",
      "version": 2,
      "run": {                               # new in 2
        "started": str, "finished": str,     # ISO-8601 UTC, e.g. 2026-11-28T21:30:00Z
        "tool_version": str,                 # snippets_runner.__version__
        "cluster": {"context": str, "server": str, "kubernetes_version": str} | null,
                                             # null: no page needed a cluster
        "shard": {"index": int, "total": int} | null,   # null: every lesson
        "shards": [{"index", "total", "started", "finished", "cluster"}]
                                             # only in merged reports: what was merged
      },
      "summary": {"passed": int, "failed": int, "skipped": int, "not_run": int},
      "pages": [{
        "file": str, "locale": str, "lesson": str, "duration": float,
        "content_hash": str,                 # new in 2: report.fingerprint.page_fingerprint
                                             # (blocks; lab manifests' paths and bytes)
        "commands": [{
          "file": str, "line": int,          # the command's `~$` line
          "locale": str, "lesson": str,
          "command": str,                    # masked
          "result": "passed" | "failed" | "skipped" | "not-run",
          "exit_status": int | null,         # null: not run or killed by a timeout
          "expected_exit": int,
          "duration": float,                 # seconds, all tries
          "tries": int,                      # 0 when not run
          "timed_out": bool,
          "note": str,                       # why it failed or did not run
          "normalizers": [str],              # normalizers the match relied on
          "expected": [str],                 # published lines, masked
          "output": str,                     # real output, masked
          "diff": str                        # new in 2: published vs real, "" unless failed;
                                             # for people: the changes as hunks (report.hunks),
                                             # invisible characters of changed rows as ␉ or
                                             # [U+00A0] (report.visible); data is in "output"
        }]
      }]
    }

Strings are masked with the same Masker as the terminal report. The MkDocs
plugin reads ``run`` and ``content_hash`` to tell readers which Kubernetes a
page was verified on and whether the page changed since; merged shard
reports (``report merge``) have the same shape, so every reader takes both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import ReportError
from ..run.results import CommandResult, PageResult, Result
from ..shard import Shard
from .atomic import write_atomic
from .diff import plain
from .fingerprint import page_fingerprint
from .masker import Masker
from .schema import SCHEMA, VERSION, validate
from .summary import Summary


def timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with a ``Z``, to the second: sortable as text and by machines."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ClusterInfo:
    context: str
    server: str
    kubernetes_version: str


@dataclass(frozen=True)
class RunInfo:
    """What a report vouches for beyond its results: when, with what, on which cluster."""

    started: datetime
    finished: datetime
    cluster: ClusterInfo | None = None
    shard: Shard | None = None
    tool_version: str = __version__

    def render(self) -> dict[str, Any]:
        cluster = self.cluster
        return {
            "started": timestamp(self.started),
            "finished": timestamp(self.finished),
            "tool_version": self.tool_version,
            "cluster": None
            if cluster is None
            else {
                "context": cluster.context,
                "server": cluster.server,
                "kubernetes_version": cluster.kubernetes_version,
            },
            "shard": None
            if self.shard is None
            else {"index": self.shard.index, "total": self.shard.total},
        }


def _command(page: PageResult, result: CommandResult, mask: Masker) -> dict[str, Any]:
    command = result.command
    return {
        "file": str(command.location.path),
        "line": command.location.line,
        "locale": page.page.locale,
        "lesson": page.page.lesson,
        "command": mask(command.text),
        "result": result.verdict.value,
        "exit_status": result.exit_status,
        "expected_exit": result.expected_exit,
        "duration": round(result.duration, 6),
        "tries": result.tries,
        "timed_out": result.timed_out,
        "note": mask(result.note),
        "normalizers": sorted(result.match.normalizers) if result.match else [],
        "expected": [mask(line) for line in command.expected.lines],
        "output": mask(result.output),
        "diff": plain(result, mask) if result.verdict is Result.FAILED else "",
    }


def summary_of(pages: list[PageResult]) -> dict[str, int]:
    summary = Summary.of(pages)
    return {
        "passed": summary.passed,
        "failed": summary.failed,
        "skipped": summary.skipped,
        "not_run": summary.not_run,
    }


def render(pages: Iterable[PageResult], mask: Masker, run: RunInfo | None = None) -> dict[str, Any]:
    """The report document; ``run`` is null only for callers that have no run to describe."""
    pages = list(pages)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "run": run.render() if run else None,
        "summary": summary_of(pages),
        "pages": [
            {
                "file": str(page.page.path),
                "locale": page.page.locale,
                "lesson": page.page.lesson,
                "duration": round(page.duration, 6),
                "content_hash": page_fingerprint(page.page),
                "commands": [
                    _command(page, c, mask.for_page(page.page.path)) for c in page.commands
                ],
            }
            for page in pages
        ],
    }


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(
    path: Path, pages: Iterable[PageResult], mask: Masker, run: RunInfo | None = None
) -> None:
    write_atomic(path, dump(render(pages, mask, run)))


def read(path: Path) -> dict[str, Any]:
    """A report file, checked to be one: merge, trend and --durations trust its shape.

    The same check as the site's (report.schema.validate), so the site never
    trusts a report the runner refuses. A UTF-8 byte order mark is accepted
    (PowerShell writes one); any other undecodable file is a ReportError.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise ReportError(f"{path}: cannot read report: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path}:{exc.lineno}: not a JSON report: {exc.msg}") from None
    except UnicodeDecodeError as exc:
        raise ReportError(
            f"{path}: report is not UTF-8 text (byte {exc.object[exc.start]:#04x} "
            f"at offset {exc.start})"
        ) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of 5,000 digits, [[[[...
        raise ReportError(f"{path}: not a JSON report: {exc}") from None
    return validate(document, path)


def read_durations(path: Path) -> dict[str, float]:
    """The lesson durations of the report at ``path`` (--durations, --snippets-durations).

    A report whose pages lack a lesson or a duration is a ReportError like an
    unreadable one, for the command line and pytest alike.
    """
    document = read(path)
    try:
        return lesson_durations(document)
    except (KeyError, TypeError, ValueError) as exc:  # pages whose entries are not a report's
        raise ReportError(f"{path}: not a usable report ({type(exc).__name__}: {exc})") from None


def lesson_durations(document: dict[str, Any]) -> dict[str, float]:
    """Seconds each lesson took: its slowest page (the primary; translations are re-judged)."""
    durations: dict[str, float] = {}
    for page in document["pages"]:
        lesson = str(page["lesson"])
        durations[lesson] = max(durations.get(lesson, 0.0), float(page["duration"]))
    return durations
