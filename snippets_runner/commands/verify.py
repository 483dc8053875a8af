"""`snippets-runner verify`: run the pages' commands and diff real vs published output.

Exit status: 0 when every command matched, 1 when one did not (or could not
run), 2 for usage and environment problems (a page that does not extract,
a refused or unreachable cluster, a lab that cannot be set up) -- so CI can
tell "the docs are wrong" from "the check could not be made".
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from ..cluster import check_reachable
from ..errors import ClusterError
from ..report import json_report, junit
from ..report.json_report import ClusterInfo, RunInfo
from ..report.terminal import print_report, progress_bar
from ..shard import Shard
from ..verification import run_lessons, verifier
from .common import USAGE_ERROR, cluster_options, load, paths_argument
from .sharding import shard_lessons, shard_options


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


@click.command("verify")
@paths_argument
@cluster_options
@click.option(
    "--junit",
    "junit_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write a JUnit XML report here.",
)
@click.option(
    "--json",
    "json_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="write a JSON report here (schema: snippets_runner.report.json_report).",
)
@shard_options
def verify(
    paths: tuple[Path, ...],
    config: Path | None,
    context: str | None,
    kubeconfig: Path | None,
    allow: tuple[str, ...],
    junit_path: Path | None,
    json_path: Path | None,
    timeout: float,
    shard: Shard | None,
    durations_path: Path | None,
) -> None:
    """Run the console blocks under PATHS and compare real with published output."""
    extraction = load(paths, config)
    for problem in extraction.problems:
        click.echo(str(problem), err=True)
    if extraction.problems:
        sys.exit(USAGE_ERROR)
    lessons = shard_lessons(extraction.lessons, shard, durations_path)
    started = datetime.now(UTC)
    cluster: ClusterInfo | None = None
    if not any(lesson.primary.commands for lesson in lessons):
        click.echo("warning: no console commands found to verify", err=True)
    try:
        with verifier(lessons, context, kubeconfig, allow, timeout) as run, progress_bar(
            sum(len(lesson.primary.commands) for lesson in lessons)
        ) as progress:
            if run.target is not None:
                target = run.target
                cluster = ClusterInfo(target.context, target.server, check_reachable(target))
            batch = run_lessons(run, lessons, lambda _: progress.advance(progress.task_ids[0]))
    except ClusterError as exc:
        _fail(str(exc))
    results, mask, lab_errors = batch.results, batch.mask, batch.lab_errors
    summary = print_report(Console(highlight=False, soft_wrap=True), results, mask)
    try:
        if junit_path:
            junit.write(junit_path, results, mask)
        if json_path:
            run_info = RunInfo(started, datetime.now(UTC), cluster, shard)
            json_report.write(json_path, results, mask, run_info)
    except OSError as exc:
        _fail(f"cannot write report: {exc}")
    for error in lab_errors:
        click.echo(mask(str(error)), err=True)
    sys.exit(USAGE_ERROR if lab_errors else 0 if summary.ok else 1)
