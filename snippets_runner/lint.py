"""Static checks, no cluster: malformed blocks, missing lab files, locale parity.

Parity is what peers miss: translations are edited by different people, and
a command fixed in one language and not the other is drift nobody runs.
Outputs are language-neutral, so they must agree too.

Problems (:func:`lint`) make lint fail. Warnings (:func:`warnings`) are
printed as ``file:line: warning: ...`` and do not: a secret too short to
mask, a placeholder without a value (its block is skipped, not failed), a
placeholder value no command uses.
"""

from __future__ import annotations

from collections.abc import Iterator

from .errors import PageError
from .extract.discover import Extraction
from .lab.manifests import load_objects
from .model import Location, Page
from .parity import parity
from .secrets import MIN_LENGTH, manifest_fields


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


def placeholders(extraction: Extraction) -> list[PageError]:
    """Warnings, not problems: placeholders without a value, and values nothing uses.

    A command holding ``<pod-name>`` with no value in its page's front matter cannot
    run as written, so verify skips its block (``Reason.PLACEHOLDER``): the page is
    not wrong, but that block is not checked. A value for a placeholder no command
    holds (as the site's ``placeholders`` patterns find them) is typed nowhere.
    """
    warnings: list[PageError] = []
    for page in extraction.pages:
        used: set[str] = set()
        for block in page.blocks:
            for command, missing in page.unfilled(block):
                for name in missing:
                    warnings.append(
                        PageError(
                            command.location,
                            f"warning: placeholder {name} has no value, so its block is not "
                            "run (give one under snippets.placeholders in the front matter)",
                        )
                    )
            used.update(p for c in block.commands for p in c.placeholders)
        for name, _ in page.lab.placeholders:
            if name not in used:
                warnings.append(
                    PageError(
                        page.lab.location or Location(page.path, 1),
                        f"warning: snippets.placeholders gives {name} a value, but no command "
                        "holds it as a placeholder (see the site's placeholders patterns)",
                    )
                )
    return sorted(warnings, key=lambda w: (str(w.location.path), w.location.line))


def fences(extraction: Extraction) -> list[PageError]:
    """Malformed fences that are no session (``sessions = "prompted"``): the site shows them
    oddly, which is worth a look, but the runner has nothing to verify there."""
    return [
        PageError(w.location, f"warning: {w.message} (no session: not verified)")
        for w in extraction.warnings
    ]


def warnings(extraction: Extraction) -> list[PageError]:
    """Every warning, sorted by file and line: printed, never a reason to fail."""
    found = short_secrets(extraction) + placeholders(extraction) + fences(extraction)
    return sorted(found, key=lambda w: (str(w.location.path), w.location.line))


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
