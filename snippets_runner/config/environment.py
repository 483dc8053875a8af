"""Environment values: output cells that differ between the readers' cluster and ours.

A page publishes what its readers' reference cluster prints (a StorageClass
``gp2``); the cluster we verify on prints something else (``standard``).
Eliding the cell with ``[...]`` would let *any* value pass. Instead the
site declares each such value once, by name, with its type (what it names:
a StorageClass), its published text and its text in each verification
environment. Before matching, the real output's value is mapped to the
published one and the mapping is recorded, so reports list every
substitution they relied on and ``update`` writes the published value.

A value is mapped only where it stands for its type: a *context*, such as
the STORAGECLASS column of a ``kubectl get`` table or a ``storageClassName:``
field. Each type brings its contexts (:data:`TYPES`); a declaration may add
its own (``contexts = [...]``, syntax in :func:`parse_context`). ``standard``
in coreutils' "read standard input" is no StorageClass and stays as it is.

All mappings apply at once, to the real text: a value mapped to another
value's real text is never mapped again (no chains). Declarations that could
not mean what they say are refused when the configuration is read: a text
shorter than :data:`MIN_LENGTH`, one not shaped like its type's names, and a
context that would map the value inside ordinary sentences.

Where a value stands for its type (the types, the context syntax, which
resources a kubectl command reads) is :mod:`.value_contexts`, imported only
when a site declares values.

Nothing else is loosened: a value with no declared mapping, or the right
name in the wrong place, still fails like any other difference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError

if TYPE_CHECKING:
    from .value_contexts import DeclaredContext, ValueType

SECTION = "tool.snippets-runner.values"
PUBLISHED = "published"
TYPE_KEY = "type"
CONTEXTS_KEY = "contexts"
RESERVED = frozenset({PUBLISHED, TYPE_KEY, CONTEXTS_KEY})
"""Keys of a declaration that are not environment names."""
MIN_LENGTH = 3
"""A shorter text (``1``, ``no``) would stand for too many other things to map safely."""


def _simple(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


# -- declarations and the selected environment -------------------------------------------

_ORDINARY = (
    "With no FILE, or when FILE is -, read {v} input.",
    "read {v} input",
    "the {v} way to do it",
    "{v} input",
    "Error: {v} not found",
    "- {v} and {v}",
    "({v}), {v}.",
)
"""Sentences where a value is an ordinary word: no context may find it there."""


@dataclass(frozen=True)
class Declaration:
    """``[tool.snippets-runner.values.NAME]`` as written."""

    name: str
    texts: tuple[tuple[str, str], ...]
    """``published`` and each environment's text."""
    type: str = ""
    contexts: tuple[str, ...] = ()

    def key(self, key: str = "") -> str:
        return f"[{SECTION}.{self.name}]" + (f" {key}" if key else "")


@dataclass(frozen=True)
class EnvironmentValue:
    name: str
    published: str
    actual: str
    type: str = ""
    contexts: tuple[DeclaredContext, ...] = field(default=(), repr=False)
    """Where the value stands for its type: its type's contexts and its own."""

    def __str__(self) -> str:
        return f"{self.name}: {self.actual} -> {self.published}"


def _declaration(name: str, table: object, where: Path | None) -> Declaration:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [{SECTION}.{name}] must map environment names to strings")
    texts = {k: v for k, v in table.items() if k not in (TYPE_KEY, CONTEXTS_KEY)}
    if not all(isinstance(v, str) and v for v in texts.values()):
        raise ConfigError(f"{where}: [{SECTION}.{name}] must map environment names to strings")
    if PUBLISHED not in texts:
        raise ConfigError(f"{where}: [{SECTION}.{name}] needs a published value")
    type_name = table.get(TYPE_KEY, "")
    if not isinstance(type_name, str):
        raise ConfigError(f"{where}: [{SECTION}.{name}] type must be a string")
    contexts = table.get(CONTEXTS_KEY, [])
    if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
        raise ConfigError(f"{where}: [{SECTION}.{name}] contexts must be a list of strings")
    return Declaration(name, tuple(sorted(texts.items())), type_name, tuple(contexts))


def _resolve(d: Declaration, where: Path | None) -> tuple[ValueType, tuple[DeclaredContext, ...]]:
    """The declaration's type and contexts, or a ConfigError naming the file and key."""
    from .value_contexts import TYPES, parse_context

    known = ", ".join(sorted(TYPES))
    if d.type:
        if d.type not in TYPES:
            raise ConfigError(f"{where}: {d.key('type')} = {d.type!r} is no known type ({known})")
        value_type = TYPES[d.type]
    else:
        inferred = [t for t in TYPES.values() if _simple(t.name) == _simple(d.name)]
        if not inferred:
            raise ConfigError(
                f"{where}: {d.key()} does not say what it names: add type = "
                f'"StorageClass" or another known type ({known})'
            )
        value_type = inferred[0]
    for env, text in d.texts:
        if len(text) < MIN_LENGTH:
            raise ConfigError(
                f"{where}: {d.key(env)} = {text!r} is shorter than {MIN_LENGTH} characters: "
                "it would stand for too many other things to be mapped safely"
            )
        if not re.fullmatch(value_type.shape, text):
            raise ConfigError(f"{where}: {d.key(env)} = {text!r} is not a {value_type.name} name")
    contexts = []
    for i, declared in enumerate((*value_type.contexts, *d.contexts)):
        try:
            context = parse_context(declared)
            own = i < len(value_type.contexts)  # the type's: kubectl's output only
            contexts.append(replace(context, kubectl=True) if own else context)
        except ValueError as exc:
            at = i - len(value_type.contexts)
            raise ConfigError(f"{where}: {d.key(f'contexts[{at}]')} = {declared!r} {exc}") from None
    published = dict(d.texts)[PUBLISHED]
    for context in contexts:
        for env, text in d.texts:
            if text != published:
                _check_ordinary(d, context, env, text, where)
    return value_type, tuple(contexts)


def _check_ordinary(
    d: Declaration, context: DeclaredContext, env: str, text: str, where: Path | None
) -> None:
    """Refuse a context that would map ``text`` where it is an ordinary word."""
    from .value_contexts import kubectl_targets

    targets = kubectl_targets(context.example_command())
    sentences = _ORDINARY if context.verb else (*_ORDINARY, "{v}")
    for sentence in sentences:
        probe = sentence.format(v=text)
        if context.applies(targets) and any(probe[s:e] == text for s, e in context.spans(probe)):
            raise ConfigError(
                f"{where}: {d.key()} context {context.declared!r} would map {env} = {text!r} "
                f"inside ordinary text ({probe!r}): anchor the pattern to what stands around "
                "the value, or restrict it to a command ('get pvc: regex:...')"
            )


@dataclass(frozen=True)
class Environment:
    """The active environment's mappings; the empty default maps nothing."""

    name: str = ""
    values: tuple[EnvironmentValue, ...] = ()
    declared: tuple[Declaration, ...] = ()
    """Every declared value with its text per environment, to select another environment."""

    @classmethod
    def declare(cls, values: Mapping[str, object], where: Path | None = None) -> Environment:
        """The declarations of ``[tool.snippets-runner.values]``, read but not yet checked:
        :meth:`select` (or :meth:`check`) checks them all."""
        declared = tuple(
            sorted((_declaration(n, t, where) for n, t in values.items()), key=lambda d: d.name)
        )
        return cls(declared=declared)

    def environments(self) -> set[str]:
        return {env for d in self.declared for env, _ in d.texts if env != PUBLISHED}

    def check(self, where: Path | None) -> dict[str, tuple[ValueType, tuple[DeclaredContext, ...]]]:
        """Every declaration's type and contexts; a ConfigError for the first that cannot be
        trusted to mean what it says (see the module docstring)."""
        resolved = {d.name: _resolve(d, where) for d in self.declared}
        for env in sorted(self.environments()):
            seen: dict[tuple[str, str], Declaration] = {}
            for d in self.declared:
                texts = dict(d.texts)
                if env not in texts or texts[env] == texts[PUBLISHED]:
                    continue
                key = (resolved[d.name][0].name, texts[env])
                other = seen.setdefault(key, d)
                if other is not d and dict(other.texts)[PUBLISHED] != texts[PUBLISHED]:
                    raise ConfigError(
                        f"{where}: {d.key(env)} = {texts[env]!r} is also "
                        f"{other.key(env)}, with another published value: "
                        "the runner could not tell which to write"
                    )
        return resolved

    def select(self, name: str, where: Path | None) -> Environment:
        """The mappings for environment ``name``; an unknown name or a value that cannot
        be trusted is a configuration error."""
        if self.declared and name not in self.environments():
            known = ", ".join(sorted(self.environments()))
            raise ConfigError(f"{where}: environment {name!r} declares no values (known: {known})")
        resolved = self.check(where)
        values = []
        for d in self.declared:
            texts = dict(d.texts)
            if name in texts and texts[name] != texts[PUBLISHED]:
                value_type, contexts = resolved[d.name]
                values.append(
                    EnvironmentValue(
                        d.name, texts[PUBLISHED], texts[name], value_type.name, contexts
                    )
                )
        return Environment(name, tuple(values), self.declared)

    @cached_property
    def _by_context(self) -> tuple[tuple[DeclaredContext, dict[str, EnvironmentValue]], ...]:
        """Each context with the values it may map, by their real text."""
        index: dict[DeclaredContext, dict[str, EnvironmentValue]] = {}
        for value in self.values:
            for context in value.contexts:
                index.setdefault(context, {}).setdefault(value.actual, value)
        return tuple(index.items())

    def locate(self, text: str, command: str = "") -> list[tuple[int, int, EnvironmentValue]]:
        """Where ``text`` (the output of ``command``) holds a real value in one of its
        contexts: sorted, never overlapping, each span exactly a value's real text."""
        if not self.values:
            return []
        from .value_contexts import kubectl_targets, runs_kubectl

        targets = kubectl_targets(command)
        kubectl = runs_kubectl(command)
        found: dict[tuple[int, int], EnvironmentValue] = {}  # (start, end): the value
        for context, by_text in self._by_context:
            if context.applies(targets, kubectl):
                for start, end in context.spans(text):
                    value = by_text.get(text[start:end])
                    if value is not None:
                        found.setdefault((start, end), value)
        spans, at = [], 0
        for (start, end), value in sorted(found.items()):
            if start >= at:
                spans.append((start, end, value))
                at = end
        return spans

    def to_published(
        self, text: str, command: str = ""
    ) -> tuple[str, tuple[EnvironmentValue, ...]]:
        """``text`` with each real value that stands in one of its contexts replaced by its
        published text, all in one pass over the real text (a replacement is never
        replaced again); and the values it replaced."""
        spans = self.locate(text, command)
        if not spans:
            return text, ()
        parts, at = [], 0
        for start, end, value in spans:
            parts += [text[at:start], value.published]
            at = end
        parts.append(text[at:])
        used = {value for _, _, value in spans}
        return "".join(parts), tuple(v for v in self.values if v in used)
