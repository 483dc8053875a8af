"""The model's own rules: filling placeholders with a page's values."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.extract.pages import parse_page
from snippets_runner.model import Page, Syntax, fill

SYNTAX = Syntax(placeholders=("<*>", "YOUR_*"))


def _page(text: str) -> Page:
    return parse_page(text, Path("p.md"), "", "p.md", SYNTAX)


def test_a_placeholder_is_replaced_by_its_value_as_exact_text() -> None:
    page = _page("```console\n~$ kubectl logs <pod-name> --region=YOUR_REGION.x\n```\n")
    [command] = page.commands
    assert command.placeholders == ("<pod-name>", "YOUR_REGION")
    values = {"<pod-name>": "web-0", "YOUR_REGION": "eu $HOME \\1"}
    assert fill(command, values) == ("kubectl logs web-0 --region=eu $HOME \\1.x", ())
    assert fill(command, {"<pod-name>": "web-0"}) == (
        "kubectl logs web-0 --region=YOUR_REGION.x",
        ("YOUR_REGION",),
    )


def test_a_value_is_never_filled_again_and_the_longest_placeholder_wins() -> None:
    page = _page("```console\n~$ echo <a> <YOUR_NAME> YOUR_NAME\n```\n")
    [command] = page.commands
    values = {"<a>": "<YOUR_NAME>", "<YOUR_NAME>": "x", "YOUR_NAME": "y"}
    assert fill(command, values) == ("echo <YOUR_NAME> x y", ())


def test_a_placeholder_inside_a_filled_one_is_filled_with_it() -> None:
    page = _page("```console\n~$ echo <YOUR_NAME>\n```\n")
    [command] = page.commands
    assert command.placeholders == ("<YOUR_NAME>", "YOUR_NAME")
    assert fill(command, {"<YOUR_NAME>": "ada"}) == ("echo ada", ())


def test_a_block_is_unfilled_where_any_command_lacks_a_value() -> None:
    text = (
        '---\nsnippets: {placeholders: {"<ns>": demo}}\n---\n'
        "```console\n~$ kubectl create ns <ns>\n~$ kubectl -n <ns> logs <pod>\n~$ true\n```\n"
    )
    page = _page(text)
    [block] = page.blocks
    [(command, missing)] = page.unfilled(block)
    assert command.index == 1 and missing == ("<pod>",)
    assert command.location.line == 6


def test_a_page_whose_every_block_lacks_a_value_needs_no_cluster() -> None:
    """Nothing of it runs, so a site without a cluster can still verify the rest."""
    block = "```console\n~$ kubectl logs <pod>\n```\n"
    assert not _page(block).needs_cluster
    assert _page('---\nsnippets: {placeholders: {"<pod>": web-0}}\n---\n' + block).needs_cluster
