"""`snippets-runner update`: rewrite drifted output blocks from what really ran.

It runs exactly like `verify` (same cluster checks, labs, one run per
lesson) and then rewrites the output of each command whose only fault is
its output, in every language of the lesson at once. Commands that failed
otherwise (exit status, timeout, not run) are listed, never papered over.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode, SnippetsError, exit_code
from ..lint import lint
from ..report.masker import Masker
from ..run.results import Result
from ..update.files import Change, apply, diff, plan, updatable
from ..verification import run_lessons, verifier
from .common import cluster_options, fail, load, paths_argument, runner_config


def _leaks(change: Change, mask: Masker) -> bool:
    """A new line holding a secret must not be written into a published page."""
    old = set(change.command.expected.lines)
    return any(mask(line) != line for line in change.new if line not in old)


@click.command("update")
@paths_argument
@cluster_options
@click.option("--dry-run", is_flag=True, help="Print the diff instead of writing it.")
def update_command(
    paths: tuple[Path, ...],
    config: Path | None,
    context: str | None,
    kubeconfig: Path | None,
    allow: tuple[str, ...],
    timeout: float | None,
    lab_timeout: float | None,
    environment: str | None,
    dry_run: bool,
) -> None:
    """Run the pages under PATHS and rewrite output that no longer matches."""
    extraction = load(paths, config)
    problems = lint(extraction)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo("error: fix the lint problems first: update needs pages that agree", err=True)
        sys.exit(ExitCode.PAGE_WRONG)
    settings = runner_config(
        extraction,
        command_timeout=timeout,
        lab_timeout=lab_timeout,
        allowed_contexts=allow,
        environment=environment,
    )
    try:
        with verifier(extraction.lessons, settings, context, kubeconfig) as run:
            batch = run_lessons(run, extraction.lessons)
    except SnippetsError as exc:
        fail(exc)
    results, mask = batch.results, batch.mask
    for error in batch.lab_errors:
        click.echo(mask(str(error)), err=True)
    planned = plan(results)
    leaking = [c for c in planned if _leaks(c, mask)]
    for change in leaking:
        click.echo(f"{change.command.location}: not updated: the real output holds a secret")
    changes = [c for c in planned if c not in leaking]
    stuck = [
        r
        for page in results
        for r in page.commands
        if r.verdict in (Result.FAILED, Result.NOT_RUN) and not updatable(r)
    ]
    for result in stuck:
        reason = result.note or result.verdict.value
        click.echo(f"{result.command.location}: not updatable: {mask(reason)}")
    if dry_run:
        click.echo(mask(diff(changes)), nl=False)
    else:
        written = apply(changes)
        click.echo(f"updated {len(changes)} output block(s) in {len(written)} file(s)")
    codes = [exit_code(e) for e in batch.lab_errors]
    sys.exit(max([ExitCode.PAGE_WRONG if stuck or leaking else ExitCode.OK, *codes]))
