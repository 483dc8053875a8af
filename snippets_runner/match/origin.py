"""Where an output came from: the program that printed it, and the controllers the page shows.

The normalizing rules loosen values Kubernetes generates (ages, addresses,
generated names...), and Kubernetes only reaches the page through kubectl.
So column, field and name rules apply to kubectl's own output, nothing else;
which program printed an output is read from its command (``producer``):

* the command's first word, after ``NAME=value`` assignments, is ``kubectl``
  or an absolute path ending in ``/kubectl``, and its subcommand prints
  kubectl's own output: not ``exec``, ``logs``, ``attach``, ``debug``,
  ``cp``, ``diff``, ``kustomize``, ``completion`` or a plugin (those print
  a container's, another program's or the page's own text), and not ``run``
  attached to the container (``-i``, ``-t``, ``--attach``, ``--rm``);
* after a ``|`` only programs that pick or reorder kubectl's lines, and
  change none, keep kubectl as the producer: ``grep``/``egrep``/``fgrep``
  (without ``-o``, ``-c``, ``-n``, ``-b``, ``-H``, ``-l``, ``-L``, ``-Z``,
  ``-T``), ``head`` and ``tail`` (without ``-c``), ``sort``, ``cat`` without
  arguments and ``tee``.  ``column``, ``awk``, ``sed``, ``cut``, ``wc`` and
  anything else rewrite the lines: their output is theirs;
* a list (``a; b``, ``a && b``) is kubectl's only if every part is; a
  subshell, a command substitution in command position, ``bash -c``,
  ``watch``, ``sudo`` or an alias are not kubectl as far as the page shows
  (a substitution among kubectl's arguments is just an argument).

Anything else prints its own output, and only the ``ls -l`` date (whose
context is the line's shape) is loosened there.  A writer who knows better
declares it on the command line with a trailing comment, ``# snippets:
kubectl``: bash ignores it, readers see it, and the runner takes the output
as kubectl's.

A name counts as generated only where a controller the page shows
generates it: a Deployment's pods (``web-7d4b9c8f5-x2x9z``) and ReplicaSets
(``web-7d4b9c8f5``), a StatefulSet's or DaemonSet's revisions, a Job's or
DaemonSet's pods (``pi-x7k2p``); and every pod's ``kube-api-access-x2x9z``
volume, which the cluster names.  The page shows a controller
(``controllers``) when it is named in a command (``kubectl create deployment web``,
``deployment/web``, ``get statefulset web``), in an output
(``deployment.apps/web created``, ``Controlled By:  StatefulSet/web``, the
NAME column of ``kubectl get deployments``), in a manifest a command applies
from a heredoc, or in the page's lab.  ``web-https`` is not a pod of
anything the page shows, so it stays literal.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model import Command, Page


class Producer(StrEnum):
    KUBECTL = "kubectl"
    """kubectl's own output (a table it aligned, a describe, -o yaml...)."""
    OTHER = "other"
    """Any other program's: its values are the page's, never the cluster's."""
    UNSTATED = "unstated"
    """The caller did not say (a bare ``match`` without an origin and without a page to
    read it from): kubectl is assumed and names are judged by their shape alone, as
    before origins existed.  Every caller that knows the command should say."""


KINDS = ("deployment", "statefulset", "daemonset", "replicaset", "job", "cronjob")
_ALIASES = {
    "deployment": "deployment",
    "deployments": "deployment",
    "deploy": "deployment",
    "statefulset": "statefulset",
    "statefulsets": "statefulset",
    "sts": "statefulset",
    "daemonset": "daemonset",
    "daemonsets": "daemonset",
    "ds": "daemonset",
    "replicaset": "replicaset",
    "replicasets": "replicaset",
    "rs": "replicaset",
    "job": "job",
    "jobs": "job",
    "cronjob": "cronjob",
    "cronjobs": "cronjob",
    "cj": "cronjob",
}
_GROUPS = {"apps", "batch"}
_KIND_NAMES = {
    "Deployment": "deployment",
    "StatefulSet": "statefulset",
    "DaemonSet": "daemonset",
    "ReplicaSet": "replicaset",
    "Job": "job",
    "CronJob": "cronjob",
}


def kind_of(word: str) -> str | None:
    """The controller kind a resource word names (``deploy``, ``statefulset.apps``), if any."""
    base, _, group = word.lower().partition(".")
    if group and group.split(".", 1)[0] not in _GROUPS:
        return None
    return _ALIASES.get(base)


@dataclass(frozen=True)
class Controllers:
    """Names of the controllers a page shows, by kind."""

    names: frozenset[tuple[str, str]] = frozenset()
    """``(kind, name)`` pairs, kind one of ``KINDS``."""
    written: str = ""
    """What the page itself writes: its commands (heredoc manifests included) and its
    lab's manifests. A value found there (``--external-ip=203.0.113.10``,
    ``externalIPs: [...]``, ``clusterIP: 10.96.0.50``) is the page's, the same for
    every reader, never one the cluster assigns."""

    def named(self, *kinds: str) -> frozenset[str]:
        return frozenset(n for k, n in self.names if k in kinds)

    def writes(self, value: str) -> bool:
        """Whether ``value`` stands as a whole word in what the page writes (an IPv4
        address may be followed by ``:port``; an IPv6 one by nothing of its own)."""
        if not value or value not in self.written:  # the usual answer, without a regex
            return False
        after = r"(?![\w:])" if ":" in value else r"(?!\w|\.\w)"
        pattern = rf"(?<![\w.:]){re.escape(value)}{after}"
        return re.search(pattern, self.written) is not None


@dataclass(frozen=True)
class Origin:
    """What printed an output, and what the page around it shows."""

    producer: Producer = Producer.UNSTATED
    controllers: Controllers = field(default_factory=Controllers)

    @property
    def kubectl(self) -> bool:
        """Whether kubectl's column, field and name rules apply."""
        return self.producer is not Producer.OTHER

    def generates(self, shape: str, base: str) -> bool:
        """Whether a name ``<base>-<generated part>`` of ``shape`` is one a controller the
        page shows would generate (``shape``: ``pod``, ``hash`` or ``suffix``)."""
        if self.producer is Producer.UNSTATED:
            return True
        if self.producer is Producer.OTHER:
            return False
        if shape == "pod":  # <deployment>-<pod-template-hash>-<suffix>
            owners = self.controllers.named("deployment")
        elif shape == "hash":  # a ReplicaSet, or a StatefulSet's or DaemonSet's revision
            owners = self.controllers.named("deployment", "statefulset", "daemonset")
        else:  # a Job's, DaemonSet's or (named) ReplicaSet's pod, a pod's token volume
            owners = self.controllers.named("job", "daemonset", "replicaset") | CLUSTER_GENERATED
        return base in owners


UNSTATED = Origin()
OTHER = Origin(Producer.OTHER)
CLUSTER_GENERATED = frozenset({"kube-api-access"})
"""Bases the cluster itself gives a generated suffix, for every pod: the projected
service-account volume (``kube-api-access-x2x9z``) the ServiceAccount admission adds."""


# --- the producer, from the command ------------------------------------------------

_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_DECLARED = re.compile(r"(?:^|\s)#\s*snippets:\s*kubectl\s*$")
_LISTS = {";", "&&", "||", "&", ";;"}
_PIPES = {"|", "|&"}
_OWN_OUTPUT = frozenset(
    {
        "annotate", "api-resources", "api-versions", "apply", "auth", "autoscale",
        "certificate", "cluster-info", "config", "cordon", "create", "delete", "describe",
        "drain", "edit", "events", "explain", "expose", "get", "label", "patch",
        "port-forward", "proxy", "replace", "rollout", "run", "scale", "set", "taint",
        "top", "uncordon", "version", "wait",
    }
)  # fmt: skip
"""Subcommands that print kubectl's own text; ``exec``, ``logs``, ``attach``, ``debug``,
``cp``, ``diff``, ``kustomize``, ``completion``, ``plugin`` and plugins are not here."""
_GLOBAL_VALUE_FLAGS = frozenset(
    {
        "-n", "--namespace", "--context", "--kubeconfig", "--cluster", "--user", "-s",
        "--server", "--token", "--as", "--as-group", "--as-uid", "--request-timeout", "-v",
        "--v", "--cache-dir", "--certificate-authority", "--client-certificate",
        "--client-key", "--tls-server-name", "--profile", "--profile-output", "--log-file",
        "--password", "--username", "--vmodule", "--log-dir",
    }
)  # fmt: skip
_ATTACHED = frozenset({"-i", "-t", "-it", "-ti", "--stdin", "--tty", "--attach", "--rm"})
_GREP = frozenset({"grep", "egrep", "fgrep"})
_GREP_REWRITES = set("ocnbHlLZTz")
"""grep options that change lines or print something else (counts, names, parts)."""
_GREP_VALUE = set("efmABCdD")
_GREP_LONG_REWRITES = (
    "--only-matching", "--count", "--line-number", "--byte-offset", "--with-filename",
    "--files-with-matches", "--files-without-match", "--null", "--initial-tab", "--label",
)  # fmt: skip


def _first_logical_line(text: str) -> str:
    """The command's first logical line: continuation lines joined, heredoc bodies left out."""
    lines = text.split("\n")
    out = [lines[0]]
    i = 0
    while out[-1].endswith("\\") and i + 1 < len(lines):
        out[-1] = out[-1][:-1]
        i += 1
        out.append(lines[i])
    return " ".join(out)


def _without_substitutions(line: str) -> str | None:
    """``line`` with each ``$(...)`` and backquoted command replaced by one word (an
    argument computed by another command is still an argument); None if one is unclosed."""
    out: list[str] = []
    i, quote = 0, ""
    while i < len(line):
        c = line[i]
        if quote == "'":
            quote = "" if c == "'" else quote
        elif c == "\\":
            out.append(line[i : i + 2])
            i += 2
            continue
        elif c == "'" and not quote:
            quote = "'"
        elif c == '"':
            quote = "" if quote == '"' else '"'
        elif line.startswith("$(", i) or c == "`":
            end = _closing(line, i)
            if end is None:
                return None
            out.append("SUBSTITUTED")
            i = end + 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _closing(line: str, start: int) -> int | None:
    if line[start] == "`":
        end = line.find("`", start + 1)
        return end if end != -1 else None
    depth = 0
    for i in range(start + 1, len(line)):
        if line[i] == "(":
            depth += 1
        elif line[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    return None


def _tokens(line: str) -> list[str] | None:
    plain = _without_substitutions(line)
    if plain is None:
        return None
    lexer = shlex.shlex(plain, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        return list(lexer)
    except ValueError:
        return None


def declared(text: str) -> bool:
    """Whether the command's first line ends in the writer's ``# snippets: kubectl``."""
    line = _first_logical_line(text)
    found = _DECLARED.search(line)
    return found is not None and _tokens(line[: found.start()]) is not None


def producer(text: str) -> Producer:
    """Which program printed the output of command ``text`` (see the module's rules)."""
    if declared(text):
        return Producer.KUBECTL
    tokens = _tokens(_first_logical_line(text))
    if not tokens or any(t in ("(", ")") or "`" in t for t in tokens):
        return Producer.OTHER
    commands: list[list[list[str]]] = [[[]]]
    for token in tokens:
        if token in _LISTS:
            commands.append([[]])
        elif token in _PIPES:
            commands[-1].append([])
        else:
            commands[-1][-1].append(token)
    parts = [pipeline for pipeline in commands if any(pipeline)]
    if not parts or not all(_kubectl_pipeline(p) for p in parts):
        return Producer.OTHER
    return Producer.KUBECTL


def _kubectl_pipeline(stages: list[list[str]]) -> bool:
    first, *rest = stages
    words = list(first)
    while words and _ASSIGNMENT.match(words[0]):
        words.pop(0)
    if not words or not (words[0] == "kubectl" or _is_kubectl_path(words[0])):
        return False
    return _own_output(words[1:]) and all(_keeps_lines(stage) for stage in rest)


def _is_kubectl_path(word: str) -> bool:
    return word.startswith("/") and word.rsplit("/", 1)[-1] == "kubectl"


def _own_output(args: list[str]) -> bool:
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] in _GLOBAL_VALUE_FLAGS else 1
    if i >= len(args) or args[i] not in _OWN_OUTPUT:
        return False
    if args[i] == "run":
        return not any(a in _ATTACHED or a.startswith("--attach=true") for a in args[i:])
    return True


def _keeps_lines(stage: list[str]) -> bool:
    if not stage:
        return False
    program, args = stage[0], stage[1:]
    if any(a in (">", ">>", "<", ">&", "<&", "&>") for a in args):
        return False
    if program in _GREP:
        return _grep_keeps_lines(args)
    if program in ("head", "tail"):
        return not any(a == "-c" or a.startswith(("-c", "--bytes")) for a in args)
    if program == "sort":
        return True
    if program == "cat":
        return not args  # options change lines; a file argument prints the file
    return program == "tee"


def _grep_keeps_lines(args: list[str]) -> bool:
    for arg in args:
        if arg == "--":
            break
        if arg.startswith("--"):
            if arg.startswith(_GREP_LONG_REWRITES):
                return False
        elif arg.startswith("-") and len(arg) > 1:
            for letter in arg[1:]:
                if letter in _GREP_REWRITES:
                    return False
                if letter in _GREP_VALUE:
                    break  # the rest is the option's value
    return True


# --- the controllers a page shows --------------------------------------------------

_NAME = r"[a-z0-9](?:[-a-z0-9.]*[a-z0-9])?"
_QUALIFIED = re.compile(
    rf"(?<![\w.-])(?P<kind>[a-z]+)\.(?P<group>apps|batch)(?:/(?P<slash>{_NAME})"
    rf'|\s+"(?P<quoted>{_NAME})")'
)
_TITLED = re.compile(rf"(?<![\w.-])(?P<kind>{'|'.join(_KIND_NAMES)})/(?P<name>{_NAME})(?![\w-])")
_LIST_VALUE_FLAGS = frozenset(
    {
        "-n", "--namespace", "-l", "--selector", "-o", "--output", "--context", "-f",
        "--filename", "--image", "--replicas", "--timeout", "--for", "--field-selector",
        "--sort-by", "-c", "--container", "--kubeconfig", "--type", "--port", "--cluster",
        "--user", "-L", "--label-columns", "--schedule",
    }
)  # fmt: skip


def _from_words(words: list[str]) -> Iterator[tuple[str, str]]:
    """``deployment/web``, ``deploy web db``, ``create job pi`` in a command's words."""
    i = 0
    while i < len(words):
        word = words[i]
        kind_word, slash, name = word.partition("/")
        if slash:
            kinds = [kind_of(k) for k in kind_word.split(",")]
            if len(kinds) == 1 and kinds[0] is not None and re.fullmatch(_NAME, name):
                yield kinds[0], name
            i += 1
            continue
        kind = kind_of(word)
        i += 1
        if kind is None:
            continue
        while i < len(words):
            arg = words[i]
            if arg in _LIST_VALUE_FLAGS:
                i += 2
            elif arg.startswith("-"):
                i += 1
            elif re.fullmatch(_NAME, arg):
                yield kind, arg
                i += 1
            else:
                break


def _from_text(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    for line in lines:
        for found in _QUALIFIED.finditer(line):
            kind = kind_of(found.group("kind"))
            if kind is not None:
                yield kind, found.group("slash") or found.group("quoted")
        for found in _TITLED.finditer(line):
            yield _KIND_NAMES[found.group("kind")], found.group("name")


def _from_manifests(docs: Iterable[Any]) -> Iterator[tuple[str, str]]:
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        if doc.get("kind") == "List" and isinstance(doc.get("items"), list):
            yield from _from_manifests(doc["items"])
            continue
        kind = _KIND_NAMES.get(str(doc.get("kind")))
        metadata = doc.get("metadata")
        if kind and isinstance(metadata, dict) and isinstance(metadata.get("name"), str):
            yield kind, metadata["name"]


def _yaml_docs(text: str) -> list[Any]:
    if "kind:" not in text:
        return []
    import yaml

    try:
        return list(yaml.safe_load_all(text))
    except yaml.YAMLError:
        return []


def _listed(words: list[str], published: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """The NAME column of ``kubectl get <kind>`` without names: the controllers it lists."""
    if "get" not in words:
        return
    kinds = [k for w in words[words.index("get") + 1 :] if (k := kind_of(w)) is not None]
    if len(kinds) != 1:
        return
    rows = iter(published)
    for line in rows:
        if line.split()[:1] == ["NAME"]:
            break
    else:
        return
    for line in rows:
        if not line.strip():
            break
        name = line.split()[0]
        if re.fullmatch(_NAME, name):
            yield kinds[0], name


def command_controllers(command: Command) -> Iterator[tuple[str, str]]:
    """The controllers one command and its published output show."""
    first = _first_logical_line(command.text)
    words = _tokens(first) or first.split()
    if words and (words[0] == "kubectl" or _is_kubectl_path(words[0])):
        yield from _from_words(words)
        yield from _listed(words, command.expected.lines)
    body = command.text.split("\n")[1:-1]  # a heredoc's body, its terminator left out
    yield from _from_manifests(_yaml_docs("\n".join(body)))
    yield from _from_text(command.expected.lines)


_MANIFESTS: dict[tuple[Path, int, int], tuple[tuple[str, str], ...]] = {}


def _lab(path: Path) -> tuple[tuple[str, str], ...]:
    try:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        if key not in _MANIFESTS:
            _MANIFESTS[key] = tuple(_from_manifests(_yaml_docs(path.read_text("utf-8"))))
        return _MANIFESTS[key]
    except (OSError, UnicodeDecodeError):
        return ()


def _text(path: Path) -> str:
    try:
        return path.read_text("utf-8")[: 1 << 20]
    except (OSError, UnicodeDecodeError):
        return ""


_PAGES: dict[int, tuple[Page, Controllers]] = {}


def page_controllers(page: Page) -> Controllers:
    """Every controller ``page`` shows: in its commands, its outputs and its lab."""
    cached = _PAGES.get(id(page))
    if cached is not None and cached[0] is page:
        return cached[1]
    found: set[tuple[str, str]] = set()
    written = [command.text for command in page.commands]
    for command in page.commands:
        found.update(command_controllers(command))
    for manifest in page.lab.manifests:
        found.update(_lab(manifest))
        written.append(_text(manifest))
    controllers = Controllers(frozenset(found), "\n".join(written))
    if len(_PAGES) > 256:
        _PAGES.clear()
    _PAGES[id(page)] = (page, controllers)
    return controllers


def origin_for(page: Page, command: Command) -> Origin:
    """The origin of ``command``'s output on ``page``: what callers pass to ``match``."""
    return Origin(producer(command.text), page_controllers(page))


def origin_of(command: str, controllers: Iterable[tuple[str, str]] | Controllers = ()) -> Origin:
    """The origin of command text ``command`` on a page showing ``controllers``."""
    if isinstance(controllers, Controllers):
        return Origin(producer(command), controllers)
    return Origin(producer(command), Controllers(frozenset(controllers)))
