"""The writers' guide takes a new writer from a clean clone to a published lesson, truthfully.

Its walkthrough (both languages) names commands, defaults and images; these
tests tie each of them to the code that makes it true, so a changed default or
a renamed image fails here instead of misleading the next writer. The Japanese
guide also uses the lessons' terms: Namespace and PVC, as the lessons write them.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from snippets_runner.config.pyproject import DEFAULT_COMMAND_TIMEOUT, DEFAULT_LAB_TIMEOUT
from testcluster import images, settings

GUIDE = {
    "ja": REPO / "docs" / "writing" / "console-blocks.ja.md",
    "en": REPO / "docs" / "writing" / "console-blocks.en.md",
}
WALKTHROUGH = {
    "ja": "## 新しいレッスンを書いて公開するまで",
    "en": "## From a clean clone to a published lesson",
}
STEPS = 7


def walkthrough(lang: str) -> str:
    text = GUIDE[lang].read_text(encoding="utf-8")
    start = text.index(WALKTHROUGH[lang])
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def bash_lines(section: str) -> list[str]:
    blocks = re.findall(r"^```bash\n(.*?)^```", section, flags=re.DOTALL | re.MULTILINE)
    return [line for block in blocks for line in block.splitlines()]


@pytest.mark.parametrize("lang", sorted(GUIDE))
def test_walkthrough_has_every_step_and_its_commands(lang: str) -> None:
    section = walkthrough(lang)
    assert len(re.findall(r"^### \d\. ", section, flags=re.MULTILINE)) == STEPS
    commands = bash_lines(section)
    for needed in (
        "scripts/setup.sh",
        "scripts/cluster.sh up",
        'eval "$(scripts/cluster.sh env)"',
        "scripts/cluster.sh status",
        ".venv/bin/snippets-runner lint",
        ".venv/bin/mkdocs build --strict",
    ):
        assert needed in commands, (lang, needed)
    runner = [c for c in commands if c.startswith(".venv/bin/snippets-runner ") and "lint" not in c]
    assert runner and all("--allow-context testcluster" in c for c in runner), runner
    for needed in (
        "SNIPPETS_SKIP_TOOLS=1",
        "setup: ready",
        "`nav`",
        "docs/index.ja.md",
        "docs/index.en.md",
        "scripts/main.sh",
        "N passed, 0 failed, 0 not run",
        "`catalog`",
    ):
        assert needed in section, (lang, needed)


@pytest.mark.parametrize("lang", sorted(GUIDE))
def test_walkthrough_states_the_real_defaults_and_images(lang: str) -> None:
    section = walkthrough(lang)
    assert f"{DEFAULT_COMMAND_TIMEOUT:g}" == "60" and f"{DEFAULT_LAB_TIMEOUT:g}" == "180"
    assert ("60 秒" if lang == "ja" else "60 seconds") in section
    assert ("180 秒" if lang == "ja" else "180 seconds") in section
    assert "`command-timeout`" in section and "`lab-timeout`" in section
    # The only images the test cluster has are the ones it builds.
    assert set(images.IMAGES) == {settings.PAUSE_IMAGE, settings.MYSQL_IMAGE}
    for image in images.IMAGES:
        assert f"`{image}`" in section, (lang, image)
    assert "MariaDB" in section and "testcluster/assets/mysql-entrypoint.sh" in section


def test_setup_script_honours_what_the_walkthrough_says() -> None:
    script = (REPO / "scripts" / "setup.sh").read_text(encoding="utf-8")
    assert 'SNIPPETS_SKIP_TOOLS:-0}" != "1"' in script
    assert 'echo "setup: ready' in script
    cluster = (REPO / "scripts" / "cluster.sh").read_text(encoding="utf-8")
    assert "python -m testcluster" in cluster


def test_japanese_guide_uses_the_lessons_terms() -> None:
    """The lessons say Namespace and PVC (PersistentVolumeClaim); so does the guide."""
    text = GUIDE["ja"].read_text(encoding="utf-8")
    assert "名前空間" not in text and "クレーム" not in text
    lessons = [
        (REPO / "docs" / lesson / "index.ja.md").read_text(encoding="utf-8")
        for lesson in ("statefulsets", "statefulsets-pv")
    ]
    for lesson in lessons:
        assert "名前空間" not in lesson and "クレーム" not in lesson
        assert "Namespace" in lesson
    assert "PVC" in lessons[1] and "PVC" in text
