"""The StatefulSets lesson publishes the source's session, unchanged, in both languages.

The source page (a Japanese workshop lesson, kept under /work/shared/seeds)
is what the lesson's facts, commands and outputs come from. Translators and
editors rewrite prose freely, and that is exactly when a command gets "fixed"
or an output line dropped by accident. These tests pin, for every language:
every command and every output block of the source, byte for byte, in the
source's order, `[...]` elisions included; and nothing more.

The seed is parsed here on purpose without the project's lexer, so that a
lexer bug cannot hide a difference between the seed and the pages; the pages
are parsed with the extractor the runner uses, because that is what is verified.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import REPO, missing

from snippets_runner.extract.pages import extract_page
from snippets_runner.model import Block, Page

# shared/ sits beside the repository (CI lays a copy there too).
SEED = Path(
    os.environ.get(
        "SNIPPETS_LESSON_SEED", REPO.parent / "shared" / "seeds" / "000_a23940a2f5191180.txt"
    )
)
DRIFT: dict[int, tuple[str, tuple[str, ...]]] = {
    # kubectl >= 1.30 describes the pod template's node selectors and
    # tolerations; the source predates that. `snippets-runner update` against
    # the local cluster added exactly these lines, nothing else.
    0: ("    SizeLimit:  <unset>", ("  Node-Selectors:  <none>", "  Tolerations:     <none>")),
}
"""Output lines the real cluster prints that the source page lacks: command index ->
(the published line they follow, the lines). Everything else must equal the source."""
REWORDED = {
    # kubectl >= 1.34 names a container port's name after it, and the namespace an
    # object was deleted from; `snippets-runner update` against the local 1.37
    # cluster changed exactly these lines.
    "    Port:       3306/TCP": "    Port:       3306/TCP (mysql)",
    "    Host Port:  0/TCP": "    Host Port:  0/TCP (mysql)",
    'pod "catalog-mysql-0" deleted': 'pod "catalog-mysql-0" deleted from catalog namespace',
}
"""Source output lines -> how the supported kubectl prints them, exactly."""
ADDED: dict[int, tuple[str, tuple[str, ...]]] = {
    # Readers get what the verifier gets (issue 12): right after the delete the
    # new pod may not exist yet, and the source's label-selected wait then fails
    # with "no matching resources found". Waiting for the pod's creation first
    # makes the source's command work as pasted, without the runner's retry.
    4: (
        "kubectl wait --for=create pod/catalog-mysql-0 -n catalog --timeout=30s",
        ("pod/catalog-mysql-0 condition met",),
    ),
    # The lesson ends by removing what it made (issue 13), verified like the rest.
    8: ("kubectl delete namespace catalog", ('namespace "catalog" deleted',)),
}
"""Commands the pages add to the source's session: index in the published session ->
(command, output). The source's own commands keep their order around them."""
LESSON = {
    "ja": REPO / "docs" / "statefulsets" / "index.ja.md",
    "en": REPO / "docs" / "statefulsets" / "index.en.md",
}
LAB = REPO / "docs" / "manifests" / "catalog-mysql-emptydir.yaml"
PROMPT = "~$"

Session = list[tuple[str, tuple[str, ...]]]
"""(command text with continuation lines joined by newlines, output lines)."""


def seed_session(text: str) -> Session:
    """Commands and outputs as the source page shows them.

    On the source, a command line starts with the rendered prompt `~$`, a line
    ending in a backslash continues on the next line, and the output runs until
    the next prompt or the blank line before the prose resumes.
    """
    session: Session = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith(PROMPT):
            i += 1
            continue
        command = [line[len(PROMPT) :].removeprefix(" ")]
        while command[-1].endswith("\\"):
            i += 1
            command.append(lines[i])
        i += 1
        output: list[str] = []
        while i < len(lines) and lines[i].strip() and not lines[i].startswith(PROMPT):
            output.append(lines[i])
            i += 1
        session.append(("\n".join(command), tuple(output)))
    return session


def with_drift(session: Session) -> Session:
    """The source's session with the documented drift applied and commands added."""
    result = []
    for index, (command, output) in enumerate(session):
        output = tuple(REWORDED.get(line, line) for line in output)
        if index in DRIFT:
            after, added = DRIFT[index]
            at = output.index(after) + 1
            output = (*output[:at], *added, *output[at:])
        result.append((command, output))
    for index in sorted(ADDED):
        result.insert(index, ADDED[index])
    return result


def page_session(page: Page) -> Session:
    return [(c.text, c.expected.lines) for c in page.commands]


def block_session(block: Block) -> Session:
    return [(c.text, c.expected.lines) for c in block.commands]


@pytest.fixture(scope="module")
def seed() -> Session:
    if not SEED.exists():
        missing(f"source page {SEED} (set SNIPPETS_LESSON_SEED)")
    session = seed_session(SEED.read_text(encoding="utf-8"))
    assert len(session) == 7, "the source's session changed shape; re-read it"
    return with_drift(session)


@pytest.fixture(scope="module", params=sorted(LESSON))
def lesson(request: pytest.FixtureRequest) -> Page:
    return extract_page(LESSON[request.param])


def test_seed_parser_reads_the_two_line_wait() -> None:
    text = "prose\n\n~$kubectl wait a \\\n-l b\ndone\n~$kubectl get x\nNAME\n\nprose\n"
    assert seed_session(text) == [
        ("kubectl wait a \\\n-l b", ("done",)),
        ("kubectl get x", ("NAME",)),
    ]


def test_every_command_and_output_of_the_source_in_order(seed: Session, lesson: Page) -> None:
    published = page_session(lesson)
    for index, (expected, actual) in enumerate(zip(seed, published, strict=False)):
        assert actual == expected, f"{lesson.path.name}: command {index + 1} differs from source"
    assert len(published) == len(seed), f"{lesson.path.name}: commands added or missing"


def test_page_writes_prompts_with_a_space(lesson: Page) -> None:
    for command in lesson.commands:
        assert command.source_lines[0].startswith(f"{PROMPT} "), command.location


def test_block_options_match_what_the_session_does(lesson: Page) -> None:
    (failing,) = [b for b in lesson.blocks if b.options.exit != 0]
    assert failing.commands[-1].text.endswith("cat /var/lib/mysql/test.txt")
    assert failing.options.exit == 1, "the cat after the restart fails on purpose and must say so"
    assert not any(b.options.skip for b in lesson.blocks), "the lesson must really run"
    waits = [
        i for i, b in enumerate(lesson.blocks) if b.commands[0].text.startswith("kubectl wait")
    ]
    assert waits == [waits[0], waits[0] + 1], "the create-wait comes right before the Ready-wait"
    blocks = [lesson.blocks[i] for i in waits]
    assert [[c.text.split()[2] for c in b.commands] for b in blocks] == [
        ["--for=create"],
        ["--for=condition=Ready"],
    ]
    assert all(b.options.timeout is not None for b in blocks)
    assert all(b.options.retry is None for b in lesson.blocks), (
        "a retry would hide from the verifier what readers hit"
    )


def test_lesson_ends_with_a_verified_cleanup_and_leads_to_the_pv_lesson(lesson: Page) -> None:
    text = lesson.path.read_text(encoding="utf-8")
    last = lesson.blocks[-1]
    assert [c.text for c in last.commands] == ["kubectl delete namespace catalog"]
    assert not last.options.skip
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings[-2:] in (["後片付け", "次のステップ"], ["Clean up", "Next step"]), headings
    next_step = text[text.rindex("\n## ") :]
    assert "](../statefulsets-pv/index.md)" in next_step
    assert "まだ準備中" not in text and "not on this site yet" not in text


def test_both_languages_publish_the_same_blocks_and_lab() -> None:
    ja, en = (extract_page(LESSON[lang]) for lang in ("ja", "en"))
    assert [(b.info, block_session(b)) for b in ja.blocks] == [
        (b.info, block_session(b)) for b in en.blocks
    ]
    assert ja.lab.secrets == en.lab.secrets == ("my-secret-pw",)
    assert [Path(p).name for p in ja.lab.manifests] == [LAB.name]
    assert [Path(p).name for p in en.lab.manifests] == [LAB.name]


def test_lesson_links_the_lab_and_shows_how_to_apply_it_outside_console_blocks() -> None:
    for path in LESSON.values():
        text = path.read_text(encoding="utf-8")
        assert "](../manifests/catalog-mysql-emptydir.yaml)" in text, path.name
        assert re.search(
            r"```bash\n(?:.*\n)*?kubectl apply -f catalog-mysql-emptydir\.yaml\n", text
        )
        assert "kubectl apply" not in "\n".join(c.text for c in extract_page(path).commands)


def test_japanese_prose_is_not_copied_from_the_source(seed: Session) -> None:
    """The source's sentences stay in the source; the lesson is written anew."""
    source = SEED.read_text(encoding="utf-8")
    published = LESSON["ja"].read_text(encoding="utf-8")
    session_lines = {line for command, output in seed for line in (*command.split("\n"), *output)}
    session_lines |= set(REWORDED)  # the source's own output lines, before kubectl reworded them
    sentences = [
        s.strip()
        for line in source.splitlines()
        if not line.startswith(PROMPT) and line not in session_lines
        for s in re.split("[。:\uff1a]", line)
        if len(s.strip()) >= 20
    ]
    assert sentences, "no prose found in the source"
    copied = [s for s in sentences if s in published]
    assert not copied, copied
