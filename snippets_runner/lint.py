"""Static checks, no cluster: malformed blocks, missing lab files, locale parity.

Parity is what peers miss: translations are edited by different people, and
a command fixed in one language and not the other is drift nobody runs.
Outputs are language-neutral, so they must agree too.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from .errors import PageError
from .extract.discover import Extraction
from .lab.manifests import load_objects
from .model import Block, Command, Lesson, Location, Page
from .report.hunks import counterparts
from .report.visible import mark
from .secrets import MIN_LENGTH, manifest_fields

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
    if ref.lab.cluster != page.lab.cluster:
        yield PageError(
            page.lab.location or Location(page.path, 1),
            f"front matter cluster differs from {ref.path}: one run stands for both pages",
        )


def parity(lesson: Lesson) -> Iterator[PageError]:
    """Every translation must publish the same session as the lesson's primary page."""
    for page in lesson.pages[1:]:
        yield from page_parity(lesson.primary, page)


def _lab_files(page: Page) -> Iterator[PageError]:
    for manifest in page.lab.manifests:
        if not manifest.is_file():
            yield PageError(
                page.lab.location or Location(page.path, 1), f"lab manifest not found: {manifest}"
            )


def lint(extraction: Extraction) -> list[PageError]:
    """All problems, sorted by file and line; empty means the pages are fit to run."""
    problems = list(extraction.problems)
    broken = {p.location.path for p in problems}
    for lesson in extraction.lessons:
        for page in lesson.pages:
            problems.extend(_lab_files(page))
        if not broken.intersection(page.path for page in lesson.pages):
            problems.extend(parity(lesson))  # a half-extracted page would only add noise
    return sorted(problems, key=lambda p: (str(p.location.path), p.location.line))


def _secret_values(page: Page) -> Iterator[tuple[str, str, Location]]:
    """(value, where a writer finds it, location) for every secret the page brings."""
    where = page.lab.location or Location(page.path, 1)
    for i, value in enumerate(page.lab.secrets):
        yield value, f"front matter snippets.secrets[{i}]", where
    try:
        for found in manifest_fields(load_objects(page.lab.manifests)):
            yield found.value, found.name, found.location
    except PageError:
        return  # verify reports an unreadable manifest or a malformed Secret as a lab error


def short_secrets(extraction: Extraction) -> list[PageError]:
    """Warnings, not problems: secrets too short to mask, so reports will show them.

    Masking a 3-character value would shred every report (``no``, ``1``, ``pod``)
    while a guess finds it anyway, so the Masker skips it; the writer must know.
    The value itself is not printed: the warning goes to CI logs too.
    """
    warnings: dict[tuple[Location, str], PageError] = {}
    for page in extraction.pages:
        for value, name, where in _secret_values(page):
            if value.strip() and len(value.strip()) < MIN_LENGTH:
                message = (
                    f"warning: secret {name} is shorter than {MIN_LENGTH} characters, "
                    "so reports do NOT mask it"
                )
                warnings.setdefault((where, name), PageError(where, message))
    return sorted(warnings.values(), key=lambda w: (str(w.location.path), w.location.line))
