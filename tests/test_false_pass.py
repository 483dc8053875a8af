"""No false pass on real kubectl output: every change to a published, non-volatile token fails.

The StatefulSets lesson runs on the local cluster (its lab in a namespace of
this test's own), which records the real output of each command.  Then, for
every token of every real line the page publishes, except the values that
really vary (the ls date, the pod's AGE: named here independently of the
matcher's rules), one character is changed and the published output is
matched against that changed output.  Each such change must fail.

The lesson publishes little, so four more commands (``describe pod``,
``get -o wide``...) are published whole, as a writer pasting all of their
output would: run once for the page, once more for the check.  The matcher
of before issue 9 let two of those changes pass (a toleration's ``for 300s``
became ``for 400s``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from cluster_fixture import Cluster
from conftest import REPO

from snippets_runner.extract.pages import extract_page
from snippets_runner.match import Verdict, match
from snippets_runner.model import ExpectedOutput, Location
from snippets_runner.run.results import CommandResult, Reason, Result
from snippets_runner.run.runner import RunOptions, run_page
from snippets_runner.run.shell import ShellOptions
from testcluster import settings

LAB = REPO / "docs/manifests/catalog-mysql-emptydir.yaml"
PAGE = REPO / "docs/statefulsets/index.en.md"
LESSON_NS = next(
    d["metadata"]["name"]
    for d in yaml.safe_load_all(LAB.read_text())
    if d and d["kind"] == "Namespace"
)
"""The namespace the lesson's lab creates, which its commands and output name."""
_NAMESPACE = re.compile(rf"(?<![\w-]){re.escape(LESSON_NS)}(?![\w-])")
_LS_DATE = re.compile(r"(?<= )[A-Z][a-z]{2} +\d{1,2} +(?:\d{1,2}:\d{2}|\d{4})(?= )")

pytestmark = pytest.mark.cluster


def lab_in(namespace: str) -> str:
    """The lesson's lab, every object moved into ``namespace``."""
    docs = [d for d in yaml.safe_load_all(LAB.read_text()) if d]
    for doc in docs:
        if doc["kind"] == "Namespace":
            doc["metadata"]["name"] = namespace
        else:
            doc["metadata"]["namespace"] = namespace
    return yaml.safe_dump_all(docs)


def page_in(namespace: str, tmp: Path) -> Path:
    """The English lesson with its commands and output pointing at ``namespace``."""
    text = PAGE.read_text()
    body = text.split("\n---\n", 1)[1]  # the lab is applied here, not by front matter
    path = tmp / "lesson.md"
    moved = _NAMESPACE.sub(namespace, body)
    assert body.count(f"-n {LESSON_NS}") >= 7 and LESSON_NS not in moved
    path.write_text(moved)
    return path


@contextmanager
def lab(k8s_cluster: Cluster, tmp: Path) -> Iterator[str]:
    """The lesson's lab in a fresh namespace of its own; yields the namespace."""
    namespace = f"fp-{uuid.uuid4().hex[:10]}"
    (tmp / "lab.yaml").write_text(lab_in(namespace))
    try:
        k8s_cluster.kubectl("apply", "-f", str(tmp / "lab.yaml"))
        k8s_cluster.kubectl(
            "rollout",
            "status",
            "statefulset/catalog-mysql",
            "-n",
            namespace,
            "--timeout=300s",
            timeout=330,
        )
        yield namespace
    finally:
        k8s_cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


@pytest.fixture(scope="module")
def recorded(
    k8s_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[CommandResult, ...]]:
    tmp = tmp_path_factory.mktemp("false-pass")
    with lab(k8s_cluster, tmp) as namespace:
        release = ".".join(settings.KUBERNETES_VERSION.lstrip("v").split(".")[:2])
        shell = ShellOptions(env=tuple(k8s_cluster.env.items()))
        result = run_page(extract_page(page_in(namespace, tmp)), RunOptions(shell, release=release))
        # A variant for other Kubernetes releases is not run here: nothing to mutate.
        yield tuple(c for c in result.commands if c.reason is not Reason.OTHER_RELEASE)


def volatile(command: str, line: str) -> list[tuple[int, int]]:
    """What really varies in this lesson's output, said without the matcher's rules."""
    if "ls -l" in command:
        return [m.span() for m in _LS_DATE.finditer(line)]
    if "get pods" in command and not line.startswith("NAME"):
        last = list(re.finditer(r"\S+", line))[-1]
        return [last.span()]
    return []


def changed(token: str) -> str:
    """The token with one character changed: a digit to another digit, a letter to another."""
    for i, c in enumerate(token):
        if c.isdigit():
            return token[:i] + str((int(c) + 1) % 10) + token[i + 1 :]
        if c.isalpha():
            other = "b" if c.lower() == "a" else "a"
            return token[:i] + (other.upper() if c.isupper() else other) + token[i + 1 :]
    return "#" + token[1:] if token[0] != "#" else "%" + token[1:]


def mutations(result: CommandResult) -> Iterator[tuple[str, str]]:
    """(description, changed real output) for each non-volatile token of a published line."""
    assert result.match is not None
    published = [
        v.actual for v in result.match.lines if v.verdict in (Verdict.EXACT, Verdict.NORMALIZED)
    ]
    lines = result.output.split("\n")
    for n, line in enumerate(lines):
        if line.rstrip() not in published:
            continue  # absorbed by [...]: the page does not publish it
        skip = volatile(result.command.text, line)
        for token in re.finditer(r"\S+", line):
            if any(s < token.end() and token.start() < e for s, e in skip):
                continue
            new = line[: token.start()] + changed(token.group()) + line[token.end() :]
            yield (
                f"line {n + 1}: {token.group()!r} -> {new!r}",
                "\n".join([*lines[:n], new, *lines[n + 1 :]]),
            )


def test_the_lesson_passes_on_real_output(recorded: tuple[CommandResult, ...]) -> None:
    assert [r.verdict for r in recorded] == [Result.PASSED] * len(recorded), [
        (r.command.text, r.note, r.output) for r in recorded if not r.passed
    ]


def test_every_change_to_a_published_non_volatile_token_is_caught(
    recorded: tuple[CommandResult, ...],
) -> None:
    caught, escaped = 0, []
    for result in recorded:
        for what, real in mutations(result):
            if match(result.command.expected, real).matched:
                escaped.append(f"{result.command.text}: {what}")
            else:
                caught += 1
    print(f"false-pass check: {caught} single-token changes, {len(escaped)} passed wrongly")
    assert not escaped, "\n".join(escaped)
    assert caught >= 100, f"only {caught} changes were tried: the lesson's output is missing"


FULL = (
    "kubectl describe pod catalog-mysql-0 -n {ns}",
    "kubectl get pods -n {ns} -o wide",
    "kubectl describe statefulset catalog-mysql -n {ns}",
    "kubectl get statefulset,service -n {ns} -o wide",
)
"""Commands whose whole output is published below, as a writer pasting it all would."""

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_TIME_FIELD = re.compile(r"\s*(?:Start Time|Started|CreationTimestamp):\s+(.*)")
_HASH_LABEL = re.compile(r"controller-revision-hash=catalog-mysql-(\w+)")
_TABLE_TIMES = {"AGE", "Age", "IP"}
"""Columns whose cells vary: ages and pod addresses."""


def volatile_full(lines: list[str]) -> list[list[tuple[int, int]]]:
    """Per line, the spans of values that vary between two runs, for ``FULL``'s outputs.

    Said without the matcher's rules: IP addresses, container and image IDs,
    start and creation times, the revision hash, and the cells of AGE/Age/IP
    columns (a table starts at a header row and ends at a blank line).
    """
    spans: list[list[tuple[int, int]]] = []
    columns: list[tuple[str, int]] = []  # (header, start) of the current table
    for line in lines:
        found = [m.span() for m in _IPV4.finditer(line)]
        found += [m.span() for m in _HEX64.finditer(line)]
        if (m := _TIME_FIELD.fullmatch(line)) is not None:
            found.append(m.span(1))
        if (m := _HASH_LABEL.search(line)) is not None:
            found.append(m.span(1))
        if not line.strip():
            columns = []
        elif re.match(r"\s*(NAME|Type)\s{2,}", line):
            columns = [(m.group(), m.start()) for m in re.finditer(r"\S+(?: \S+)*", line)]
        elif columns and not set(line.strip()) <= {"-", " "}:
            cells = list(re.finditer(r"\S+(?: \S+)*", line))
            for header, _ in columns:
                if header in _TABLE_TIMES:
                    k = [h for h, _ in columns].index(header)
                    if k < len(cells):
                        found.append(cells[k].span())
        spans.append(found)
    return spans


@pytest.fixture(scope="module")
def full_outputs(
    k8s_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> list[tuple[str, str, str]]:
    """(command, first run's output, second run's output), on a lab of their own.

    Not the lesson's lab: the lesson ends by deleting its namespace.
    """
    runs = []
    with lab(k8s_cluster, tmp_path_factory.mktemp("false-pass-full")) as namespace:
        for command in FULL:
            args = command.format(ns=namespace).split()[1:]
            first = k8s_cluster.kubectl(*args).stdout
            second = k8s_cluster.kubectl(*args).stdout
            runs.append((command, first, second))
    return runs


def test_whole_real_outputs_pasted_into_a_page_catch_every_single_token_change(
    full_outputs: list[tuple[str, str, str]],
) -> None:
    caught, escaped = 0, []
    for command, first, second in full_outputs:
        published = ExpectedOutput(tuple(first.rstrip("\n").split("\n")), Location(PAGE, 1))
        assert match(published, second).matched, f"{command}:\n{first}---\n{second}"
        lines = second.rstrip("\n").split("\n")
        for n, (line, skip) in enumerate(zip(lines, volatile_full(lines), strict=True)):
            for token in re.finditer(r"\S+", line):
                if any(s < token.end() and token.start() < e for s, e in skip):
                    continue
                new = line[: token.start()] + changed(token.group()) + line[token.end() :]
                real = "\n".join([*lines[:n], new, *lines[n + 1 :]])
                if match(published, real).matched:
                    escaped.append(f"{command}: line {n + 1}: {token.group()!r} -> {new!r}")
                else:
                    caught += 1
    print(f"false-pass check, whole outputs: {caught} changes, {len(escaped)} passed wrongly")
    assert not escaped, "\n".join(escaped)
    assert caught >= 200, f"only {caught} changes were tried"
