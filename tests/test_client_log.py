"""client-go's record of a watch kubectl cancelled is left out of kubectl's output, and
nothing else is: not another program's line, not another watch error, not a line the
page publishes, not the command's own lines."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.match import Verdict, match
from snippets_runner.match.client_log import is_watch_end, split
from snippets_runner.match.origin import OTHER, Origin, Producer
from snippets_runner.match.verdicts import IGNORED
from snippets_runner.model import ExpectedOutput, Location
from snippets_runner.update.rewrite import new_lines

KUBECTL = Origin(Producer.KUBECTL)

# What kubectl 1.37.2 printed on the test cluster, once in a CI run, before its own line.
RECORD = (
    'I1207 05:40:06.270477   24301 reflector.go:664] "Warning: watch ended with error" '
    'reflector="k8s.io/client-go@v0.37.2/tools/cache/reflector.go:343" '
    'type="*unstructured.Unstructured" err="an error on the server (\\"unable to decode an '
    'event from the watch stream: context canceled\\") has prevented the request from '
    'succeeding"'
)
# client-go before the structured logs (v0.29, v0.30).
OLDER = (
    "W0905 13:47:17.252950       1 reflector.go:470] k8s.io/client-go@v0.30.3/tools/cache/"
    'reflector.go:232: watch of *v1.Secret ended with: an error on the server ("unable to '
    'decode an event from the watch stream: context canceled") has prevented the request '
    "from succeeding"
)
MET = "pod/catalog-mysql-pv-0 condition met"


def expected(*lines: str) -> ExpectedOutput:
    return ExpectedOutput(lines, Location(Path("p.md"), 1))


def test_the_record_is_left_out_of_kubectl_output_and_named() -> None:
    for record in (RECORD, OLDER):
        for real in (f"{record}\n{MET}\n", f"{MET}\n{record}\n"):
            outcome = match(expected(MET), real, KUBECTL)
            assert outcome.matched, real
            assert [v.verdict for v in outcome.lines] == [Verdict.EXACT]
            assert outcome.ignored == (record,)
            assert outcome.normalizers == frozenset({IGNORED})


def test_the_commands_own_lines_are_still_compared() -> None:
    outcome = match(expected(MET), f"{RECORD}\npod/catalog-mysql-pv-1 condition met\n", KUBECTL)
    assert not outcome.matched
    assert [v.verdict for v in outcome.lines] == [Verdict.MISSING, Verdict.EXTRA]
    assert outcome.ignored == (RECORD,)


def test_another_programs_output_keeps_the_line() -> None:
    outcome = match(expected(MET), f"{RECORD}\n{MET}\n", OTHER)  # say, `cat kubectl.log`
    assert not outcome.matched and outcome.ignored == ()
    assert [v.actual for v in outcome.lines if v.verdict is Verdict.EXTRA] == [RECORD]


def test_a_watch_that_ended_for_another_reason_fails_the_page() -> None:
    refused = RECORD.replace("context canceled", "connection refused")
    timeout = RECORD.replace("context canceled", "context deadline exceeded")
    forged = RECORD.replace("reflector.go:664]", "wait.go:664]")
    # The record must be the whole line: text after it (stderr run on) or another reason
    # before the cancellation is not the record.
    trailing = f"{RECORD}error: timed out waiting for the condition"
    other = OLDER.replace(
        "ended with: an error", "ended with: too old resource version; last err: an error"
    )
    for line in (
        refused,
        timeout,
        forged,
        trailing,
        other,
        "context canceled",
        f"  {RECORD}",
        RECORD[1:],
    ):
        assert not is_watch_end(line), line
        assert not match(expected(MET), f"{line}\n{MET}\n", KUBECTL).matched


def test_a_page_that_publishes_the_record_has_it_compared() -> None:
    assert split([RECORD, MET], [RECORD, MET]) == ((RECORD, MET), ())
    outcome = match(expected(RECORD, MET), f"{MET}\n", KUBECTL)
    assert not outcome.matched and outcome.ignored == ()


def test_update_never_writes_the_record() -> None:
    """A command that drifted while the record was printed gets its real lines, not it."""
    page = expected("pod/catalog-mysql-0 condition met")
    outcome = match(page, f"{MET}\n{RECORD}\n", KUBECTL)
    assert not outcome.matched
    assert new_lines(page, outcome, KUBECTL) == (MET,)
