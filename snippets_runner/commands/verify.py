"""`snippets-runner verify`: run the pages' commands and diff real vs published output.

Exit status: 0 when every command matched, 1 when one did not (or could not
run), 2 for usage and environment problems (a page that does not extract,
a refused or unreachable cluster, a lab that cannot be set up) -- so CI can
tell "the docs are wrong" from "the check could not be made".
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from ..cluster import (
    ClusterTarget,
    api_client,
    check_reachable,
    page_namespaces,
    prepare,
    secret_values,
)
from ..errors import SnippetsError
from ..model import Lesson, Page
from ..report import json_report, junit
from ..report.masker import Masker
from ..report.terminal import print_report, progress_bar
from ..run.results import PageResult
from ..run.runner import Progress, RunOptions, not_run, run_page
from ..run.shell import ShellOptions
from ..run.translations import rematch
from ..safety import ClusterError, allowed_contexts, find_pyproject
from .common import USAGE_ERROR, load, paths_argument


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(USAGE_ERROR)


def _target(
    lessons: tuple[Lesson, ...],
    context: str | None,
    kubeconfig: Path | None,
    allow: tuple[str, ...],
    private: Path,
) -> ClusterTarget | None:
    if not any(lesson.primary.needs_cluster for lesson in lessons):
        return None
    try:
        target = prepare(
            context, kubeconfig, allowed_contexts(allow, find_pyproject(Path.cwd())), private
        )
        check_reachable(target)
    except ClusterError as exc:
        _fail(str(exc))
    return target


def _secrets(target: ClusterTarget | None, page: Page) -> Masker:
    found = set(page.lab.secrets)
    if target is not None:
        found |= secret_values(target, page_namespaces(page, target.namespace))
    return Masker(found)


def _run_primary(
    page: Page,
    target: ClusterTarget | None,
    options: RunOptions,
    advance: Progress,
    lab_errors: list[SnippetsError],
) -> PageResult:
    """Run the page inside its lab (applied before, removed after) when it declares one.

    A lab that cannot be set up is an environment error: the page's commands
    are NOT RUN (never failed, never passed) and the run exits 2.
    """
    if target is None or not page.lab.manifests:
        return run_page(page, options, advance)
    from ..lab.session import lab

    ran: PageResult | None = None
    try:
        with lab(api_client(target, retries=True), page.lab):
            ran = run_page(page, options, advance)
    except SnippetsError as exc:
        lab_errors.append(exc)
        if ran is None:
            note = f"not run: {exc.message}"
            ran = PageResult(
                page, tuple(not_run(b, c, note) for b in page.blocks for c in b.commands), 0.0
            )
    return ran


@click.command("verify")
@paths_argument
@click.option("--context", help="kubeconfig context to use (default: the current one).")
@click.option(
    "--kubeconfig",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="kubeconfig file (default: $KUBECONFIG, then ~/.kube/config).",
)
@click.option(
    "--allow-context",
    "allow",
    multiple=True,
    metavar="NAME",
    help="allow verification against this context (repeatable).",
)
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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=60.0,
    show_default=True,
    help="seconds per command for blocks without timeout=.",
)
def verify(
    paths: tuple[Path, ...],
    config: Path | None,
    context: str | None,
    kubeconfig: Path | None,
    allow: tuple[str, ...],
    junit_path: Path | None,
    json_path: Path | None,
    timeout: float,
) -> None:
    """Run the console blocks under PATHS and compare real with published output."""
    extraction = load(paths, config)
    for problem in extraction.problems:
        click.echo(str(problem), err=True)
    if extraction.problems:
        sys.exit(USAGE_ERROR)
    lessons = extraction.lessons
    if not any(lesson.primary.commands for lesson in lessons):
        click.echo("warning: no console commands found to verify", err=True)
    with tempfile.TemporaryDirectory(prefix="snippets-verify-") as tmp:
        private = Path(tmp)
        target = _target(lessons, context, kubeconfig, allow, private)
        # Without a cluster, kubectl gets an empty kubeconfig: never the user's current one.
        kube = target.kubeconfig if target else private / "no-cluster"
        options = RunOptions(
            ShellOptions(env=(("KUBECONFIG", str(kube)),), default_timeout=timeout)
        )
        results: list[PageResult] = []
        mask = Masker()
        lab_errors: list[SnippetsError] = []
        total = sum(len(lesson.primary.commands) for lesson in lessons)
        with progress_bar(total) as progress:

            def advance(_: object) -> None:
                progress.advance(progress.task_ids[0])

            for lesson in lessons:
                mask |= _secrets(target, lesson.primary)
                ran = _run_primary(lesson.primary, target, options, advance, lab_errors)
                mask |= _secrets(target, lesson.primary)
                results.append(ran)
                for page in lesson.pages[1:]:
                    results.append(rematch(page, ran))
                    mask |= _secrets(None, page)
    summary = print_report(Console(highlight=False, soft_wrap=True), results, mask)
    try:
        if junit_path:
            junit.write(junit_path, results, mask)
        if json_path:
            json_report.write(json_path, results, mask)
    except OSError as exc:
        _fail(f"cannot write report: {exc}")
    for error in lab_errors:
        click.echo(str(error), err=True)
    sys.exit(USAGE_ERROR if lab_errors else 0 if summary.ok else 1)
