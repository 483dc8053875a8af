"""Properties: a mapping never changes text outside a declared context, maps each
context's cell from the real text alone (never a replacement again), and leaves text
without any context exactly as it was.

The environment declares a chain on purpose (``local-path`` -> ``standard`` ->
``gp2``) and a provisioner, so a second pass or a mapping outside its place shows.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from snippets_runner.config.environment import Environment
from snippets_runner.config.value_contexts import kubectl_targets

ENV = Environment.declare(
    {
        "STORAGE_CLASS": {"published": "gp2", "testcluster": "standard"},
        "FAST": {"type": "StorageClass", "published": "standard", "testcluster": "local-path"},
        "PROVISIONER": {"published": "ebs.csi.aws.com", "testcluster": "rancher.io/local-path"},
    }
).select("testcluster", None)
CLASSES = {"standard": "gp2", "local-path": "standard"}
VALUES = ("standard", "local-path", "gp2", "rancher.io/local-path", "ebs.csi.aws.com")
COMMANDS = (
    "",
    "cat out.txt",
    "kubectl get pv",
    "kubectl get pvc -n catalog | grep data",
    "kubectl get storageclass",
    "kubectl describe sc standard",
    "kubectl get sc standard -o yaml",
)
WORDS = st.one_of(
    st.sampled_from(VALUES),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.,-/()[]!?'", min_size=1, max_size=8),
)


def _splice(text: str, spans: list[tuple[int, int, str]]) -> str:
    parts, at = [], 0
    for start, end, new in spans:
        parts += [text[at:start], new]
        at = end
    return "".join([*parts, text[at:]])


prose = st.lists(st.lists(WORDS, min_size=0, max_size=8).map(" ".join), min_size=1, max_size=6).map(
    "\n".join
)


@given(prose, st.sampled_from(COMMANDS))
@example("read standard input", "cat --help")
@example("standard\nlocal-path", "kubectl get pvc")
def test_text_without_a_context_is_never_changed(text: str, command: str) -> None:
    """Lower-case prose has no header, no ``key:`` and no kubectl row: nothing maps."""
    assert ENV.to_published(text, command) == (text, ())


HEADERS = ("NAME", "STATUS", "CAPACITY", "ACCESS MODES", "AGE")


@st.composite
def tables(draw: st.DrawFn) -> tuple[str, str]:
    """Prose blocks and tables with a STORAGECLASS column, and the text with exactly that
    column's cells mapped (from the real cell, one lookup each)."""
    blocks_real, blocks_want = [], []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.booleans()):
            text = draw(prose)
            blocks_real.append(text)
            blocks_want.append(text)
            continue
        others = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=4, unique=True))
        at = draw(st.integers(0, len(others)))
        headers = [*others[:at], "STORAGECLASS", *others[at:]]
        cell = st.one_of(
            st.sampled_from(VALUES), st.from_regex(r"[a-z0-9<>/.-]{1,10}", fullmatch=True)
        )
        rows = draw(
            st.lists(st.lists(cell, min_size=len(headers), max_size=len(headers)), max_size=4)
        )
        widths = [max(len(c) for c in col) for col in zip(headers, *rows, strict=True)]

        def line(cells: list[str], w: list[int] = widths) -> str:
            return "   ".join(c.ljust(n) for c, n in zip(cells, w, strict=True)).rstrip()

        real = [line(headers)]
        want = [line(headers)]
        for row in rows:
            real.append(line(row))
            # The published cell replaces the real one in place; nothing else moves.
            start = sum(n + 3 for n in widths[:at])
            text = line(row)
            cell_text = row[at]
            mapped = CLASSES.get(cell_text, cell_text)
            want.append(text[:start] + mapped + text[start + len(cell_text) :])
        blocks_real.append("\n".join(real))
        blocks_want.append("\n".join(want))
    return "\n\n".join(blocks_real), "\n\n".join(blocks_want)


@given(tables())
def test_only_the_storageclass_column_changes_and_only_once(case: tuple[str, str]) -> None:
    real, want = case
    assert ENV.to_published(real, "kubectl get pvc")[0] == want
    assert ENV.to_published(real, "cat out.txt")[0] == real  # not kubectl's: the page's own


ANY = st.one_of(
    st.sampled_from(
        (
            *VALUES,
            "STORAGECLASS",
            "NAME",
            "PROVISIONER",
            "storageClassName: ",
            '"storageClassName": "',
            "StorageClass:  ",
            "name: ",
            "Name:  ",
            "Delete",
            "Bound",
            "ns/claim",
            "   ",
            "\n",
        )
    ),
    st.text(alphabet='abcXYZ019 :"/.-\n', max_size=6),
)


@given(st.lists(ANY, max_size=30).map("".join), st.sampled_from(COMMANDS))
@example("NAME   STORAGECLASS\nx      local-path", "cat x")
@example("x 1 RWO Delete Bound ns/claim local-path <unset> 1m", "kubectl get pv")
def test_every_change_is_a_located_value_in_one_of_its_contexts(text: str, command: str) -> None:
    """The mapped text is the real text with each located span replaced, and each span is
    a value's real text where one of its own contexts puts it; all else is unchanged."""
    spans = ENV.locate(text, command)
    out, used = ENV.to_published(text, command)
    assert out == _splice(text, [(s, e, v.published) for s, e, v in spans])
    assert set(used) == {v for _, _, v in spans}
    targets = kubectl_targets(command)
    at = 0
    for start, end, value in spans:
        assert start >= at and "\n" not in text[start:end]
        assert text[start:end] == value.actual
        assert any((start, end) in set(c.spans(text)) for c in value.contexts if c.applies(targets))
        at = end
