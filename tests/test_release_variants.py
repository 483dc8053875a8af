"""A block can publish one Kubernetes release's output: a variant, verified on its releases.

kubectl 1.37 prints a probe's thresholds as ``successThreshold=1`` where 1.36 and
older print ``#success=1``. A page publishes the newest release's output and
may add a block with ``kubernetes="<1.37"`` for the older ones: each block runs
(and is judged) only on the releases it names, and is skipped, never typed,
on the others. Nothing is normalized away: on 1.37 the old line would fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import parsed_report, verify_report

from snippets_runner.errors import PageError
from snippets_runner.extract.pages import extract_page, parse_page
from snippets_runner.integrations.site.status import State, page_status
from snippets_runner.model import release_in
from snippets_runner.report.fingerprint import page_fingerprint
from snippets_runner.run.results import Reason, Result
from snippets_runner.run.runner import RunOptions, run_page

PAGE = """\
---
snippets: {cluster: false}
---
# Variants

```console kubernetes=">=1.37"
~$ echo "${RELEASE_WORDS:-new words}"
new words
```

```console kubernetes="<1.37"
~$ echo "${RELEASE_WORDS:-new words}"
old words
```

```console
~$ echo after
after
```
"""


@pytest.mark.parametrize(
    ("release", "spec", "inside"),
    [
        ("1.37", ">=1.37", True), ("1.36", ">=1.37", False), ("1.36", "<1.37", True),
        ("1.35", "1.35", True), ("1.36", "1.35", False), ("1.36", ">=1.35,<1.37", True),
        ("1.37", ">=1.35,<1.37", False), ("", ">=1.0", False), ("1.40", "<=1.39", False),
    ],
)  # fmt: skip
def test_a_release_is_in_a_range_by_every_clause(release: str, spec: str, inside: bool) -> None:
    assert release_in(release, spec) is inside


@pytest.mark.parametrize("spec", ["latest", "1", ">=1.3x", "1.36.2", ">=1.36;<2.0", ""])
def test_a_range_that_is_none_is_a_page_error(tmp_path: Path, spec: str) -> None:
    page = tmp_path / "p.md"
    page.write_text(f'# P\n\n```console kubernetes="{spec}"\n~$ echo a\na\n```\n')
    with pytest.raises(PageError, match=r"p\.md:3: kubernetes=.* is not a release range"):
        extract_page(page)


@pytest.mark.parametrize(("release", "shown"), [("1.37", 0), ("1.36", 1), ("1.35", 1)])
def test_only_the_blocks_of_the_release_run_and_the_others_are_never_typed(
    tmp_path: Path, release: str, shown: int
) -> None:
    (tmp_path / "p.md").write_text(PAGE)
    page = extract_page(tmp_path / "p.md")
    words = {"1.37": "new words"}.get(release, "old words")
    ran = run_page(page, _options(tmp_path, release, words))
    verdicts = [c.verdict for c in ran.commands]
    skipped = 1 - shown
    assert verdicts[shown] is Result.PASSED and verdicts[2] is Result.PASSED
    assert verdicts[skipped] is Result.SKIPPED
    assert ran.commands[skipped].reason is Reason.OTHER_RELEASE
    assert f"Kubernetes {page.blocks[skipped].options.kubernetes}" in ran.commands[skipped].note
    assert ran.commands[2].output == "after\n", "a skipped variant is not typed into the shell"


def test_the_wrong_output_for_a_release_still_fails(tmp_path: Path) -> None:
    """Variants choose which output is checked, they never loosen it."""
    (tmp_path / "p.md").write_text(PAGE)
    page = extract_page(tmp_path / "p.md")
    ran = run_page(page, _options(tmp_path, "1.36", "new words"))
    assert ran.commands[1].verdict is Result.FAILED
    assert ran.commands[1].reason is Reason.OUTPUT_DIFFERS


def test_no_release_known_runs_no_variant(tmp_path: Path) -> None:
    (tmp_path / "p.md").write_text(PAGE)
    ran = run_page(extract_page(tmp_path / "p.md"), _options(tmp_path, "", "new words"))
    assert [c.verdict for c in ran.commands[:2]] == [Result.SKIPPED, Result.SKIPPED]


def test_a_page_verified_on_each_release_by_its_own_variant() -> None:
    page = parse_page(PAGE, Path("docs/v/index.md"), "", "v/index.md")
    skipped = {"result": "skipped", "reason": "other-release", "exit_status": None, "tries": 0}

    def entry(
        version: str, first: dict[str, object], second: dict[str, object]
    ) -> dict[str, object]:
        commands = [dict(first, line=7), dict(second, line=12), {"line": 17}]
        return {
            "file": "docs/v/index.md", "lesson": "v/index.md", "kubernetes_version": version,
            "content_hash": page_fingerprint(page), "commands": commands,
        }  # fmt: skip

    report = parsed_report(
        verify_report(
            [entry("v1.35.4", skipped, {}), entry("v1.37.2", {}, skipped)],
            kubernetes_version="v1.37.2",
        )
    )
    status = page_status(report, page)
    assert status is not None and status.state is State.VERIFIED
    assert status.releases == ("1.35", "1.37") and status.commands == 2


def _options(tmp_path: Path, release: str, words: str) -> RunOptions:
    """A plain-shell run that pretends to be on ``release``, printing ``words`` where a
    real cluster of that release would print its own wording."""
    from snippets_runner.run.shell import ShellOptions

    shell = ShellOptions(cwd=tmp_path, env=(("RELEASE_WORDS", words),))
    return RunOptions(shell, release=release)


@pytest.mark.parametrize(
    "spec", [">=\uff11.\uff13\uff16", "\u0661.\u0663\u0665", "<1.3\u0667", "1.\u0968\u0969"]
)
def test_a_range_in_other_digits_is_a_page_error(tmp_path: Path, spec: str) -> None:
    """Only ASCII digits: ``int`` reads fullwidth and Arabic-Indic digits as numbers, so the
    block would run on a release the page never names in a way a reader can type."""
    page = tmp_path / "p.md"
    page.write_text(f'# P\n\n```console kubernetes="{spec}"\n~$ echo a\na\n```\n')
    with pytest.raises(PageError, match=r"p\.md:3: kubernetes=.* is not a release range"):
        extract_page(page)


@pytest.mark.parametrize("release", ["\uff11.\uff13\uff17", "\u0661.\u0663\u0667", "1.3\u0667"])
def test_a_release_in_other_digits_is_in_no_range(release: str) -> None:
    assert not release_in(release, ">=1.0")
