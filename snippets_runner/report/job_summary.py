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

from ..run.results import Reason, Result
from ..textdiff import hunks
from .diff import render_plain
from .document import CommandRecord, DiffRow, PageRecord, Report, RowSign, Run
from .markdown_text import code, text
from .merge import missing_shards, shard_list
from .trend import lesson_rows, render_trend

MAX_FAILURES = 25
"""Failures shown in full; the rest are listed by file:line only."""
MAX_DIFF_LINES = 20
"""Lines of a failure's diff shown, its two header lines included."""
SLOWEST = 10


def _fence(body: str, info: str) -> str:
    """A fence longer than any backtick run in ``body``, so output cannot close it."""
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{body}\n{ticks}"


def _seconds(value: float) -> str:
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}m {seconds:02d}s" if minutes else f"{value:.1f}s"


def _elapsed(run: Run) -> str:
    if not run.started or not run.finished:
        return ""
    start = datetime.fromisoformat(run.started)
    end = datetime.fromisoformat(run.finished)
    return f" ({_seconds((end - start).total_seconds())} wall clock)"


def _short_diff(rows: Sequence[DiffRow]) -> str:
    """The diff cut to ``MAX_DIFF_LINES`` lines, chosen as every report chooses (``hunks``)."""
    signs = [row.sign.value if row.sign is not RowSign.GAP else " " for row in rows]
    shown: list[DiffRow] = []
    for item in hunks.select(signs, MAX_DIFF_LINES - len(hunks.HEADER)):
        if isinstance(item, range):
            left_out = [signs[i] for i in item]
            where = " (see the JSON report)" if hunks.CHANGED.intersection(left_out) else ""
            shown.append(DiffRow(RowSign.GAP, f"{hunks.describe(left_out, 'line')}{where}"))
        else:
            shown.append(rows[item])
    return render_plain(shown)


def _where(run: Run) -> str:
    """Which cluster(s) the run used, in words."""
    releases = sorted({s.cluster.kubernetes_version for s in run.shards if s.cluster})
    if run.cluster:
        return (
            f"Kubernetes {text(run.cluster.kubernetes_version)} "
            f"(context {code(run.cluster.context)})"
        )
    if releases:
        return "Kubernetes " + ", ".join(text(v) for v in releases)
    return "no cluster needed"


def _header(report: Report) -> list[str]:
    summary = report.summary
    title = "passed" if summary.ok else "FAILED"
    out = [f"## {'✅' if summary.ok else '❌'} snippets-runner verify: {title}", ""]
    run = report.run
    if run:
        shards = run.shards
        split = f", {len(shards)} shard run(s)" if shards else ""
        out.append(
            f"Run {text(run.started or '?')} → {text(run.finished or '?')}{_elapsed(run)}, "
            f"snippets-runner {text(run.tool_version)}, {_where(run)}{split}."
        )
        for release, missing in missing_shards(report).items():
            on = f" on Kubernetes {text(release)}" if release else ""
            out.append(f"\n**Incomplete:** no report from shard(s) {shard_list(missing)}{on}.")
        out.append("")
    pages = report.pages
    lessons = {page.lesson for page in pages}
    out += [
        "| passed | ran, output not compared | failed | skipped | not run | pages | lessons |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {summary.passed} | {summary.ran} | {summary.failed} | {summary.skipped} "
        f"| {summary.not_run} | {len(pages)} | {len(lessons)} |",
        "",
    ]
    out += _releases(report)
    return out


def _releases(report: Report) -> list[str]:
    """Where a report holds several releases: which lessons passed on which."""
    releases = [r for r in report.releases if r]
    if len(releases) < 2:
        return []
    out = ["| lesson | " + " | ".join(f"Kubernetes {r}" for r in releases) + " |"]
    out.append("| --- | " + " | ".join(":---:" for _ in releases) + " |")
    verdicts: dict[str, dict[str, bool]] = {}
    for page in report.pages:
        if page.commands:
            row = verdicts.setdefault(page.lesson, {})
            row[page.release] = row.get(page.release, True) and page.passed
    for lesson, row in sorted(verdicts.items()):
        marks = ["·" if r not in row else ("✅" if row[r] else "❌") for r in releases]
        out.append(f"| {code(lesson)} | " + " | ".join(marks) + " |")
    return [*out, ""]


def _failures(report: Report) -> list[str]:
    failed: list[tuple[PageRecord, CommandRecord]] = [
        (page, command)
        for page in report.pages
        for command in page.commands
        if command.result in (Result.FAILED, Result.NOT_RUN)
    ]
    if not failed:
        return []
    out = [f"### Failures ({len(failed)})", ""]
    for page, command in failed[:MAX_FAILURES]:
        where = code(f"{command.file}:{command.line}")
        on = f" on Kubernetes {text(page.release)}" if page.release else ""
        out.append(
            f"**{where}** [{text(page.locale or '-')}]{on} "
            f"{text(command.note or command.result.value)}"
        )
        out.append("")
        out.append(_fence(f"~$ {command.command}", "console"))
        if command.diff:
            out.append(_fence(_short_diff(command.diff), "diff"))
        out.append("")
    rest = failed[MAX_FAILURES:]
    if rest:
        out.append(
            f"… and {len(rest)} more: " + ", ".join(code(f"{c.file}:{c.line}") for _, c in rest)
        )
        out.append("")
    return out


def _placeholders(report: Report) -> list[str]:
    """Blocks skipped for a placeholder without a value: one line each, as their note says.

    Not failures, but nothing of them ran, and what came after ran without them."""
    blocks: dict[tuple[str, str, str], int] = {}
    for page in report.pages:
        for command in page.commands:
            if command.reason is Reason.PLACEHOLDER:
                key = (page.file, page.locale, command.note)
                blocks[key] = blocks.get(key, 0) + 1
    if not blocks:
        return []
    out = [f"### Skipped for a placeholder without a value ({len(blocks)} block(s))", ""]
    for (file, locale, note), count in list(blocks.items())[:MAX_FAILURES]:
        out.append(f"- {code(file)} [{text(locale or '-')}]: {count} command(s) {text(note)}")
    if len(blocks) > MAX_FAILURES:
        out.append(f"- … and {len(blocks) - MAX_FAILURES} more")
    return [*out, ""]


def _durations(report: Report) -> list[str]:
    rows = lesson_rows(report)
    if not rows:
        return []
    total = sum(row.duration for row in rows)
    out = [f"### Slowest lessons (of {len(rows)}, {_seconds(total)} in all)", ""]
    out += ["| lesson | result | duration |", "| --- | --- | ---: |"]
    for row in sorted(rows, key=lambda r: (-r.duration, r.lesson))[:SLOWEST]:
        out.append(f"| {code(row.lesson)} | {row.mark} | {_seconds(row.duration)} |")
    shards = report.run.shards if report.run else ()
    if shards:
        out += ["", "| shard | Kubernetes | started | finished |", "| ---: | --- | --- | --- |"]
        out += [
            f"| {s.index}/{s.total} | {text(s.release or '-')} | {text(s.started or '?')} "
            f"| {text(s.finished or '?')} |"
            for s in shards
        ]
    return [*out, ""]


def render(report: Report, history: Sequence[Report] = ()) -> str:
    """The summary; with ``history`` (older reports) a trend section closes it."""
    parts = _header(report) + _failures(report) + _placeholders(report) + _durations(report)
    if history:
        parts += ["### Trend", "", render_trend([*history, report]), ""]
    return "\n".join(parts).rstrip() + "\n"
