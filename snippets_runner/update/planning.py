"""Decide an update: what to write, what to refuse and why, what update cannot fix.

The command line only prints a plan and carries it out; every decision is
here, so the pytest plugin, a nightly job or a test gets the same answer:

- *changes*, as checked edits per file: output lines only, proved by
  extracting the new text (`proof`), in every language of the lesson;
- *leaks*: a change whose new lines would publish a secret the page does
  not already publish (`Masker.for_page`), in any form the Masker knows
  (base64 at any offset or wrapped over lines, hex, JSON- or URL-escaped);
- *refused*: changes that cannot be written safely (a real line that would
  not stay output, a page that changed, mixed line endings...), and commands
  whose change could not be worked out at all, each with its file:line and
  reason; such a failure, even an unforeseen error, stays with its command
  (and its translations) and never stops the other pages from being updated;
- *stuck*: commands that failed for a reason update cannot fix (exit
  status, timeout, not run).

A change refused in one language is refused in all of them: translations
must keep publishing the same output.

Carrying the plan out (`files.apply`) keeps that promise when a page cannot
be written after all (its writer saved it while update ran, the disk
refused the write): the pages of one lesson are written all or none. Every
page of the lesson is checked before any is written, and one saved
meanwhile keeps the whole lesson as it was, each page named with file:line
and why; a write that fails halfway puts back the lesson's pages already
written, byte for byte. Only a page that cannot be put back (saved again
meanwhile: the writer's text is never overwritten) leaves the lesson's
languages disagreeing, and that is said on it (``updated, but ...``). A
lesson that cannot be written never stops the other lessons' pages from
being written; update then exits 1 (2 when the disk refused), so the run is
never taken for complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PageError
from ..files import pagefile
from ..model import DEFAULT_SYNTAX, Command, Location, Syntax
from ..run.results import CommandResult, PageResult, Result
from ..secrets import Masker
from .changes import Change, changes_and_failures, unwritable, updatable
from .edits import Edit, by_file, edit


@dataclass(frozen=True)
class Refusal:
    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: not updated: {self.reason}"


@dataclass(frozen=True)
class UpdatePlan:
    edits: tuple[Edit, ...]
    changes: tuple[Change, ...]
    leaks: tuple[Change, ...]
    refused: tuple[Refusal, ...]
    stuck: tuple[CommandResult, ...]

    @property
    def complete(self) -> bool:
        """True when carrying out the plan leaves every page right."""
        return not (self.leaks or self.refused or self.stuck)


def _leaks(change: Change, mask: Masker) -> bool:
    """A new line holding a secret the page does not publish must not be written.

    The new lines are masked together: a secret's base64 wrapped over several
    lines is found on each of them."""
    old = set(change.command.expected.lines)
    masked = mask.for_page(change.path).lines(change.new)
    return any(
        shown != line for shown, line in zip(masked, change.new, strict=True) if line not in old
    )


def plan_update(
    results: Iterable[PageResult], mask: Masker, syntax: Syntax = DEFAULT_SYNTAX
) -> UpdatePlan:
    """Everything update will do and will not do for ``results`` (reads, never writes, pages).

    ``syntax`` is the site's prompt and fence language, which the pages are read back with."""
    results = tuple(results)
    outputs = {r.command: r.output for page in results for r in page.commands}
    found, failed = changes_and_failures(results)
    candidates = list(dict.fromkeys(found))  # a page named twice counts once
    stuck = tuple(
        dict.fromkeys(
            r
            for page in results
            for r in page.commands
            if r.verdict in (Result.FAILED, Result.NOT_RUN) and not updatable(r)
        )
    )
    leaks = [c for c in candidates if _leaks(c, mask)]
    blocked: dict[tuple[str, int], Refusal] = {
        c.twin_key: Refusal(c.command.location, "the real output holds a secret") for c in leaks
    }
    for failure in dict.fromkeys(failed):
        blocked.setdefault(failure.twin_key, Refusal(failure.location, failure.reason))
    own: dict[Change, Refusal] = {}
    edits: dict[Path, Edit] = {}
    for _ in range(len(candidates) + 1):  # each round blocks at least one more command
        todo = [c for c in candidates if c.twin_key not in blocked]
        edits, newly = _edits(todo, outputs, syntax)
        if not newly:
            break
        for change, refusal in newly:
            own[change] = refusal
            blocked.setdefault(change.twin_key, refusal)
    refused = [Refusal(f.location, f.reason) for f in dict.fromkeys(failed)]
    refused += [
        own.get(c) or _for(c, blocked[c.twin_key])
        for c in candidates
        if c.twin_key in blocked and c not in leaks
    ]
    kept = tuple(c for c in candidates if c.twin_key not in blocked)
    return UpdatePlan(
        tuple(edits.values()), kept, tuple(leaks), tuple(dict.fromkeys(refused)), stuck
    )


def _for(change: Change, refusal: Refusal) -> Refusal:
    """The refusal as ``change``'s page sees it: a twin names where the reason was found."""
    if refusal.location.path == change.path:
        return refusal
    return Refusal(change.command.location, f"{refusal.reason} (at {refusal.location})")


def _edits(
    todo: list[Change], outputs: dict[Command, str], syntax: Syntax
) -> tuple[dict[Path, Edit], list[tuple[Change, Refusal]]]:
    """Checked edits per file, and the changes that must be refused (with why)."""
    edits: dict[Path, Edit] = {}
    refusals: list[tuple[Change, Refusal]] = []
    for target, mine in by_file(todo).items():
        try:
            page = pagefile.read(mine[0].path)
        except PageError as exc:
            refusals += [(c, Refusal(exc.location, exc.message)) for c in mine]
            continue
        bad = [
            (c, Refusal(c.command.location, why))
            for c in mine
            if (why := _unwritable(c, outputs[c.command], page.text, syntax))
        ]
        if bad:
            refusals += bad
            continue
        try:
            edits[target] = edit(page, mine, syntax)
        except PageError as exc:
            refusals += [(c, Refusal(exc.location, exc.message)) for c in mine]
        except Exception as exc:  # this page is not written; the others are
            why = f"cannot rewrite the page ({type(exc).__name__}: {exc})"
            refusals += [(c, Refusal(c.command.location, why)) for c in mine]
    return edits, refusals


def _unwritable(change: Change, output: str, text: str, syntax: Syntax) -> str | None:
    """``unwritable``, with an unforeseen error as the reason instead of a crash."""
    try:
        return unwritable(change, output, text, syntax)
    except Exception as exc:  # refused with its file:line, never fatal
        return f"cannot check the rewritten output ({type(exc).__name__}: {exc})"
