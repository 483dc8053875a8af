"""The pytest nodes of pages: a page is a File, each of its commands an Item.

An item's verdict is its command's result in its lesson's one run; what a
failing item shows is what the writer needs to fix the page (file:line, the
command, the difference), masked like every report, never the plugin's stack.

pytest has no state for a command that ran with its output not compared
(``Result.RAN``): its item passes -- nothing failed -- and its report carries
the user property ``("snippets.output", "not-compared")`` (which pytest's
JUnit XML writes as a testcase property), and a ``-v`` run says so in its
report section.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from .run_state import _SESSION, RunKey, _Site

if TYPE_CHECKING:
    from ...errors import SnippetsError
    from ...model import Command, Lesson
    from ...run.results import CommandResult
    from ...secrets import Masker


OUTPUT_NOT_COMPARED = ("snippets.output", "not-compared")
"""The user property of an item whose command ran with its output not compared."""


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
        from ...errors import PageError
        from ...lab.namespaces import lesson_namespaces

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
        from ...secrets import Masker

        super().__init__(**kwargs)
        self.lesson = lesson
        self.command = command
        self.run_key = run_key
        self.namespaces = namespaces
        self.mask = Masker()

    def runtest(self) -> None:
        from ...run.results import Result

        run = self.config.stash[_SESSION].run(self.run_key, self.lesson)
        self.mask = run.mask.for_page(self.command.location.path)
        result = next(
            (r for page in run.results for r in page.commands if r.command == self.command), None
        )
        if result is None:
            pytest.fail(f"{self.command.location}: no result for this command", pytrace=False)
        if result.verdict is Result.SKIPPED:
            pytest.skip(result.note or "skip option")
        if result.verdict is Result.RAN:
            self.user_properties.append(OUTPUT_NOT_COMPARED)
            self.add_report_section("call", "snippets", result.note)
            return
        if result.verdict is not Result.PASSED:
            raise CommandFailed(result, run.lab_error)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        from ...errors import SnippetsError

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
        from ...report.diff import plain
        from ...run.results import Result

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
