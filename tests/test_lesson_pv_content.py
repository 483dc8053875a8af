"""The PersistentVolume lesson carries the source's session over, and only its session.

The source is the workshop's follow-up page (English Markdown, kept under
/work/shared/seeds). Its commands and outputs carry over, adapted where our
lab differs by name (`-ebs` becomes `-pv`) or our cluster prints another
value; its sentences do not. Every command of the source is accounted for
here: carried over (and how it was adapted), or left out (and why); every
command the lesson adds is listed too. A command changed by accident, an
output line dropped, or a sentence pasted from the source fails a test.

As in test_lesson_content.py, the seed is parsed without the project's lexer,
and the pages with the extractor the runner uses.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, missing

from snippets_runner.config.runner import load_runner_config
from snippets_runner.extract.pages import extract_page
from snippets_runner.model import Page

SEED = Path(
    os.environ.get(
        "SNIPPETS_PV_LESSON_SEED",
        REPO.parent / "shared" / "seeds" / "reference-statefulset-with-ebs.md",
    )
)
LESSON = {
    "ja": REPO / "docs" / "statefulsets-pv" / "index.ja.md",
    "en": REPO / "docs" / "statefulsets-pv" / "index.en.md",
}
LAB = REPO / "docs" / "manifests" / "catalog-mysql-pv.yaml"

Session = list[tuple[str, tuple[str, ...]]]

RENAMES = (("catalog-mysql-ebs", "catalog-mysql-pv"), ("component=mysql-ebs", "component=mysql-pv"))
"""Our lab's names for the source's objects (the volume is a PV here, not necessarily EBS)."""
ENVIRONMENT_VALUES = {"STORAGE_CLASS": ("gp2", "standard")}
"""Published value (the source's) and what the test cluster prints instead: the page
shows the former, the runner maps the latter to it, and the page's note tells readers."""
CARRIED = {1: 2, 3: 4, 4: 6, 5: 7, 6: 8, 7: 9, 9: 10, 10: 11, 11: 12, 12: 13}
"""Published command index -> the source command it carries over, in the source's order."""
LEFT_OUT = {
    0: "kubectl apply: setting up the lab is shown in a bash block, not verified",
    1: "rollout status: part of the lab setup, shown in the same bash block",
    3: "volumeClaimTemplates as JSON through jq: `describe` shows the template instead",
    5: "aws ec2 describe-volumes: EBS only, no counterpart on other clusters",
}
ADDED = {
    0: "kubectl describe statefulset -n catalog catalog-mysql-pv",
    2: "kubectl get pvc -n catalog",
    8: "kubectl wait --for=create pod/catalog-mysql-pv-0 -n catalog --timeout=60s",
    13: "kubectl get statefulset -n catalog catalog-mysql-pv -o jsonpath="
    """'{.spec.persistentVolumeClaimRetentionPolicy}{"\\n"}'""",
    14: "kubectl delete statefulset -n catalog catalog-mysql-pv",
    15: "kubectl get pvc -n catalog",
    16: "kubectl delete pvc -n catalog data-catalog-mysql-pv-0",
    17: "kubectl delete namespace catalog",
}
"""Published commands the source lacks: the describe, PVC and cleanup steps issue 12 asks
for, and the wait for the pod's creation that makes the source's wait work as pasted."""
DF_COMMAND = "kubectl exec catalog-mysql-pv-0 -n catalog -- df -h /var/lib/mysql"
"""The source's `bash -c "df -h"`, narrowed to the data directory: the other rows are
the node's own disks and sizes, which no reader's cluster shares."""


def seed_session(text: str) -> Session:
    """`$ ` commands of the fenced blocks, with `\\` continuations, and their output."""
    session: Session = []
    in_fence = False
    command: list[str] | None = None
    output: list[str] = []
    for line in text.splitlines():
        if line.startswith("```"):
            if in_fence and command is not None:
                session.append(("\n".join(command), tuple(output)))
            in_fence, command, output = not in_fence, None, []
        elif in_fence and command is not None and command[-1].endswith("\\"):
            command.append(line)
        elif in_fence and line.startswith("$ "):
            if command is not None:
                session.append(("\n".join(command), tuple(output)))
            command, output = [line[2:]], []
        elif in_fence and command is not None:
            output.append(line)
    return session


def renamed(text: str, pairs: tuple[tuple[str, str], ...] = RENAMES) -> str:
    for old, new in pairs:
        text = text.replace(old, new)
    return text


def spaced(lines: tuple[str, ...]) -> tuple[str, ...]:
    """Runs of spaces as one: column widths follow the (renamed) names, as kubectl pads."""
    return tuple(" ".join(line.split()) for line in lines)


def one_space(text: str) -> str:
    return re.sub(" +", " ", text)


def deleted_from_namespace(line: str) -> str:
    """kubectl >= 1.34 names the namespace an object was deleted from (ours are in catalog)."""
    return re.sub(r'^(\S+ "[^"]+" deleted)$', r"\1 from catalog namespace", line)


def carried_output(seed_index: int, output: tuple[str, ...]) -> tuple[str, ...]:
    """The source's output as our cluster prints it, by the documented adaptations."""
    lines = tuple(deleted_from_namespace(renamed(line)) for line in output)
    if seed_index == 4:
        # kubectl >= 1.29 adds VOLUMEATTRIBUTESCLASS, unset here. Without the header
        # (grep drops it) nothing tells the runner the last cell is an age, so it
        # would compare it literally: the page elides it with `[...]`.
        lines = tuple(
            re.sub(r" 10m$", " [...]", line.replace(" gp2 ", " gp2 <unset> "))
            for line in spaced(lines)
        )
    if seed_index == 6:  # the data directory's row only, its node-specific cells elided
        rows = [line.split()[-1] for line in lines[1:] if line.endswith(" /var/lib/mysql")]
        lines = (lines[0], *(f"[...] {mount}" for mount in rows))
    return spaced(lines)


@pytest.fixture(scope="module")
def seed() -> Session:
    if not SEED.exists():
        missing(f"source page {SEED} (set SNIPPETS_PV_LESSON_SEED)")
    session = seed_session(SEED.read_text(encoding="utf-8"))
    assert len(session) == 14, "the source's session changed shape; re-read it"
    return session


@pytest.fixture(scope="module", params=sorted(LESSON))
def lesson(request: pytest.FixtureRequest) -> Page:
    return extract_page(LESSON[request.param])


def test_seed_parser_reads_fences_continuations_and_output() -> None:
    text = "x\n```bash\n$ kubectl a \\\n  -l b\nout 1\n$ kubectl c\n```\nprose $ no\n"
    assert seed_session(text) == [("kubectl a \\\n  -l b", ("out 1",)), ("kubectl c", ())]


def test_every_source_command_is_carried_or_left_out_for_a_reason(seed: Session) -> None:
    carried = sorted(CARRIED.values())
    assert carried == list(CARRIED.values()), "carried commands keep the source's order"
    assert not set(carried) & set(LEFT_OUT)
    assert set(carried) | set(LEFT_OUT) == set(range(len(seed)))


def test_carried_commands_and_outputs_equal_the_source(seed: Session, lesson: Page) -> None:
    published = [(c.text, c.expected.lines) for c in lesson.commands]
    for index, seed_index in CARRIED.items():
        command, output = seed[seed_index]
        where = f"{lesson.path.name}: command {index + 1} (source command {seed_index + 1})"
        if seed_index == 6:
            assert published[index][0] == DF_COMMAND, where
        else:
            # Spaces collapsed: the source has a stray double space in one exec.
            assert one_space(published[index][0]) == one_space(renamed(command)), where
        assert spaced(published[index][1]) == carried_output(seed_index, output), where


def test_added_commands_are_exactly_the_documented_ones(lesson: Page) -> None:
    commands = [c.text for c in lesson.commands]
    assert len(commands) == len(CARRIED) + len(ADDED)
    assert {i: commands[i] for i in range(len(commands)) if i not in CARRIED} == ADDED


def test_outputs_that_carry_the_lesson(lesson: Page) -> None:
    """The facts the prose explains, pinned where the source has no counterpart."""
    out = {c.text: c.expected.lines for c in lesson.commands}
    describe = out[ADDED[0]]
    at = describe.index("Volume Claims:")
    assert describe[at + 1 : at + 7] == (
        "  Name:          data",
        "  StorageClass:",
        "  Labels:        <none>",
        "  Annotations:   <none>",
        "  Capacity:      30Gi",
        "  Access Modes:  [ReadWriteOnce]",
    )
    assert "  Volumes:         <none>" in describe
    assert "      /var/lib/mysql from data (rw)" in describe
    claims = spaced(out[ADDED[2]])
    assert claims[1].startswith("data-catalog-mysql-pv-0 Bound pvc-")
    assert " 30Gi RWO gp2 " in claims[1]
    assert out[ADDED[13]] == ('{"whenDeleted":"Retain","whenScaled":"Retain"}',)
    assert spaced(out[ADDED[14]]) == (
        'statefulset.apps "catalog-mysql-pv" deleted from catalog namespace',
    )
    # After the StatefulSet is gone, the claim is still there and still bound.
    assert spaced(lesson.commands[15].expected.lines)[1].startswith(
        "data-catalog-mysql-pv-0 Bound pvc-"
    )
    assert out[ADDED[16]] == (
        'persistentvolumeclaim "data-catalog-mysql-pv-0" deleted from catalog namespace',
    )


def test_environment_values_are_declared_published_and_explained(lesson: Page) -> None:
    """The site maps each value the test cluster prints differently; the page shows the
    published one only, and its note names both, so readers know the cell may differ."""
    environment = load_runner_config(REPO).environment
    assert environment.name == "testcluster"
    declared = {v.name: (v.published, v.actual) for v in environment.values}
    assert declared == ENVIRONMENT_VALUES
    outputs = "\n".join(line for c in lesson.commands for line in c.expected.lines)
    text = lesson.path.read_text(encoding="utf-8")
    note = text[text.index('!!! note "') : text.index("\n## ", text.index('!!! note "'))]
    for published, actual in ENVIRONMENT_VALUES.values():
        assert re.search(rf"(?<![\w.-]){published}(?![\w.-])", outputs)
        assert not re.search(rf"(?<![\w.-]){actual}(?![\w.-])", outputs)
        assert f"`{published}`" in note and f"`{actual}`" in note


def test_block_options(lesson: Page) -> None:
    assert not any(b.options.skip for b in lesson.blocks), "the lesson must really run"
    assert all(b.options.exit == 0 for b in lesson.blocks)
    assert all(b.options.retry is None for b in lesson.blocks), "readers get no retry either"
    waits = [
        i for i, b in enumerate(lesson.blocks) if b.commands[0].text.startswith("kubectl wait")
    ]
    assert waits == [waits[0], waits[0] + 1], "the create-wait comes right before the Ready-wait"
    blocks = [lesson.blocks[i] for i in waits]
    assert [[c.text.split()[2] for c in b.commands] for b in blocks] == [
        ["--for=create"],
        ["--for=condition=Ready"],
    ]
    # Longer than kubectl's own --timeout=60s, so kubectl's message is what a failure shows.
    assert all(b.options.timeout is not None and b.options.timeout > 60 for b in blocks)


def test_both_languages_publish_the_same_blocks_and_lab() -> None:
    ja, en = (extract_page(LESSON[lang]) for lang in ("ja", "en"))
    assert [(b.info, [(c.text, c.expected.lines) for c in b.commands]) for b in ja.blocks] == [
        (b.info, [(c.text, c.expected.lines) for c in b.commands]) for b in en.blocks
    ]
    assert ja.lab.secrets == en.lab.secrets == ("my-secret-pw",)
    assert [Path(p).name for p in ja.lab.manifests] == [LAB.name]
    assert [Path(p).name for p in en.lab.manifests] == [LAB.name]


def test_lab_is_linked_and_set_up_outside_console_blocks() -> None:
    for path in LESSON.values():
        text = path.read_text(encoding="utf-8")
        assert "](../manifests/catalog-mysql-pv.yaml)" in text, path.name
        assert "](../statefulsets/index.md)" in text, "links back to the first lesson"
        assert re.search(
            r"```bash\nkubectl apply -f catalog-mysql-pv\.yaml\n"
            r"kubectl rollout status statefulset/catalog-mysql-pv -n catalog\n```",
            text,
        ), path.name
        assert '!!! note "' in text, "readers learn which values depend on their cluster"


def prose(markdown: str) -> str:
    """Running text only: no front matter, comments, fenced blocks, code spans or link targets."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"^```.*?^```", "", markdown, flags=re.DOTALL | re.MULTILINE)
    markdown = re.sub(r"`[^`]*`", " ", markdown)
    return re.sub(r"\]\([^)]*\)", "]", markdown)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_english_prose_is_not_copied_from_the_source(seed: Session) -> None:
    """No sentence of the source, and no run of 7 of its words, is in the English page."""
    source = prose(SEED.read_text(encoding="utf-8"))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+", source) if len(s.strip()) >= 20]
    assert len(sentences) > 10, "no prose found in the source"
    page = prose(LESSON["en"].read_text(encoding="utf-8"))
    assert not [s for s in sentences if s in page]
    run = 7
    source_words = words(source)
    grams = {tuple(source_words[i : i + run]) for i in range(len(source_words) - run + 1)}
    page_words = words(page)
    shared = [
        " ".join(page_words[i : i + run])
        for i in range(len(page_words) - run + 1)
        if tuple(page_words[i : i + run]) in grams
    ]
    assert not shared, shared
