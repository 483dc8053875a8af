"""`snippets-runner report merge|trend`: one run out of shard reports, and history.

Both read JSON reports only (no pages, no cluster), so they run in a CI job
that merely downloaded the shards' artifacts.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ReportError, SnippetsError
from ..report import json_report, junit, markdown
from ..report.atomic import write_atomic
from ..report.drift import drifted_files
from ..report.merge import merge, missing_shards
from ..report.trend import render_trend
from .common import fail

REPORTS = click.argument(
    "reports", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path)
)


@click.group("report")
def report_group() -> None:
    """Work with JSON reports written by `verify --json`."""


@report_group.command("merge")
@REPORTS
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--markdown",
    "markdown_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="a summary for a CI job page ($GITHUB_STEP_SUMMARY).",
)
@click.option(
    "--history",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="an earlier merged report, for the summary's trend section (repeatable).",
)
def merge_command(
    reports: tuple[Path, ...],
    json_path: Path | None,
    junit_path: Path | None,
    markdown_path: Path | None,
    history: tuple[Path, ...],
) -> None:
    """Merge the shard REPORTS of one run into one report (exit 2 if they do not fit)."""
    try:
        merged = merge([(path, json_report.read(path)) for path in reports])
        earlier = [json_report.read(path) for path in history]
        if json_path:
            write_atomic(json_path, json_report.dump(merged))
        if junit_path:
            junit.write_document(junit_path, merged)
        if markdown_path:
            write_atomic(markdown_path, markdown.render(merged, earlier))
    except SnippetsError as exc:
        fail(exc)
    except OSError as exc:
        fail(ReportError(f"cannot write report: {exc}"))
    missing = missing_shards(merged)
    if missing:
        click.echo(f"warning: no report from shard(s) {', '.join(map(str, missing))}", err=True)
    s = merged["summary"]
    click.echo(
        f"merged {len(reports)} report(s): {s['passed']} passed, {s['failed']} failed, "
        f"{s['skipped']} skipped, {s['not_run']} not run"
    )


@report_group.command("trend")
@REPORTS
@click.option("--last", type=click.IntRange(min=1), default=10, show_default=True)
def trend_command(reports: tuple[Path, ...], last: int) -> None:
    """Per-lesson pass/fail and duration over the last reports, as a Markdown table."""
    try:
        documents = [json_report.read(path) for path in reports]
    except SnippetsError as exc:
        fail(exc)
    click.echo(render_trend(documents, last))


@report_group.command("drifted")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
def drifted_command(report: Path) -> None:
    """Print the pages (all languages) of lessons whose only fault is drifted output.

    One path a line, for `snippets-runner update --patch FILE $(... report drifted R)`.
    """
    try:
        document = json_report.read(report)
    except SnippetsError as exc:
        fail(exc)
    for path in drifted_files(document):
        click.echo(path)
