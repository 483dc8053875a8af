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

Nothing else is loosened: a value with no declared mapping, or the right
name in the wrong place, still fails like any other difference.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path

from ..errors import ConfigError

SECTION = "tool.snippets-runner.values"
PUBLISHED = "published"
TYPE_KEY = "type"
CONTEXTS_KEY = "contexts"
RESERVED = frozenset({PUBLISHED, TYPE_KEY, CONTEXTS_KEY})
"""Keys of a declaration that are not environment names."""
MIN_LENGTH = 3
"""A shorter text (``1``, ``no``) would stand for too many other things to map safely."""

_Span = tuple[int, int]
"""``(start, end)`` of a value in a text (``match.structure.Span``, the same shape, a layer up)."""


# -- where a value stands for its type ---------------------------------------------------


@dataclass(frozen=True)
class DeclaredContext:
    """One place where a value names its type, optionally only in some kubectl output.

    ``how`` is ``column`` (the cell under a capitalised header, as kubectl
    prints tables), ``field`` (``key: value`` in YAML and ``describe``,
    ``"key": "value"`` in JSON) or ``regex`` (the named group ``value`` of a
    writer's pattern, per line). ``verb`` and ``resources`` restrict it to
    the output of ``kubectl <verb> <resource>`` (``get pv``); empty: any output.
    """

    declared: str
    how: str
    argument: str
    verb: str = ""
    resources: frozenset[str] = frozenset()
    kubectl: bool = False
    """Only in the output of a command that runs kubectl: every context a type brings
    (``storageClassName:`` in a file the page ``cat``s is the page's own text, the same
    for every reader). A context the writer declares holds wherever the writer said."""

    def applies(self, targets: frozenset[tuple[str, str]], runs_kubectl: bool = True) -> bool:
        if self.kubectl and not runs_kubectl:
            return False
        return not self.verb or any(v == self.verb and r in self.resources for v, r in targets)

    def example_command(self) -> str:
        """A command this context applies to, for the ordinary-text check."""
        return f"kubectl {self.verb} {min(self.resources)}" if self.verb else ""

    def spans(self, text: str) -> Iterator[_Span]:
        """Where, in ``text``, a value of this context stands (one line each, never empty)."""
        if self.how == "column":
            found: Iterator[_Span] = _column_spans(self.argument, text)
        elif self.how == "field":
            found = _pattern_spans(_field_patterns(self.argument), text)
        else:
            found = _pattern_spans((_compile(self.argument),), text)
        for start, end in found:
            if start < end and "\n" not in text[start:end]:
                yield start, end


_RESTRICTED = re.compile(r"(?P<verb>[a-z][a-z-]*) (?P<resources>[A-Za-z0-9.,/-]+): (?P<rest>.+)")
_HOW = ("column", "field", "regex")


def parse_context(declared: str) -> DeclaredContext:
    """``column:HEADER``, ``field:KEY`` or ``regex:PATTERN``, optionally after
    ``VERB RESOURCE[,RESOURCE...]: `` to apply only to that kubectl command's output
    (``get pv,persistentvolumes: regex:...``). Raises ValueError with the reason."""
    verb, resources, rest = "", frozenset[str](), declared
    restricted = _RESTRICTED.fullmatch(declared)
    if restricted and not declared.startswith(tuple(f"{h}:" for h in _HOW)):
        verb = restricted["verb"]
        resources = frozenset(_resource(r) for r in restricted["resources"].split(",") if r)
        rest = restricted["rest"]
    how, colon, argument = rest.partition(":")
    if how not in _HOW or not colon:
        raise ValueError(
            "is not a context: write column:HEADER, field:KEY or regex:PATTERN, "
            "optionally after 'get RESOURCE: ' (get pv: column:STORAGECLASS)"
        )
    if not argument.strip() or "\n" in argument:
        raise ValueError(f"names no {how}")
    if how == "column" and (argument != argument.upper() or "  " in argument):
        raise ValueError("names a column as kubectl prints its header: in capitals, one space")
    if how == "field" and ('"' in argument or argument != argument.strip()):
        raise ValueError("names a field by its key, without quotes or surrounding spaces")
    if how == "regex":
        try:
            pattern = re.compile(argument)
        except re.error as exc:
            raise ValueError(f"is not a regular expression: {exc}") from None
        if "value" not in pattern.groupindex:
            raise ValueError("needs a named group (?P<value>...) around the value")
    return DeclaredContext(declared, how, argument, verb, resources)


_HEADER_LINE = re.compile(r"[^a-z]*[A-Z][^a-z]*")
"""A table header as kubectl prints it: capitals, no lower-case letter."""
_TOKEN = re.compile(r"\S+")
_CELL_START = re.compile(r"(?:^ *|(?<=  ))(?=\S)")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    at = 0
    for line in text.split("\n"):
        yield at, line
        at += len(line) + 1


def _header_cell(line: str, header: str) -> int | None:
    """Where the cell ``header`` starts in a header line (cells are 2+ spaces apart)."""
    for found in re.finditer(re.escape(header), line):
        before, after = line[: found.start()], line[found.end() :]
        if (not before.strip() or before.endswith("  ")) and (
            not after.strip() or after.startswith("  ")
        ):
            return found.start()
    return None


def _is_row(line: str, starts: tuple[int, ...]) -> bool:
    """No word of ``line`` crosses a column start: the line is aligned like the header."""
    return all(
        not (c < len(line) and line[c] != " " and line[c - 1] != " ") for c in starts if c > 0
    )


def _column_spans(header: str, text: str) -> Iterator[_Span]:
    """The cells under ``header`` in every table of ``text`` (a header line, then rows
    aligned with it, up to a blank line or the next header)."""
    column: int | None = None
    starts: tuple[int, ...] = ()
    for at, line in _lines(text):
        if not line.strip():
            column = None
        elif _HEADER_LINE.fullmatch(line.rstrip()):
            column = _header_cell(line, header)
            starts = tuple(m.start() for m in _CELL_START.finditer(line))
        elif column is not None and _is_row(line, starts):
            starts_cell = column == 0 or line[column - 1] == " "
            if column < len(line) and line[column] != " " and starts_cell:
                token = _TOKEN.match(line, column)
                assert token is not None
                yield at + token.start(), at + token.end()


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=64)
def _field_patterns(key: str) -> tuple[re.Pattern[str], ...]:
    k = re.escape(key)
    return (
        # YAML and describe: the key starts the line (after indentation or a list dash)
        # and the value ends it, bare or quoted.
        re.compile(rf"^[ \t]*(?:- )?{k}:[ \t]*(?P<q>[\"']?)(?P<value>[^\s\"']+)(?P=q)[ \t]*$"),
        # JSON, pretty or on one line (-o json, jsonpath '{.spec}').
        re.compile(rf"\"{k}\"[ \t]*:[ \t]*\"(?P<value>[^\"\\]+)\""),
    )


def _pattern_spans(patterns: tuple[re.Pattern[str], ...], text: str) -> Iterator[_Span]:
    for at, line in _lines(text):
        for pattern in patterns:
            for found in pattern.finditer(line):
                if found["value"] is not None:
                    yield at + found.start("value"), at + found.end("value")


# -- which kubectl command printed the output --------------------------------------------

_VALUE_FLAGS = frozenset(
    [
        "-n",
        "--namespace",
        "-o",
        "--output",
        "-l",
        "--selector",
        "--field-selector",
        "--sort-by",
        "-L",
        "--label-columns",
        "-f",
        "--filename",
        "-k",
        "--kustomize",
        "-c",
        "--container",
        "--context",
        "--kubeconfig",
        "--cluster",
        "--user",
        "--as",
        "--as-group",
        "--server",
        "-s",
        "--token",
        "--request-timeout",
        "--template",
        "--chunk-size",
        "--for",
        "--timeout",
    ]
)
_OPERATOR = frozenset("();<>|&")


def _resource(word: str) -> str:
    """``pvc/data-0`` -> ``pvc``; ``storageclass.storage.k8s.io`` -> ``storageclass``."""
    return word.split("/", 1)[0].split(".", 1)[0].lower()


def _target(words: list[str]) -> set[tuple[str, str]]:
    for i, word in enumerate(words):
        if word.rsplit("/", 1)[-1] != "kubectl":
            continue
        positional: list[str] = []
        skip = False
        for w in words[i + 1 :]:
            if skip:
                skip = False
            elif w.startswith("-"):
                skip = w in _VALUE_FLAGS
            else:
                positional.append(w)
        if len(positional) < 2:
            return set()
        verb, kinds = positional[0], positional[1]
        return {(verb, _resource(k)) for k in kinds.split(",") if k}
    return set()


_WRAPPERS = frozenset({"sudo", "env", "time", "command", "exec", "nohup"})
"""Words that run the command after them (their options and assignments aside)."""
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _program(words: list[str]) -> str:
    """The program a simple command runs: its first word after assignments and wrappers."""
    for word in words:
        if _ASSIGNMENT.match(word) or word.startswith("-") or word in _WRAPPERS:
            continue
        return word.rsplit("/", 1)[-1]
    return ""


def runs_kubectl(command: str) -> bool:
    """Whether a simple command of ``command`` runs kubectl (``kubectl``,
    ``/usr/bin/kubectl``, ``\\kubectl``, ``sudo -E kubectl``); ``echo kubectl`` does not,
    and an alias (``k``) is not known, so its output keeps the real values (a false
    failure, never a false pass)."""
    return any(_program(simple) == "kubectl" for simple in _simple_commands(command))


def kubectl_targets(command: str) -> frozenset[tuple[str, str]]:
    """``(verb, resource)`` of every kubectl command in ``command``'s pipelines and lists:
    ``kubectl -n x get pv,pvc | grep y`` -> ``{("get", "pv"), ("get", "pvc")}``."""
    targets: set[tuple[str, str]] = set()
    for simple in _simple_commands(command):
        targets |= _target(simple)
    return frozenset(targets)


def _simple_commands(command: str) -> list[list[str]]:
    """The words of each simple command of ``command``'s pipelines and lists."""
    text = command.replace("\\\n", " ")
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        tokens = text.split()
    commands: list[list[str]] = []
    simple: list[str] = []
    for token in [*tokens, ";"]:
        if token and set(token) <= _OPERATOR:
            if simple:
                commands.append(simple)
            simple = []
        else:
            simple.append(token)
    return commands


# -- the types a value can name ----------------------------------------------------------

_DNS_SUBDOMAIN = r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*"


@dataclass(frozen=True)
class ValueType:
    """What an environment value names, what such names look like, and where they stand."""

    name: str
    shape: str
    """A pattern every text of the value must match in full."""
    contexts: tuple[str, ...]
    """Where kubectl prints such a name, in :func:`parse_context`'s syntax."""


_SC = "storageclass,storageclasses,sc"
_PV = "pv,persistentvolume,persistentvolumes"
_PVC = "pvc,persistentvolumeclaim,persistentvolumeclaims"

TYPES: dict[str, ValueType] = {
    t.name: t
    for t in (
        ValueType(
            "StorageClass",
            _DNS_SUBDOMAIN,
            (
                "column:STORAGECLASS",  # get pvc, get pv
                "field:storageClassName",  # -o yaml, -o json, jsonpath '{.spec}'
                "field:StorageClass",  # describe pvc, pv, statefulset (volume claims)
                f"get {_SC}: column:NAME",
                f"get {_SC}: field:name",
                f"describe {_SC}: field:Name",
                # Rows without their header (kubectl get pv | grep ...): after the claim of a
                # bound or released volume; after the access modes of a bound claim.
                f"get {_PV}: regex:^\\S+ +\\S+ +\\S+ +(?:Retain|Delete|Recycle) +"
                "(?:Bound|Released|Failed) +\\S+/\\S+ +(?P<value>\\S+)",
                f"get {_PVC}: regex:^(?:\\S+ +)?\\S+ +Bound +\\S+ +\\S+ +\\S+ +(?P<value>\\S+)",
            ),
        ),
        ValueType(
            "Provisioner",
            f"{_DNS_SUBDOMAIN}(?:/[a-z0-9](?:[-a-z0-9._]*[a-z0-9])?)?",
            (
                "column:PROVISIONER",  # get storageclass
                "field:provisioner",  # -o yaml, -o json
                "field:Provisioner",  # describe storageclass
            ),
        ),
        ValueType(
            "IngressClass",
            _DNS_SUBDOMAIN,
            (
                "field:ingressClassName",
                "field:Ingress Class",  # describe ingress
                "get ingress,ingresses,ing: column:CLASS",
                "get ingressclass,ingressclasses: column:NAME",
                "get ingressclass,ingressclasses: field:name",
                "describe ingressclass,ingressclasses: field:Name",
            ),
        ),
    )
}
"""Adding a type is one entry here: its name, the shape of its names, its contexts."""


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
        targets = kubectl_targets(command)
        kubectl = runs_kubectl(command)
        found: dict[_Span, EnvironmentValue] = {}
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
