"""A property of tables read by column: kubectl-like tables with empty cells and aligned
columns pass with new generated values, and fail after any change to a literal cell.

The tables are laid out as kubectl's tabwriter lays them out (each column as
wide as its widest cell plus 3, at least 6, the last one unpadded), with
empty cells where kubectl prints them (a PV's REASON, a claim's VOLUME, a
pod's NOMINATED NODE).  Volatile cells (a Deployment's pod names, AGE, IP, a
provisioned volume's name) may take new values, and their new widths move
every column after them.  A change to any other cell, emptying it, filling
an empty one, or moving a value into the empty cell next to it must fail:
the same words under other headers are another table.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from snippets_runner.match import match
from snippets_runner.match.origin import Controllers, Origin, Producer
from snippets_runner.model import ExpectedOutput, Location

ORIGIN = Origin(Producer.KUBECTL, Controllers(frozenset({("deployment", "web")})))
"""kubectl's output on a page that shows the Deployment ``web``."""
AT = Location(Path("p.md"), 1)
SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
HASH = "456789bcdf"


def tabwriter(rows: list[tuple[str, ...]]) -> str:
    widths = [max(6, max(len(r[c]) for r in rows) + 3) for c in range(len(rows[0]) - 1)]
    return "\n".join(
        ("".join(r[c].ljust(w) for c, w in enumerate(widths)) + r[-1]).rstrip() for r in rows
    )


def generated_name() -> st.SearchStrategy[str]:
    part = st.text(HASH, min_size=8, max_size=10).filter(lambda t: any(c in "bcdf" for c in t))
    suffix = st.text(SUFFIX, min_size=5, max_size=5).filter(lambda t: any(c.isalpha() for c in t))
    return st.builds("web-{}-{}".format, part, suffix)


def durations() -> st.SearchStrategy[str]:
    n = st.integers(1, 59)
    return st.one_of(
        st.builds("{}s".format, n),
        st.builds("{}m{}s".format, n, n),
        st.builds("{}h{}m".format, st.integers(1, 23), n),
        st.builds("{}d".format, st.integers(1, 400)),
    )


def ips() -> st.SearchStrategy[str]:
    octet = st.integers(0, 255)
    return st.builds("10.244.{}.{}".format, octet, st.integers(1, 254))


def volumes() -> st.SearchStrategy[str]:
    hexes = [st.text("0123456789abcdef", min_size=k, max_size=k) for k in (8, 4, 4, 4, 12)]
    return st.builds("pvc-{}-{}-{}-{}-{}".format, *hexes)


def literal(*values: str) -> st.SearchStrategy[str]:
    return st.sampled_from(values)


@dataclass(frozen=True)
class Kind:
    header: str
    value: st.SearchStrategy[str]
    volatile: st.SearchStrategy[str] | None = None
    """New values of a volatile column; None: every value is literal."""


NAME = Kind("NAME", st.one_of(generated_name(), literal("db-0", "db-1", "api")), generated_name())
KINDS = (
    Kind("READY", literal("1/1", "0/1", "2/2")),
    Kind("STATUS", literal("Running", "Pending", "Bound", "Available", "Completed")),
    Kind("RESTARTS", literal("0", "1", "12")),
    Kind("REASON", literal("", "", "Error", "OOMKilled")),
    Kind("CLAIM", literal("", "catalog/data-0", "default/logs")),
    Kind("STORAGECLASS", literal("gp2", "manual", "")),
    Kind("NOMINATED NODE", literal("<none>", "")),
    Kind("NODE", literal("node-1", "worker-2", "<none>")),
    Kind("AGE", durations(), durations()),
    Kind("IP", st.one_of(ips(), literal("<none>")), ips()),
    Kind("VOLUME", st.one_of(volumes(), literal("")), volumes()),
)
BY_HEADER = {k.header: k for k in (NAME, *KINDS)}


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def render(self) -> str:
        return tabwriter([self.header, *self.rows])


@st.composite
def tables(draw: st.DrawFn) -> Table:
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=2, max_size=6, unique=True))
    header = ("NAME", *(k.header for k in kinds))
    n = draw(st.integers(1, 4))
    rows = tuple(tuple(draw(BY_HEADER[h].value) for h in header) for _ in range(n))
    return Table(header, rows)


def volatile(kind: Kind, value: str) -> bool:
    """Whether ``value`` is one the cluster generates (so it may change)."""
    if kind.volatile is None or not value or value.startswith("<"):
        return False
    return kind is not NAME or value.startswith("web-")


@st.composite
def new_values(draw: st.DrawFn, table: Table) -> Table:
    rows = []
    for row in table.rows:
        cells = []
        for header, value in zip(table.header, row, strict=True):
            kind = BY_HEADER[header]
            new = kind.volatile
            cells.append(draw(new) if new is not None and volatile(kind, value) else value)
        rows.append(tuple(cells))
    return Table(table.header, tuple(rows))


def other_char(c: str, draw: st.DrawFn) -> str:
    pool = "0123456789" if c.isdigit() else "abcdefghijklmnopqrstuvwxyz"
    pool = pool.upper() if c.isupper() else pool
    return draw(st.sampled_from([x for x in pool if x != c]))


@st.composite
def literal_changes(draw: st.DrawFn, table: Table) -> tuple[str, Table]:
    """One change to a cell that is not volatile: its text, emptied, filled, or moved."""
    r = draw(st.integers(0, len(table.rows) - 1))
    row = list(table.rows[r])
    kind = draw(st.sampled_from(("text", "empty", "fill", "move")))
    c = draw(st.integers(0, len(row) - 1))
    value = row[c]
    header = BY_HEADER[table.header[c]]
    if kind == "move":
        d = draw(st.sampled_from([x for x in (c - 1, c + 1) if 0 <= x < len(row)]))
        assume(bool(row[c]) != bool(row[d]))  # a value next to an empty cell
        row[c], row[d] = row[d], row[c]
    else:
        assume(not volatile(header, value) or kind == "empty")
        if kind == "text":
            spots = [i for i, ch in enumerate(value) if ch.isalnum()]
            assume(spots)
            i = draw(st.sampled_from(spots))
            if header is NAME and value.startswith("web-"):
                i = draw(st.integers(0, 2))  # the Deployment's name, not its generated parts
            row[c] = value[:i] + other_char(value[i], draw) + value[i + 1 :]
        elif kind == "empty":
            assume(bool(value) and c > 0)  # kubectl never leaves a NAME empty
            row[c] = ""
        else:
            assume(not value)
            row[c] = draw(header.value.filter(bool))
    rows = list(table.rows)
    rows[r] = tuple(row)
    return kind, Table(table.header, tuple(rows))


def matched(published: Table, real: Table) -> bool:
    expected = ExpectedOutput(tuple(published.render().split("\n")), AT)
    return match(expected, real.render() + "\n", ORIGIN).matched


@settings(max_examples=300)
@given(st.data(), tables())
def test_a_table_with_new_generated_values_matches(data: st.DataObject, table: Table) -> None:
    real = data.draw(new_values(table))
    assert matched(table, real), f"{table.render()}\n---\n{real.render()}"


@settings(max_examples=400)
@given(st.data(), tables())
def test_any_change_to_a_literal_cell_fails(data: st.DataObject, table: Table) -> None:
    kind, changed = data.draw(literal_changes(table))
    assume(changed != table)
    real = data.draw(new_values(changed))
    assert not matched(table, real), f"{kind}:\n{table.render()}\n---\n{real.render()}"


def test_the_generated_tables_have_what_the_properties_talk_about() -> None:
    table = Table(
        ("NAME", "REASON", "AGE"),
        (("web-7d4b9c8f5-x2x9z", "", "29s"), ("db-0", "Error", "5d")),
    )
    assert table.render() == (
        "NAME                  REASON   AGE\n"
        "web-7d4b9c8f5-x2x9z            29s\n"
        "db-0                  Error    5d"
    )
    moved = Table(table.header, (("web-7d4b9c8f5-x2x9z", "29s", ""), table.rows[1]))
    assert not matched(table, moved)
