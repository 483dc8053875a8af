"""Translation parity: a rule about the model that lint, the runner and the site share.

Translations are edited by different people, and a command fixed in one
language and not the other is drift nobody runs; outputs are language-neutral,
so they must agree too. Lint reports every departure; the runner asks only
whether one run can stand for both pages (``outputs=False``) before it judges a
translation by its primary's run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .errors import PageError
from .model import Block, Command, Lesson, Location, Page
from .textdiff.hunks import counterparts
from .textdiff.visible import mark

_MAX_DIFF_LINES = 12


def _short_diff(a: tuple[str, ...], b: tuple[str, ...], a_name: str, b_name: str) -> str:
    """A unified diff short enough for a lint line, with what it cuts counted.

    The lines that differ show their invisible characters (a tab against
    spaces, a no-break space), as the reports' diffs do: translations are
    often retyped, and such a difference is otherwise invisible.
    """
    diff = list(difflib.unified_diff(a, b, a_name, b_name, lineterm="", n=1))
    signs = ["", "", *(line[:1] for line in diff[2:])]  # the two file headers are no rows
    pairs = counterparts(signs)
    for i, sign in enumerate(signs):
        if sign in ("-", "+"):
            other = diff[pairs[i]][1:] if i in pairs else None
            diff[i] = sign + mark(diff[i][1:], other)[0]
    if len(diff) > _MAX_DIFF_LINES:
        diff = [*diff[:_MAX_DIFF_LINES], f"... {len(diff) - _MAX_DIFF_LINES} more diff line(s)"]
    return "\n".join("    " + line for line in diff)


def _compare_blocks(ref: Block, other: Block) -> Iterator[PageError]:
    if len(ref.commands) != len(other.commands):
        yield PageError(
            other.location,
            f"block has {len(other.commands)} command(s), the block at {ref.location} has "
            f"{len(ref.commands)}: options such as skip and exit apply per block",
        )
    if ref.options != other.options:
        yield PageError(
            other.location,
            f"block options {other.info!r} differ from {ref.info!r} at {ref.location}",
        )


def _compare_commands(ref: Command, other: Command, ref_locale: str) -> Iterator[PageError]:
    if ref.text != other.text:
        diff = _short_diff(
            tuple(ref.text.splitlines()), tuple(other.text.splitlines()), ref_locale, "this page"
        )
        yield PageError(
            other.location, f"command differs from the {ref_locale} page at {ref.location}\n{diff}"
        )
    elif ref.expected.lines != other.expected.lines:
        diff = _short_diff(ref.expected.lines, other.expected.lines, ref_locale, "this page")
        yield PageError(
            other.expected.location,
            f"output of `{other.text.splitlines()[0]}` differs from the {ref_locale} page "
            f"at {ref.expected.location}\n{diff}",
        )


def _first_extra(page: Page, count: int) -> Location:
    extra = page.commands[count:]
    return extra[0].location if extra else Location(page.path, 1)


def page_parity(ref: Page, page: Page, outputs: bool = True) -> Iterator[PageError]:
    """How `page` departs from `ref`, its lesson's primary page.

    With ``outputs=False`` only the structure counts (blocks, options, commands,
    lab): what decides whether one run can stand for both pages. Published
    output may then differ, because each page is judged on its own output.
    """
    for ref_block, block in zip(ref.blocks, page.blocks, strict=False):
        yield from _compare_blocks(ref_block, block)
    for ref_cmd, cmd in zip(ref.commands, page.commands, strict=False):
        found = list(_compare_commands(ref_cmd, cmd, ref.locale or str(ref.path)))
        yield from (f for f in found if outputs or ref_cmd.text != cmd.text)
        if found and ref_cmd.text != cmd.text:
            break  # later commands are shifted; one report says it all
    if len(ref.commands) != len(page.commands) or len(ref.blocks) != len(page.blocks):
        longer = page if len(page.commands) > len(ref.commands) else ref
        yield PageError(
            _first_extra(longer, min(len(ref.commands), len(page.commands))),
            f"{page.path} has {len(page.blocks)} console blocks with {len(page.commands)} "
            f"commands, {ref.path} has {len(ref.blocks)} with {len(ref.commands)}",
        )
    if ref.lab.manifests != page.lab.manifests:
        yield PageError(
            page.lab.location or Location(page.path, 1),
            f"front matter lab differs from {ref.path}",
        )
    if ref.lab.placeholders != page.lab.placeholders:
        yield PageError(
            page.lab.location or Location(page.path, 1),
            f"front matter placeholders differ from {ref.path}: one run stands for both pages",
        )
    if ref.lab.cluster != page.lab.cluster:
        yield PageError(
            page.lab.location or Location(page.path, 1),
            f"front matter cluster differs from {ref.path}: one run stands for both pages",
        )


def parity(lesson: Lesson) -> Iterator[PageError]:
    """Every translation must publish the same session as the lesson's primary page."""
    for page in lesson.pages[1:]:
        yield from page_parity(lesson.primary, page)


__all__ = ["page_parity", "parity"]
