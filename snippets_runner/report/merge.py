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
from .document import (
    MAX_ITEMS,
    MAX_NAME,
    MAX_RELEASES,
    MAX_SHARD_RUNS,
    Cluster,
    PageRecord,
    Report,
    Run,
    ShardRun,
    release_key,
    release_of,
)


def _agreed(values: list[str]) -> str:
    """One value when the reports agree, else every distinct one: never a silent pick.

    As many as a name holds (``MAX_NAME``), then how many more: the merged report
    is one its readers load."""
    distinct = sorted(set(values))
    if len(distinct) == 1:
        return distinct[0]
    shown: list[str] = []
    room = MAX_NAME - 40
    for value in distinct:
        room -= len(value) + 2
        if room < 0:
            return ", ".join(shown) + f", and {len(distinct) - len(shown)} more"
        shown.append(value)
    return ", ".join(shown)


def _cluster(clusters: list[Cluster]) -> Cluster | None:
    """The one cluster every shard ran on, or None when they differ (``shards`` tells each)."""
    distinct = set(clusters)
    return distinct.pop() if len(distinct) == 1 else None


def missing_shards(report: Report) -> dict[str, list[range]]:
    """Shard indexes a merged report lacks, per release (oldest first), as runs of indexes:
    as many as the shards it has, plus one, however large the split (empty when complete).
    """
    found: dict[str, tuple[int, set[int]]] = {}
    for shard in report.run.shards if report.run else ():
        found.setdefault(shard.release, (shard.total, set()))[1].add(shard.index)
    missing: dict[str, list[range]] = {}
    for release in sorted(found, key=release_key):
        total, indexes = found[release]
        gaps, after = [], 0
        for index in [*sorted(i for i in indexes if i <= total), total + 1]:
            if index > after + 1:
                gaps.append(range(after + 1, index))
            after = index
        if gaps:
            missing[release] = gaps
    return missing


def shard_list(runs: Sequence[range]) -> str:
    """``[range(2, 4), range(6, 1001)]`` -> ``2, 3, 6-1000``: a long run named by its ends."""
    return ", ".join(
        f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )


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
    _fits(len(shards), len(pages), len({release for _, _, release in seen}))
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


def _fits(shards: int, pages: int, releases: int) -> None:
    """The merged report is one its readers load: refused here, not by the next job."""
    for count, bound, what in (
        (shards, MAX_SHARD_RUNS, "shard runs"),
        (pages, MAX_ITEMS, "pages"),
        (releases, MAX_RELEASES, "releases"),
    ):
        if count > bound:
            raise ReportError(
                f"report merge: the reports hold {count} {what} together, "
                f"more than one report may ({bound})"
            )


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
    """Every shard run, checked per release: one split, each shard once.

    Each run is looked up among its release's, never compared with every other one:
    the work grows with the shard runs, not with their square."""
    first: dict[str, tuple[Path, ShardRun]] = {}
    """The first shard run of each release: its split is the release's."""
    where: dict[tuple[str, int], Path] = {}
    listed: list[tuple[tuple[int, ...], int, ShardRun]] = []
    for path, report in reports:
        for shard in _shard_runs(report):
            release = shard.release
            on = f" (Kubernetes {release})" if release else ""
            other_path, other = first.setdefault(release, (path, shard))
            if shard.total != other.total:
                raise ReportError(
                    f"{path}: shard {shard.index}/{shard.total}{on} is from another split "
                    f"than {other_path} ({other.index}/{other.total})"
                )
            if (release, shard.index) in where:
                raise ReportError(
                    f"{path}: shard {shard.index}/{shard.total}{on} is already in "
                    f"{where[release, shard.index]}"
                )
            where[release, shard.index] = path
            listed.append((release_key(release), shard.index, shard))
    return [shard for *_, shard in sorted(listed, key=lambda item: item[:2])]


__all__ = ["merge", "missing_shards", "release_of", "shard_list"]
