"""pytest plugin: `pytest docs/` verifies the pages' commands, one test item per command.

A thin shell over `verification`: pages become pytest Files and commands
Items; the first item of a lesson runs the whole lesson once (inside its lab)
and every item of every language reads its own result from that run.

Pages are collected only under paths typed on the command line (not
`testpaths`, not the current folder pytest falls back to, not an option's
value) and only if they are pages of the docs_dir of their mkdocs.yml:
running pages deletes pods, so a plain `pytest` never does it by accident.

A cluster is looked at only when a lesson that is run needs one, as in
`snippets-runner verify`: pages of plain shell commands run without one
even when kubectl lessons sit in the same docs folder, and a refused
cluster fails only the items that need it, each with the one reason.

Under pytest-xdist (which needs `--dist loadgroup`), items carry an
`xdist_group`: a lesson stays on one worker, and lessons that share a
namespace, directly or through other lessons, share a group, so they never
run at the same time.

Problems are reported as pytest reports them for any file, with
`file:line: message` and no stack: a page that does not extract is a
collection error, a bad option or report a usage error.

Loading: pytest loads the plugin through its `pytest11` entry point, whose
name is the module's, so `-p snippets_runner.integrations.pytest_plugin`
(with plugin autoloading off), `pytest_plugins` in a conftest.py and
`-p no:snippets_runner.integrations.pytest_plugin` all name this one plugin.
Nothing of the runner is imported until an option or a page needs it: the
plugin is loaded by every pytest run in the environment.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ..config.runner import RunnerConfig
    from ..errors import SnippetsError
    from ..extract.discover import Extraction
    from ..model import Command, Lesson
    from ..report.masker import Masker
    from ..run.results import CommandResult
    from ..shard import Shard
    from ..verification import LessonRun, Verifier

RunKey = tuple[Path, str]
"""A lesson across sites: its mkdocs.yml and its key (two sites may both have `index.md`)."""


def _shard(text: str) -> Shard:
    from ..errors import SnippetsError
    from ..shard import Shard

    try:
        return Shard.parse(text)
    except SnippetsError as exc:  # argparse shows ArgumentTypeError as a usage error
        raise argparse.ArgumentTypeError(exc.message) from None


def _seconds(text: str) -> float:
    """A timeout as `snippets-runner verify` takes it: positive, at most a day."""
    from ..config.runner import check_seconds
    from ..errors import ConfigError

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    try:
        check_seconds("value", value, "the")
    except ConfigError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("snippets", "verify documentation pages (snippets-runner)")
    group.addoption("--snippets-context", help="kubeconfig context (default: current).")
    group.addoption("--snippets-kubeconfig", type=Path, help="kubeconfig file.")
    group.addoption(
        "--snippets-allow-context",
        action="append",
        default=[],
        metavar="NAME",
        help="allow verification against this context (repeatable).",
    )
    group.addoption(
        "--snippets-timeout",
        type=_seconds,
        default=None,
        help="seconds per command for blocks without timeout= "
        "(default: command-timeout in [tool.snippets-runner], else 60).",
    )
    group.addoption(
        "--snippets-lab-timeout",
        type=_seconds,
        default=None,
        help="seconds to set up a page's lab (default: lab-timeout, else 180).",
    )
    group.addoption(
        "--snippets-environment",
        default=None,
        metavar="NAME",
        help="environment whose values map to the published ones (default: environment).",
    )
    group.addoption(
        "--snippets-shard",
        type=_shard,
        metavar="K/N",
        help="only the lessons of shard K of N, as `snippets-runner verify --shard`.",
    )
    group.addoption(
        "--snippets-durations",
        type=Path,
        metavar="REPORT",
        help="balance --snippets-shard by this JSON report's lesson durations.",
    )


def _given_paths(config: pytest.Config) -> tuple[Path, ...]:
    """The paths typed on the command line, absolute; none when pytest chose them itself.

    `config.args` holds only the positional arguments, so an option's value
    (`--rootdir .`) never counts, and with no paths pytest's own choice
    (`testpaths`, the current folder) does not either.
    """
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return ()
    base = config.invocation_params.dir
    return tuple(Path(os.path.abspath(base / arg.split("::")[0])) for arg in config.args)


def _within(path: Path, folders: Iterable[Path]) -> bool:
    """`path` is one of `folders` or below one, as typed or with symlinks resolved."""
    plain, real = Path(os.path.abspath(path)), path.resolve()
    for folder in folders:
        for p, f in ((plain, folder), (real, folder.resolve())):
            if p == f or f in p.parents:
                return True
    return False


@dataclass(frozen=True)
class _Site:
    """A docs folder, extracted once: a lesson's translations may live in other folders."""

    mkdocs_config: Path
    extraction: Extraction
    """Every page and problem; `lessons` only those of the shard asked for."""
    pages: frozenset[Path]
    """Every page file of the docs folder, resolved, whatever its shard."""
    lessons: Mapping[Path, Lesson]
    """Page file (resolved) -> its lesson, for the lessons of the shard."""


class _Session:
    """Per pytest process: the sites, the verifiers (opened lazily) and each lesson's run."""

    def __init__(self, config: pytest.Config, durations: Mapping[str, float] | None) -> None:
        self.config = config
        self.durations = durations
        self.stack = ExitStack()
        self.sites: dict[Path, _Site | str] = {}
        """mkdocs.yml -> its site, or why it cannot be read."""
        self.reported: set[Path] = set()
        self.verifiers: dict[bool, Verifier | str] = {}
        """Keyed by "needs a cluster": a Verifier, or why none could be opened."""
        self.runs: dict[RunKey, LessonRun | BaseException] = {}

    def site(self, mkdocs_config: Path) -> _Site | str:
        if mkdocs_config not in self.sites:
            self.sites[mkdocs_config] = self._load(mkdocs_config)
        return self.sites[mkdocs_config]

    def _load(self, mkdocs_config: Path) -> _Site | str:
        from dataclasses import replace

        from ..errors import SnippetsError
        from ..extract.discover import extract

        try:
            found = extract([], mkdocs_config)
        except SnippetsError as exc:  # mkdocs.yml or [tool.snippets-runner] is unusable
            return str(exc)
        pages = frozenset(p.path.resolve() for p in found.pages)
        pages |= {p.location.path.resolve() for p in found.problems}
        shard: Shard | None = self.config.getoption("snippets_shard")
        lessons = found.lessons
        if shard is not None:
            from ..shard import select

            # The lessons `verify --shard` splits for the same paths, split the same way:
            # with durations, which lessons take part changes where each one goes.
            given = _given_paths(self.config)
            typed = [les for les in lessons if any(_within(p.path, given) for p in les.pages)]
            lessons = select(typed, shard, self.durations)
        by_page = {p.path.resolve(): les for les in lessons for p in les.pages}
        return _Site(mkdocs_config, replace(found, lessons=lessons), pages, by_page)

    def settings(self) -> RunnerConfig:
        """One runner configuration per session: the sites collected must agree on it."""
        from ..config.runner import RunnerConfig
        from ..errors import ConfigError

        sites = [s for s in self.sites.values() if isinstance(s, _Site)]
        configs = {s.extraction.config for s in sites}
        if len(configs) > 1:
            names = ", ".join(sorted(str(s.extraction.site.root) for s in sites))
            raise ConfigError(f"the collected sites have different runner configurations: {names}")
        opt = self.config.getoption
        return (configs.pop() if configs else RunnerConfig()).override(
            allowed_contexts=tuple(opt("snippets_allow_context")),
            command_timeout=opt("snippets_timeout"),
            lab_timeout=opt("snippets_lab_timeout"),
            environment=opt("snippets_environment"),
        )

    def _verifier(self, lesson: Lesson) -> Verifier | str:
        """The verifier for lessons that need a cluster, or for those that do not.

        Decided by the lesson that is about to run, never by the rest of the
        docs folder: a plain-shell page needs no kubeconfig even when a kubectl
        lesson sits next to it. Each is opened once; a refusal is kept, so the
        cluster is checked once and every item that needs it fails the same way.
        """
        cluster = lesson.primary.needs_cluster
        if cluster not in self.verifiers:
            from ..errors import ConfigError, SnippetsError
            from ..verification import verifier

            opt = self.config.getoption
            opened: Verifier | str
            try:
                settings = self.settings()
                opened = self.stack.enter_context(
                    verifier(
                        (lesson,), settings, opt("snippets_context"), opt("snippets_kubeconfig")
                    )
                )
            except ConfigError as exc:
                opened = f"configuration: {exc}"
            except SnippetsError as exc:
                opened = f"cluster refused: {exc}"
            self.verifiers[cluster] = opened
        return self.verifiers[cluster]

    def run(self, key: RunKey, lesson: Lesson) -> LessonRun:
        """The lesson's one run in this process; its first item pays for it."""
        if key not in self.runs:
            opened = self._verifier(lesson)
            if isinstance(opened, str):
                pytest.fail(opened, pytrace=False)  # not inside an `except`: no chained context
            try:
                self.runs[key] = opened.run_lesson(lesson)
            except (Exception, pytest.fail.Exception) as exc:
                # A bug, or pytest-timeout failing the item: shown once, on this item;
                # the lesson's other items must not run it (and its lab) again.
                self.runs[key] = exc
                raise
        outcome = self.runs[key]
        if isinstance(outcome, BaseException):
            pytest.fail(
                f"{lesson.key}: the lesson's run failed on an earlier item "
                f"({type(outcome).__name__}: {outcome})",
                pytrace=False,
            )
        return outcome


_SESSION = pytest.StashKey[_Session]()


def _durations(config: pytest.Config) -> Mapping[str, float] | None:
    """--snippets-durations, read before anything is collected: a bad report is a usage error."""
    report: Path | None = config.getoption("snippets_durations")
    if report is None:
        return None
    if config.getoption("snippets_shard") is None:
        raise pytest.UsageError("--snippets-durations only makes sense with --snippets-shard")
    from ..errors import SnippetsError
    from ..report.json_report import lesson_durations, read

    try:
        return lesson_durations(read(report))
    except SnippetsError as exc:
        raise pytest.UsageError(f"--snippets-durations: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:  # pages whose entries are not a report's
        raise pytest.UsageError(
            f"--snippets-durations: {report}: not a usable report ({type(exc).__name__}: {exc})"
        ) from None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(  # harmless when pytest-xdist registers it too
        "markers", "xdist_group(name): run items of one group on one xdist worker"
    )
    config.stash[_SESSION] = _Session(config, _durations(config))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION in config.stash:
        config.stash[_SESSION].stack.close()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.suffix != ".md" or not _within(file_path, _given_paths(parent.config)):
        return None
    from ..extract.discover import find_config

    mkdocs_config = find_config(file_path.parent)
    if mkdocs_config is None:
        return None
    session = parent.config.stash[_SESSION]
    site = session.site(mkdocs_config)
    if isinstance(site, str):  # said once, on the first page pytest meets
        if mkdocs_config in session.reported:
            return None
        session.reported.add(mkdocs_config)
        return _UnreadableSite.from_parent(parent, path=file_path, message=site)
    if file_path.resolve() not in site.pages:  # README.md next to mkdocs.yml, ...
        return None
    return MarkdownPage.from_parent(parent, path=file_path, site=site)


class _UnreadableSite(pytest.File):
    """Stands for a site whose mkdocs.yml or runner configuration cannot be read."""

    def __init__(self, *, message: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.message = message

    def collect(self) -> list[pytest.Item]:
        raise self.CollectError(self.message)


class MarkdownPage(pytest.File):
    def __init__(self, *, site: _Site, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.site = site

    def collect(self) -> list[pytest.Item]:
        """Every command of this page, or a collection error that says file:line and why.

        The whole lesson (all languages) is known, so each run covers them
        all; and because this page is judged by its lesson's run, a problem
        in another language of the lesson is this page's problem too.
        """
        from ..errors import PageError
        from ..namespaces import lesson_namespaces

        me = self.path.resolve()
        lesson = self.site.lessons.get(me)  # None: not in the shard asked for
        own: list[str] = []
        others: list[str] = []
        mates = {p.path.resolve() for p in lesson.pages} if lesson else set()
        for problem in self.site.extraction.problems:
            where = problem.location.path.resolve()
            if where == me:
                own.append(str(problem))
            elif where in mates:
                others.append(str(problem))
        if others:
            others.insert(0, "another page of this lesson, whose run judges this one, is broken:")
        if own or others:
            raise self.CollectError("\n".join(own + others))
        if lesson is None:
            return []
        # On a worker, pytest-xdist sets `dist` to "no" and keeps "was it loadgroup".
        workers = getattr(self.config, "workerinput", {}).get("workercount", 1)
        if workers > 1 and not getattr(self.config.option, "loadgroup", False):
            raise self.CollectError(
                "pages need `--dist loadgroup` under pytest-xdist: with any other mode "
                "a lesson may run on two workers at once, or share a namespace with another"
            )
        try:
            namespaces = lesson_namespaces(lesson)  # reads the lab's manifests
        except PageError as exc:
            raise self.CollectError(str(exc)) from None
        page = next(p for p in lesson.pages if p.path.resolve() == me)
        return [
            CommandItem.from_parent(
                self,
                name=f"line {command.location.line}",
                lesson=lesson,
                command=command,
                run_key=(self.site.mkdocs_config, lesson.key),
                namespaces=namespaces,
            )
            for command in page.commands
        ]


def _groups(namespaces: Mapping[RunKey, frozenset[str]]) -> dict[RunKey, str]:
    """Each lesson's xdist group: lessons sharing a namespace, even through others, share one.

    Equal namespace sets are not enough: lessons touching {a, b} and {b, c}
    must not overlap in time either, so the groups are the connected
    components of "shares a namespace". A lesson that touches no cluster is
    a group of its own (it must only stay on one worker). The name depends
    only on the lessons, so every xdist worker computes the same one.
    """
    components: list[tuple[set[str], list[RunKey]]] = []
    for key in sorted(namespaces):
        names, keys = set(namespaces[key]), [key]
        if not names:
            continue
        apart: list[tuple[set[str], list[RunKey]]] = []
        for other_names, other_keys in components:
            if other_names & names:
                names |= other_names
                keys += other_keys
            else:
                apart.append((other_names, other_keys))
        components = [*apart, (names, keys)]
    groups = {key: f"snippets:{key[1]}" for key, names in namespaces.items() if not names}
    for names, keys in components:
        groups.update(dict.fromkeys(keys, "snippets:" + ",".join(sorted(names))))
    return groups


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's worker reads the groups into node ids
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    ours = [item for item in items if isinstance(item, CommandItem)]
    if not ours:
        return
    groups = _groups({item.run_key: item.namespaces for item in ours})
    for item in ours:
        item.add_marker(pytest.mark.xdist_group(groups[item.run_key]))


class CommandItem(pytest.Item):
    def __init__(
        self,
        *,
        lesson: Lesson,
        command: Command,
        run_key: RunKey,
        namespaces: frozenset[str],
        **kwargs: Any,
    ) -> None:
        from ..report.masker import Masker

        super().__init__(**kwargs)
        self.lesson = lesson
        self.command = command
        self.run_key = run_key
        self.namespaces = namespaces
        self.mask = Masker()

    def runtest(self) -> None:
        from ..run.results import Result

        run = self.config.stash[_SESSION].run(self.run_key, self.lesson)
        self.mask = run.mask.for_page(self.command.location.path)
        result = next(
            (r for page in run.results for r in page.commands if r.command == self.command), None
        )
        if result is None:
            pytest.fail(f"{self.command.location}: no result for this command", pytrace=False)
        if result.verdict is Result.SKIPPED:
            pytest.skip(result.note or "skip option")
        if result.verdict is not Result.PASSED:
            raise CommandFailed(result, run.lab_error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from ..errors import SnippetsError

        if isinstance(excinfo.value, CommandFailed):
            return excinfo.value.describe(self.mask, self.config.rootpath)
        if isinstance(excinfo.value, SnippetsError):
            return self.mask(str(excinfo.value))
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        first = self.mask((self.command.text.splitlines() or [""])[0])
        return self.path, self.command.location.line - 1, f"$ {first}"


class CommandFailed(Exception):
    def __init__(self, result: CommandResult, lab_error: SnippetsError | None) -> None:
        super().__init__(result.note)
        self.result = result
        self.lab_error = lab_error

    def describe(self, mask: Masker, root: Path) -> str:
        from ..report.diff import plain
        from ..run.results import Result

        result = self.result
        where = result.command.location
        shown = os.path.relpath(where.path, root)  # as the writer's editor names it
        lines = [f"{shown}:{where.line}: {mask(result.note or result.verdict.value)}"]
        lines.append(f"$ {mask(result.command.text)}")
        if self.lab_error is not None:
            lines.append(mask(str(self.lab_error)))
        elif result.verdict is Result.FAILED:
            lines.append(plain(result, mask))
        return "\n".join(lines)
