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

import ast
import re
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


_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\"")
"""A ``%r``-quoted string in a PyYAML message."""
_TOKEN_ID = re.compile(r"'<[a-z ]+>'")
"""A token PyYAML names by its kind (``'<block end>'``), no text of the file."""
NOT_SHOWN = "(not shown)"


def _unquoted(text: str) -> str:
    """``text`` with every quoted string of the file's own text replaced by NOT_SHOWN.

    PyYAML quotes what it read: a character (``'\\t'``, kept: one character
    tells nothing), a token's kind (kept), and names written in the file: a tag,
    an anchor, an alias, a tag handle, which an unquoted value that starts with
    ``!``, ``&`` or ``*`` (a password ``!Passw0rd``) becomes.
    """

    def shown(found: re.Match[str]) -> str:
        quoted = found.group()
        if _TOKEN_ID.fullmatch(quoted):
            return quoted
        try:
            value = ast.literal_eval(quoted)
        except (ValueError, SyntaxError):
            return NOT_SHOWN
        return quoted if isinstance(value, str) and len(value) <= 1 else NOT_SHOWN

    return _QUOTED.sub(shown, text)


def yaml_problem(exc: BaseException) -> tuple[int | None, str]:
    """The 1-based line of a YAML parse error and what went wrong, without the file's text.

    ``str()`` of a PyYAML error quotes the offending lines (its marks' snippets)
    and its problem can name what the file holds (a tag or alias written where a
    value was meant): a Secret's ``stringData``, a kubeconfig's token, a page's
    declared secrets would reach a report or a CI log. So only the kind of problem
    and where it is are told, at the problem's line: ``found unexpected end of
    stream, while scanning a quoted scalar from line 6, column 13``.
    """
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem is None and mark is None:  # a reader's error: a character's code, no text
        first = str(exc).splitlines()[0] if str(exc) else ""
        return None, _unquoted(first) or type(exc).__name__
    text = _unquoted(str(problem)) if problem else "invalid YAML"
    context = getattr(exc, "context", None)
    if context:
        text += f", {_unquoted(str(context))}"
        at = getattr(exc, "context_mark", None)
        if at is not None and (mark is None or at.line != mark.line):
            text += f" from line {at.line + 1}, column {at.column + 1}"
    return (mark.line + 1 if mark is not None else None), text
