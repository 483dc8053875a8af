"""Block options: superfences syntax in, typed BlockOptions out, errors with a line."""

from pathlib import Path

import pytest

from snippets_runner.errors import PageError
from snippets_runner.extract.block_options import (
    fence_language,
    parse_options,
    render_info,
    split_info,
)
from snippets_runner.model import BlockOptions, Location, OutputPolicy

AT = Location(Path("p.md"), 7)


def options(info: str) -> BlockOptions:
    return parse_options(split_info(info, AT)[1], AT)


def test_defaults() -> None:
    assert options("console") == BlockOptions()


def test_all_options() -> None:
    assert options('console timeout="90" retry=\'30.5\' exit="1" skip') == BlockOptions(
        timeout=90, retry=30.5, exit=1, skip=True
    )


@pytest.mark.parametrize(
    "info,message",
    [
        ('console tmeout="9"', "unknown console block option 'tmeout'"),
        ('console timeout="soon"', "not a number"),
        ('console timeout="-1"', "positive"),
        ('console timeout="86400.5"', "more than a day"),
        ('console retry="inf"', "positive"),
        ('console exit="256"', "0 to 255"),
        ('console exit="x"', "0 to 255"),
        ('console skip="yes"', "flag"),
        ("console timeout=9", "malformed option"),
        ('console timeout="3000000"', "more than a day"),
        ('console retry="1e9"', "more than a day"),
        ('console exit="0" exit="1"', "option 'exit' is given twice"),
        ("console skip skip", "option 'skip' is given twice"),
        ('{.console exit="1" exit="1"}', "option 'exit' is given twice"),
        ('{.console timeout="5" timeout="6"}', "option 'timeout' is given twice"),
    ],
)
def test_bad_options_are_reported_at_the_fence(info: str, message: str) -> None:
    with pytest.raises(PageError) as err:
        options(info)
    assert message in err.value.message
    assert err.value.location == AT


@pytest.mark.parametrize(
    "value",
    [
        BlockOptions(),
        BlockOptions(timeout=1.5),
        BlockOptions(retry=60, exit=3, skip=True),
    ],
)
def test_render_info_round_trips(value: BlockOptions) -> None:
    assert options(render_info(value)) == value


@pytest.mark.parametrize(
    "info,lang",
    [
        ("console", "console"),
        (".console", "console"),
        ("console\tskip", "console"),
        ("{.console}", "console"),
        ('{ .console timeout="5" }', "console"),
        ("{#id .console .wide}", "console"),
        ("{.bash .console}", "bash"),
        ("console{.x}", ""),  # superfences: not a fence header at all
        ("consoles", "consoles"),
        ("", ""),
    ],
)
def test_fence_language_as_superfences_reads_it(info: str, lang: str) -> None:
    assert fence_language(info) == lang


@pytest.mark.parametrize(
    "info,expected",
    [
        ("{.console}", BlockOptions()),
        ('{ .console timeout="5" }', BlockOptions(timeout=5.0)),
        ('{.console #s .wide exit="3" skip="skip"}', BlockOptions(exit=3, skip=True)),
        ('console {retry="2"}', BlockOptions(retry=2.0)),
    ],
)
def test_attribute_list_options(info: str, expected: BlockOptions) -> None:
    assert options(info) == expected


def test_attribute_list_flag_without_value_is_refused_as_on_the_site() -> None:
    """attr_list hands superfences `skip` without a value, which the fence rejects."""
    with pytest.raises(PageError) as err:
        options("{.console skip}")
    assert err.value.location == AT
    assert err.value.message == 'in an attribute list a flag needs a value: write skip="skip"'


def test_unknown_option_in_an_attribute_list_is_refused() -> None:
    with pytest.raises(PageError, match="unknown console block option 'colour'"):
        options('{.console colour="x"}')


@pytest.mark.parametrize(
    "info",
    [
        'console hl_lines="2-3"',
        'console hl_lines="1 3-4" linenums="1"',
        'console title="Create the cluster"',
        '{.console title="x" hl_lines="2"}',
        'console linenums="1 2 5"',
    ],
)
def test_highlighting_options_real_sites_use_are_accepted_and_change_nothing(info: str) -> None:
    """pymdownx.superfences' highlighter takes hl_lines, linenums and title after the language
    (sveltos writes ```bash hl_lines="2-3"): presentation, so the block runs as without them."""
    assert options(info) == BlockOptions()


@pytest.mark.parametrize(
    "info", ['console hl_lines="two"', 'console linenums="a"', 'console hl_lines=""']
)
def test_highlighting_options_the_highlighter_refuses_are_errors(info: str) -> None:
    with pytest.raises(PageError, match="is not what the highlighter takes"):
        options(info)


def test_the_output_policy_option() -> None:
    assert options('console output="not-published"').output is OutputPolicy.NOT_PUBLISHED
    assert options('console output="prints-nothing"').output is OutputPolicy.PRINTS_NOTHING
    with pytest.raises(PageError, match="is not an output policy"):
        options('console output="maybe"')
