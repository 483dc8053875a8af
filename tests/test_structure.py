"""update/proof.py: the last check before writing, that the new page extracts like the old."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.model import Location
from snippets_runner.update.proof import check

PAGE = Path("docs/p.md")
OLD = """---
snippets:
  secrets: [Pw-12345]
---
# T

```console timeout="5"
~$ echo a
old
~$ echo b
b
```
"""


def refusal(new: str, planned: dict[int, tuple[str, ...]] | None = None) -> PageError:
    with pytest.raises(PageError) as refused:
        check(PAGE, OLD, new, {9: ("a",)} if planned is None else planned)
    return refused.value


def test_the_planned_rewrite_passes() -> None:
    check(PAGE, OLD, OLD.replace("old\n", "a\n"), {9: ("a",)})


@pytest.mark.parametrize(
    ("new", "line", "what"),
    [
        (OLD.replace("Pw-12345", "Pw-67890").replace("old", "a"), 1, "front matter"),
        (OLD.replace("old", "a") + "\n```console\n~$ echo c\n```\n", 1, "1 console blocks, then 2"),
        (
            OLD.replace('timeout="5"', 'timeout="6"').replace("old", "a"),
            7,
            "block options or commands",
        ),
        (
            OLD.replace('timeout="5"', 'timeout="5" skip').replace("old", "a"),
            7,
            "block options or commands",
        ),
        (OLD.replace("~$ echo b\nb\n", "").replace("old", "a"), 7, "block options or commands"),
        (OLD.replace("echo b", "echo B").replace("old", "a"), 10, "a command"),
        (OLD.replace("old", "a").replace("\nb\n", "\nB\n"), 10, "output other than planned"),
        (OLD, 8, "output other than planned"),
    ],
)
def test_any_other_difference_is_refused_where_it_is(new: str, line: int, what: str) -> None:
    error = refusal(new)
    assert error.location == Location(PAGE, line)
    assert error.message == f"update would change the page's structure ({what}); not written"


def test_a_page_that_no_longer_extracts_says_which_side() -> None:
    error = refusal(OLD.replace("~$ echo b\nb\n", "~$\n"))
    assert error.message.startswith("the updated page does not extract: prompt '~$' without")
    assert error.location == Location(PAGE, 10)
    with pytest.raises(PageError) as refused:
        check(PAGE, "```console\nno command\n```\n", OLD, {})
    assert refused.value.message.startswith("the page does not extract: output before the first")


QUOTED = "> ```console\n> ~$ printf 'x\\n\\ny\\n'\n> x\n> z\n> ```\n\nafter\n"


@pytest.mark.parametrize("empty", [">", "> "])
def test_a_quoted_block_may_gain_an_empty_line_that_keeps_its_marker(empty: str) -> None:
    check(PAGE, QUOTED, QUOTED.replace("> z\n", f"{empty}\n> y\n"), {3: ("x", "", "y")})


def test_an_empty_line_that_drops_its_marker_ends_the_quote_and_is_refused() -> None:
    """The check stands behind the writer: without its '>' the blockquote, and the block,
    would end at the empty line, so such a rewrite is never written."""
    with pytest.raises(PageError) as refused:
        check(PAGE, QUOTED, QUOTED.replace("> z\n", "\n> y\n"), {3: ("x", "", "y")})
    assert refused.value.location == Location(PAGE, 4)
    assert refused.value.message.startswith(
        "the updated page does not extract: an empty line inside a quoted ```console block "
        "must keep its '>'"
    )
