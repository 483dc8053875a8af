"""Environment values: output cells that differ between the readers' cluster and ours.

A page publishes what its readers' reference cluster prints (a StorageClass
``gp2``); the cluster we verify on prints something else (``standard``).
Eliding the cell with ``[...]`` would let *any* value pass. Instead the
site declares each such value once, by name, with its published text and
its text in each verification environment. Before matching, the real
output's value is mapped to the published one -- as a whole token, never
inside a longer word -- and the mapping is recorded, so reports list every
substitution they relied on and ``update`` writes the published value.

Nothing else is loosened: a value with no declared mapping, or the right
name in the wrong place, still fails like any other difference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

_EDGE = r"[\w.-]"


@dataclass(frozen=True)
class EnvironmentValue:
    name: str
    published: str
    actual: str

    def __str__(self) -> str:
        return f"{self.name}: {self.actual} -> {self.published}"


@dataclass(frozen=True)
class Environment:
    """The active environment's mappings; the empty default maps nothing."""

    name: str = ""
    values: tuple[EnvironmentValue, ...] = ()
    declared: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Every declared value with its text per environment, to select another environment."""

    @classmethod
    def declare(cls, values: dict[str, dict[str, str]]) -> Environment:
        declared = tuple(sorted((name, tuple(sorted(v.items()))) for name, v in values.items()))
        return cls(declared=declared)

    def environments(self) -> set[str]:
        return {env for _, per in self.declared for env, _ in per if env != "published"}

    def select(self, name: str, where: Path | None) -> Environment:
        """The mappings for environment ``name``; an unknown name is a configuration error."""
        if self.declared and name not in self.environments():
            known = ", ".join(sorted(self.environments()))
            raise ConfigError(f"{where}: environment {name!r} declares no values (known: {known})")
        values = []
        for value_name, per in self.declared:
            texts = dict(per)
            if name in texts and texts[name] != texts["published"]:
                values.append(EnvironmentValue(value_name, texts["published"], texts[name]))
        # Longest first, so a value that contains another is mapped whole.
        values.sort(key=lambda v: len(v.actual), reverse=True)
        return Environment(name, tuple(values), self.declared)

    def to_published(self, text: str) -> tuple[str, tuple[EnvironmentValue, ...]]:
        """``text`` with every actual value, as a whole token, replaced by its published one."""
        used: list[EnvironmentValue] = []
        for value in self.values:
            pattern = re.compile(f"(?<!{_EDGE}){re.escape(value.actual)}(?!{_EDGE})")
            text, count = pattern.subn(value.published.replace("\\", "\\\\"), text)
            if count:
                used.append(value)
        return text, tuple(used)
