"""Block options: superfences syntax in, typed BlockOptions out, errors with a line."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.options import parse_options, render_info, split_info
from snippets_runner.model import BlockOptions, Location

AT = Location(Path("p.md"), 7)


def options(info: str) -> BlockOptions:
    return parse_options(split_info(info, AT)[1], AT)


def test_defaults() -> None:
    assert options("console") == BlockOptions()


def test_all_options() -> None:
    assert options('console timeout="90" retry=\'30.5\' exit="1" skip') == BlockOptions(
        timeout=90, retry=30.5, exit=1, skip=True
    )


@pytest.mark.parametrize("info,message", [
    ('console tmeout="9"', "unknown console block option 'tmeout'"),
    ('console timeout="soon"', "not a number"),
    ('console timeout="-1"', "positive"),
    ('console retry="inf"', "positive"),
    ('console exit="256"', "0 to 255"),
    ('console exit="x"', "0 to 255"),
    ('console skip="yes"', "flag"),
    ("console timeout=9", "malformed option"),
])
def test_bad_options_are_reported_at_the_fence(info: str, message: str) -> None:
    with pytest.raises(PageError) as err:
        options(info)
    assert message in err.value.message
    assert err.value.location == AT


@pytest.mark.parametrize("value", [
    BlockOptions(), BlockOptions(timeout=1.5), BlockOptions(retry=60, exit=3, skip=True),
])
def test_render_info_round_trips(value: BlockOptions) -> None:
    assert options(render_info(value)) == value
