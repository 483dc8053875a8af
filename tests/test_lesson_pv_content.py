"""The PersistentVolume lesson carries the source's session over, and only its session.

The source is the workshop's follow-up page (English Markdown, kept under
/work/shared/seeds). Its commands and outputs carry over, adapted where our
lab differs by name (`-ebs` becomes `-pv`, `catalog` the lesson's own
namespace), where the cluster the page assumes has changed since (its default
StorageClass is `ebs-csi-default-sc`, no longer `gp2`), where the lab's
readiness probe needs a longer wait, or where our cluster prints another
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
import yaml
from conftest import REPO, missing

from snippets_runner.config.pyproject import load_runner_config
from snippets_runner.extract.pages import extract_page
from snippets_runner.model import Page
from testcluster.settings import MYSQL_IMAGE

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

NAMESPACE = "statefulsets-pv-lesson"
"""The lesson's own namespace (issue "Readers, round 3"): the source works in `catalog`, where an
EKS Workshop cluster runs the shop's real catalog service; the first lesson has another one
(`statefulsets-lesson`), so both can run at once."""
RENAMES = (
    ("catalog-mysql-ebs", "catalog-mysql-pv"),
    ("component=mysql-ebs", "component=mysql-pv"),
    ("-n catalog ", f"-n {NAMESPACE} "),
    (" catalog/data-", f" {NAMESPACE}/data-"),
)
"""Our lab's names for the source's objects (the volume is a PV here, not necessarily EBS,
and it lives in the lesson's namespace)."""
GREP = ("kubectl get pv | grep -i catalog", f"kubectl get pv | grep {NAMESPACE}")
"""The source picks its PV by `catalog`; an EKS Workshop cluster that ran the workshop's own
EBS module has a `catalog/data-catalog-mysql-ebs-0` PV too, so the lesson picks its PV by
its namespace (tests/test_lesson_namespace_on_cluster.py runs it beside such a PV)."""
STORAGE_CLASS = ("gp2", "ebs-csi-default-sc")
"""The source's class, and the default class of the cluster the page assumes today: since EKS
1.30 gp2 is no longer the default of a new cluster, and the EKS Workshop's clusters get
`ebs-csi-default-sc` (gp3, from the EBS CSI driver add-on) as their default."""
ENVIRONMENT_VALUES = {"STORAGE_CLASS": ("ebs-csi-default-sc", "standard")}
"""Published value (the reference cluster's) and what the test cluster prints instead: the page
shows the former, the runner maps the latter to it, and the page's note tells readers."""
READY_TIMEOUT = ("--timeout=60s", "--timeout=120s")
"""The source's Ready-wait allows 60 s; with the lab's readiness probe on TCP 3306, Ready waits
for MySQL to listen (after the entrypoint's checks and the data directory's hand-over), on top
of moving the volume if the pod lands on another node: the lesson allows 120 s."""
CARRIED = {1: 2, 4: 4, 6: 7, 7: 8, 8: 9, 10: 10, 11: 11, 12: 12, 13: 13}
"""Published command index -> the source command it carries over, in the source's order."""
LEFT_OUT = {
    0: "kubectl apply: setting up the lab is shown in a bash block, not verified",
    1: "rollout status: part of the lab setup, shown in the same bash block",
    3: "volumeClaimTemplates as JSON through jq: `describe` shows the template instead",
    5: "aws ec2 describe-volumes: EBS only, no counterpart on other clusters",
    6: "df -h: an emptyDir is mounted at /var/lib/mysql too, so df tells the two apart "
    "nowhere but on EKS; the pod's claimName (ADDED[5]) shows the volume is the claim",
}
ADDED = {
    0: f"kubectl describe statefulset -n {NAMESPACE} catalog-mysql-pv",
    2: "kubectl get storageclass",
    3: f"kubectl get pvc -n {NAMESPACE}",
    5: f"kubectl get pod catalog-mysql-pv-0 -n {NAMESPACE} -o jsonpath="
    """'{.spec.volumes[?(@.name=="data")].persistentVolumeClaim.claimName}{"\\n"}'""",
    9: f"kubectl wait --for=create pod/catalog-mysql-pv-0 -n {NAMESPACE} --timeout=60s",
    14: f"kubectl get statefulset -n {NAMESPACE} catalog-mysql-pv -o jsonpath="
    """'{.spec.persistentVolumeClaimRetentionPolicy}{"\\n"}'""",
    15: f"kubectl delete statefulset -n {NAMESPACE} catalog-mysql-pv",
    16: f"kubectl get pvc -n {NAMESPACE}",
    17: f"kubectl delete pvc -n {NAMESPACE} data-catalog-mysql-pv-0",
    18: f"kubectl delete namespace {NAMESPACE}",
}
"""Published commands the source lacks: the describe, PVC and cleanup steps issue 12 asks
for, the wait for the pod's creation that makes the source's wait work as pasted, and
(issue "Readers, round 3") the reader's own default StorageClass and the pod's claim."""


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
    """kubectl >= 1.34 names the namespace an object was deleted from (ours: NAMESPACE)."""
    return re.sub(r'^(\S+ "[^"]+" deleted)$', rf"\1 from {NAMESPACE} namespace", line)


def carried_command(command: str) -> str:
    """The source's command as the lesson publishes it, by the documented adaptations."""
    command = renamed(command.replace(*GREP))
    if command.startswith("kubectl wait --for=condition=Ready"):
        command = command.replace(*READY_TIMEOUT)
    return command


def carried_output(seed_index: int, output: tuple[str, ...]) -> tuple[str, ...]:
    """The source's output as our cluster prints it, by the documented adaptations."""
    lines = tuple(deleted_from_namespace(renamed(line)) for line in output)
    if seed_index == 4:
        # kubectl >= 1.29 adds VOLUMEATTRIBUTESCLASS, unset here. Without the header
        # (grep drops it) nothing tells the runner the last cell is an age, so it
        # would compare it literally: the page elides it with `[...]`.
        old, new = STORAGE_CLASS
        lines = tuple(
            re.sub(r" 10m$", " [...]", line.replace(f" {old} ", f" {new} <unset> "))
            for line in spaced(lines)
        )
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
        # Spaces collapsed: the source has a stray double space in one exec.
        assert one_space(published[index][0]) == one_space(carried_command(command)), where
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
    classes = spaced(out[ADDED[2]])
    assert classes == (
        "NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE",
        "ebs-csi-default-sc (default) [...]",
        "[...]",
    ), "the reader's default class is the line marked (default); the rest differs by cluster"
    claims = spaced(out[ADDED[3]])
    assert claims[1].startswith("data-catalog-mysql-pv-0 Bound pvc-")
    assert " 30Gi RWO ebs-csi-default-sc " in claims[1]
    assert out[ADDED[5]] == ("data-catalog-mysql-pv-0",), "the pod's data volume is the claim"
    assert out[ADDED[14]] == ('{"whenDeleted":"Retain","whenScaled":"Retain"}',)
    assert spaced(out[ADDED[15]]) == (
        f'statefulset.apps "catalog-mysql-pv" deleted from {NAMESPACE} namespace',
    )
    # After the StatefulSet is gone, the claim is still there and still bound.
    assert spaced(lesson.commands[16].expected.lines)[1].startswith(
        "data-catalog-mysql-pv-0 Bound pvc-"
    )
    assert out[ADDED[17]] == (
        f'persistentvolumeclaim "data-catalog-mysql-pv-0" deleted from {NAMESPACE} namespace',
    )
    assert out[ADDED[18]] == (f'namespace "{NAMESPACE}" deleted',)


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
    waits = [
        i for i, b in enumerate(lesson.blocks) if b.commands[0].text.startswith("kubectl wait")
    ]
    assert waits == [waits[0], waits[0] + 1], "the create-wait comes right before the Ready-wait"
    # One retry only, and readers are told the same: the pod list right after the Ready-wait
    # can still show 0/1 for a moment (seen in CI); run it again.
    retried = [i for i, b in enumerate(lesson.blocks) if b.options.retry is not None]
    assert retried == [waits[1] + 1], "readers get no other retry either"
    only = lesson.blocks[retried[0]]
    assert [c.text.split()[:3] for c in only.commands] == [["kubectl", "get", "pods"]]
    assert only.options.retry is not None and only.options.retry <= 30
    told = (
        "run the command again"
        if lesson.path.name.endswith(".en.md")
        else "もう一度実行してください"
    )
    assert told in lesson.path.read_text(encoding="utf-8")
    blocks = [lesson.blocks[i] for i in waits]
    assert [[c.text.split()[2] for c in b.commands] for b in blocks] == [
        ["--for=create"],
        ["--for=condition=Ready"],
    ]
    # Longer than kubectl's own --timeout, so kubectl's message is what a failure shows.
    assert blocks[0].commands[0].text.endswith("--timeout=60s")
    assert blocks[1].commands[0].text.endswith(READY_TIMEOUT[1])
    assert [b.options.timeout for b in blocks] == [90, 150]


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
            rf"kubectl rollout status statefulset/catalog-mysql-pv -n {NAMESPACE}\n```",
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


REFERENCE = {
    # What the page says about the cluster it assumes, and what it no longer claims.
    "ja": (
        "## このページが前提とするクラスター",
        ("EKS 1.30", "`ebs-csi-default-sc`", "gp3", "`gp2` はもうデフォルトではありません"),
    ),
    "en": (
        "## The cluster this page assumes",
        ("EKS 1.30", "`ebs-csi-default-sc`", "gp3", "`gp2` is no longer the default"),
    ),
}


def test_page_says_which_cluster_it_assumes_and_nothing_stale_about_eks() -> None:
    """The reference is an EKS Workshop cluster of EKS 1.30 or later, whose default class is
    `ebs-csi-default-sc`; `gp2` appears only as the class that is no longer the default,
    never in an output, and the page does not promise the manifest works unchanged on EKS
    (it works on any cluster that has a default StorageClass, and says what happens without)."""
    for lang, (heading, needed) in REFERENCE.items():
        text = LESSON[lang].read_text(encoding="utf-8")
        section = text[text.index(heading) : text.index("\n## ", text.index(heading) + 1)]
        for phrase in needed:
            assert phrase in section, (lang, phrase)
        assert "works unchanged on EKS" not in text and "EKS でも手元のクラスターでも" not in text
        outputs = "\n".join(
            line for c in extract_page(LESSON[lang]).commands for line in c.expected.lines
        )
        assert "gp2" not in outputs
        for line in text.splitlines():
            if "gp2" in line and not line.startswith("    "):
                assert (
                    "デフォルトではない" in line
                    or "not the default" in line
                    or ("もうデフォルトではありません" in line or "no longer the default" in line)
                ), (lang, line)


NO_DEFAULT = {
    "ja": ("`(default)`", "`Pending`", "`Bound`", "no storage class is set", "1.28"),
    "en": ("`(default)`", "`Pending`", "`Bound`", "no storage class is set", "1.28"),
}


def test_readers_learn_to_find_their_default_class_and_check_their_claim() -> None:
    """How to find the default StorageClass, what happens without one (the claim stays
    Pending, the event that says so, and the two ways out), how to see the claim Bound."""
    for lang, needed in NO_DEFAULT.items():
        text = LESSON[lang].read_text(encoding="utf-8")
        for phrase in needed:
            assert phrase in text, (lang, phrase)
        assert re.search(
            r"```bash\nkubectl patch storageclass <[^>]+> \\\n"
            r"  -p '\{\"metadata\":\{\"annotations\":"
            r"\{\"storageclass.kubernetes.io/is-default-class\":\"true\"\}\}\}'\n```",
            text,
        ), lang


def test_note_names_the_stand_in_image() -> None:
    for path in LESSON.values():
        text = path.read_text(encoding="utf-8")
        note = text[text.index('!!! note "') : text.index("\n## ", text.index('!!! note "'))]
        for needed in ("kubectl 1.37", "Kubernetes 1.37", "MariaDB", "Debian", f"`{MYSQL_IMAGE}`"):
            assert needed in note, (path.name, needed)


def test_lab_is_the_lessons_own_and_claims_the_default_class() -> None:
    """All objects in the lesson's namespace (not `catalog`, not the first lesson's), the
    image the test cluster stands in for, a TCP 3306 readiness probe, and a claim template
    that names no class, so each cluster's default StorageClass provisions it."""
    documents = [d for d in yaml.safe_load_all(LAB.read_text(encoding="utf-8")) if d]
    assert [d["metadata"]["name"] for d in documents if d["kind"] == "Namespace"] == [NAMESPACE]
    assert NAMESPACE not in ("catalog", "statefulsets-lesson")
    assert all(
        d["metadata"]["namespace"] == NAMESPACE for d in documents if d["kind"] != "Namespace"
    )
    (statefulset,) = [d for d in documents if d["kind"] == "StatefulSet"]
    (container,) = statefulset["spec"]["template"]["spec"]["containers"]
    assert container["image"] == MYSQL_IMAGE
    assert container["readinessProbe"]["tcpSocket"] == {"port": 3306}
    (template,) = statefulset["spec"]["volumeClaimTemplates"]
    assert "storageClassName" not in template["spec"]
