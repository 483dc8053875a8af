"""A property: generated kubectl-like output passes unchanged or with new volatile values,
and fails after any single meaningful change.

The output has a ``describe``-like part (``Key:  value`` lines, two of them
volatile: ``Start Time`` and ``IP``) and a ``get pods`` table (NAME, READY,
STATUS, RESTARTS, AGE), re-padded the way kubectl pads it.  Meaningful changes
are made to the data, not to the text, so each one is a change a reader
would care about: a digit or letter of a non-volatile value, key or name, a
status, a header, a row more or less.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from snippets_runner.match import match
from snippets_runner.model import ExpectedOutput, Location
from snippets_runner.update.repad import repad

SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
HASH = "456789bcdf"
STATUSES = ("Running", "Pending", "CrashLoopBackOff", "Completed", "ContainerCreating", "Error")
KEYS = ("Name", "Namespace", "Priority", "Service Account", "Status", "Image", "Port", "Replicas")
VALUES = (
    "catalog",
    "catalog-mysql",
    "default",
    "public.ecr.aws/docker/library/mysql:8.0",
    "3306/TCP",
    "BestEffort",
    "<none>",
    "0",
    "1",
    "10",
    "true",
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class Pod:
    base: str
    ordinal: int | None  # a StatefulSet pod; None: a Deployment's pod with hash and suffix
    hash: str
    suffix: str
    ready: tuple[int, int]
    status: str
    restarts: int
    ago: str | None
    age: str

    @property
    def name(self) -> str:
        if self.ordinal is not None:
            return f"{self.base}-{self.ordinal}"
        return f"{self.base}-{self.hash}-{self.suffix}"


@dataclass(frozen=True)
class Output:
    fields: tuple[tuple[str, str], ...]
    start: str
    ip: str
    header: tuple[str, ...]
    pods: tuple[Pod, ...]

    def render(self) -> str:
        lines = [f"{key}:{' ' * (18 - len(key))}{value}" for key, value in self.fields]
        lines += [f"Start Time:        {self.start}", f"IP:                {self.ip}", ""]
        rows = ["   ".join(self.header)]
        for p in self.pods:
            restarts = f"{p.restarts} ({p.ago} ago)" if p.ago else str(p.restarts)
            rows.append(f"{p.name}   {p.ready[0]}/{p.ready[1]}   {p.status}   {restarts}   {p.age}")
        return "\n".join(lines + repad(rows)) + "\n"


def durations() -> st.SearchStrategy[str]:
    n = st.integers(min_value=1, max_value=59)
    return st.one_of(
        st.builds("{}s".format, n),
        st.builds("{}m{}s".format, n, n),
        st.builds("{}h{}m".format, st.integers(1, 23), n),
        st.builds("{}d".format, st.integers(1, 400)),
        st.builds("{}d{}h".format, st.integers(1, 9), st.integers(1, 23)),
    )


def generated(alphabet: str, size: int, letters: str) -> st.SearchStrategy[str]:
    """A generated name part that contains a letter (published ones must: see the rule)."""
    text = st.text(alphabet, min_size=size, max_size=size)
    return text.filter(lambda t: any(c in letters for c in t))


def timestamps() -> st.SearchStrategy[str]:
    return st.builds(
        "{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000".format,
        st.sampled_from(DAYS),
        st.integers(1, 28),
        st.sampled_from(MONTHS),
        st.integers(2020, 2030),
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
    )


def ips() -> st.SearchStrategy[str]:
    octet = st.integers(0, 255)
    return st.builds("10.{}.{}.{}".format, octet, octet, st.integers(1, 254))


@st.composite
def pods(draw: st.DrawFn) -> Pod:
    stateful = draw(st.booleans())
    restarts = draw(st.integers(0, 12))
    return Pod(
        base=draw(st.sampled_from(("catalog-mysql", "web", "api-server", "db"))),
        ordinal=draw(st.integers(0, 12)) if stateful else None,
        hash=draw(generated(HASH, draw(st.integers(8, 10)), "bcdf")),
        suffix=draw(generated(SUFFIX, 5, "bcdfghjklmnpqrstvwxz")),
        ready=draw(st.sampled_from(((1, 1), (0, 1), (2, 2), (1, 2)))),
        status=draw(st.sampled_from(STATUSES)),
        restarts=restarts,
        ago=draw(durations()) if restarts else None,
        age=draw(durations()),
    )


@st.composite
def outputs(draw: st.DrawFn) -> Output:
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True))
    return Output(
        fields=tuple((k, draw(st.sampled_from(VALUES))) for k in keys),
        start=draw(timestamps()),
        ip=draw(ips()),
        header=("NAME", "READY", "STATUS", "RESTARTS", "AGE"),
        pods=tuple(draw(st.lists(pods(), min_size=1, max_size=5))),
    )


def matched(published: Output, real: Output) -> bool:
    expected = ExpectedOutput(tuple(published.render().rstrip("\n").split("\n")), AT)
    return match(expected, real.render()).matched


AT = Location(Path("p.md"), 1)


@st.composite
def volatile_changes(draw: st.DrawFn, out: Output) -> Output:
    """New values wherever they vary from run to run, and nowhere else."""
    new_pods = []
    for p in out.pods:
        hash_ = draw(st.text(HASH, min_size=8, max_size=10))  # real ones may be all digits
        new_pods.append(
            replace(
                p,
                hash=hash_,
                suffix=draw(st.text(SUFFIX, min_size=5, max_size=5)),
                ago=draw(durations()) if p.ago else None,
                age=draw(st.one_of(durations(), st.just("<invalid>"))),
            )
        )
    return replace(out, start=draw(timestamps()), ip=draw(ips()), pods=tuple(new_pods))


def other_char(c: str, draw: st.DrawFn) -> str:
    pool = "0123456789" if c.isdigit() else "abcdefghijklmnopqrstuvwxyz"
    if c.isupper():
        pool = pool.upper()
    return draw(st.sampled_from([x for x in pool if x != c]))


def mutate_text(text: str, draw: st.DrawFn) -> str:
    spots = [i for i, c in enumerate(text) if c.isalnum()]
    i = draw(st.sampled_from(spots))
    return text[:i] + other_char(text[i], draw) + text[i + 1 :]


@st.composite
def meaningful_changes(draw: st.DrawFn, out: Output) -> tuple[str, Output]:
    """One change a reader would care about, named for the failure message."""
    kind = draw(
        st.sampled_from(
            ("value", "key", "status", "ready", "restarts", "base", "ordinal", "header", "rows")
        )
    )
    k = draw(st.integers(0, len(out.pods) - 1))
    p = out.pods[k]
    pods = list(out.pods)
    if kind in ("value", "key"):
        f = draw(st.integers(0, len(out.fields) - 1))
        key, value = out.fields[f]
        pair = (
            (key, mutate_text(value, draw)) if kind == "value" else (mutate_text(key, draw), value)
        )
        fields = list(out.fields)
        fields[f] = pair
        return kind, replace(out, fields=tuple(fields))
    if kind == "status":
        pods[k] = replace(p, status=draw(st.sampled_from([s for s in STATUSES if s != p.status])))
    elif kind == "ready":
        pods[k] = replace(p, ready=(p.ready[0] + draw(st.integers(1, 3)), p.ready[1]))
    elif kind == "restarts":
        pods[k] = replace(p, restarts=p.restarts + draw(st.integers(1, 3)))
    elif kind == "base":
        pods[k] = replace(p, base=mutate_text(p.base, draw))
    elif kind == "ordinal" and p.ordinal is not None:
        pods[k] = replace(p, ordinal=p.ordinal + draw(st.integers(1, 3)))
    elif kind == "header":
        h = draw(st.integers(0, len(out.header) - 1))
        header = list(out.header)
        header[h] = mutate_text(header[h], draw)
        return kind, replace(out, header=tuple(header))
    elif draw(st.booleans()) and len(pods) > 1:
        del pods[k]
    else:
        pods.insert(k, p)
    return kind, replace(out, pods=tuple(pods))


@settings(max_examples=100)
@given(outputs())
def test_unchanged_output_matches(out: Output) -> None:
    assert matched(out, out)


@settings(max_examples=300)
@given(st.data(), outputs())
def test_new_volatile_values_still_match(data: st.DataObject, out: Output) -> None:
    real = data.draw(volatile_changes(out))
    assert matched(out, real), real.render()


@settings(max_examples=300)
@given(st.data(), outputs())
def test_any_single_meaningful_change_fails(data: st.DataObject, out: Output) -> None:
    kind, real = data.draw(meaningful_changes(out))
    assume(real != out)  # e.g. an ordinal change on a Deployment's pod changes nothing
    assert not matched(out, real), f"{kind}:\n{out.render()}---\n{real.render()}"


@settings(max_examples=300)
@given(st.data(), outputs())
def test_a_meaningful_change_fails_even_among_new_volatile_values(
    data: st.DataObject, out: Output
) -> None:
    kind, changed = data.draw(meaningful_changes(out))
    assume(changed != out)
    real = data.draw(volatile_changes(changed))
    assert not matched(out, real), f"{kind}:\n{out.render()}---\n{real.render()}"


def test_the_generated_output_has_every_part_the_property_talks_about() -> None:
    pod = Pod("web", None, "7d4b9c8f5", "x2x9z", (1, 1), "Running", 1, "29s", "5d")
    out = Output(
        (("Name", "web"),),
        "Mon, 18 Oct 2023 13:38:00 +0000",
        "10.1.2.3",
        ("NAME", "READY", "STATUS", "RESTARTS", "AGE"),
        (pod,),
    )
    assert out.render() == (
        "Name:              web\n"
        "Start Time:        Mon, 18 Oct 2023 13:38:00 +0000\n"
        "IP:                10.1.2.3\n"
        "\n"
        "NAME                  READY   STATUS    RESTARTS      AGE\n"
        "web-7d4b9c8f5-x2x9z   1/1     Running   1 (29s ago)   5d\n"
    )
