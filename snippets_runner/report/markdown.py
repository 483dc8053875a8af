"""The Markdown summary of a (merged) report, sized for a CI job summary page.

GitHub shows ``$GITHUB_STEP_SUMMARY`` on the run page and caps it at 1 MiB,
so the summary leads with what a writer must act on (counts, then each
failure as ``file:line``, the command and a short diff) and cuts long diffs
and long failure lists instead of growing without bound. Durations and the
slowest lessons follow, so a run that got slow is visible too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from . import hunks
from .merge import missing_shards
from .trend import lesson_rows, render_trend

MAX_FAILURES = 25
"""Failures shown in full; the rest are listed by file:line only."""
MAX_DIFF_LINES = 20
"""Lines of a failure's diff shown, its two header lines included."""
SLOWEST = 10


def _fence(text: str, info: str) -> str:
    """A fence longer than any backtick run in ``text``, so output cannot close it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text}\n{ticks}"


def _seconds(value: float) -> str:
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{value:.1f}s"


def _elapsed(run: dict[str, Any]) -> str:
    try:
        start = datetime.fromisoformat(str(run["started"]))
        end = datetime.fromisoformat(str(run["finished"]))
    except (KeyError, TypeError, ValueError):
        return ""
    return f" ({_seconds((end - start).total_seconds())} wall clock)"


def _short_diff(diff: str) -> str:
    """The diff cut to ``MAX_DIFF_LINES`` lines, chosen as every report chooses (``hunks``).

    The text comes from a report document, so its rows are read back by
    their first character; a line the diff left out already stays a count.
    """
    lines = diff.split("\n")  # not splitlines(): a row may hold a form feed or U+2028
    header = lines[:2] if tuple(lines[:2]) == hunks.HEADER else []
    body = lines[len(header) :]
    signs = [line[:1] if line[:1] in hunks.NAMES else " " for line in body]
    shown = [*header]
    for item in hunks.select(signs, MAX_DIFF_LINES - len(header)):
        if isinstance(item, range):
            left_out = [signs[i] for i in item]
            where = " (see the JSON report)" if hunks.CHANGED.intersection(left_out) else ""
            shown.append(f"… {hunks.describe(left_out, 'line')}{where}")
        else:
            shown.append(body[item])
    return "\n".join(shown)


def _header(document: dict[str, Any]) -> list[str]:
    summary = document["summary"]
    ok = summary["failed"] == 0 and summary["not_run"] == 0
    title = "passed" if ok else "FAILED"
    out = [f"## {'✅' if ok else '❌'} snippets-runner verify: {title}", ""]
    run = document.get("run") or {}
    if run:
        cluster = run.get("cluster")
        where = (
            f"Kubernetes {cluster['kubernetes_version']} (context `{cluster['context']}`)"
            if cluster
            else "no cluster needed"
        )
        shards = run.get("shards") or []
        split = f", {len(shards)} shard(s) of {shards[0]['total']}" if shards else ""
        out.append(
            f"Run {run.get('started')} → {run.get('finished')}{_elapsed(run)}, "
            f"snippets-runner {run.get('tool_version')}, {where}{split}."
        )
        missing = missing_shards(document)
        if missing:
            out.append(f"\n**Incomplete:** no report from shard(s) {', '.join(map(str, missing))}.")
        out.append("")
    pages = document["pages"]
    lessons = {page["lesson"] for page in pages}
    out += [
        "| passed | failed | skipped | not run | pages | lessons |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary['passed']} | {summary['failed']} | {summary['skipped']} "
        f"| {summary['not_run']} | {len(pages)} | {len(lessons)} |",
        "",
    ]
    return out


def _failures(document: dict[str, Any]) -> list[str]:
    failed = [
        (page, command)
        for page in document["pages"]
        for command in page["commands"]
        if command["result"] in ("failed", "not-run")
    ]
    if not failed:
        return []
    out = [f"### Failures ({len(failed)})", ""]
    for page, command in failed[:MAX_FAILURES]:
        where = f"{command['file']}:{command['line']}"
        out.append(
            f"**`{where}`** [{page['locale'] or '-'}] {command['note'] or command['result']}"
        )
        out.append("")
        out.append(_fence(f"~$ {command['command']}", "console"))
        if command.get("diff"):
            out.append(_fence(_short_diff(command["diff"]), "diff"))
        out.append("")
    rest = failed[MAX_FAILURES:]
    if rest:
        out.append(
            f"… and {len(rest)} more: " + ", ".join(f"`{c['file']}:{c['line']}`" for _, c in rest)
        )
        out.append("")
    return out


def _durations(document: dict[str, Any]) -> list[str]:
    rows = lesson_rows(document)
    if not rows:
        return []
    total = sum(row.duration for row in rows)
    out = [f"### Slowest lessons (of {len(rows)}, {_seconds(total)} in all)", ""]
    out += ["| lesson | result | duration |", "| --- | --- | ---: |"]
    for row in sorted(rows, key=lambda r: (-r.duration, r.lesson))[:SLOWEST]:
        out.append(f"| `{row.lesson}` | {row.mark} | {_seconds(row.duration)} |")
    shards = (document.get("run") or {}).get("shards") or []
    if shards:
        out += ["", "| shard | started | finished |", "| ---: | --- | --- |"]
        out += [f"| {s['index']}/{s['total']} | {s['started']} | {s['finished']} |" for s in shards]
    return [*out, ""]


def render(document: dict[str, Any], history: Sequence[dict[str, Any]] = ()) -> str:
    """The summary; with ``history`` (older reports) a trend section closes it."""
    parts = _header(document) + _failures(document) + _durations(document)
    if history:
        parts += ["### Trend", "", render_trend([*history, document]), ""]
    return "\n".join(parts).rstrip() + "\n"
