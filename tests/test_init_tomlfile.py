"""adopt.tomlfile: settings added to [tool.snippets-runner] as text, every other byte kept."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from snippets_runner.adopt import Entry, add_settings
from snippets_runner.errors import ConfigError

WHERE = Path("pyproject.toml")
PROMPT = Entry("prompt", '"$ "', ("found: 3 lines, e.g. docs/a.md:4",))


def added(before: str, after: str) -> list[str]:
    """The lines of ``after`` that are new, checking every old line is still there, in order."""
    old = before.splitlines(keepends=True)
    new = after.splitlines(keepends=True)
    extra: list[str] = []
    k = 0
    for line in new:
        if k < len(old) and line == old[k]:
            k += 1
        else:
            extra.append(line)
    assert k == len(old), "an old line was changed or lost"
    return extra


def test_a_new_table_at_the_end_with_its_header_comment() -> None:
    before = '[project]\nname = "docs"'  # no newline at the end
    after = add_settings(before, [PROMPT], ["read in 3 pages"], WHERE)
    assert after == (
        '[project]\nname = "docs"\n\n[tool.snippets-runner]\n# read in 3 pages\n'
        '# found: 3 lines, e.g. docs/a.md:4\nprompt = "$ "\n'
    )


def test_an_empty_file() -> None:
    assert add_settings("", [PROMPT], [], WHERE) == (
        '[tool.snippets-runner]\n# found: 3 lines, e.g. docs/a.md:4\nprompt = "$ "\n'
    )


@pytest.mark.parametrize(
    "header",
    ["[tool.snippets-runner]", '[ tool . "snippets-runner" ]  # ours', "[tool.'snippets-runner']"],
)
def test_after_the_last_key_before_what_leads_to_the_next_table(header: str) -> None:
    before = (
        f"{header}\n"
        'environment = "kind"\n'
        'allowed-contexts = [\n    "kind",  # the local cluster\n]\n'
        "\n# about the next table\n[tool.ruff]\nline-length = 100\n"
    )
    after = add_settings(before, [PROMPT], [], WHERE)
    lines = after.splitlines()
    assert lines[lines.index("]") + 1 : lines.index("]") + 3] == [
        "# found: 3 lines, e.g. docs/a.md:4",
        'prompt = "$ "',
    ]
    assert len(added(before, after)) == 2


def test_a_table_without_keys_gets_them_after_its_own_comments() -> None:
    before = (
        "[tool.snippets-runner]\n# ours\n\n# the next one\n"
        '[tool.snippets-runner.values.X]\npublished = "a"\nkind = "b"\n'
    )
    after = add_settings(before, [PROMPT], [], WHERE)
    assert after.startswith(
        "[tool.snippets-runner]\n# ours\n# found: 3 lines, e.g. docs/a.md:4\n"
        'prompt = "$ "\n\n# the next one\n'
    )


def test_a_header_inside_a_multi_line_string_is_no_header() -> None:
    before = (
        '[tool.snippets-runner]\nenvironment = "kind"\n'
        '[tool.other]\ntext = """\n[tool.snippets-runner]\n"""\n'
    )
    after = add_settings(before, [PROMPT], [], WHERE)
    assert after.index('prompt = "$ "') < after.index("[tool.other]")


def test_only_sub_tables_get_a_table_of_their_own_at_the_end() -> None:
    before = '[tool.snippets-runner.values.X]\npublished = "a"\nkind = "b"\n'
    after = add_settings(before, [PROMPT], ["h"], WHERE)
    assert tomllib.loads(after)["tool"]["snippets-runner"]["prompt"] == "$ "
    assert after.startswith(before)


@pytest.mark.parametrize(
    "before",
    [
        '[tool]\nsnippets-runner.environment = "kind"\n',
        'tool = {snippets-runner = {environment = "kind"}}\n',
        'tool.snippets-runner.environment = "kind"\n',
    ],
)
def test_a_table_not_written_as_a_table_is_refused(before: str) -> None:
    with pytest.raises(ConfigError, match="add them by hand"):
        add_settings(before, [PROMPT], [], WHERE)


def test_a_key_already_there_is_refused() -> None:
    with pytest.raises(ConfigError, match="already has prompt"):
        add_settings('[tool.snippets-runner]\nprompt = "%"\n', [PROMPT], [], WHERE)


def test_long_notes_wrap_without_breaking_a_file_line() -> None:
    path = "docs/" + "a-long-folder-name/" * 6 + "page.md:12"
    entry = Entry("prompt", '"$ "', (f"{'word ' * 18}e.g. {path}",))
    lines = add_settings("", [entry], [], WHERE).splitlines()
    assert all(line.startswith("#") for line in lines[1:-1])
    assert any(line == f"#   {path}" or line.endswith(path) for line in lines)
