"""`snippets-runner report merge|trend`: one run out of shard reports, and history.

Both read JSON reports only (no pages, no cluster), so they run in a CI job
that merely downloaded the shards' artifacts.
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from ..errors import ReportError, SnippetsError
from ..files import write_atomic
from ..report import job_summary, junit
from ..report.document import OldReportError, Report, dump, load
from ..report.drift import drifted_files
from ..report.merge import merge, missing_shards, shard_list
from ..report.trend import MAX_REPORTS, render_trend
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
        merged = merge([(path, load(path)) for path in reports])
        earlier = _history(history)
        if json_path:
            write_atomic(json_path, dump(merged))
        if junit_path:
            junit.write_document(junit_path, merged)
        if markdown_path:
            write_atomic(markdown_path, job_summary.render(merged, earlier))
    except SnippetsError as exc:
        fail(exc)
    except OSError as exc:
        fail(ReportError(f"cannot write report: {exc}"))
    for release, missing in missing_shards(merged).items():
        on = f" on Kubernetes {release}" if release else ""
        click.echo(f"warning: no report from shard(s) {shard_list(missing)}{on}", err=True)
    s = merged.summary
    releases = [r for r in merged.releases if r]
    on = f" on Kubernetes {', '.join(releases)}" if releases else ""
    click.echo(
        f"merged {len(reports)} report(s){on}: {s.passed} passed, {s.failed} failed, "
        f"{s.skipped} skipped, {s.not_run} not run"
        + (f", {s.ran} ran (output not compared)" if s.ran else "")
    )


def _history(paths: tuple[Path, ...]) -> list[Report]:
    """Earlier reports for the trend; one of an older schema is left out, with a warning.

    The trend is decoration: the first night after an upgrade must still merge
    its shards. Any other unreadable history report is an error like a shard's.
    """
    reports = []
    for path in paths:
        try:
            reports.append(load(path))
        except OldReportError as exc:
            click.echo(f"warning: left out of the trend: {exc}", err=True)
    return reports


@report_group.command("trend")
@REPORTS
@click.option("--last", type=click.IntRange(min=1, max=MAX_REPORTS), default=10, show_default=True)
def trend_command(reports: tuple[Path, ...], last: int) -> None:
    """Per-lesson pass/fail and duration over the last reports, as a Markdown table."""
    try:
        documents = [load(path) for path in reports]
    except SnippetsError as exc:
        fail(exc)
    click.echo(render_trend(documents, last))


@report_group.command("drifted")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="mkdocs.yml whose docs folder the pages must be in (default: the nearest one).",
)
@click.option(
    "--kubernetes",
    "release",
    default=None,
    metavar="MINOR",
    callback=lambda _ctx, _param, value: _minor(value),
    help="only drift seen on this release (e.g. 1.37): the one the pages publish.",
)
def drifted_command(report: Path, config: Path | None, release: str | None) -> None:
    """Print the pages (all languages) of lessons whose only fault is drifted output.

    One path a line, for `snippets-runner update --patch FILE $(... report drifted R)`.
    A lesson with a command that failed its exit status, timed out or did not run,
    on any release the report holds, is not printed: rewriting its output would
    paper over a real problem, so it is left to a person.
    A report comes from another job: a page path outside the site's docs folder,
    or one that is not a file there, is an error (exit 2), never printed.
    """
    from ..extract.discover import site_for

    try:
        document = load(report)
        docs = site_for(config).docs_dir.resolve()
        paths = drifted_files(document, release)
        for path in paths:
            _inside(Path(path), docs, report)
    except SnippetsError as exc:
        fail(exc)
    for path in paths:
        click.echo(path)


def _minor(value: str | None) -> str | None:
    """``1.37`` as a report names releases; a typo would match no page and print nothing."""
    if value is not None and not re.fullmatch(r"[0-9]+\.[0-9]+", value):
        raise click.BadParameter(f"{value!r} is not a Kubernetes minor such as 1.37")
    return value


def _inside(path: Path, docs: Path, report: Path) -> None:
    resolved = path.resolve()
    if not resolved.is_relative_to(docs) or not resolved.is_file():
        raise ReportError(f"{report}: page {str(path)!r:.120} is not a page of {docs}")
