"""Tables are read by column: a cell belongs to the header it sits under (trust, round 3).

kubectl aligns its columns with Go's tabwriter: each cell starts where its
header word starts.  Read by position instead (split at runs of spaces), an
empty cell (a PV's REASON, a Pending claim's VOLUME) moved AGE into a
literal column, so every ``kubectl get pv`` with a header failed on every
run, and a value that moved into the empty column next to it passed.  A
table lasted until a blank line, so ``describe node``'s ``Addresses`` after
its Conditions table were read as rows and lost their rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets_runner.match import match
from snippets_runner.match.tables import shapes
from snippets_runner.model import ExpectedOutput, Location

AT = Location(Path("p.md"), 1)


def matched(published: str, real: str) -> bool:
    return match(ExpectedOutput(tuple(published.split("\n")), AT), real).matched


def tabwriter(*rows: tuple[str, ...]) -> str:
    """Rows as kubectl prints them: columns padded by 3 to at least 6, the last not padded."""
    widths = [max(6, max(len(r[c]) for r in rows) + 3) for c in range(len(rows[0]) - 1)]
    return "\n".join(
        ("".join(r[c].ljust(w) for c, w in enumerate(widths)) + r[-1]).rstrip() for r in rows
    )


PV_COLUMNS = (
    "NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
    "VOLUMEATTRIBUTESCLASS", "REASON", "AGE",
)  # fmt: skip
VOLUME = "pvc-1df77afa-10c8-4296-aa3e-cf2aabd93365"


def pv(volume: str, claim: str, reason: str, age: str) -> str:
    """``kubectl get pv`` (1.3x): REASON is empty on every healthy volume."""
    row = (volume, "30Gi", "RWO", "Delete", "Bound", claim, "gp2", "<unset>", reason, age)
    return tabwriter(PV_COLUMNS, row)


PV = pv(VOLUME, "catalog/data-catalog-mysql-pv-0", "", "79s")
PV_HEADER, PV_ROW = PV.split("\n")


def test_the_published_pv_table_is_aligned_as_kubectl_prints_it() -> None:
    """The fixture itself: AGE stands under AGE, REASON is empty."""
    assert PV_ROW.index("79s") == PV_HEADER.rindex("AGE")
    row = shapes(tuple(PV.split("\n")))[1].row
    assert row is not None
    cells = dict(zip(row.table.columns, row.texts(PV_ROW), strict=True))
    assert cells["REASON"] == "" and cells["AGE"] == "79s"


def test_a_pv_with_an_empty_reason_matches_a_later_run() -> None:
    volume = "pvc-59fea253-a7e7-4299-83c8-529ee92da099"
    assert matched(PV, pv(volume, "catalog/data-catalog-mysql-pv-0", "", "3m2s"))
    # A real reason, a claim of another namespace: changes.
    assert not matched(PV, pv(volume, "catalog/data-catalog-mysql-pv-0", "Failed", "3m2s"))
    assert not matched(PV, pv(volume, "other/data-catalog-mysql-pv-0", "", "3m2s"))


def test_a_pending_claim_with_an_empty_volume_matches_a_later_run() -> None:
    columns = ("NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS", "AGE")
    published = tabwriter(columns, ("data-0", "Pending", "", "", "", "gp2", "5s"))
    assert matched(published, tabwriter(columns, ("data-0", "Pending", "", "", "", "gp2", "2m1s")))
    # Pending is not Bound, and an empty volume is not a volume.
    bound = ("data-0", "Bound", VOLUME, "1Gi", "RWO", "gp2", "2m1s")
    assert not matched(published, tabwriter(columns, bound))
    assert not matched(published, tabwriter(columns, ("data-0", "Pending", "", "", "", "", "5s")))


def test_a_value_that_moves_into_the_empty_column_next_to_it_fails() -> None:
    columns = ("NAME", "STATUS", "CLAIM", "STORAGECLASS", "REASON", "AGE")
    published = tabwriter(columns, ("pv-01", "Available", "", "manual", "", "5s"))
    # CLAIM now says manual and the class is gone: the same words, other columns.
    moved = tabwriter(columns, ("pv-01", "Available", "manual", "", "", "5s"))
    assert not matched(published, moved)
    # The age in REASON and an empty AGE: not an age at all.
    late = tabwriter(columns, ("pv-01", "Available", "", "manual", "5s", ""))
    assert not matched(published, late)
    assert matched(published, tabwriter(columns, ("pv-01", "Available", "", "manual", "", "9d")))


DESCRIBE_NODE = """\
Name:               node-1
Conditions:
  Type             Status  LastHeartbeatTime                 Reason                       Message
  ----             ------  -----------------                 ------                       -------
  MemoryPressure   False   Sat, 28 Nov 2026 21:50:56 +0000   KubeletHasSufficientMemory   ok
  Ready            True    Sat, 28 Nov 2026 21:50:56 +0000   KubeletReady                 ready
Addresses:
  InternalIP:  172.18.0.2
  Hostname:    node-1
Capacity:
  cpu:  2"""


def test_describe_nodes_addresses_after_the_conditions_table_keep_their_rules() -> None:
    real = DESCRIBE_NODE.replace("172.18.0.2", "10.0.2.15").replace(
        "Sat, 28 Nov 2026 21:50:56", "Sun, 29 Nov 2026 01:02:03"
    )
    assert matched(DESCRIBE_NODE, real)
    found = shapes(tuple(DESCRIBE_NODE.split("\n")))
    assert [s.is_row for s in found] == [
        False,
        False,
        *[True] * 4,
        False,
        False,
        False,
        False,
        False,
    ]
    # The hostname is no address: still literal.
    assert not matched(DESCRIBE_NODE, real.replace("Hostname:    node-1", "Hostname:    node-2"))


def test_a_line_that_does_not_fit_the_columns_ends_the_table() -> None:
    lines = (
        "NAME    READY   STATUS    AGE",
        "web-0   1/1     Running   29s",
        "Warning: short message",
        "web-1   1/1     Running   12s",
    )
    found = shapes(lines)
    assert found[1].is_row and not found[2].is_row and not found[3].is_row


def test_a_wider_real_cell_shifts_only_its_own_table() -> None:
    published = "NAME    READY   STATUS    AGE\nweb-0   1/1     Running   29s"
    real = "NAME    READY   STATUS             AGE\nweb-0   0/1     ContainerCreating  2s"
    assert not matched(published, real)  # 0/1 and ContainerCreating are changes
    real = "NAME                READY   STATUS    AGE\nweb-0-with-a-name   1/1     Running   2s"
    assert not matched(published, real)  # another name
    real = "NAME    READY   STATUS    AGE\nweb-0   1/1     Running   2d3h"
    assert matched(published, real)


def test_an_environment_value_mapped_in_the_real_row_keeps_its_cells_columns() -> None:
    """The runner maps ``standard`` to the page's ``gp2`` without re-padding the row."""
    published = (
        "NAME     STATUS   CAPACITY   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "data-0   Bound    30Gi       gp2            <unset>                 79s"
    )
    real = (
        "NAME     STATUS   CAPACITY   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "data-0   Bound    30Gi       standard       <unset>                 3m2s"
    ).replace("standard", "gp2")
    assert matched(published, real)
    assert not matched(published, real.replace("<unset>", "<unsat>"))


@pytest.mark.parametrize(
    "published",
    [
        # An inline [...] that takes the rest of the row, and one inside a cell.
        "NAME    READY   STATUS    AGE\nweb-0   1/1     [...]",
        "NAME    READY   STATUS    AGE\nweb-0   [...]   Running   29s",
    ],
)
def test_an_inline_elision_in_a_row_stands_for_its_cells(published: str) -> None:
    real = "NAME    READY   STATUS    AGE\nweb-0   1/1     Running   2m"
    assert matched(published, real)
    if published.endswith("[...]"):
        assert matched(published, real.replace("Running", "Pending"))
    else:
        assert not matched(published, real.replace("Running", "Pending"))
    assert not matched(published, real.replace("web-0", "web-1"))
