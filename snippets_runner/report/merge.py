"""Combine the reports of the shards of one run into one report of the same schema.

Merging refuses what would make the result lie: reports of different schema
versions (their keys mean different things), the same page in two reports
(which result would count?), two reports for the same shard, or shards of
different splits (1/2 and 1/3 do not add up to a run). A missing shard is
not refused -- a shard job that died should not hide the others' results --
but the merged ``run`` lists the shards it has, so readers see the gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import ReportError
from .schema import SCHEMA, VERSION


def _run(document: dict[str, Any]) -> dict[str, Any]:
    run = document.get("run")
    return run if isinstance(run, dict) else {}


def _agreed(values: list[str]) -> str:
    """One value when the shards agree, else every distinct one: never a silent pick."""
    distinct = sorted(set(values))
    return distinct[0] if len(distinct) == 1 else ", ".join(distinct)


def _cluster(runs: list[dict[str, Any]]) -> dict[str, str] | None:
    clusters = [r["cluster"] for r in runs if r.get("cluster")]
    if not clusters:
        return None
    keys = ("context", "server", "kubernetes_version")
    return {key: _agreed([str(c.get(key, "")) for c in clusters]) for key in keys}


def missing_shards(document: dict[str, Any]) -> list[int]:
    """Shard indexes a merged report lacks (empty for a complete or unsharded run)."""
    shards = _run(document).get("shards") or []
    if not shards:
        return []
    total = int(shards[0]["total"])
    return sorted(set(range(1, total + 1)) - {int(s["index"]) for s in shards})


def merge(documents: Sequence[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    """One report out of shard reports (``(path, document)`` pairs, paths for the errors)."""
    if not documents:
        raise ReportError("report merge: no reports given")
    versions = sorted({str(document.get("version")) for _, document in documents})
    for path, document in documents:
        if document.get("version") != VERSION:
            raise ReportError(
                f"{path}: report version {document.get('version')} cannot be merged "
                f"(versions given: {', '.join(versions)}; merge needs version {VERSION} "
                "everywhere): rerun the shards with the same snippets-runner"
            )
    seen: dict[tuple[str, str], Path] = {}
    for path, document in documents:
        for page in document["pages"]:
            key = (str(page["file"]), str(page["locale"]))
            if key in seen:
                raise ReportError(
                    f"{path}: page {key[0]} [{key[1] or '-'}] is also in {seen[key]}; "
                    "shards must not overlap"
                )
            seen[key] = path
    runs = [_run(document) for _, document in documents]
    shards = _shards(documents)
    pages = sorted(
        (page for _, document in documents for page in document["pages"]),
        key=lambda page: str(page["lesson"]),  # stable: a lesson's languages keep their order
    )
    summary = {key: 0 for key in ("passed", "failed", "skipped", "not_run")}
    for page in pages:
        for command in page["commands"]:
            summary[str(command["result"]).replace("-", "_")] += 1
    started = [str(r["started"]) for r in runs if r.get("started")]
    finished = [str(r["finished"]) for r in runs if r.get("finished")]
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "run": {
            "started": min(started) if started else None,  # ISO-8601 UTC sorts as text
            "finished": max(finished) if finished else None,
            "tool_version": _agreed([str(r.get("tool_version", "")) for r in runs]),
            "cluster": _cluster(runs),
            "shard": None,
            "shards": shards,
        },
        "summary": summary,
        "pages": pages,
    }


def _shards(documents: Sequence[tuple[Path, dict[str, Any]]]) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = []
    owner: dict[int, Path] = {}
    for path, document in documents:
        run = _run(document)
        for shard in run.get("shards") or ([run["shard"]] if run.get("shard") else []):
            index, total = int(shard["index"]), int(shard["total"])
            if listed and total != listed[0]["total"]:
                raise ReportError(
                    f"{path}: shard {index}/{total} is from another split than "
                    f"{owner[listed[0]['index']]} ({listed[0]['index']}/{listed[0]['total']})"
                )
            if index in owner:
                raise ReportError(f"{path}: shard {index}/{total} is already in {owner[index]}")
            owner[index] = path
            listed.append(
                {
                    "index": index,
                    "total": total,
                    "started": shard.get("started", run.get("started")),
                    "finished": shard.get("finished", run.get("finished")),
                    "cluster": shard.get("cluster", run.get("cluster")),
                }
            )
    return sorted(listed, key=lambda s: int(s["index"]))
