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


# --- a YAML error told without the file's text --------------------------------------------


def _yaml_error(text: str, loader: str) -> BaseException:
    import yaml

    with pytest.raises(yaml.YAMLError) as raised:
        yaml.load(text, Loader=getattr(yaml, loader))
    return raised.value


LOADERS = pytest.mark.parametrize("loader", ["SafeLoader", "CSafeLoader"])


@LOADERS
@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('password: "Unclosed-Secret-1\n', 2),  # the mark's snippet quotes the line
        ("password: !Tag-Secret-2\n", 1),  # a value starting with ! is a tag
        ("password: *Alias-Secret-3\n", 1),  # ... with * an alias
        ("a: &Anchor-Secret-4 x\nb: &Anchor-Secret-4 y\n", 2),
        ("%TAG !h! tag:x,2000:\n---\nb: !Handle-Secret-5!x v\n", 3),
        ("a: b\ntoken: Plain-Secret-6: c\n", 2),
        ("[Flow-Secret-7, \n", 2),
    ],
)
def test_a_yaml_error_names_its_line_and_kind_never_the_text(
    text: str, line: int, loader: str
) -> None:
    from snippets_runner.errors import yaml_problem

    found, problem = yaml_problem(_yaml_error(text, loader))
    assert found == line
    assert "Secret" not in problem and "\n" not in problem and problem
    assert any(kind in problem for kind in ("found", "expected", "not allowed", "could not"))


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: b\n\tc: d\n", "found character '\\t' that cannot start any token"),
        ("- a\nb: 1\n", "expected <block end>, but found '?'"),
        ("{a: 1\n", "expected ',' or '}', but got '<stream end>', while parsing a flow mapping "
         "from line 1, column 1"),
        ("a: \x00\n", "unacceptable character #x0000: special characters are not allowed"),
        ("password: *Hunter2\n", "found undefined alias (not shown)"),
    ],
)  # fmt: skip
def test_what_tells_the_writer_something_without_the_text_is_kept(text: str, shown: str) -> None:
    """A character, a token's kind and where a construct began say what to fix."""
    from snippets_runner.errors import yaml_problem

    assert yaml_problem(_yaml_error(text, "SafeLoader"))[1].startswith(shown)
