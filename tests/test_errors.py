"""One mapping from errors to exit codes, the same in every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.errors import (
    ClusterError,
    ConfigError,
    ExitCode,
    LabError,
    PageError,
    ReportError,
    ShellError,
    SnippetsError,
    exit_code,
)
from snippets_runner.model import Location

HERE = Location(Path("docs/p.md"), 7)


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (None, ExitCode.OK),
        (PageError(HERE, "bad option"), ExitCode.PAGE_WRONG),
        (ConfigError("bad key"), ExitCode.ENVIRONMENT),
        (ClusterError("refused"), ExitCode.ENVIRONMENT),
        (LabError(HERE, "lab setup failed"), ExitCode.ENVIRONMENT),
        (ShellError("closed"), ExitCode.ENVIRONMENT),
        (ReportError("disk full"), ExitCode.ENVIRONMENT),
        (RuntimeError("a bug"), ExitCode.ENVIRONMENT),
    ],
)
def test_exit_codes(error: BaseException | None, code: ExitCode) -> None:
    assert exit_code(error) is code


def test_messages_name_file_and_line_when_there_is_one() -> None:
    assert str(PageError(HERE, "bad option")) == "docs/p.md:7: bad option"
    assert str(LabError(HERE, "lab setup failed")) == "docs/p.md:7: lab setup failed"
    assert str(ClusterError("refused")) == "refused"
    assert PageError(HERE, "x").message == "x"


def test_writer_errors_and_environment_errors_are_apart() -> None:
    assert not issubclass(PageError, ClusterError | LabError | ConfigError)
    assert issubclass(LabError, SnippetsError) and issubclass(PageError, SnippetsError)
