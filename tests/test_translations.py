"""Translations are judged on the primary's real output, with their own structure checked."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.extract.pages import parse_page
from snippets_runner.model import Page
from snippets_runner.run.results import Reason, Result
from snippets_runner.run.runner import run_page
from snippets_runner.run.translations import rematch

FENCE = "```"


def page(tmp_path: Path, name: str, body: str, locale: str) -> Page:
    path = tmp_path / name
    path.write_text(body.replace("'''", FENCE))
    return parse_page(path.read_text(), path, locale, "l.md")


PRIMARY = "'''console\n~$ echo one\none\n~$ echo two\ntwo\n'''\n"


def test_each_translation_is_judged_on_its_own_published_output(tmp_path: Path) -> None:
    ran = run_page(page(tmp_path, "l.en.md", PRIMARY, "en"))
    ja = page(tmp_path, "l.ja.md", PRIMARY.replace("two\n'''", "zwei\n'''"), "ja")
    judged = rematch(ja, ran)
    assert [c.verdict for c in judged.commands] == [Result.PASSED, Result.FAILED]
    assert judged.commands[1].reason is Reason.OUTPUT_DIFFERS
    assert judged.commands[1].command.location.path == tmp_path / "l.ja.md"
    assert judged.commands[1].output == "two\n"  # the real output of the one run


def test_a_failure_other_than_output_carries_over(tmp_path: Path) -> None:
    body = "'''console\n~$ echo one; false\none\n'''\n"
    ran = run_page(page(tmp_path, "l.en.md", body, "en"))
    judged = rematch(page(tmp_path, "l.ja.md", body, "ja"), ran)
    assert judged.commands[0].reason is Reason.EXIT_STATUS
    assert judged.commands[0].note == "exit status 1, expected 0"


def test_other_structure_is_not_run_with_the_parity_message(tmp_path: Path) -> None:
    ran = run_page(page(tmp_path, "l.en.md", PRIMARY, "en"))
    other = PRIMARY.replace("'''console\n", "'''console exit=\"1\"\n")
    judged = rematch(page(tmp_path, "l.ja.md", other, "ja"), ran)
    assert {c.verdict for c in judged.commands} == {Result.NOT_RUN}
    assert {c.reason for c in judged.commands} == {Reason.TRANSLATION_MISMATCH}
    assert judged.commands[0].note.startswith("not run: block options")


def test_skipped_and_not_run_twins_stay_so(tmp_path: Path) -> None:
    body = "'''console skip\n~$ echo a\na\n'''\n"
    ran = run_page(page(tmp_path, "l.en.md", body, "en"))
    judged = rematch(page(tmp_path, "l.ja.md", body, "ja"), ran)
    assert judged.commands[0].verdict is Result.SKIPPED


def test_a_translation_that_publishes_no_output_under_the_policy_is_ran_not_passed(
    tmp_path: Path,
) -> None:
    from snippets_runner.model import OutputPolicy, Syntax

    syntax = Syntax(output=OutputPolicy.NOT_PUBLISHED)
    body = "'''console\n~$ echo one\none\n'''\n"

    def lenient(name: str, text: str, locale: str) -> Page:
        path = tmp_path / name
        path.write_text(text.replace("'''", FENCE))
        return parse_page(path.read_text(), path, locale, "l.md", syntax)

    ran = run_page(lenient("l.en.md", body, "en"))
    assert ran.commands[0].verdict is Result.PASSED
    judged = rematch(lenient("l.ja.md", "'''console\n~$ echo one\n'''\n", "ja"), ran)
    [cmd] = judged.commands
    assert cmd.verdict is Result.RAN and cmd.match is None and cmd.failure is None


def test_a_translation_that_publishes_output_is_compared_where_its_primary_was_not(
    tmp_path: Path,
) -> None:
    primary = "'''console output=\"not-published\"\n~$ echo one\n'''\n"
    ran = run_page(page(tmp_path, "l.en.md", primary, "en"))
    assert ran.commands[0].verdict is Result.RAN
    right = page(tmp_path, "l.ja.md", primary.replace("one\n'''", "one\none\n'''"), "ja")
    assert [c.verdict for c in rematch(right, ran).commands] == [Result.PASSED]
    wrong = page(tmp_path, "l.ja.md", primary.replace("one\n'''", "one\neins\n'''"), "ja")
    [cmd] = rematch(wrong, ran).commands
    assert cmd.verdict is Result.FAILED and cmd.reason is Reason.OUTPUT_DIFFERS


def test_an_uncompared_translation_keeps_its_twins_status_failure(tmp_path: Path) -> None:
    body = "'''console output=\"not-published\"\n~$ echo one; false\n'''\n"
    ran = run_page(page(tmp_path, "l.en.md", body, "en"))
    [cmd] = rematch(page(tmp_path, "l.ja.md", body, "ja"), ran).commands
    assert cmd.verdict is Result.FAILED and cmd.reason is Reason.EXIT_STATUS
