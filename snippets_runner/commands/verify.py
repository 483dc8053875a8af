"""`snippets-runner verify`: run the pages' commands and diff real vs published output.

Exit status (snippets_runner.errors.ExitCode, the same in every command):
0 when every command matched, 1 when a page is wrong (a command did not
match or could not run, a page does not extract), 2 for usage and
environment problems (bad configuration, a refused or unreachable cluster,
a lab that cannot be set up) -- so CI can tell "the docs are wrong" from
"the check could not be made".
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import ExitCode, ReportError, SnippetsError
from ..report.screen import print_report, progress_bar
from ..secrets import KnownSecrets
from ..verification import run_lessons, verifier
from .common import (
    cluster_options,
    echo_lab_errors,
    echo_problems,
    fail,
    load,
    masked_crashes,
    paths_argument,
    runner_config,
)
from .sharding import shard_lessons, shard_options

if TYPE_CHECKING:
    from ..shard import Shard


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
@masked_crashes
def verify(
    known: KnownSecrets,
    /,
    paths: tuple[Path, ...],
    config: Path | None,
    context: str | None,
    kubeconfig: Path | None,
    junit_path: Path | None,
    json_path: Path | None,
    shard: Shard | None,
    durations_path: Path | None,
    **flags: object,
) -> None:
    """Run the console blocks under PATHS and compare real with published output."""
    extraction = load(paths, config)
    if status := echo_problems(extraction):
        sys.exit(status)
    settings = runner_config(extraction, flags)
    lessons = shard_lessons(extraction.lessons, shard, durations_path)
    started = datetime.now(UTC)
    cluster: tuple[str, str, str] | None = None  # (context, server, Kubernetes version)
    # A translation whose structure differs from its primary cannot be judged
    # by the primary's run; say why up front (its commands are reported NOT RUN).
    if any(len(lesson.pages) > 1 for lesson in lessons):
        from ..parity import page_parity  # the lint stack loads only for a site with translations

        for lesson in lessons:
            for page in lesson.pages[1:]:
                for problem in page_parity(lesson.primary, page, outputs=False):
                    click.echo(f"error: {problem}", err=True)
    if not any(lesson.primary.commands for lesson in lessons):
        click.echo("warning: no console commands found to verify", err=True)
    try:
        with (
            verifier(lessons, settings, context, kubeconfig, known) as run,
            progress_bar(sum(len(lesson.primary.commands) for lesson in lessons)) as advance,
        ):
            if run.target is not None and run.server_version is not None:
                target = run.target
                cluster = (target.context, target.server, run.server_version)
                _warn_if_unsupported(run.server_version)
            batch = run_lessons(run, lessons, lambda _: advance())
    except SnippetsError as exc:
        fail(exc)
    results, mask, lab_errors = batch.results, batch.mask, batch.lab_errors
    summary = print_report(results, mask)
    try:
        # The report writers load only when asked for: most runs write neither.
        if junit_path:
            from ..report import junit

            junit.write(junit_path, results, mask)
        if json_path:
            from ..report import json_report

            run_info = json_report.RunInfo(
                started,
                datetime.now(UTC),
                json_report.ClusterInfo(*cluster) if cluster else None,
                shard,
            )
            json_report.write(json_path, results, mask, run_info)
    except OSError as exc:
        fail(ReportError(f"cannot write report: {exc}"))
    labs = echo_lab_errors(lab_errors, mask)
    sys.exit(max(ExitCode.OK if summary.ok else ExitCode.PAGE_WRONG, labs))


def _warn_if_unsupported(kubernetes_version: str) -> None:
    """Say so when the cluster runs a release upstream no longer supports (testcluster's table)."""
    from testcluster.releases import support_warning, today

    warning = support_warning(kubernetes_version, today())
    if warning:
        click.echo(f"warning: {warning}", err=True)
