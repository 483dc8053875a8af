"""Where an environment value stands for its type: the types, their contexts, kubectl's words.

:mod:`.environment` maps a real value to its published text only where the
value names its type (a StorageClass under ``STORAGECLASS``, after
``storageClassName:``). This module says where that is: each type's shape
and contexts (:data:`TYPES`), the context syntax a site may add
(:func:`parse_context`), how a context finds its spans in output, and
which resources a ``kubectl`` command reads (:func:`kubectl_targets`).

It is its own module because only a site that declares values needs it: a
run with no ``[tool.snippets-runner.values]`` never imports it (its types
and patterns are about 2 ms of a one-command page's start).
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

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
