"""Normalizers loosen a value only in the context where it varies, and only that value.

Each rule's own examples (``rules/<family>.py``: ``same`` must match,
``different`` must not) run here, as kubectl's output on a page showing the
rule's ``session``, so a new rule is added in one place and tested by being
added.  The tests below cover what is common to all rules.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from snippets_runner.match import match, wildcard
from snippets_runner.match.line import compile_line, judge
from snippets_runner.match.origin import OTHER, Controllers, Origin, Producer
from snippets_runner.match.rules import RULES, Rule
from snippets_runner.match.rules.context import Column, Field, Label
from snippets_runner.match.tables import PLAIN
from snippets_runner.model import ExpectedOutput, Location


def outcome(expected: str, actual: str, origin: Origin | None = None):  # type: ignore[no-untyped-def]
    at = Location(Path("p.md"), 1)
    return match(ExpectedOutput(tuple(expected.split("\n")), at), actual, origin)


def matches(expected: str, actual: str, origin: Origin | None = None) -> bool:
    return bool(outcome(expected, actual, origin).matched)


def kubectl(rule: Rule) -> Origin:
    """kubectl's output on a page that shows the controllers the rule's examples assume."""
    return Origin(Producer.KUBECTL, Controllers(frozenset(rule.session)))


SAME = [pytest.param(r, e, id=f"{r.name}:{e[0][:40]}") for r in RULES for e in r.same]
DIFFERENT = [pytest.param(r, e, id=f"{r.name}:{e[1][:40]}") for r in RULES for e in r.different]


@pytest.mark.parametrize(("rule", "pair"), SAME)
def test_each_rule_loosens_its_value_in_its_context(rule: Rule, pair: tuple[str, str]) -> None:
    published, real = pair
    result = outcome(published, real, kubectl(rule))
    assert result.matched, (published, real)
    assert rule.name in result.normalizers


@pytest.mark.parametrize(("rule", "pair"), DIFFERENT)
def test_each_rule_keeps_everything_else_literal(rule: Rule, pair: tuple[str, str]) -> None:
    published, real = pair
    assert published != real
    assert not matches(published, real, kubectl(rule)), (published, real)


@pytest.mark.parametrize(("rule", "pair"), SAME)
def test_no_rule_loosens_another_programs_output_but_the_ls_date(
    rule: Rule, pair: tuple[str, str]
) -> None:
    """The same text printed by printf, cat or column -t is the page's own (issue: trust 3.4)."""
    published, real = pair
    assert matches(published, real, OTHER) is (rule.name == "date"), (published, real)


def test_every_rule_has_examples_both_ways() -> None:
    for rule in RULES:
        assert rule.same and rule.different, rule.name


@pytest.mark.parametrize(
    ("published", "real"),
    [
        # Issue 9: each of these passed once, and each is a real change.
        ("retry interval: 10s", "retry interval: 5h"),
        ("version 1.2.3.4", "version 1.2.3.5"),
        ("Forwarding from 127.0.0.1:8080", "Forwarding from 10.0.0.1:8080"),
        ("listen 0.0.0.0", "listen 10.0.0.1"),
        ("IP:  127.0.0.1", "IP:  10.0.0.1"),
        ("IP:  0.0.0.0", "IP:  10.0.0.1"),
        ("pod/web-24680 created", "pod/web-24682 created"),
        ("pod/web-7d4b9c8f5-24680 created", "pod/web-7d4b9c8f5-24682 created"),
        (
            "    Liveness:  tcp-socket :3306 delay=10s timeout=1s period=10s #success=1 #failure=3",
            "    Liveness:  tcp-socket :3306 delay=15s timeout=1s period=10s #success=1 #failure=3",
        ),
        (
            "    Readiness:  exec [true] delay=10s timeout=1s period=10s #success=1 #failure=3",
            "    Readiness:  exec [true] delay=10s timeout=5s period=10s #success=1 #failure=3",
        ),
        (
            "Tolerations:  node.kubernetes.io/unreachable:NoExecute op=Exists for 300s",
            "Tolerations:  node.kubernetes.io/unreachable:NoExecute op=Exists for 30s",
        ),
        (
            "apiserver  Oct 18, 2024  expires in 364d",
            "apiserver  Oct 18, 2024  expires in <invalid>",
        ),
    ],
)
def test_volatile_looking_values_outside_their_context_are_literal(
    published: str, real: str
) -> None:
    assert not matches(published, real)


@pytest.mark.parametrize(
    "real",
    ["Start Time:  anything", "Start Time:  ", "Start Time:  Mon, 18 Oct 2023", "Start Time:  1"],
)
def test_the_timestamp_normalizer_accepts_only_timestamps(real: str) -> None:
    assert not matches("Start Time:  Mon, 18 Oct 2023 13:38:00 +0000", real)


@pytest.mark.parametrize(
    ("published", "real"),
    [
        ("pod/pi-x7k created", "pod/pi-b9z created"),
        ("pod/pi-x7k2 created", "pod/pi-b9zq created"),
        ("replicaset.apps/web-7d4b created", "replicaset.apps/web-9c4d created"),
        ("pod/pi-x7k2p created", "pod/pi-b9z created"),
    ],
)
def test_name_suffixes_shorter_than_the_generators_make_are_literal(
    published: str, real: str
) -> None:
    assert not matches(published, real)


def test_runs_of_spaces_and_trailing_whitespace_do_not_matter_but_indentation_does() -> None:
    assert matches(
        "Name:         web-0\nNamespace:    default", "Name:      web-0   \nNamespace: default"
    )
    assert not matches("Name:         web-0", "Name:web-0")
    assert not matches("  Ready: True", "Ready: True")
    assert not matches("  Ready:  True", "  Ready:  False")
    # Indentation is literal both ways: deeper or shallower is another structure.
    assert not matches("  Ready: True", "    Ready: True")
    assert not matches("    Ready: True", "  Ready: True")


def test_wildcard_matches_empty_text_and_stays_within_the_line() -> None:
    assert matches("ab[...]cd", "abcd")
    assert matches("a [...] z", "a anything at all z")
    assert "wildcard" in outcome("a [...] z", "a anything at all z").normalizers
    assert not matches("a [...] z", "a anything at all y")
    assert not matches("a [...] z", "a b\nc z")
    assert matches("a [...] b", "a  b")
    assert matches("[...]", "anything")
    assert matches("x[...][...]y", "xy")


def test_wildcards_and_normalized_values_combine() -> None:
    published = (
        "NAME                  READY   STATUS    RESTARTS   AGE\n"
        "web-7d4b9c8f5-[...]   1/1     Running   0          29s"
    )
    assert matches(
        published,
        "NAME   READY   STATUS    RESTARTS   AGE\nweb-7d4b9c8f5-q2w4e   1/1   Running   0   3m",
    )
    assert not matches(
        published,
        "NAME   READY   STATUS    RESTARTS   AGE\nweb-7d4b9c8f5-q2w4e   1/1   Pending   0   3m",
    )


def test_many_inline_wildcards_on_a_long_line_are_judged_without_backtracking() -> None:
    # A backtracking regex took minutes on this (issue 9); left-to-right search is linear.
    words = [f"w{i}" for i in range(3000)]
    real = " ".join(words)
    published = "w0 [...] w700 [...] w1400 [...] w2100 [...] w2999"
    assert matches(published, real)
    assert not matches(published + " end", real)
    assert not matches("w0 [...] w700 [...] w1400 [...] w2100 [...] w2999x", real)
    assert not matches("w0 [...] w1400 [...] w700 [...] w2999", real)


def test_elision_line_matches_zero_or_more_lines() -> None:
    assert matches("first\n[...]\nlast", "first\nlast")
    assert matches("first\n[...]\nlast", "first\n1\n2\n3\nlast")
    assert not matches("first\n[...]\nlast", "first\n1\n2\n3\nother")
    assert matches("[...]", "")


_SUFFIX = "bcdfghjklmnpqrstvwxz2456789"
_HASH = "456789bcdf"


@given(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["s", "m", "h", "d", "y"]),
    st.text(_HASH, min_size=6, max_size=10),
    st.text(_SUFFIX, min_size=5, max_size=5),
)
def test_any_generated_name_and_age_match_in_a_table(
    number: int, unit: str, hash_: str, suffix: str
) -> None:
    expected = "NAME                  READY   AGE\nweb-7d4b9c8f5-x2x9z   1/1     29s"
    actual = f"NAME   READY   AGE\nweb-{hash_}-{suffix}   1/1   {number}{unit}"
    assert matches(expected, actual)


_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=60)


@given(_TEXT)
@example("  NAME   AGE")
@example("a [...] b")
@example("Start Time:  Mon, 18 Oct 2023 13:38:00 +0000")
def test_every_published_line_matches_itself_through_the_line_matcher(text: str) -> None:
    # Not through `match`: equal texts take the exact fast path and would prove nothing.
    text = text.rstrip()
    pattern = compile_line(text, PLAIN)
    assert wildcard.find(pattern.segments, text) is not None
    # Trailing spaces make the texts unequal, so `judge` goes through the pattern too.
    assert judge(text, text + "  ", PLAIN) is not None


@given(st.lists(st.text("abcxyz:/.", min_size=1, max_size=8), min_size=1, max_size=8))
def test_wider_gaps_between_words_match_through_the_line_matcher(words: list[str]) -> None:
    text = " ".join(words)
    wider = re.sub(" +", "   ", text)
    assert (judge(text, wider, PLAIN) is not None) is True
    assert judge(text, wider + "!", PLAIN) is None


def nested(path: tuple[str, ...], value: str, prefix: str = "") -> str:
    """YAML (or describe) text putting ``value`` at ``path``; ``prefix`` before each key."""
    lines = []
    indent = ""
    for k, key in enumerate(path):
        key = "mysql" if key == "*" else key
        last = k == len(path) - 1
        if key == "[]":
            if last:
                lines.append(f"{indent}- {value}")
            else:
                lines.append(f"{indent}-")
                indent += "  "
        else:
            lines.append(f"{indent}{prefix}{key}:" + (f"  {value}" if last else ""))
            indent += "  "
    return "\n".join(lines)


def _places(rule: Rule, prefix: str = "") -> list[tuple[str, str]]:
    """Published and real text putting the rule's sample values in each place it names;
    with ``prefix`` before every header, key and label name, places it does not name."""
    published, real = rule.sample
    places = []
    for context in rule.contexts:
        if isinstance(context, Column):
            for header in sorted(context.headers):
                table = f"NAME   {prefix}{header}\nweb    {{}}"
                places.append((table.format(published), table.format(real)))
        elif isinstance(context, Field):
            for path in context.paths:
                if path[-1] == "[]" and prefix:  # a scalar item: put it under another key
                    path = (*path[:-1], "other", "[]")
                places.append((nested(path, published, prefix), nested(path, real, prefix)))
        elif isinstance(context, Label):
            for key in sorted(context.keys):
                label = f"Labels:  {prefix}{key}={{}}"
                places.append((label.format(published), label.format(real)))
    return places


PLACES = [
    pytest.param(rule, place, other, id=f"{rule.name}:{place[0][:30]}")
    for rule in RULES
    for place, other in zip(_places(rule), _places(rule, "X"), strict=True)
]


@pytest.mark.parametrize(("rule", "place", "other"), PLACES)
def test_every_column_key_and_label_a_rule_names_is_a_context(
    rule: Rule, place: tuple[str, str], other: tuple[str, str]
) -> None:
    published, real = place
    assert published != real
    assert rule.name in outcome(published, real, kubectl(rule)).normalizers, place
    # The same value under a header, key or label name the rule does not name is literal.
    assert not matches(*other, kubectl(rule)), other
    # ... and so is the value in the same place, when kubectl did not print it.
    assert not matches(published, real, OTHER), place


def test_rule_names_are_the_documented_ones() -> None:
    assert {rule.name for rule in RULES} == {
        "timestamp",
        "date",
        "uid",
        "digest",
        "ip",
        "resourceVersion",
        "duration",
        "name-suffix",
        "provisioned-volume",
    }
    assert all(rule.sample[0] for rule in RULES if _contexts_named(rule))


def _contexts_named(rule: Rule) -> bool:
    return any(isinstance(c, Column | Field | Label) for c in rule.contexts)


def test_a_value_left_literal_does_not_stop_the_next_one_being_loosened() -> None:
    published = "Endpoints:  127.0.0.1:80,10.244.0.5:80"
    assert matches(published, "Endpoints:  127.0.0.1:80,10.244.0.9:80")
    assert not matches(published, "Endpoints:  127.0.0.2:80,10.244.0.9:80")


def test_a_generated_hash_has_a_letter_so_a_number_after_a_dash_stays_literal() -> None:
    assert not matches("port web-456789", "port web-456798")
    assert matches("replicaset.apps/web-7d4b9c8f5", "replicaset.apps/web-695c4b9fdd")


def test_a_digest_is_exactly_64_hex_digits_not_part_of_a_longer_run() -> None:
    field = "Containers:\n  mysql:\n    Image ID:  docker.io/library/mysql@sha256:"
    assert matches(field + "1" * 64, field + "2" * 64)
    assert not matches(field + "1" * 65, field + "1" + "2" * 64)
    assert not matches(field + "1" * 65, field + "2" * 64 + "1")


UID_A = "0f8fad5b-d9cb-469f-a165-70867728950e"
UID_B = "7c9e6679-7425-40de-944b-e07fc1f90ae7"


@pytest.mark.parametrize(
    ("published", "real"),
    [
        ("IP:  1.10.244.0.5", "IP:  1.10.244.0.9"),
        ("IP:  10.244.0.5.1", "IP:  10.244.0.9.1"),
        ("IP:  xfd00:10:244::5", "IP:  xfd00:10:244::9"),
        ("IP:  fd00:10:244::5x", "IP:  fd00:10:244::9x"),
        (f"metadata:\n  uid: a{UID_A}", f"metadata:\n  uid: a{UID_B}"),
        (f"metadata:\n  uid: {UID_A}a", f"metadata:\n  uid: {UID_B}a"),
        (f"volume xpvc-{UID_A}", f"volume xpvc-{UID_B}"),
        (f"volume pvc-{UID_A}x", f"volume pvc-{UID_B}x"),
        ("Labels:  pod-template-hash=a7d4b9c8f5", "Labels:  pod-template-hash=a66b8f5d7c9"),
        ("Labels:  pod-template-hash=7d4b9c8f5a", "Labels:  pod-template-hash=66b8f5d7c9a"),
    ],
)
def test_a_volatile_value_inside_a_longer_token_stays_literal(published: str, real: str) -> None:
    """Each rule finds its value only between word boundaries of its own kind."""
    assert not matches(published, real)


@pytest.mark.parametrize(
    ("published", "real"),
    [
        ("IP:  10.244.0.5", "IP:  10.244.0.9"),
        ("IP:  fd00:10:244::5", "IP:  fd00:10:244::9"),
        (f"metadata:\n  uid: {UID_A}", f"metadata:\n  uid: {UID_B}"),
        (f"volume pvc-{UID_A}", f"volume pvc-{UID_B}"),
        ("Labels:  pod-template-hash=7d4b9c8f5", "Labels:  pod-template-hash=66b8f5d7c9"),
    ],
)
def test_the_same_values_standing_alone_are_loosened(published: str, real: str) -> None:
    """The control for the test above: only the surrounding characters make the difference."""
    assert matches(published, real)
