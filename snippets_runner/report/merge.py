"""Combine the reports of one night into one report: its shards, on every release it ran.

A nightly run verifies the lessons in shards, on each supported Kubernetes
release. Merging keeps every release's results: a page appears once per
release it ran on (``PageRecord.kubernetes_version``), and a page passed on a
release only when all of its commands passed there.

Merging refuses what would make the result lie: the same page twice on one
release (which result would count?), two reports for the same shard of a
release, or shards of one release from different splits (1/2 and 1/3 do not
add up to a run). Reports of other schema versions never get here: loading
refuses them (report.document). A missing shard is not refused -- a shard job
that died should not hide the others' results -- but the merged ``run`` lists
the shards it has, per release, so readers see the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import ReportError
from .document import Cluster, PageRecord, Report, Run, ShardRun, release_key, release_of


def _agreed(values: list[str]) -> str:
    """One value when the reports agree, else every distinct one: never a silent pick."""
    distinct = sorted(set(values))
    return distinct[0] if len(distinct) == 1 else ", ".join(distinct)


def _cluster(clusters: list[Cluster]) -> Cluster | None:
    """The one cluster every shard ran on, or None when they differ (``shards`` tells each)."""
    distinct = set(clusters)
    return distinct.pop() if len(distinct) == 1 else None


def missing_shards(report: Report) -> dict[str, list[int]]:
    """Shard indexes a merged report lacks, per release (empty for a complete run)."""
    shards = report.run.shards if report.run else ()
    missing: dict[str, list[int]] = {}
    for release in sorted({s.release for s in shards}):
        mine = [s for s in shards if s.release == release]
        gap = sorted(set(range(1, mine[0].total + 1)) - {s.index for s in mine})
        if gap:
            missing[release] = gap
    return missing


def merge(reports: Sequence[tuple[Path, Report]]) -> Report:
    """One report out of shard reports (``(path, report)`` pairs, paths for the errors)."""
    if not reports:
        raise ReportError("report merge: no reports given")
    seen: dict[tuple[str, str, str], Path] = {}
    for path, report in reports:
        for page in report.pages:
            key = (page.file, page.locale, page.release)
            if key in seen:
                on = f" on Kubernetes {page.release}" if page.release else ""
                raise ReportError(
                    f"{path}: page {page.file} [{page.locale or '-'}]{on} is also in "
                    f"{seen[key]}; shards must not overlap"
                )
            seen[key] = path
    runs = [report.run for _, report in reports if report.run is not None]
    shards = _shards(reports)
    pages: list[PageRecord] = sorted(
        (page for _, report in reports for page in report.pages),
        # stable: a lesson's languages keep their order; releases oldest first
        key=lambda page: (page.lesson, release_key(page.release)),
    )
    started = [r.started for r in runs if r.started]
    finished = [r.finished for r in runs if r.finished]
    clusters = [s.cluster for s in shards if s.cluster] or [r.cluster for r in runs if r.cluster]
    run = Run(
        started=min(started) if started else None,  # ISO-8601 UTC sorts as text
        finished=max(finished) if finished else None,
        tool_version=_agreed([r.tool_version for r in runs]),
        cluster=_cluster(clusters),
        shard=None,
        shards=tuple(shards),
    )
    return Report.build(run, tuple(pages))


def _shard_runs(report: Report) -> list[ShardRun]:
    """The shard runs a report stands for: a merged report's list, or its own shard."""
    run = report.run
    if run is None:
        return []
    if run.shards:
        return list(run.shards)
    if run.shard is None:
        return []
    return [ShardRun(run.shard.index, run.shard.total, run.started, run.finished, run.cluster)]


def _shards(reports: Sequence[tuple[Path, Report]]) -> list[ShardRun]:
    """Every shard run, checked per release: one split, each shard once."""
    listed: list[tuple[Path, ShardRun]] = []
    for path, report in reports:
        for shard in _shard_runs(report):
            release = shard.release
            on = f" (Kubernetes {release})" if release else ""
            for other_path, other in listed:
                if other.release != release:
                    continue
                if shard.total != other.total:
                    raise ReportError(
                        f"{path}: shard {shard.index}/{shard.total}{on} is from another split "
                        f"than {other_path} ({other.index}/{other.total})"
                    )
                if shard.index == other.index:
                    raise ReportError(
                        f"{path}: shard {shard.index}/{shard.total}{on} is already in {other_path}"
                    )
            listed.append((path, shard))
    return sorted((shard for _, shard in listed), key=lambda s: (release_key(s.release), s.index))


__all__ = ["merge", "missing_shards", "release_of"]
