"""Update handles every shape of table it can meet, and one page's error stops no other page.

Before (trust, round 3): a row with an empty cell (``kubectl get pv``'s
REASON) crashed the rewrite (``zip(strict=True)`` over cells split by
position and a header's columns), the crash left ``plan_update`` and the
whole run, and so no page at all was updated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets_runner.extract.pages import extract_page
from snippets_runner.match import match
from snippets_runner.match.origin import Origin, Producer
from snippets_runner.model import ExpectedOutput, Location
from snippets_runner.run.runner import run_page
from snippets_runner.update import changes as changes_module
from snippets_runner.update.anchors import keep_anchors
from snippets_runner.update.planning import plan_update
from snippets_runner.update.repad import repad
from snippets_runner.update.rewrite import new_lines

try:
    from snippets_runner.secrets import Masker
except ImportError:  # where the masker lived before
    from snippets_runner.secrets import Masker  # type: ignore[no-redef]

AT = Location(Path("p.md"), 1)
KUBECTL = Origin(Producer.KUBECTL)


def tabwriter(*rows: tuple[str, ...]) -> list[str]:
    widths = [max(6, max(len(r[c]) for r in rows) + 3) for c in range(len(rows[0]) - 1)]
    return [("".join(r[c].ljust(w) for c, w in enumerate(widths)) + r[-1]).rstrip() for r in rows]


def update(expected: list[str], actual: str, origin: Origin = KUBECTL) -> list[str]:
    """The new lines, checked as update checks them: they match, and converge."""
    exp = ExpectedOutput(tuple(expected), AT)
    new = new_lines(exp, keep_anchors(match(exp, actual, origin)), origin)
    again = ExpectedOutput(new, AT)
    assert match(again, actual, origin).matched, "an update must make the page pass"
    assert new_lines(again, keep_anchors(match(again, actual, origin)), origin) == new
    return list(new)


PV = (
    "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
    "REASON", "AGE",
)  # fmt: skip
VOLUME = "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365"


def test_a_pv_row_with_an_empty_reason_is_rewritten_cell_by_cell() -> None:
    published = tabwriter(
        PV, (VOLUME, "30Gi", "RWO", "Delete", "Bound", "ns/data-0", "gp2", "", "79s")
    )
    other = "pvc-59fea253-a7e7-4299-83c8-529ee92da099"
    real = tabwriter(PV, (other, "31Gi", "RWO", "Delete", "Bound", "ns/data-0", "gp2", "", "3m2s"))
    # The page keeps its volume name and age (only volatile values moved); the capacity is new.
    assert update(published, "\n".join(real)) == tabwriter(
        PV, (VOLUME, "31Gi", "RWO", "Delete", "Bound", "ns/data-0", "gp2", "", "79s")
    )


def test_a_header_that_gained_a_column_brings_its_rows_as_printed() -> None:
    old = tabwriter(("NAME", "STATUS", "AGE"), ("data-0", "Bound", "5s"))
    new = tabwriter(("NAME", "STATUS", "CLASS", "AGE"), ("data-0", "Bound", "gp2", "2m"))
    assert update(old, "\n".join(new)) == new


def test_rows_with_fewer_cells_wrapped_lines_and_no_header_are_written() -> None:
    columns = ("NAME", "STATUS", "REASON", "MESSAGE")
    published = tabwriter(columns, ("web-0", "Running", "", ""), ("web-1", "Failed", "Error", "x"))
    real = tabwriter(columns, ("web-0", "Running", "", ""), ("web-1", "Failed", "OOMKilled", "y"))
    real.append("  continued message on a line of its own")
    assert update(published, "\n".join(real)) == real
    # Rows whose header the page elides: text, the new ones taken as printed.
    assert update(["[...]", "web-0   Running"], "\n".join(real)) == ["[...]", *real[1:]]


def test_repad_lines_up_empty_cells_under_their_headers() -> None:
    lines = ["NAME  CLAIM  CLASS  AGE", "pv-1         manual  5s"]
    assert repad(lines) == ["NAME   CLAIM   CLASS    AGE", "pv-1           manual   5s"]


CELL = st.text("abcxyz019/-.<>", min_size=1, max_size=12)


@st.composite
def tables(draw: st.DrawFn) -> list[str]:
    """Table-like text of any shape: empty cells, ragged and wrapped rows, headers or none."""
    n = draw(st.integers(1, 5))
    header = tuple(
        draw(
            st.lists(
                st.sampled_from(["NAME", "AGE", "IP", "STATUS", "REASON", "X"]),
                min_size=n,
                max_size=n,
                unique=True,
            )
        )
    )
    rows = [
        tuple(draw(st.one_of(st.just(""), CELL)) for _ in range(n))
        for _ in range(draw(st.integers(0, 4)))
    ]
    rows = [(r[0] or "r", *r[1:]) for r in rows]
    lines = tabwriter(header, *rows) if draw(st.booleans()) else ["   ".join(r) for r in rows]
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, draw(st.sampled_from(["", "[...]", "  wrapped text", "x  y  z  w  v  u"])))
    return lines


@settings(max_examples=200, deadline=None)
@given(tables(), tables())
def test_update_never_crashes_on_any_table_shape_and_converges(
    published: list[str], real: list[str]
) -> None:
    actual = "\n".join(line for line in real if line != "[...]")
    update(published, actual)


def test_an_error_on_one_page_is_reported_and_the_other_pages_are_updated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad, good = tmp_path / "bad.md", tmp_path / "good.md"
    bad.write_text("# Bad\n\n```console\n~$ echo new\nold\n```\n")
    good.write_text("# Good\n\n```console\n~$ echo hello\nhelo\n```\n")
    real_new_lines = changes_module.new_lines

    def breaks_on_bad(expected: ExpectedOutput, *args: object) -> tuple[str, ...]:
        if expected.location.path == bad:
            raise ValueError("an output shape nobody foresaw")
        return real_new_lines(expected, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(changes_module, "new_lines", breaks_on_bad)
    results = [run_page(extract_page(bad)), run_page(extract_page(good))]
    plan = plan_update(results, Masker())
    assert [e.path for e in plan.edits] == [good]
    assert [str(r) for r in plan.refused] == [
        f"{bad}:4: not updated: cannot work out the new output "
        "(ValueError: an output shape nobody foresaw)"
    ]
    assert not plan.complete
