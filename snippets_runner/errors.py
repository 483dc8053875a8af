"""One error hierarchy, and the one place that maps it to exit codes.

Two audiences, two families. A *page error* is something a writer fixes in
the docs (a malformed block, a bad option, broken front matter or lab
manifest); it always names ``file:line``. An *environment error* means the
check could not be made (a refused or unreachable cluster, a lab the
cluster would not start, a report that cannot be written): nobody should
edit a page because of it. CI tells the two apart by exit code, so every
command maps them through :func:`exit_code` and nowhere else.
"""

from __future__ import annotations

from enum import IntEnum

from .model import Location


class ExitCode(IntEnum):
    """The same in every command: list, lint, verify, update and report."""

    OK = 0
    PAGE_WRONG = 1
    """A page is wrong: its output drifted, a command failed, or the page does not parse."""
    ENVIRONMENT = 2
    """Usage or environment: bad flags or configuration, a refused cluster, a lab that failed."""


class SnippetsError(Exception):
    """Base of every error the runner reports as a message instead of a traceback."""

    exit_code: ExitCode = ExitCode.ENVIRONMENT

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(f"{location}: {message}" if location else message)
        self.location = location
        self.message = message


class PageError(SnippetsError):
    """A problem in a page (its Markdown, options, front matter or lab manifest).

    It always names the file and line, because writers fix pages, not stacks.
    """

    exit_code = ExitCode.PAGE_WRONG
    location: Location

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message, location)


class ConfigError(SnippetsError):
    """mkdocs.yml, the runner's configuration or a command-line flag is unusable."""


class EnvironmentProblem(SnippetsError):
    """The check could not be made; the pages may well be right."""


class ClusterError(EnvironmentProblem):
    """A refused context, an unreadable kubeconfig or an unreachable cluster."""


class LabError(EnvironmentProblem):
    """A lab could not be set up or cleaned: which object, what it waited for, its events."""

    location: Location

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(message, location)


class ShellError(EnvironmentProblem):
    """The shell session that runs a page could not be started or was used after it ended."""


class ReportError(EnvironmentProblem):
    """A report or a page could not be written."""


def exit_code(error: BaseException | None) -> ExitCode:
    """The exit status for an error (None: success); anything unexpected is environmental."""
    if error is None:
        return ExitCode.OK
    if isinstance(error, SnippetsError):
        return error.exit_code
    return ExitCode.ENVIRONMENT
