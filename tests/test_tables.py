"""kubectl column output is compared cell by cell: wider cells shift, wrong cells fail."""

from __future__ import annotations

from pathlib import Path

from snippets_runner.match import Verdict, match
from snippets_runner.match.line import cell_matches
from snippets_runner.match.tables import PLAIN, shapes
from snippets_runner.model import ExpectedOutput, Location

PODS = """\
NAME    READY   STATUS    RESTARTS   AGE
web-0   1/1     Running   0          29s
web-1   1/1     Running   0          12s"""


def result(expected: str, actual: str):  # type: ignore[no-untyped-def]
    return match(ExpectedOutput(tuple(expected.split("\n")), Location(Path("p.md"), 1)), actual)


def test_header_and_rows_are_recognised_until_a_blank_line() -> None:
    lines = tuple((PODS + "\n\nplain text  with gaps").split("\n"))
    found = shapes(lines)
    assert found[0].columns == ("NAME", "READY", "STATUS", "RESTARTS", "AGE")
    assert found[0].row is not None and found[0].row.header
    assert found[1].row is not None and found[2].row is not None
    assert found[1].row.table == found[2].row.table == found[0].row.table
    assert found[3] == PLAIN and found[4] == PLAIN


def test_headers_with_spaces_and_units_and_describe_events() -> None:
    wide = ("NAME    READY   NOMINATED NODE   READINESS GATES",)
    assert shapes(wide)[0].columns[2] == "NOMINATED NODE"
    assert shapes(("NAME    CPU(cores)   MEMORY(bytes)",))[0].columns[1] == "CPU(cores)"
    events = ("  Type    Reason   Age   From   Message", "  ----    ------   ----  ----   -------")
    assert shapes(events)[0].columns[2] == "Age"
    # Title-case words without an underline are prose, not a header.
    assert shapes(("Hello  World",))[0] == PLAIN


def test_last_column_keeps_its_inner_gaps() -> None:
    lines = (
        "  Type    Reason  Age  From     Message",
        "  ----    ------  ---  ----     -------",
        "  Normal  Pulled  5m   kubelet  Image  pulled  fast",
    )
    row = shapes(lines)[2].row
    assert row is not None and row.table.offsets[0] == 2
    assert row.texts(lines[2]) == ("Normal", "Pulled", "5m", "kubelet", "Image  pulled  fast")


def test_a_cell_that_grows_and_shifts_its_neighbours_still_matches() -> None:
    actual = """\
NAME    READY   STATUS              RESTARTS   AGE
web-0   1/1     Running             0          2m1s
web-1   1/1     Running             0          <invalid>"""
    outcome = result(PODS, actual)
    assert outcome.matched
    assert outcome.lines[0].verdict is Verdict.NORMALIZED and outcome.lines[0].spans == ()
    assert {s.normalizer for s in outcome.lines[1].spans} == {"duration"}


def test_a_wrong_cell_fails() -> None:
    for wrong in (
        "web-0   0/1     Running   0          29s",
        "web-0   1/1     Pending   0          29s",
        "web-0   1/1     Running   3          29s",
        "web-2   1/1     Running   0          29s",
        "web-0   1/1     Running   0",
        "web-0   1/1     Running   0          29s   extra",
    ):
        actual = PODS.replace("web-0   1/1     Running   0          29s", wrong)
        assert not result(PODS, actual).matched, wrong


def test_minutes_are_durations_only_in_duration_columns() -> None:
    expected = "NAME   CPU(cores)   AGE\nweb    100m         45m"
    assert result(expected, "NAME   CPU(cores)   AGE\nweb    100m         3h20m").matched
    assert not result(expected, "NAME   CPU(cores)   AGE\nweb    250m         45m").matched


def test_cells_must_stay_separated_by_a_gap() -> None:
    expected = "NAME    STATUS\nweb-0   Running"
    assert not result(expected, "NAME    STATUS\nweb-0 Running").matched


def test_kubectl_headers_with_a_plural_suffix_are_headers() -> None:
    found = shapes(("NAME   TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)    AGE",))
    assert found[0].columns[4] == "PORT(S)"


def test_a_column_header_is_the_context_of_its_cells() -> None:
    published = "NAME   CLUSTER-IP   PORT(S)    AGE\nweb    10.96.0.10   3306/TCP   29s"
    real = "NAME   CLUSTER-IP    PORT(S)    AGE\nweb    10.96.44.12   3306/TCP   2d"
    assert result(published, real).matched
    # The same values in columns whose header says nothing about them stay literal.
    assert not result(
        "NAME   VERSION    PORT\nweb    10.96.0.10   29s",
        "NAME   VERSION    PORT\nweb    10.96.44.12   29s",
    ).matched
    assert not result(
        "NAME   VERSION    PORT\nweb    10.96.0.10   29s",
        "NAME   VERSION    PORT\nweb    10.96.0.10   2d",
    ).matched
    assert not result(published, real.replace("3306/TCP", "3307/TCP")).matched


WIDE = """\
NAME    READY   STATUS    AGE   IP
web-0   1/1     Running   29s   10.244.0.5"""


def test_every_loosened_cell_of_a_row_is_checked_after_an_unchanged_one() -> None:
    """An AGE that did not change must not end the check of the row's other cells."""
    moved = result(
        WIDE, "NAME    READY   STATUS    AGE   IP\nweb-0   1/1     Running   29s   10.244.1.9"
    )
    assert moved.matched
    [ip_span] = moved.lines[1].spans
    assert ip_span.normalizer == "ip"
    assert WIDE.splitlines()[1][: ip_span.start].rstrip().endswith("29s")
    for wrong in ("127.0.0.1", "999.1.2.3"):
        real = f"NAME    READY   STATUS    AGE   IP\nweb-0   1/1     Running   29s   {wrong}"
        assert not result(WIDE, real).matched, wrong


def test_cell_matches_judges_one_cell_under_its_header() -> None:
    assert cell_matches("29s", "5m3s", "AGE")
    assert cell_matches("10.244.0.5", "10.244.0.5", "IP")
    assert not cell_matches("29s", "5m3s", "STATUS")
    assert not cell_matches("Running", "Pending", "STATUS")


def test_title_case_cells_are_a_header_only_over_an_underline_of_as_many_cells() -> None:
    events = ("  Type    Reason   Age", "  ----    ------   ---")
    assert shapes(events)[0].columns == ("Type", "Reason", "Age")
    assert shapes(("  Type    Reason   Age", "  ----    ------"))[0] == PLAIN
    assert shapes(("  Type    Reason   Age", "  one     two      three"))[0] == PLAIN


def test_an_elision_inside_a_table_is_no_row_and_the_rows_after_it_are() -> None:
    found = shapes(("NAME    READY", "web-0   1/1", "[...]", "web-9   0/1"))
    assert found[2] == PLAIN
    assert found[0].is_row and found[1].is_row and found[3].is_row
    assert found[1].columns == found[3].columns == found[0].columns
