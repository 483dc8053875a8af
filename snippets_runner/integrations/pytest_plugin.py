"""pytest plugin: `pytest docs/` verifies the pages' commands, one test item per command.

A thin shell over `verification`: pages become pytest Files and commands
Items; the first item of a lesson runs the whole lesson once (inside its lab)
and every item of every language reads its own result from that run. Under
pytest-xdist, items carry an `xdist_group` named after the namespaces the
lesson touches, so with `--dist loadgroup` a lesson stays on one worker and
two lessons sharing a namespace never run at the same time.

Pages are collected only under paths given explicitly on the command line
and only inside the docs_dir of their mkdocs.yml: running pages deletes
pods, so a plain `pytest` never does it by accident.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ..config.runner import RunnerConfig
from ..errors import ClusterError, ConfigError, SnippetsError
from ..extract.discover import Extraction, extract, find_config
from ..model import Command, Lesson
from ..namespaces import lesson_namespaces
from ..report.diff import plain
from ..report.json_report import lesson_durations, read
from ..report.masker import Masker
from ..run.results import CommandResult, Result
from ..shard import Shard, select
from ..verification import LessonRun, Verifier, verifier


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except SnippetsError as exc:  # argparse shows ArgumentTypeError as a usage error
        raise argparse.ArgumentTypeError(exc.message) from None


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
        type=float,
        default=None,
        help="seconds per command for blocks without timeout= "
        "(default: command-timeout in [tool.snippets-runner], else 60).",
    )
    group.addoption(
        "--snippets-lab-timeout",
        type=float,
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


class _Session:
    """Per pytest process: the verifier (opened lazily) and each lesson's run."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.stack = ExitStack()
        self.verifier: Verifier | None = None
        self.runs: dict[str, LessonRun] = {}
        self.extractions: dict[Path, Extraction] = {}

    def extraction(self, mkdocs_config: Path) -> Extraction:
        """The whole docs folder, once: a lesson's translations may live in other folders."""
        if mkdocs_config not in self.extractions:
            found = extract([], mkdocs_config)
            shard: Shard | None = self.config.getoption("snippets_shard")
            report: Path | None = self.config.getoption("snippets_durations")
            durations = lesson_durations(read(report)) if report else None
            lessons = select(found.lessons, shard, durations)  # the same split as verify
            self.extractions[mkdocs_config] = replace(found, lessons=lessons)
        return self.extractions[mkdocs_config]

    def settings(self) -> RunnerConfig:
        """One runner configuration per session: the sites collected must agree on it."""
        roots = {ext.site.root for ext in self.extractions.values()}
        configs = {ext.config for ext in self.extractions.values()}
        if len(configs) > 1:
            names = ", ".join(sorted(str(r) for r in roots))
            raise ConfigError(f"the collected sites have different runner configurations: {names}")
        return configs.pop() if configs else RunnerConfig()

    def run(self, lesson: Lesson) -> LessonRun:
        if lesson.key not in self.runs:
            if self.verifier is None:
                opt = self.config.getoption
                # Every collected lesson decides whether a cluster is needed, not the first.
                lessons = tuple(les for ext in self.extractions.values() for les in ext.lessons)
                try:
                    settings = self.settings().override(
                        allowed_contexts=tuple(opt("snippets_allow_context")),
                        command_timeout=opt("snippets_timeout"),
                        lab_timeout=opt("snippets_lab_timeout"),
                        environment=opt("snippets_environment"),
                    )
                    self.verifier = self.stack.enter_context(
                        verifier(
                            lessons, settings, opt("snippets_context"), opt("snippets_kubeconfig")
                        )
                    )
                except ConfigError as exc:
                    pytest.fail(f"configuration: {exc}", pytrace=False)
                except ClusterError as exc:
                    pytest.fail(f"cluster refused: {exc}", pytrace=False)
            self.runs[lesson.key] = self.verifier.run_lesson(lesson)
        return self.runs[lesson.key]


_SESSION = pytest.StashKey[_Session]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_SESSION] = _Session(config)
    config.addinivalue_line(  # harmless when pytest-xdist registers it too
        "markers", "xdist_group(name): run items of one group on one xdist worker"
    )


def pytest_unconfigure(config: pytest.Config) -> None:
    if _SESSION in config.stash:
        config.stash[_SESSION].stack.close()


def _explicitly_given(path: Path, config: pytest.Config) -> bool:
    given = [Path(a.split("::")[0]).resolve() for a in config.invocation_params.args]
    return any(path == g or g in path.parents for g in given if g.exists())


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if file_path.suffix != ".md" or not _explicitly_given(file_path, parent.config):
        return None
    config = find_config(file_path.parent)
    if config is None:
        return None
    # The session extracts the docs folder once; its site config serves every file.
    docs = parent.config.stash[_SESSION].extraction(config).site.docs_dir
    if docs not in file_path.resolve().parents:
        return None
    return MarkdownPage.from_parent(parent, path=file_path, mkdocs_config=config)


def _group(lesson: Lesson) -> str:
    """Lessons that touch the same namespaces share an xdist group, so they never overlap.

    Namespaces come from the lab's objects and from the commands' `-n`; a
    kubectl page that names none works in `default`.
    """
    namespaces = lesson_namespaces(lesson)
    return "snippets:" + (",".join(sorted(namespaces)) if namespaces else lesson.key)


class MarkdownPage(pytest.File):
    def __init__(self, *, mkdocs_config: Path, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mkdocs_config = mkdocs_config

    def collect(self) -> Iterator[pytest.Item]:
        # The whole lesson (all languages) is known, so each run covers them all.
        extraction = self.config.stash[_SESSION].extraction(self.mkdocs_config)
        mine = [p for p in extraction.problems if p.location.path.resolve() == self.path.resolve()]
        if mine:
            raise mine[0]
        for lesson in extraction.lessons:
            page = next((p for p in lesson.pages if p.path.resolve() == self.path.resolve()), None)
            if page is None:
                continue
            group = _group(lesson)
            for command in page.commands:
                item = CommandItem.from_parent(
                    self, name=f"line {command.location.line}", lesson=lesson, command=command
                )
                item.add_marker(pytest.mark.xdist_group(group))
                yield item


class CommandItem(pytest.Item):
    def __init__(self, *, lesson: Lesson, command: Command, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lesson = lesson
        self.command = command
        self.mask = Masker()

    def runtest(self) -> None:
        run = self.config.stash[_SESSION].run(self.lesson)
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
        if isinstance(excinfo.value, CommandFailed):
            return excinfo.value.describe(self.mask, self.config.rootpath)
        if isinstance(excinfo.value, SnippetsError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        first = self.mask(self.command.text.splitlines()[0])
        return self.path, self.command.location.line - 1, f"$ {first}"


class CommandFailed(Exception):
    def __init__(self, result: CommandResult, lab_error: SnippetsError | None) -> None:
        super().__init__(result.note)
        self.result = result
        self.lab_error = lab_error

    def describe(self, mask: Masker, root: Path) -> str:
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
