"""One workflow for every integration: choose the cluster, run each lesson once in its lab.

`verify`, `update` and the pytest plugin differ only in what they do with
the results (report, rewrite, fail items), so the running itself lives here:
the cluster is chosen and refused or accepted once, each lesson's primary
page runs inside its lab, every translation is judged against that one run,
and the secrets to mask are gathered while the lab still exists.

Every page that runs commands gets the cluster (the kubeconfig of the one
allowed context), unless its front matter says ``cluster: false``
(:attr:`model.Page.needs_cluster`): what a page's commands reach cannot
be read from their text (an alias, ``bash -c``, ``\\kubectl``, helm). The
decision is made for each lesson as it runs (:meth:`Verifier.options_for`),
never for the run as a whole: one cluster lesson among the pages named opens
the cluster for that lesson only, and a ``cluster: false`` page beside it
still gets a kubeconfig that does not exist, and has no Secrets read for
it, whichever command (verify, update, pytest) runs it. What only a
cluster needs (kubeconfig handling, namespaces, the lab) is imported when a
page needs a cluster, so a page of plain shell commands starts as fast as a
shell script checker.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .config.pyproject import RunnerConfig
from .errors import ClusterError, LabError, SnippetsError
from .extract.frontmatter import read_published
from .model import Lesson, Location, Page
from .run.results import Failure, PageResult, Reason
from .run.runner import Progress, RunOptions, not_run, run_page
from .run.shell import ShellOptions
from .run.shellhome import passed
from .run.translations import rematch
from .secrets import (
    KnownSecrets,
    Masker,
    declared,
    environment_secrets,
    hide_environment,
    manifest_secrets,
    named_secrets,
)

if TYPE_CHECKING:
    from .kube.access import ClusterTarget


@dataclass(frozen=True)
class LessonRun:
    """A lesson's results for every language, the secrets to mask, a lab failure if any."""

    results: tuple[PageResult, ...]
    mask: Masker
    lab_error: SnippetsError | None = None


def _api_errors() -> tuple[type[BaseException], ...]:
    """What the kubernetes client raises when the API refuses or goes away.

    Imported only when an exception is already being handled, so runs that
    never touch a cluster never import the client (about 130 ms).
    """
    from kubernetes.client import ApiException
    from urllib3.exceptions import HTTPError

    return (ApiException, HTTPError, OSError)


@dataclass(frozen=True)
class Verifier:
    target: ClusterTarget | None
    """The cluster opened for the run, if any lesson needs one; only those lessons get it."""
    options: RunOptions
    """How a page runs without the cluster: from `verifier`, a KUBECONFIG that does not
    exist. A page that needs the cluster runs with `options_for` (its kubeconfig)."""
    config: RunnerConfig = field(default_factory=RunnerConfig)
    server_version: str | None = None
    """The API server's git version, learnt by the one reachability check."""
    secrets: frozenset[str] = frozenset()
    """Values every lesson's reports mask: the credentials the runner hands the pages
    (the kubeconfig's, and those of the variables pass-env passes) and the runner's
    own (a page can read its parent's environment in ``/proc/$PPID/environ``)."""
    known: KnownSecrets = field(default_factory=KnownSecrets, compare=False)
    """Every secret learnt so far, for a crash report: each lesson's are added
    before it runs (the command line that made the Verifier reads it)."""

    def options_for(self, page: Page) -> RunOptions:
        """How ``page`` runs: with the cluster's kubeconfig only if it needs the cluster.

        Decided by the page about to run, never by the rest of the run: a page
        that declares ``cluster: false`` keeps `options` (a KUBECONFIG that does
        not exist) even when the run opened the cluster for other lessons.
        """
        if self.target is None or not page.needs_cluster:
            return self.options
        shell = self.options.shell
        env = tuple((name, value) for name, value in shell.env if name != "KUBECONFIG")
        kube = ("KUBECONFIG", str(self.target.kubeconfig))
        return replace(self.options, shell=replace(shell, env=(*env, kube)))

    def _cluster_secrets(self, page: Page) -> set[str]:
        if self.target is None or not page.needs_cluster:
            return set()  # a page without the cluster cannot have read its Secrets
        from .kube.access import secret_values
        from .lab.namespaces import lesson_namespaces

        found = secret_values(self.target, lesson_namespaces(page, self.target.namespace))
        self.known.learn(found)
        return found

    def _run_primary(self, page: Page, progress: Progress | None) -> tuple[PageResult, set[str]]:
        options = self.options_for(page)
        if self.target is None or not page.lab.manifests:
            ran = run_page(page, options, progress)
            return ran, self._cluster_secrets(page)
        from .kube.access import api_client
        from .lab.session import lab

        found: set[str] = set()
        api = api_client(self.target, retries=True)
        with lab(api, page.lab, self.config.lab_timeout):
            found |= self._cluster_secrets(page)
            ran = run_page(page, options, progress)
            found |= self._cluster_secrets(page)  # Secrets the page itself created
        return ran, found

    def run_lesson(self, lesson: Lesson, progress: Progress | None = None) -> LessonRun:
        """Run the primary page once (inside its lab) and judge every translation against it.

        A lab that cannot be set up or cleaned is an environment problem, not
        a wrong page: its commands are NOT RUN and the error travels with the
        results, naming the object, what it waited for and its events.

        The primary page's duration is the lesson's wall time, its lab's set-up
        and clean-up included (a failed lab too): it is what a shard waits for,
        so the next night's shard balancing and the slowest-lessons table use it.
        """
        secrets = declared(lesson.pages) | self.secrets
        self.known.learn(secrets)  # a crash from here on must not print them
        primary = lesson.primary
        start = time.monotonic()
        lab_error: SnippetsError | None = None
        ran: PageResult | None = None
        try:
            secrets |= manifest_secrets(primary)
            self.known.learn(secrets)
            ran, found = self._run_primary(primary, progress)
            secrets |= found
        except SnippetsError as exc:
            lab_error = exc
        except _api_errors() as exc:
            # The API refused an object or went away mid-lab: an environment
            # problem of this lesson, reported at its front matter.
            where = primary.lab.location or Location(primary.path, 1)
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            lab_error = LabError(where, f"lab failed: {reason}")
        if ran is None:
            failure = Failure(
                Reason.LAB_FAILED, primary.lab.location, lab_error.message if lab_error else ""
            )
            ran = PageResult(
                primary,
                tuple(not_run(b, c, failure) for b in primary.blocks for c in b.commands),
                0.0,
            )
        ran = replace(ran, duration=time.monotonic() - start)
        results = (ran, *(rematch(page, ran) for page in lesson.pages[1:]))
        published = {page.path: read_published(page.path) for page in lesson.pages}
        mask = Masker(secrets, published)
        self.known.learn(mask)
        return LessonRun(results, mask, lab_error)


class Batch(NamedTuple):
    """Every lesson's results together, as the reports and update consume them."""

    results: tuple[PageResult, ...]
    mask: Masker
    lab_errors: tuple[SnippetsError, ...]


def run_lessons(
    run: Verifier, lessons: tuple[Lesson, ...], progress: Progress | None = None
) -> Batch:
    """Run each lesson once, in order, and merge the outcomes."""
    results: list[PageResult] = []
    mask = Masker()
    errors: list[SnippetsError] = []
    for lesson in lessons:
        outcome = run.run_lesson(lesson, progress)
        results.extend(outcome.results)
        mask |= outcome.mask
        if outcome.lab_error:
            errors.append(outcome.lab_error)
    return Batch(tuple(results), mask, tuple(errors))


def needs_cluster(lessons: tuple[Lesson, ...]) -> bool:
    return any(lesson.primary.needs_cluster for lesson in lessons)


def _cluster_pages(lessons: tuple[Lesson, ...], shown: int = 3) -> str:
    """Which pages asked for the cluster, and how a page says it needs none."""
    pages = [str(les.primary.path) for les in lessons if les.primary.needs_cluster]
    more = f" and {len(pages) - shown} more" if len(pages) > shown else ""
    return (
        f"  the cluster is needed by {', '.join(pages[:shown])}{more}; a page that needs "
        "none says so in its front matter (snippets: {cluster: false})"
    )


@contextmanager
def verifier(
    lessons: tuple[Lesson, ...],
    config: RunnerConfig,
    context: str | None = None,
    kubeconfig: Path | None = None,
    known: KnownSecrets | None = None,
) -> Iterator[Verifier]:
    """A Verifier for `lessons`; raises ClusterError for a refused or unreachable cluster.

    The cluster is only looked at when some page needs one, and only the
    lessons that need it get it (`Verifier.options_for`): pages that declare
    ``cluster: false`` get a KUBECONFIG that does not exist, whatever else
    runs with them, so they can never reach a cluster by accident. The pages'
    shell gets the documented environment (run.shellhome) and the
    variables ``pass-env`` names; the credentials among them, the
    kubeconfig's and the runner's own are masked in every report (and in
    the message of a refused or unreachable cluster); ``known`` learns them
    at once, for a crash report. On Linux the runner also makes itself
    non-dumpable first (`secrets.hide_environment`): a page running as the
    runner's own user, not root, cannot read the runner's environment at all.
    """
    hide_environment()  # before any page runs: /proc/$PPID/environ is the runner's
    known = KnownSecrets() if known is None else known
    known.learn(environment_secrets())
    with tempfile.TemporaryDirectory(prefix="snippets-verify-") as tmp:
        private = Path(tmp)
        target, version = None, None
        if needs_cluster(lessons):
            from .kube.access import check_reachable, kubeconfig_secrets, prepare
            from .kube.safety import allowed_contexts

            allowed = allowed_contexts(config.allowed_contexts)
            try:
                target = prepare(context, kubeconfig, allowed, private)
                known.learn(kubeconfig_secrets(target.kubeconfig))
                version = check_reachable(target)
            except ClusterError as exc:
                # An exec plugin's or the client's message can quote a credential.
                shown = known.mask(f"{exc.message}\n{_cluster_pages(lessons)}")
                raise ClusterError(shown) from None
        yield open_verifier(target, version, config, private / "no-cluster", known)


def open_verifier(
    target: ClusterTarget | None,
    version: str | None,
    config: RunnerConfig,
    no_cluster: Path,
    known: KnownSecrets | None = None,
) -> Verifier:
    """The Verifier for a chosen (and checked) cluster, or none.

    Pages that need no cluster get ``no_cluster`` (a path that does not exist)
    as KUBECONFIG; those that need one get the target's (`Verifier.options_for`).
    Every report masks the credentials of the runner's own environment (a CI
    token) as it masks the page's secrets, and update refuses to write them:
    the page's shell starts without them, but the runner is its parent.
    """
    secrets = named_secrets(passed(config.pass_env)) | environment_secrets()
    if target is not None:
        from .kube.access import kubeconfig_secrets

        secrets |= kubeconfig_secrets(target.kubeconfig)
    shell = ShellOptions(
        env=(("KUBECONFIG", str(no_cluster)),),
        pass_env=config.pass_env,
        default_timeout=config.command_timeout,
    )
    release = re.match(r"v([0-9]+\.[0-9]+)\.", version or "")
    options = RunOptions(
        shell, environment=config.environment, release=release[1] if release else ""
    )
    known = KnownSecrets() if known is None else known
    known.learn(secrets)
    return Verifier(target, options, config, version, frozenset(secrets), known)
