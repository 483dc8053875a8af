"""`snippets-runner update`: rewrite drifted output blocks from what really ran.

It runs exactly like `verify` (same cluster checks, labs, one run per
lesson), asks `update.planning` what to change, and prints or carries out
that plan. Every decision (what is updatable, what would leak a secret or
damage a page) lives in the library; this is only the shell around it.

Exit status, as in every command: 0 every page is right now (or the
printed patch makes it so), 1 a page is wrong and update could not fix it
all (or lint found problems, or a page changed while update ran), 2 usage
or environment (a refused cluster, a lab error, a file that cannot be
written). A page that cannot be written is named (file:line) and the other
lessons are still written (`update.edits.apply`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode, ReportError, SnippetsError, exit_code
from ..files import write_atomic
from ..lint import lint, short_secrets
from ..secrets import KnownSecrets, Masker
from ..update.edits import apply, diff, patch
from ..update.planning import UpdatePlan, plan_update
from ..verification import run_lessons, verifier
from .common import (
    cluster_options,
    echo_lab_errors,
    fail,
    load,
    masked_crashes,
    paths_argument,
    runner_config,
)


def _report(plan: UpdatePlan, mask: Masker) -> None:
    for change in plan.leaks:
        click.echo(f"{change.command.location}: not updated: the real output holds a secret")
    for refusal in plan.refused:
        click.echo(mask.for_page(refusal.location.path)(str(refusal)))
    for result in plan.stuck:
        shown = mask.for_page(result.command.location.path)
        reason = result.note or result.verdict.value
        click.echo(f"{result.command.location}: not updatable: {shown(reason)}")


def _dry_run(plan: UpdatePlan, mask: Masker) -> None:
    for edit in plan.edits:
        click.echo(mask.for_page(edit.path)(diff([edit])), nl=False)


@click.command("update")
@paths_argument
@cluster_options
@click.option("--dry-run", is_flag=True, help="Print a unified diff per file instead of writing.")
@click.option(
    "--patch",
    "patch_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the changes as a patch `git apply` accepts (paths relative to the current "
    "folder) instead of touching the pages.",
)
@masked_crashes
def update_command(
    known: KnownSecrets,
    /,
    paths: tuple[Path, ...],
    config: Path | None,
    context: str | None,
    kubeconfig: Path | None,
    dry_run: bool,
    patch_path: Path | None,
    **flags: object,
) -> None:
    """Run the pages under PATHS and rewrite output that no longer matches."""
    extraction = load(tuple(dict.fromkeys(paths)), config)  # a path named twice runs once
    for warning in short_secrets(extraction):
        click.echo(str(warning), err=True)
    problems = lint(extraction)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo("error: fix the lint problems first: update needs pages that agree", err=True)
        sys.exit(ExitCode.PAGE_WRONG)
    settings = runner_config(extraction, flags)
    try:
        with verifier(extraction.lessons, settings, context, kubeconfig, known) as run:
            batch = run_lessons(run, extraction.lessons)
    except SnippetsError as exc:
        fail(exc)
    mask = batch.mask
    labs = echo_lab_errors(batch.lab_errors, mask)
    plan = plan_update(batch.results, mask, settings.syntax)
    _report(plan, mask)
    codes = [labs]
    if patch_path is not None:
        try:
            write_atomic(patch_path, patch(plan.edits, Path.cwd()))
        except OSError as exc:
            fail(ReportError(f"cannot write {patch_path}: {exc.strerror}"))
        click.echo(
            f"wrote {len(plan.changes)} output block(s) in {len(plan.edits)} file(s) "
            f"to {patch_path}"
        )
    elif dry_run:
        _dry_run(plan, mask)
    else:
        applied = apply(plan.edits)
        for unwritten in applied.failed:
            click.echo(mask.for_page(unwritten.location.path)(f"error: {unwritten}"), err=True)
        files = {e.page.target for e in applied.written}
        blocks = sum(1 for c in plan.changes if c.path.resolve() in files)
        click.echo(f"updated {blocks} output block(s) in {len(files)} file(s)")
        codes += [exit_code(unwritten.error) for unwritten in applied.failed]
    sys.exit(max([ExitCode.OK if plan.complete else ExitCode.PAGE_WRONG, *codes]))
