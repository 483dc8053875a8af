"""Split lessons across N machines so a nightly run fits in short jobs.

A shard is a set of *lessons*, never of pages: the translations of a lesson
are judged against one run of its primary page, so splitting them would run
the lesson twice or judge a page against nothing.

The split is a pure function of the lesson keys (and recorded durations),
so every machine computes the same partition without talking to the others:

* with the durations of a previous report, lessons are placed longest first
  onto the least-loaded shard (ties: the lowest shard index), which keeps the
  slowest shard close to the ideal total/N;
* without them, a stable hash (SHA-256 of the key, not Python's salted
  ``hash()``) decides, so a lesson stays on its shard from run to run.

Lessons the report does not know yet (new pages) are given the median recorded
duration: a guess that keeps them from all piling onto one shard.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import ConfigError
from .model import Lesson

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True, order=True)
class Shard:
    """Shard ``index`` of ``total``, 1-based as people (and CI matrices) count them."""

    index: int
    total: int

    def __post_init__(self) -> None:
        if self.total < 1 or not 1 <= self.index <= self.total:
            raise ConfigError(f"shard {self.index}/{self.total}: need 1 <= K <= N")

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``K/N`` as typed on the command line; anything else is a clear usage error."""
        found = _SPEC.match(text)
        if not found:
            raise ConfigError(f"--shard {text!r}: expected K/N, e.g. 1/4")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"


def stable_bucket(key: str, total: int) -> int:
    """0-based bucket of ``key``; the same on every machine and Python version."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % total


def assign(
    keys: Iterable[str], total: int, durations: Mapping[str, float] | None = None
) -> dict[str, int]:
    """Map each lesson key to its 1-based shard."""
    keys = sorted(set(keys))
    if total < 1:
        raise ConfigError(f"cannot split lessons into {total} shards")
    if not durations:
        return {key: stable_bucket(key, total) + 1 for key in keys}
    known = [durations[k] for k in keys if k in durations]
    guess = statistics.median(known) if known else 0.0
    cost = {key: max(0.0, durations.get(key, guess)) for key in keys}
    loads = [0.0] * total
    placed: dict[str, int] = {}
    for key in sorted(keys, key=lambda k: (-cost[k], k)):
        lightest = min(range(total), key=lambda i: (loads[i], i))
        loads[lightest] += cost[key]
        placed[key] = lightest + 1
    return placed


def select(
    lessons: Sequence[Lesson], shard: Shard | None, durations: Mapping[str, float] | None = None
) -> tuple[Lesson, ...]:
    """The lessons of ``shard``, in their original order (all of them without a shard)."""
    if shard is None:
        return tuple(lessons)
    placed = assign((lesson.key for lesson in lessons), shard.total, durations)
    return tuple(lesson for lesson in lessons if placed[lesson.key] == shard.index)
