"""One pytest process's state: the sites collected, the verifiers, each lesson's one run.

A lesson runs once however many of its items, in however many languages,
pytest asks about: its first item pays for the run (and its lab) and the
others read their results from it. A cluster is looked at only when a
lesson that needs one runs, and a refusal is kept, so every item that needs
the cluster fails with the one reason. The runner's modules are imported
inside the methods, as everywhere in the plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from .command_line import _given_paths, _within

if TYPE_CHECKING:
    from ...config.pyproject import RunnerConfig
    from ...extract.discover import Extraction
    from ...model import Lesson
    from ...shard import Shard
    from ...verification import LessonRun, Verifier

RunKey = tuple[Path, str]
"""A lesson across sites: its mkdocs.yml and its key (two sites may both have `index.md`)."""


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

        from ...errors import SnippetsError
        from ...extract.discover import extract

        try:
            found = extract([], mkdocs_config)
        except SnippetsError as exc:  # mkdocs.yml or [tool.snippets-runner] is unusable
            return str(exc)
        pages = frozenset(p.path.resolve() for p in found.pages)
        pages |= {p.location.path.resolve() for p in found.problems}
        shard: Shard | None = self.config.getoption("snippets_shard")
        lessons = found.lessons
        if shard is not None:
            from ...shard import select

            # The lessons `verify --shard` splits for the same paths, split the same way:
            # with durations, which lessons take part changes where each one goes.
            given = _given_paths(self.config)
            typed = [les for les in lessons if any(_within(p.path, given) for p in les.pages)]
            lessons = select(typed, shard, self.durations)
        by_page = {p.path.resolve(): les for les in lessons for p in les.pages}
        return _Site(mkdocs_config, replace(found, lessons=lessons), pages, by_page)

    def settings(self) -> RunnerConfig:
        """One runner configuration per session: the sites collected must agree on it."""
        from ...config.pyproject import RunnerConfig
        from ...errors import ConfigError

        sites = [s for s in self.sites.values() if isinstance(s, _Site)]
        configs = {s.extraction.config for s in sites}
        if len(configs) > 1:
            names = ", ".join(sorted(str(s.extraction.site.root) for s in sites))
            raise ConfigError(f"the collected sites have different runner configurations: {names}")
        from .command_line import settings_flags

        return (configs.pop() if configs else RunnerConfig()).override(settings_flags(self.config))

    def _verifier(self, lesson: Lesson) -> Verifier | str:
        """The verifier for lessons that need a cluster, or for those that do not.

        Which lessons get the cluster is the Verifier's decision, lesson by
        lesson (`Verifier.options_for`), as for verify and update. The two are
        kept apart so the cluster is looked at only once a lesson that needs it
        runs: a session of ``cluster: false`` pages never checks one. Each is
        opened once; a refusal is kept, so the cluster is checked once and
        every item that needs it fails the same way.
        """
        cluster = lesson.primary.needs_cluster
        if cluster not in self.verifiers:
            from ...errors import ConfigError, SnippetsError
            from ...verification import verifier

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
